/**
 * Renders the action-plan model as one standalone HTML document with print CSS (the browser's
 * print-to-PDF gives the PDF). Every text from the model is HTML-escaped; figures are embedded
 * only as PNG, JPEG or SVG base64 data URLs; a Content-Security-Policy forbids scripts and any
 * network access, so a hostile plan or label cannot inject markup or run code.
 */
import type { ActionPlanReport, Published } from './report';
import type { Interval } from './uncertainty';
import { communitySectionHtml } from '../community/report-section';
import { formatDate, formatNumber as formatLocaleNumber, translator } from '../i18n/translate';
import type { Locale, MessageKey } from '../i18n/types';
import { plannerText } from '../i18n/planner-texts';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const e = escapeHtml;

/**
 * A number with thousands separators and `digits` decimals: in English locale-independent
 * ("12,345.6", the CLI's and tests' form), otherwise in the language's own style (Intl).
 */
export function formatNumber(x: number | null | undefined, digits = 0, locale: Locale = 'en'): string {
  if (locale !== 'en') return formatLocaleNumber(locale, x, digits);
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const neg = x < 0;
  const [int, frac] = Math.abs(x).toFixed(digits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg && /[1-9]/.test(int + (frac ?? '')) ? '−' : '') + grouped + (frac ? '.' + frac : '');
}

const SAFE_IMAGE = /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/;

const CSS = `
body{font:11pt/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;max-width:60em;margin:2em auto;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em;break-after:avoid}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.92em}th,td{border:1px solid #bbb;padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#eee}.meta{color:#444}.note{color:#444;font-size:.9em}.fear{color:#5b21b6}.warn{background:#fff4d6;border-left:4px solid #d9a000;padding:.4em .6em}
.synthetic{background:#e8f0ff;border-left:4px solid #3366cc;padding:.4em .6em}.empty{color:#666;font-style:italic}figure{margin:1em 0}figure img{max-width:100%}
@media print{body{margin:0;max-width:none;font-size:10pt}section{break-inside:avoid-page}tr{break-inside:avoid}a{color:inherit;text-decoration:none}@page{size:A4;margin:15mm}}
`;

/** The report as a standalone HTML document, in the model's language (`m.locale`, English by default). */
export function renderReportHtml(m: ActionPlanReport): string {
  const L: Locale = m.locale ?? 'en';
  const tr = translator(L);
  const num = (x: number | null | undefined, digits = 0) => formatNumber(x, digits, L);
  const pct = (x: number) => `${num(x * 100, 0)} %`;
  const pubText = (p: Published, digits = 0) => (p.suppressed ? tr('ap.suppressed') : num(p.value, digits));
  const interval = (i: Interval | null, digits = 0) => (i ? tr('ap.interval', { low: num(i.p5, digits), high: num(i.p95, digits) }) : '—');
  /** A YYYY-MM-DD day in the report's language ("15 Jan 2024"); anything else as it is. */
  const day = (s: string | null | undefined) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? formatDate(L, s) : (s ?? '?'));
  const range = (from: string | null | undefined, to: string | null | undefined) => tr('common.rangeTo', { from: day(from), to: day(to) });
  /** A message as HTML: its own text escaped, each parameter inserted as the (already safe) HTML given. */
  const h = (key: MessageKey, params: Record<string, string> = {}): string => {
    const names = Object.keys(params);
    let out = e(tr(key, Object.fromEntries(names.map((k, i) => [k, `\u0000${i}\u0000`]))));
    names.forEach((k, i) => (out = out.split(`\u0000${i}\u0000`).join(params[k])));
    return out;
  };
  const table = (head: string[], rows: string[][]): string => {
    if (rows.length === 0) return `<p class="empty">${e(tr('ap.none'))}</p>`;
    return `<table><thead><tr>${head.map((x) => `<th>${e(x)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  };

  const s: string[] = [];
  s.push(`<header><h1>${e(m.title)}</h1><p class="meta">${[m.place, m.preparedBy ? tr('ap.preparedBy', { name: m.preparedBy }) : null, day(m.date)].filter(Boolean).map(e).join(' · ')}</p>`);
  if (m.synthetic) s.push(`<p class="synthetic">${e(tr('ap.synthetic'))}</p>`);
  s.push('</header>');

  const d = m.diagnosis;
  s.push(`<section><h2>${e(tr('ap.h.diagnosis'))}</h2>${d.summary ? `<p>${e(d.summary)}</p>` : `<p class="empty">${e(tr('ap.noSummary'))}</p>`}`);
  if (d.hotSpots.length) s.push(`<h3>${e(tr('ap.h.hotSpots'))}</h3>` + table([tr('ap.place'), tr('ap.cells'), tr('ap.incidents')], d.hotSpots.map((x) => [e(x.label), num(x.cells), e(pubText(x.count))])));
  if (d.repeats.length) s.push(`<h3>${e(tr('ap.h.repeats'))}</h3>` + table([tr('ap.nrBand'), tr('ap.nrPairs')], d.repeats.map((r) => [e(r.label), e(pubText(r.count))])));
  if (d.riskFactors.length) s.push(`<h3>${e(tr('ap.h.riskFactors'))}</h3>` + table([tr('ap.factor'), tr('ap.relativeRisk')], d.riskFactors.map((r) => [e(r.factor), num(r.relativeRisk, 2)])));
  for (const f of d.figures) if (SAFE_IMAGE.test(f.dataUrl)) s.push(`<figure><img src="${e(f.dataUrl)}" alt="${e(f.alt)}"><figcaption>${e(f.title)}</figcaption></figure>`);
  s.push('</section>');
  if (m.community) s.push(communitySectionHtml(m.community, m.locale));

  s.push(`<section><h2>${e(tr('ap.h.problems'))}</h2>` + table([tr('ap.problem'), tr('ap.baselineHorizon'), tr('ap.targetReduction'), tr('ap.by')],
    m.problems.map((p) => [e(p.statement), e(pubText(p.baseline)), e(pct(p.targetReduction)), e(day(p.byDate))])) + '</section>');

  s.push(`<section><h2>${e(tr('ap.h.actions'))}</h2>` + table([tr('ap.action'), tr('ap.where'), tr('ap.responsible'), tr('ap.when'), tr('ap.expectedPrevented'), tr('ap.technique'), tr('ap.evidence')],
    m.actions.map((a) => [
      e(a.action), `${e(a.where)}<br><span class="note">${e(tr('ap.cellCount', { n: a.cells }))}</span>`, e(a.agencies.join(', ') || tr('ap.toBeAssigned')), e(range(a.start, a.end)),
      `${e(pubText(a.expectedNet, 1))}<br><span class="note">${e(interval(a.netInterval, 1))}</span>`,
      e([...a.techniques, ...a.cpted.map((c) => tr('ap.cpted', { principle: c }))].join('; ') || '—'),
      [...a.evidence.map((x) => e(x.citation) + (x.confirm ? ` <em>${e(tr('ap.toConfirm'))}</em>` : '')),
        ...(a.fear ?? []).map((f) => `<span class="fear">${e(f.text)} — ${e(f.citation)}${f.confirm ? ` <em>${e(tr('ap.toConfirm'))}</em>` : ''}</span>`)].join('<br>'),
    ])) + '</section>');

  s.push(`<section><h2>${e(tr('ap.h.timeline'))}</h2>` + table([tr('ap.item'), tr('ap.start'), tr('ap.end')], m.timeline.map((x) => [e(x.label), e(day(x.start)), e(day(x.end))])) + '</section>');

  const b = m.budget;
  const money = (x: number | null) => `${e(num(x))} ${e(b.currency)}`;
  s.push(`<section><h2>${e(tr('ap.h.budget'))}</h2>` + table([tr('ap.item'), tr('ap.costIn', { currency: b.currency }), tr('ap.basis')], b.lines.map((l) => [e(l.action), e(num(l.cost)), e(l.basis)])));
  const total = `<strong>${money(b.total)}</strong>`;
  s.push(`<p>${b.available === null ? h('ap.total', { total }) : b.withinBudget === false ? h('ap.totalOver', { total, available: e(num(b.available)), over: `<strong>${e(tr('ap.overBudget'))}</strong>` }) : h('ap.totalOf', { total, available: e(num(b.available)) })}</p>`);
  if (b.unknownCosts.length) s.push(`<p class="warn">${h('ap.unknownCosts', { list: e(b.unknownCosts.join(', ')) })}</p>`);
  if (b.costOfCrimeSource)
    s.push(`<p>${h('ap.benefit', { benefit: `${e(num(b.benefit))} ${e(b.benefitCurrency ?? '')}`, source: e(b.costOfCrimeSource), bcr: `<strong>${e(num(b.bcr, 2))}</strong>`, interval: e(interval(b.bcrInterval, 2)) })}</p>`);
  s.push(`<p>${h('ap.expected', { net: e(num(m.expected.net, 1)), netInterval: e(interval(m.expected.netInterval, 1)), harm: e(num(m.expected.harm)), unit: e(m.expected.harmUnit), harmInterval: e(interval(m.expected.harmInterval)) })}</p></section>`);

  s.push(`<section><h2>${e(tr('ap.h.monitoring'))}</h2>` + table([tr('ap.indicator'), tr('ap.source'), tr('ap.frequency'), tr('ap.baseline'), tr('ap.target')],
    m.monitoring.map((x) => [e(x.indicator), e(x.source), e(x.frequency), e(x.baseline.value === null && !x.baseline.suppressed ? '—' : pubText(x.baseline, 1)), e(x.target)])) + '</section>');

  const ev = m.evaluation;
  s.push(`<section><h2>${e(tr('ap.h.evaluation'))}</h2><p>${e(ev.design)}</p><p>${h('ap.beforeAfter', { before: e(ev.before), after: e(ev.after) })}</p>`);
  s.push(table([tr('ap.treated'), tr('ap.bufferM')], ev.treated.map((x) => [e(x.action), num(x.bufferM)])));
  s.push(table([tr('ap.controlArea'), tr('ap.whyComparable')], ev.controls.map((c) => [e(c.name), e(c.description)])));
  s.push(`<p>${h('ap.measures', { list: e(ev.measures.join('; ')) })}</p>`);
  if (ev.result) {
    const r = ev.result;
    s.push(table(['WDQ', tr('ap.tne'), tr('ap.wddSe'), tr('ap.relativeEffect')], [[
      e(r.wdq === null ? tr('ap.notInterpretable', { note: plannerText(r.wdqNote ?? '', L) }) : num(r.wdq, 2)), e(num(r.tne, 1)),
      e(`${num(r.wdd, 0)} (${num(r.wddStandardError, 1)})`),
      e(r.relativeEffect === null ? '—' : `${num(r.relativeEffect, 2)} (${r.relativeEffectInterval ? tr('ap.interval', { low: num(r.relativeEffectInterval[0], 2), high: num(r.relativeEffectInterval[1], 2) }) : '—'})`),
    ]]));
  }
  s.push('</section>');

  s.push(`<section><h2>${e(tr('ap.h.sdg'))}</h2>` + table([tr('ap.indicator'), tr('ap.measuresWhat'), tr('ap.addressed'), tr('ap.how')],
    m.sdg.map((x) => [e(x.indicator), e(x.text), e(x.addressed ? tr('common.yes') : tr('common.no')), e(x.how)])) + '</section>');

  s.push(`<section><h2>${e(tr('ap.h.rights'))}</h2><ul>` + m.rights.map((r) => `<li>${h('ap.rightsItem', { topic: `<strong>${e(r.topic)}</strong>`, text: e(r.text) })}</li>`).join('') + '</ul></section>');

  const me = m.method;
  const all = tr('common.all');
  s.push(`<section><h2>${e(tr('ap.h.method'))}</h2>` + table([tr('ap.item'), tr('ap.value')], [
    [e(tr('ap.data')), e(tr('ap.dataValue', { source: me.data.source, rows: num(me.data.rows), from: day(me.data.from), to: day(me.data.to) }))],
    [e(tr('ap.selection')), e(tr('ap.selectionValue', { res: String(me.selection.res), offences: me.selection.offences?.join(', ') ?? all, hours: me.selection.hours?.join(', ') ?? all, weekdays: me.selection.weekdays?.join(', ') ?? all }))],
    [e(tr('ap.baseline')), e(me.baseline)], [e(tr('ap.harmWeighting')), e(me.harm)], [e(tr('ap.costOfCrime')), e(me.costOfCrime ?? tr('common.none'))], [e(tr('ap.displacement')), e(me.displacement)],
    [e(tr('ap.monteCarlo')), e(tr('ap.draws', { draws: num(me.monteCarlo.draws), seed: String(me.monteCarlo.seed) }))],
    [e(tr('ap.disclosure')), e(tr('ap.disclosureValue', { threshold: String(m.suppression.threshold), cells: num(m.suppression.suppressedCells), incidents: m.incidentLevelData ? tr('ap.incidentsIncluded') : tr('ap.noIncidentData') }))],
  ]));
  if (me.warnings.length) s.push(`<h3>${e(tr('ap.caveats'))}</h3><ul>` + me.warnings.map((w) => `<li>${e(w)}</li>`).join('') + '</ul>');
  s.push(`<h3>${e(tr('ap.sources'))}</h3><ul>` + me.citations.map((c) => `<li>${e(c)}</li>`).join('') + '</ul></section>');

  if (m.incidents?.length)
    s.push(`<section><h2>${e(tr('ap.annex'))}</h2>` + table([tr('ap.date'), tr('ap.offence'), tr('ap.cell')], m.incidents.map((i) => [e(i.date), e(i.offence), e(i.cell)])) + '</section>');

  return `<!doctype html>
<html lang="${e(L)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(m.title)}</title><style>${CSS}</style></head>
<body>${s.join('\n')}</body></html>
`;
}
