/**
 * The printable action plan from what the app has: the scored plan, the data set's totals and
 * date span, the hot-spot class counts and the Knox reading when those tabs were run, a map of the
 * plan, and the evaluation result when one was run. `buildActionPlan` + `renderReportHtml` make the
 * standalone HTML (cells under the suppression threshold suppressed; no incident-level data).
 */
import { buildActionPlan, type DiagnosisSlots, type ReportInput } from '../../planner/report';
import { renderReportHtml } from '../../planner/report-html';
import type { Planner } from '../planner.svelte';
import { bandLabel, fmtDate, fmtInt } from '../format';
import type { EvaluationState } from './evaluation.svelte';
import { planMapDataUrl } from './report-figure';
import { today } from './format';
import { typeLabel } from '../risk.svelte';
import { classLabel } from '../class-labels';
import { fmtNumber, locale, t } from '../../i18n';

/** What the planner types into the report form. */
export interface ReportOptions {
  title: string;
  place: string;
  preparedBy: string;
  suppressBelow: number;
  /** The planner's own diagnosis summary; empty: the automatic one. */
  summary: string;
  includeEvaluation: boolean;
}

const HOT_KEYS = ['hot-99', 'hot-95', 'hot-90', 'high-high'];

/** Significant hot-spot cells of the Hot spots tab's result (99 % and 95 %, or high–high). */
export function hotCells(p: Planner): Set<string> {
  const r = p.diagnosis.hotspots.slot.value?.result;
  if (!r) return new Set();
  const codes = new Set(r.legend.filter((l) => ['hot-99', 'hot-95', 'high-high'].includes(l.key)).map((l) => l.code));
  return new Set(r.cells.filter((_, i) => codes.has(r.classCode[i])));
}

/** The diagnosis slots from the data set and the analyses that were run. */
export function diagnosisOf(p: Planner, summary: string, withFigure = true): DiagnosisSlots {
  const ds = p.app.dataset;
  const out: DiagnosisSlots = {};
  const sentences: string[] = [];
  if (ds) sentences.push(t('ap.diag.data', { name: ds.isDemo ? t('demo.name') : ds.name, n: fmtInt(ds.report.kept), from: fmtDate(ds.report.from), to: fmtDate(ds.report.to) }));
  const hs = p.diagnosis.hotspots.slot.value;
  if (hs) {
    const r = hs.result;
    out.hotSpots = r.legend
      .filter((l) => HOT_KEYS.includes(l.key))
      .map((l) => {
        let cells = 0, count = 0;
        for (let i = 0; i < r.cells.length; i++) if (r.classCode[i] === l.code) { cells++; count += r.x[i]; }
        return { label: classLabel(l), cells, count };
      })
      .filter((h) => h.cells > 0);
    const n = out.hotSpots.reduce((s, h) => s + h.cells, 0);
    const stat: Record<string, string> = { gistar: 'Getis-Ord Gi*', gi: 'Getis-Ord Gi', 'local-moran': t('ap.diag.localMoran') };
    sentences.push(t('ap.diag.hotspots', { statistic: stat[r.method.statistic] ?? r.method.statistic, res: String(r.method.data?.res ?? '?'), k: hs.k, n: fmtInt(n), total: fmtInt(r.cells.length), I: fmtNumber(hs.global.I, 3) }));
  }
  const kx = p.diagnosis.repeats.knox.value;
  if (kx) {
    const raised = kx.cells.filter((c) => c.p < 0.05 && c.knoxRatio > 1 && kx.timeBands[c.time].to !== null && kx.spaceBands[c.space].to !== null).sort((a, b) => b.knoxRatio - a.knoxRatio);
    out.repeats = raised.slice(0, 6).map((c) => ({
      label: t('ap.diag.nearRepeat', { space: bandLabel(kx.spaceBands[c.space], 'm'), time: bandLabel(kx.timeBands[c.time], 'days'), ratio: fmtNumber(c.knoxRatio, 2), p: c.p < 0.001 ? `< ${fmtNumber(0.001, 3)}` : `= ${fmtNumber(c.p, 3)}` }),
      count: c.observed,
    }));
    const run = { permutations: fmtInt(kx.permutations), seed: String(kx.seed) };
    sentences.push(raised.length ? t('ap.diag.knox', { ...run, n: raised.length }) : t('ap.diag.knoxNone', run));
  }
  // Risk factors of the Risk tab's fit, when one was run: the selected factors, strongest first.
  const fit = p.diagnosis.risk?.fit.value;
  if (fit) {
    const fs = fit.factors.filter((f) => f.role === 'factor' && f.selected && f.term !== 'intercept').sort((a, b) => b.relativeRisk - a.relativeRisk);
    out.riskFactors = fs.slice(0, 8).map((f) => ({ factor: `${typeLabel(f.term)} (${f.unit})`, relativeRisk: f.relativeRisk }));
    if (fs.length) sentences.push(t('ap.diag.rtm', { model: fit.fit.model, cells: fmtInt(fit.fit.cells), n: fs.length, factor: typeLabel(fs[0].term), rr: fmtNumber(fs[0].relativeRisk, 2) }));
  }
  out.summary = summary.trim() || sentences.join(' ');
  const fig = withFigure ? planMapDataUrl(p.effectivePlan(), p.app.cells.value, hotCells(p)) : null;
  if (fig) out.figures = [{ title: t('ap.diag.figure'), alt: t('ap.diag.figureAlt'), dataUrl: fig }];
  return out;
}

/** The report's HTML for the current, scored plan. Throws without a score. */
export function reportHtml(p: Planner, ev: EvaluationState, o: ReportOptions): string {
  const s = p.score.value;
  const ds = p.app.dataset;
  if (!s || !ds) throw new Error(t('ap.scoreFirst'));
  const plan = p.effectivePlan();
  const evOut = ev.slot.value;
  const evaluation: ReportInput['evaluation'] =
    o.includeEvaluation && evOut && ev.control
      ? {
          controlAreas: [{ name: ev.control.name, description: ev.control.description }],
          design: `${t('ap.evalDesign')} ${t('ap.localEvidence', {
            treated: evOut.names[0],
            control: evOut.names[1],
            before: t('common.rangeTo', { from: fmtDate(evOut.counts.periods.before.from), to: fmtDate(evOut.counts.periods.before.to) }),
            after: t('common.rangeTo', { from: fmtDate(evOut.counts.periods.after.from), to: fmtDate(evOut.counts.periods.after.to) }),
          })}`,
          result: evOut.evaluation,
        }
      : undefined;
  const model = buildActionPlan({
    plan, score: s.score, date: today(), suppressBelow: o.suppressBelow, locale: locale(),
    ...(o.title.trim() ? { title: o.title.trim() } : {}), ...(o.place.trim() ? { place: o.place.trim() } : {}), ...(o.preparedBy.trim() ? { preparedBy: o.preparedBy.trim() } : {}),
    data: { source: ds.report.source || ds.name, rows: s.rows, from: ds.report.from?.slice(0, 10) ?? null, to: ds.report.to?.slice(0, 10) ?? null, synthetic: ds.isDemo },
    diagnosis: diagnosisOf(p, o.summary),
    community: p.diagnosis.community?.reportSection() ?? null,
    ...(evaluation ? { evaluation } : {}),
  });
  return renderReportHtml(model);
}

/** Opens HTML in a new tab (a Blob URL; print it with the browser's Print → Save as PDF). */
export function openHtml(html: string, w: Window | null): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  if (w) w.location.href = url;
  else window.open(url, '_blank');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
