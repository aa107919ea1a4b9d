/**
 * The action-plan document model: data only, rendered by the UI (or `renderReportHtml`) as a
 * printable page. It follows the UN guidelines' outline for local crime prevention plans: the
 * local diagnosis, problems and objectives with target reductions, actions with responsible
 * agencies and timeline, budget and benefit–cost, monitoring indicators, the evaluation design,
 * the SDG 11.7 and 16.1 indicators addressed, rights and privacy considerations, and the method
 * record. Published cell figures below `suppressBelow` incidents (default 5) are suppressed, and
 * no incident-level data are included unless asked for.
 */
import { getResolution } from 'h3-js';
import { addMonths, DAY, dayMs, isoDay } from './baseline';
import { mergeCatalogue, type Intervention } from './catalogue';
import type { Evaluation } from './evaluate';
import { GROUPS, type Category } from './offence-categories';
import type { Plan } from './plan';
import type { PlanScore } from './score';
import type { Interval } from './uncertainty';
import { formatDate, formatNumber, translator } from '../i18n/translate';
import type { Locale } from '../i18n/types';
import { agencyName, catalogueText, cptedName, interventionName, techniqueName } from '../i18n/catalogue';
import { plannerText } from '../i18n/planner-texts';
import { cellsAt, type CommunityReportSection } from '../community/plan';
import { perceivedLines } from './perceived';

export { renderReportHtml } from './report-html';

/** A count that may be suppressed for disclosure control. */
export interface Published {
  value: number | null;
  suppressed: boolean;
}

/** Slots for the local diagnosis, filled by whatever analyses are available. */
export interface DiagnosisSlots {
  summary?: string;
  hotSpots?: { label: string; cells: number; count: number }[];
  /** Near-repeat pattern: the Knox test's raised distance–time bands (label) and their observed pairs. */
  repeats?: { label: string; count: number }[];
  riskFactors?: { factor: string; relativeRisk: number }[];
  /** Maps and charts as PNG/JPEG/SVG data URLs (anything else is dropped when rendered). */
  figures?: { title: string; alt: string; dataUrl: string }[];
}

/** A problem and its objective. */
export interface Problem {
  statement: string;
  offences: string[];
  baseline: Published;
  /** Target reduction as a fraction (0.2 = 20 % fewer). */
  targetReduction: number;
  byDate: string;
}

/** Inputs besides the plan and its score. */
export interface ReportInput {
  plan: Plan;
  score: PlanScore;
  title?: string;
  place?: string;
  preparedBy?: string;
  /** Date of the document, YYYY-MM-DD (no clock is read: pass it). */
  date: string;
  data: { source: string; rows: number; from: string | null; to: string | null; synthetic?: boolean };
  diagnosis?: DiagnosisSlots;
  /** The planner's own problem statements; default: one per offence the plan reduces. */
  problems?: Omit<Problem, 'baseline'>[];
  evaluation?: { controlAreas: { name: string; description: string }[]; design?: string; result?: Evaluation };
  suppressBelow?: number;
  /** Incident-level rows, included only with `includeIncidents: true`. */
  includeIncidents?: boolean;
  incidents?: { date: string; offence: string; cell: string }[];
  /** Language of the texts the model writes (English by default); the planner's own texts stay as typed. */
  locale?: Locale;
  /** The Community tab's section (issue 9): consultation, safety of women and vulnerable groups. */
  community?: CommunityReportSection | null;
}

/** The action plan document. */
export interface ActionPlanReport {
  /** Language of the report's texts. */
  locale: Locale;
  /** Community consultation and safety of women and vulnerable groups (from survey data), or null. */
  community: CommunityReportSection | null;
  title: string;
  place: string | null;
  preparedBy: string | null;
  date: string;
  synthetic: boolean;
  diagnosis: {
    summary: string | null;
    hotSpots: { label: string; cells: number; count: Published }[];
    repeats: { label: string; count: Published }[];
    riskFactors: { factor: string; relativeRisk: number }[];
    figures: { title: string; alt: string; dataUrl: string }[];
  };
  problems: Problem[];
  actions: {
    id: string;
    action: string;
    where: string;
    cells: number;
    agencies: string[];
    start: string;
    end: string;
    cost: number | null;
    costBasis: string;
    expectedNet: Published;
    netInterval: Interval | null;
    harm: number;
    techniques: string[];
    cpted: string[];
    evidence: { citation: string; confirm: boolean }[];
    /** Evidence on fear and perceived safety (not part of the crime score). */
    fear: { text: string; citation: string; confirm: boolean }[];
  }[];
  timeline: { label: string; start: string; end: string }[];
  budget: {
    currency: string;
    available: number | null;
    total: number | null;
    withinBudget: boolean | null;
    lines: { action: string; cost: number | null; basis: string }[];
    unknownCosts: string[];
    benefit: number | null;
    benefitCurrency: string | null;
    bcr: number | null;
    bcrInterval: Interval | null;
    costOfCrimeSource: string | null;
  };
  expected: { net: number; netInterval: Interval | null; harm: number; harmInterval: Interval | null; harmUnit: string };
  monitoring: { indicator: string; source: string; frequency: string; baseline: Published; target: string }[];
  evaluation: {
    design: string;
    treated: { action: string; bufferM: number }[];
    controls: { name: string; description: string }[];
    before: string;
    after: string;
    measures: string[];
    result: Evaluation | null;
  };
  sdg: { indicator: string; text: string; addressed: boolean; how: string }[];
  rights: { topic: string; text: string }[];
  method: {
    data: ReportInput['data'];
    selection: { res: number; offences: string[] | null; hours: number[] | null; weekdays: number[] | null };
    baseline: string;
    harm: string;
    costOfCrime: string | null;
    displacement: string;
    monteCarlo: { draws: number; seed: number };
    citations: string[];
    warnings: string[];
  };
  cells: { cell: string; baseline: Published; expected: Published }[];
  suppression: { threshold: number; suppressedCells: number };
  incidentLevelData: boolean;
  incidents?: { date: string; offence: string; cell: string }[];
}

/** The last day of `months` months from `d` (both YYYY-MM-DD). */
const lastDay = (d: string, months: number) => isoDay(addMonths(dayMs(d), months) - DAY);

/** The community section with, for each feared place, the plan's actions that treat any of its cells. */
function withActions(c: CommunityReportSection, actions: { id: string; action: string; where: string }[], score: PlanScore): CommunityReportSection {
  const res = score.placements[0]?.treatedCells[0] ? getResolution(score.placements[0].treatedCells[0]) : null;
  return {
    ...c,
    fearedPlaces: c.fearedPlaces.map((f) => {
      if (res === null || !f.cell) return { ...f, actions: [] };
      const area = new Set(cellsAt(f.cell, res));
      const hit = score.placements.filter((p) => p.treatedCells.some((x) => area.has(x))).map((p) => actions.find((a) => a.id === p.id)!);
      return { ...f, actions: hit.map((a) => `${a.action} — ${a.where}`) };
    }),
  };
}

/** Builds the report model from a plan, its score and the planner's inputs. */
export function buildActionPlan(input: ReportInput): ActionPlanReport {
  const { plan, score } = input;
  const locale = input.locale ?? 'en';
  const tr = translator(locale);
  const num = (x: number, digits = 0) => formatNumber(locale, x, digits);
  const day = (d: string) => formatDate(locale, d);
  const harmUnit = score.harmTable.unit === 'custody days' ? tr('ap.unit.custodyDays') : score.harmTable.unit === 'incidents' ? tr('ap.unit.incidents') : score.harmTable.unit;
  const threshold = input.suppressBelow ?? 5;
  if (!Number.isInteger(threshold) || threshold < 0) throw new RangeError(`The suppression threshold must be a whole number ≥ 0, got ${threshold}`);
  const pub = (value: number, observed: number): Published => (observed < threshold ? { value: null, suppressed: true } : { value, suppressed: false });
  const ivs = new Map<string, Intervention>(mergeCatalogue(plan.interventions).map((i) => [i.id, i]));
  const cellObserved = new Map(score.cells.map((c) => [c.cell, c.observed]));
  const end = lastDay(plan.start, plan.horizonMonths);

  const actions = score.placements.map((ps) => {
    const p = plan.placements.find((x) => x.id === ps.id)!;
    const iv = ivs.get(ps.intervention)!;
    const observed = ps.treatedCells.reduce((s, c) => s + (cellObserved.get(c) ?? 0), 0);
    return {
      id: ps.id, action: interventionName(ps.intervention, ps.interventionName, locale), where: p.label ?? tr('ap.placement', { id: p.id }), cells: ps.treatedCells.length, agencies: (p.agencies ?? []).map((a) => agencyName(a, locale)),
      start: p.start, end: lastDay(p.start, p.months), cost: ps.cost, costBasis: ps.costBasis,
      expectedNet: pub(ps.net, observed), netInterval: observed < threshold ? null : ps.intervals.net, harm: ps.harm.net,
      techniques: iv.techniques.map((x) => techniqueName(x, locale)), cpted: iv.cpted.map((x) => cptedName(x, locale)), evidence: ps.evidence.map((e) => ({ citation: e.citation, confirm: e.confirm })),
      fear: perceivedLines(ps.intervention, locale),
    };
  });

  const problems: Problem[] = (input.problems ?? score.byOffence.filter((o) => o.prevented > 0).map((o) => ({
    statement: tr('ap.problemStatement', { offence: o.offence, n: Math.round(o.baselineInPlan), months: plan.horizonMonths }),
    offences: [o.offence], targetReduction: o.baselineInPlan > 0 ? o.prevented / o.baselineInPlan : 0, byDate: end,
  }))).map((pr) => {
    const lines = score.byOffence.filter((o) => pr.offences.includes(o.offence));
    const base = lines.reduce((s, o) => s + o.baselineInPlan, 0);
    return { ...pr, baseline: pub(base, lines.reduce((s, o) => s + o.observedInPlan, 0)) };
  });

  const covered = new Set<Category>(score.byOffence.filter((o) => o.prevented !== 0).map((o) => o.category));
  const hasAny = (cs: readonly Category[]) => cs.some((c) => covered.has(c));
  const publicSpace = score.placements.some((p) => ivs.get(p.intervention)!.footprint !== 'address');
  const afterDark = score.placements.some((p) => p.intervention.startsWith('street-lighting') || p.intervention === 'vacant-lot-greening');
  const sdg = [
    { indicator: 'SDG 11.7 / 11.7.2', text: tr('ap.sdg117'), addressed: publicSpace, how: publicSpace ? tr('ap.sdg117.yes') : tr('ap.sdg117.no') },
    { indicator: 'SDG 16.1.1', text: tr('ap.sdg1611'), addressed: covered.has('homicide'), how: covered.has('homicide') ? tr('ap.sdg1611.yes') : tr('ap.sdg1611.no') },
    { indicator: 'SDG 16.1.3', text: tr('ap.sdg1613'), addressed: hasAny(GROUPS.violence), how: hasAny(GROUPS.violence) ? tr('ap.sdg1613.yes') : tr('ap.sdg1613.no') },
    { indicator: 'SDG 16.1.4', text: tr('ap.sdg1614'), addressed: afterDark || publicSpace, how: afterDark ? tr('ap.sdg1614.lighting') : publicSpace ? tr('ap.sdg1614.public') : tr('ap.sdg1614.no') },
  ];

  const rights: { topic: string; text: string }[] = [];
  const seenText = new Set<string>();
  for (const p of score.placements) {
    const iv = ivs.get(p.intervention)!;
    for (const t of iv.rights) if (!seenText.has(t)) { seenText.add(t); rights.push({ topic: interventionName(iv.id, iv.name, locale), text: catalogueText(iv.id, t, locale) }); }
  }
  rights.push(
    { topic: tr('ap.rights.stigmaTopic'), text: tr('ap.rights.stigma') },
    { topic: tr('ap.rights.lawTopic'), text: tr('ap.rights.law') },
    { topic: tr('ap.rights.groupsTopic'), text: tr('ap.rights.groups') },
    { topic: tr('ap.rights.dataTopic'), text: tr('ap.rights.data', { threshold: String(threshold), incidents: input.includeIncidents ? tr('ap.rights.incidentsIncluded') : tr('ap.rights.noIncidents') }) },
  );

  const offencesInPlan = score.byOffence.filter((o) => o.prevented !== 0);
  const monitoring = [
    ...offencesInPlan.map((o) => ({
      indicator: tr('ap.mon.recorded', { offence: o.offence }), source: tr('ap.mon.police'), frequency: tr('ap.mon.monthly'),
      baseline: pub(o.baselineInPlan, o.observedInPlan), target: tr('ap.mon.target', { pct: Math.round((o.prevented / Math.max(o.baselineInPlan, 1e-9)) * 100), date: day(end) }),
    })),
    { indicator: tr('ap.mon.implementation'), source: tr('ap.mon.agencies'), frequency: tr('ap.mon.quarterly'), baseline: { value: null, suppressed: false }, target: tr('ap.mon.allInPlace') },
    ...(sdg[3].addressed ? [{ indicator: tr('ap.mon.feelSafe'), source: tr('ap.mon.survey'), frequency: tr('ap.mon.beforeAfter'), baseline: { value: null, suppressed: false }, target: tr('ap.mon.increase') }] : []),
  ];

  const cells = score.cells.map((c) => ({ cell: c.cell, baseline: pub(c.baseline, c.observed), expected: pub(c.expected, c.observed) }));
  const citations = [...new Set([
    ...score.placements.flatMap((p) => p.evidence.map((e) => e.citation + (e.confirm ? ` ${tr('ap.confirmSuffix')}` : ''))),
    score.harmTable.citation, ...(score.costOfCrime ? [score.costOfCrime.citation] : []),
    'Guerette & Bowers (2009), Criminology 47(4)', 'Bowers & Johnson (2003), Journal of Quantitative Criminology 19(3)', 'Wheeler & Ratcliffe (2018), Crime Science 7:11',
  ])].filter((c) => c !== '—').map((c) => plannerText(c, locale));
  const d = plan.assumptions.displacement;
  const diag = input.diagnosis ?? {};
  return {
    locale, community: input.community ? withActions(input.community, actions, score) : null, title: input.title ?? plan.name, place: input.place ?? null, preparedBy: input.preparedBy ?? null, date: input.date, synthetic: input.data.synthetic ?? false,
    diagnosis: {
      summary: diag.summary ?? null,
      hotSpots: (diag.hotSpots ?? []).map((h) => ({ label: h.label, cells: h.cells, count: pub(h.count, h.count) })),
      repeats: (diag.repeats ?? []).map((r) => ({ label: r.label, count: pub(r.count, r.count) })),
      riskFactors: diag.riskFactors ?? [], figures: diag.figures ?? [],
    },
    problems, actions,
    timeline: [
      ...actions.map((a) => ({ label: `${a.action} — ${a.where}`, start: a.start, end: a.end })),
      { label: tr('ap.timelineMonitoring'), start: plan.start, end },
    ],
    budget: {
      currency: score.totals.currency, available: plan.budget.amount, total: score.totals.cost, withinBudget: score.totals.withinBudget,
      lines: actions.map((a) => ({ action: `${a.action} — ${a.where}`, cost: a.cost, basis: tr(`ap.basis.${a.costBasis}`) })), unknownCosts: score.totals.unknownCosts,
      benefit: score.totals.benefit, benefitCurrency: score.totals.benefitCurrency, bcr: score.totals.bcr, bcrInterval: score.intervals.bcr,
      costOfCrimeSource: score.costOfCrime ? tr('ap.costSource', { name: score.costOfCrime.name, currency: score.costOfCrime.currency, year: String(score.costOfCrime.priceYear) }) : null,
    },
    expected: { net: score.totals.net, netInterval: score.intervals.net, harm: score.totals.harm, harmInterval: score.intervals.harm, harmUnit },
    monitoring,
    evaluation: {
      design: input.evaluation?.design ?? tr('ap.evalDesign'),
      treated: score.placements.map((p) => ({ action: `${interventionName(p.intervention, p.interventionName, locale)} — ${interventionName(p.intervention, p.label, locale)}`, bufferM: Math.round(p.bufferM) })),
      controls: input.evaluation?.controlAreas ?? [{ name: tr('ap.toBeChosen'), description: tr('ap.controlWhy') }],
      before: tr('common.rangeTo', { from: day(score.baseline.window.from), to: day(score.baseline.window.to) }), after: tr('common.rangeTo', { from: day(plan.start), to: day(end) }),
      measures: [tr('ap.measure.wdq'), tr('ap.tne'), tr('ap.measure.wdd')],
      result: input.evaluation?.result ?? null,
    },
    sdg, rights,
    method: {
      data: input.data,
      selection: { res: plan.data.res, offences: plan.data.offences ?? null, hours: plan.data.hours ?? null, weekdays: plan.data.weekdays ?? null },
      baseline: plannerText(score.baseline.method, locale),
      harm: tr(score.harmTable.confirm ? 'ap.harmMethodConfirm' : 'ap.harmMethod', { name: score.harmTable.name, unit: harmUnit }),
      costOfCrime: score.costOfCrime ? tr('ap.costMethod', { name: score.costOfCrime.name, currency: score.costOfCrime.currency, year: String(score.costOfCrime.priceYear) }) : null,
      displacement: tr('ap.displacementMethod', { pd: d.pDisplacement, md: d.maxDisplacement, pf: d.pDiffusion, mf: d.maxDiffusion, q: num(score.assumptions.meanQuotient, 3) }),
      monteCarlo: { draws: score.draws, seed: score.seed }, citations, warnings: score.warnings.map((w) => plannerText(w, locale)),
    },
    cells, suppression: { threshold, suppressedCells: cells.filter((c) => c.baseline.suppressed).length },
    incidentLevelData: !!input.includeIncidents,
    ...(input.includeIncidents && input.incidents ? { incidents: input.incidents } : {}),
  };
}
