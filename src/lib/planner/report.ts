/**
 * The action-plan document model: data only, rendered by the UI (or `renderReportHtml`) as a
 * printable page. It follows the UN guidelines' outline for local crime prevention plans: the
 * local diagnosis, problems and objectives with target reductions, actions with responsible
 * agencies and timeline, budget and benefit–cost, monitoring indicators, the evaluation design,
 * the SDG 11.7 and 16.1 indicators addressed, rights and privacy considerations, and the method
 * record. Published cell figures below `suppressBelow` incidents (default 5) are suppressed, and
 * no incident-level data are included unless asked for.
 */
import { addMonths, DAY, dayMs, isoDay } from './baseline';
import { mergeCatalogue, type Intervention } from './catalogue';
import type { Evaluation } from './evaluate';
import { GROUPS, type Category } from './offence-categories';
import type { Plan } from './plan';
import type { PlanScore } from './score';
import type { Interval } from './uncertainty';

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
}

/** The action plan document. */
export interface ActionPlanReport {
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

const STIGMA =
  'Describe places and problems, never people or communities: do not publish maps or lists that label a neighbourhood or its residents as criminal, ' +
  'and watch for unintended consequences such as the stigmatisation of people or neighbourhoods (UN guidelines on crime prevention).';

/** Builds the report model from a plan, its score and the planner's inputs. */
export function buildActionPlan(input: ReportInput): ActionPlanReport {
  const { plan, score } = input;
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
      id: ps.id, action: ps.interventionName, where: p.label ?? `placement ${p.id}`, cells: ps.treatedCells.length, agencies: p.agencies ?? [],
      start: p.start, end: lastDay(p.start, p.months), cost: ps.cost, costBasis: ps.costBasis,
      expectedNet: pub(ps.net, observed), netInterval: observed < threshold ? null : ps.intervals.net, harm: ps.harm.net,
      techniques: iv.techniques, cpted: iv.cpted, evidence: ps.evidence.map((e) => ({ citation: e.citation, confirm: e.confirm })),
    };
  });

  const problems: Problem[] = (input.problems ?? score.byOffence.filter((o) => o.prevented > 0).map((o) => ({
    statement: `${o.offence} in the plan's places: about ${Math.round(o.baselineInPlan)} expected over ${plan.horizonMonths} months without action.`,
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
    { indicator: 'SDG 11.7 / 11.7.2', text: 'Safe, inclusive and accessible public spaces; proportion of people victim of harassment, by place of occurrence.', addressed: publicSpace, how: publicSpace ? 'Actions change public space (design, surveillance, management).' : 'No action in public space.' },
    { indicator: 'SDG 16.1.1', text: 'Victims of intentional homicide per 100,000 population.', addressed: covered.has('homicide'), how: covered.has('homicide') ? 'Actions cover homicide.' : 'Homicide is not covered by the actions.' },
    { indicator: 'SDG 16.1.3', text: 'Proportion of the population subjected to physical, psychological or sexual violence in the previous 12 months.', addressed: hasAny(GROUPS.violence), how: hasAny(GROUPS.violence) ? 'Actions cover violent offences.' : 'No violent offence is covered.' },
    { indicator: 'SDG 16.1.4', text: 'Proportion of the population that feel safe walking alone around the area they live after dark.', addressed: afterDark || publicSpace, how: afterDark ? 'Lighting or greening acts on fear after dark: measure it with a survey before and after.' : publicSpace ? 'Public-space actions may change how safe people feel: measure it with a survey.' : 'Not addressed.' },
  ];

  const rights: { topic: string; text: string }[] = [];
  const seenText = new Set<string>();
  for (const p of score.placements) for (const t of ivs.get(p.intervention)!.rights) if (!seenText.has(t)) { seenText.add(t); rights.push({ topic: ivs.get(p.intervention)!.name, text: t }); }
  rights.push(
    { topic: 'Stigmatisation', text: STIGMA },
    { topic: 'Human rights and the rule of law', text: 'Every action respects human rights and the rule of law; enforcement is proportionate and accountable.' },
    { topic: 'Women, men and vulnerable groups', text: 'Consult women and men, young and old, and vulnerable groups on where and when they feel unsafe; their needs differ.' },
    { topic: 'Data protection', text: `Published figures suppress cells with fewer than ${threshold} incidents; ${input.includeIncidents ? 'incident-level data are included at the author\'s request: check that this is lawful and necessary.' : 'no incident-level data are published.'}` },
  );

  const offencesInPlan = score.byOffence.filter((o) => o.prevented !== 0);
  const monitoring = [
    ...offencesInPlan.map((o) => ({
      indicator: `Recorded ${o.offence}, monthly, in treated cells and in their buffers`, source: 'Police recorded crime (this tool)', frequency: 'monthly',
      baseline: pub(o.baselineInPlan, o.observedInPlan), target: `${Math.round((o.prevented / Math.max(o.baselineInPlan, 1e-9)) * 100)} % fewer than the baseline by ${end}`,
    })),
    { indicator: 'Implementation: each action delivered as planned (share of placements in place, e.g. lights working, cameras monitored)', source: 'Responsible agencies', frequency: 'quarterly', baseline: { value: null, suppressed: false }, target: '100 % in place' },
    ...(sdg[3].addressed ? [{ indicator: 'Feeling safe walking alone after dark (SDG 16.1.4), residents of the treated areas', source: 'Resident survey', frequency: 'before and after', baseline: { value: null, suppressed: false }, target: 'an increase' }] : []),
  ];

  const cells = score.cells.map((c) => ({ cell: c.cell, baseline: pub(c.baseline, c.observed), expected: pub(c.expected, c.observed) }));
  const citations = [...new Set([
    ...score.placements.flatMap((p) => p.evidence.map((e) => e.citation + (e.confirm ? ' (confirm)' : ''))),
    score.harmTable.citation, ...(score.costOfCrime ? [score.costOfCrime.citation] : []),
    'Guerette & Bowers (2009), Criminology 47(4)', 'Bowers & Johnson (2003), Journal of Quantitative Criminology 19(3)', 'Wheeler & Ratcliffe (2018), Crime Science 7:11',
  ])].filter((c) => c !== '—');
  const d = plan.assumptions.displacement;
  const diag = input.diagnosis ?? {};
  return {
    title: input.title ?? plan.name, place: input.place ?? null, preparedBy: input.preparedBy ?? null, date: input.date, synthetic: input.data.synthetic ?? false,
    diagnosis: {
      summary: diag.summary ?? null,
      hotSpots: (diag.hotSpots ?? []).map((h) => ({ label: h.label, cells: h.cells, count: pub(h.count, h.count) })),
      repeats: (diag.repeats ?? []).map((r) => ({ label: r.label, count: pub(r.count, r.count) })),
      riskFactors: diag.riskFactors ?? [], figures: diag.figures ?? [],
    },
    problems, actions,
    timeline: [
      ...actions.map((a) => ({ label: `${a.action} — ${a.where}`, start: a.start, end: a.end })),
      { label: 'Monitoring and evaluation (after period)', start: plan.start, end },
    ],
    budget: {
      currency: score.totals.currency, available: plan.budget.amount, total: score.totals.cost, withinBudget: score.totals.withinBudget,
      lines: actions.map((a) => ({ action: `${a.action} — ${a.where}`, cost: a.cost, basis: a.costBasis })), unknownCosts: score.totals.unknownCosts,
      benefit: score.totals.benefit, benefitCurrency: score.totals.benefitCurrency, bcr: score.totals.bcr, bcrInterval: score.intervals.bcr,
      costOfCrimeSource: score.costOfCrime ? `${score.costOfCrime.name} (${score.costOfCrime.currency}, ${score.costOfCrime.priceYear} prices)` : null,
    },
    expected: { net: score.totals.net, netInterval: score.intervals.net, harm: score.totals.harm, harmInterval: score.intervals.harm, harmUnit: score.harmTable.unit },
    monitoring,
    evaluation: {
      design: input.evaluation?.design ?? 'Before/after comparison of the treated areas, their buffers and comparable control areas with their own buffers: Weighted Displacement Quotient, total net effect and weighted displacement difference with its standard error.',
      treated: score.placements.map((p) => ({ action: `${p.interventionName} — ${p.label}`, bufferM: Math.round(p.bufferM) })),
      controls: input.evaluation?.controlAreas ?? [{ name: 'To be chosen', description: 'Similar counts and setting before the start, not adjacent to any treated area, outside every buffer, with no other new measure.' }],
      before: `${score.baseline.window.from} to ${score.baseline.window.to}`, after: `${plan.start} to ${end}`,
      measures: ['Weighted Displacement Quotient (Bowers & Johnson 2003)', 'Total net effect', 'Weighted displacement difference and its standard error (Wheeler & Ratcliffe 2018)'],
      result: input.evaluation?.result ?? null,
    },
    sdg, rights,
    method: {
      data: input.data,
      selection: { res: plan.data.res, offences: plan.data.offences ?? null, hours: plan.data.hours ?? null, weekdays: plan.data.weekdays ?? null },
      baseline: score.baseline.method,
      harm: `${score.harmTable.name} (${score.harmTable.unit})${score.harmTable.confirm ? ', weights to confirm' : ''}`,
      costOfCrime: score.costOfCrime ? `${score.costOfCrime.name}, ${score.costOfCrime.currency} ${score.costOfCrime.priceYear}` : null,
      displacement: `Buffer quotient q: displacement with probability ${d.pDisplacement} (|q| ≤ ${d.maxDisplacement}), diffusion with probability ${d.pDiffusion} (q ≤ ${d.maxDiffusion}); mean q ${score.assumptions.meanQuotient.toFixed(3)}.`,
      monteCarlo: { draws: score.draws, seed: score.seed }, citations, warnings: score.warnings,
    },
    cells, suppression: { threshold, suppressedCells: cells.filter((c) => c.baseline.suppressed).length },
    incidentLevelData: !!input.includeIncidents,
    ...(input.includeIncidents && input.incidents ? { incidents: input.incidents } : {}),
  };
}
