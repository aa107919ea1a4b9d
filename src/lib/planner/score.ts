/**
 * Scores a plan against a baseline: per placement and for the whole plan, the expected incidents
 * prevented in treated cells (evidence-based effects on the offences they cover, combined
 * multiplicatively where placements overlap), displacement into or diffusion of benefits over
 * the buffer rings, harm prevented (Cambridge Crime Harm Index, none, or custom), costs, cost per
 * incident and per harm unit prevented, and the benefit–cost ratio under a cost-of-crime table.
 * Uncertainty: a seeded Monte Carlo over the effect intervals and the displacement assumption
 * gives 5–95 % intervals; the seed is recorded in the result.
 *
 * Sources: effects as cited in the catalogue; displacement frequencies Guerette & Bowers (2009),
 * Criminology 47(4), and Bowers et al. (2011), J. Exp. Criminol. 7(4); harm weights Sherman,
 * Neyroud & Neyroud (2016); costs of crime Heeks et al. (2018) or McCollister et al. (2010).
 *
 * Cost: a few milliseconds per draw for plans touching hundreds of cells (1,000 draws ≈ 1 s at
 * the most); run it off the main thread in the app.
 */
import { rng } from '../analysis/random';
import type { Baseline } from './baseline';
import type { CostBasis } from './costs';
import { CATEGORY_LABELS, type Category } from './offence-categories';
import type { Plan } from './plan';
import { buildContext, pointRatios, prepare, resolvePlacement, type Prepared, type ScoreContext } from './score-context';
import type { ModelResult } from './score-model';
import { drawQuotient, drawRatio, summarise, type Interval } from './uncertainty';

/** The evidence behind one placement's effect on its covered offences. */
export interface EvidenceUsed {
  outcome: string;
  point: number;
  low: number;
  high: number;
  interval: string;
  citation: string;
  confirm: boolean;
}

/**
 * One placement's score. Reductions are positive; a negative `buffer` is displacement. `buffer`
 * is the placement's share before the zero floor of the plan's cells (the plan's totals apply it),
 * so where diffusion would exceed a buffer's whole baseline the placements' sum exceeds the total.
 */
export interface PlacementScore {
  id: string;
  label: string;
  intervention: string;
  interventionName: string;
  treatedCells: string[];
  bufferCells: string[];
  bufferRings: number;
  bufferM: number;
  activeMonths: number;
  /** Expected incidents of covered offences in the treated cells while active, without action. */
  baselineCovered: number;
  direct: number;
  buffer: number;
  net: number;
  harm: { direct: number; buffer: number; net: number };
  cost: number | null;
  costBasis: CostBasis;
  costNote?: string;
  costPerIncident: number | null;
  costPerHarm: number | null;
  intervals: { net: Interval | null; harm: Interval | null };
  evidence: EvidenceUsed[];
}

/** One offence's line in the plan's score. */
export interface OffenceScore {
  offence: string;
  category: Category;
  categoryLabel: string;
  mapped: 'mapping' | 'guess' | 'none';
  harmWeight: number | null;
  crimeCost: number | null;
  /** Expected without action over the horizon: the whole study area, and the cells the plan touches. */
  baseline: number;
  baselineInPlan: number;
  /** Incidents counted in the baseline window in the cells the plan touches (for disclosure control). */
  observedInPlan: number;
  prevented: number;
  harm: number;
  benefit: number;
}

/** The plan's score. */
export interface PlanScore {
  plan: string;
  res: number;
  seed: number;
  draws: number;
  horizon: { start: string; months: number };
  baseline: { method: string; window: { from: string; to: string }; total: number; harm: number };
  totals: {
    direct: number;
    buffer: number;
    net: number;
    harm: number;
    cost: number | null;
    currency: string;
    /** Costs of placements whose cost is unknown are missing from `cost` and listed here. */
    unknownCosts: string[];
    benefit: number | null;
    benefitCurrency: string | null;
    bcr: number | null;
    costPerIncident: number | null;
    costPerHarm: number | null;
    budget: number | null;
    /** Null without a budget, or when unknown costs could still tip it over. */
    withinBudget: boolean | null;
  };
  intervals: { net: Interval | null; harm: Interval | null; benefit: Interval | null; bcr: Interval | null };
  byOffence: OffenceScore[];
  /** Cells the plan touches (treated and buffer), with baseline and expected over the horizon. */
  cells: { cell: string; observed: number; baseline: number; expected: number }[];
  placements: PlacementScore[];
  harmTable: { id: string; name: string; unit: string; citation: string; confirm: boolean };
  costOfCrime: { id: string; name: string; currency: string; priceYear: string; citation: string } | null;
  assumptions: { meanQuotient: number; displacement: Plan['assumptions']['displacement']; effectDraws: string; quotientDraws: string };
  warnings: string[];
}

const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };

/** Totals of one evaluation: per offence prevented (after flooring) and per placement. */
function totalsOf(ctx: ScoreContext, prep: Prepared, r: ModelResult) {
  const k = ctx.offences.length;
  const base = prep.model.input.baseline;
  const prevented = new Float64Array(k);
  for (let i = 0; i < base.length; i++) prevented[i % k] += base[i] - r.expected[i];
  const P = prep.placements.length;
  const per = Array.from({ length: P }, (_, j) => {
    const d = r.direct.subarray(j * k, j * k + k), b = r.buffer.subarray(j * k, j * k + k);
    return { direct: sum(d), buffer: sum(b), harmDirect: dot(d, ctx.harmWeight), harmBuffer: dot(b, ctx.harmWeight) };
  });
  return { prevented, net: sum(prevented), harm: dot(prevented, ctx.harmWeight), benefit: dot(prevented, ctx.crimeCost), per };
}

/** Scores a validated plan against a baseline. `seed` and `draws` override the plan's. */
export function scorePlan(plan: Plan, baseline: Baseline, opts: { seed?: number; draws?: number } = {}): PlanScore {
  const seed = opts.seed ?? plan.monteCarlo.seed;
  const draws = opts.draws ?? plan.monteCarlo.draws;
  const ctx = buildContext(plan, baseline);
  const prep = prepare(ctx, plan.placements.map((p) => resolvePlacement(ctx, p)));
  const P = prep.placements.length;
  const qPoint = new Float64Array(P).fill(ctx.meanQ);
  const pointResult = prep.model.evaluate(pointRatios(prep.slots), qPoint);
  const point = totalsOf(ctx, prep, pointResult);

  // Monte Carlo: one ratio per effect slot (shared by placements of the same evidence), one q per placement.
  const r = rng(seed);
  const mc = { net: new Float64Array(draws), harm: new Float64Array(draws), benefit: new Float64Array(draws), bcr: new Float64Array(draws) };
  const perNet = Array.from({ length: P }, () => new Float64Array(draws));
  const perHarm = Array.from({ length: P }, () => new Float64Array(draws));
  const costs = prep.placements.map((p) => p.cost.total);
  const unknownCosts = prep.placements.filter((p) => p.cost.total === null).map((p) => p.placement.id);
  const totalCost = P === 0 ? 0 : unknownCosts.length === P ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0);
  const bcrCost = unknownCosts.length === 0 && totalCost !== null && totalCost > 0 ? totalCost : null;
  const ratio = new Float64Array(prep.slots.length);
  const q = new Float64Array(P);
  const d = plan.assumptions.displacement;
  for (let i = 0; i < draws; i++) {
    prep.slots.forEach((s, j) => { ratio[j] = drawRatio(s.effect.point, s.effect.low, s.effect.high, r); });
    for (let j = 0; j < P; j++) q[j] = drawQuotient(d, r);
    const t = totalsOf(ctx, prep, prep.model.evaluate(ratio, q));
    mc.net[i] = t.net;
    mc.harm[i] = t.harm;
    mc.benefit[i] = t.benefit;
    mc.bcr[i] = bcrCost === null ? NaN : t.benefit / bcrCost;
    t.per.forEach((x, j) => { perNet[j][i] = x.direct + x.buffer; perHarm[j][i] = x.harmDirect + x.harmBuffer; });
  }

  const k = ctx.offences.length;
  const base = prep.model.input.baseline;
  const baselineTotal = sum(baseline.expected);
  const baselineHarm = (() => { let s = 0; for (let i = 0; i < baseline.expected.length; i++) s += baseline.expected[i] * ctx.harmWeight[i % k]; return s; })();
  const local = new Map(prep.cells.map((c, i) => [c, i]));
  const placements: PlacementScore[] = prep.placements.map((rp, j) => {
    const x = point.per[j];
    const net = x.direct + x.buffer, harm = x.harmDirect + x.harmBuffer;
    const m = prep.model.input.placements[j];
    let covered = 0;
    for (const c of rp.treated) for (let o = 0; o < k; o++) if (m.slot[o] >= 0) covered += base[local.get(c)! * k + o] * (m.to - m.from);
    const cost = rp.cost.total;
    const evidence = [...new Set(Array.from(m.slot).filter((s) => s >= 0))].map((s) => {
      const e = prep.slots[s].effect;
      return { outcome: e.outcome, point: e.point, low: e.low, high: e.high, interval: e.interval, citation: e.citation, confirm: e.confirm };
    });
    return {
      id: rp.placement.id, label: rp.placement.label ?? rp.intervention.name, intervention: rp.intervention.id, interventionName: rp.intervention.name,
      treatedCells: rp.treated, bufferCells: rp.buffer, bufferRings: rp.rings, bufferM: rp.bufferM, activeMonths: rp.activeMonths,
      baselineCovered: covered, direct: x.direct, buffer: x.buffer, net, harm: { direct: x.harmDirect, buffer: x.harmBuffer, net: harm },
      cost, costBasis: rp.cost.basis, ...(rp.cost.note ? { costNote: rp.cost.note } : {}),
      costPerIncident: cost !== null && net > 0 ? cost / net : null, costPerHarm: cost !== null && harm > 0 ? cost / harm : null,
      intervals: { net: summarise(perNet[j]), harm: summarise(perHarm[j]) }, evidence,
    };
  });

  const baselineByOffence = new Float64Array(k);
  for (let i = 0; i < baseline.expected.length; i++) baselineByOffence[i % k] += baseline.expected[i];
  const inPlanByOffence = new Float64Array(k);
  for (let i = 0; i < base.length; i++) inPlanByOffence[i % k] += base[i];
  const observedRow = new Map(baseline.cells.map((c, i) => [c, i]));
  const observedByOffence = new Float64Array(k);
  for (const c of prep.cells) {
    const row = observedRow.get(c);
    if (row !== undefined) for (let o = 0; o < k; o++) observedByOffence[o] += baseline.observed[row * k + o];
  }
  const byOffence: OffenceScore[] = ctx.offences.map((m, o) => ({
    offence: m.offence, category: m.category, categoryLabel: CATEGORY_LABELS[m.category], mapped: m.how,
    harmWeight: ctx.harm.weights[m.category], crimeCost: ctx.crimeCosts?.costs[m.category]?.value ?? null,
    baseline: baselineByOffence[o], baselineInPlan: inPlanByOffence[o], observedInPlan: observedByOffence[o], prevented: point.prevented[o], harm: point.prevented[o] * ctx.harmWeight[o], benefit: point.prevented[o] * ctx.crimeCost[o],
  }));

  const cells = prep.cells.map((cell, i) => {
    const row = observedRow.get(cell);
    return {
      cell, observed: row === undefined ? 0 : sum(baseline.observed.subarray(row * k, row * k + k)),
      baseline: sum(base.subarray(i * k, i * k + k)), expected: sum(pointResult.expected.subarray(i * k, i * k + k)),
    };
  });

  const sameCurrency = ctx.crimeCosts !== null && ctx.crimeCosts.currency === plan.budget.currency;
  const bcr = bcrCost !== null && sameCurrency ? point.benefit / bcrCost : null;
  const warnings = collectWarnings(ctx, prep, unknownCosts, sameCurrency);
  const budget = plan.budget.amount;
  return {
    plan: plan.name, res: plan.data.res, seed, draws, horizon: { start: plan.start, months: plan.horizonMonths },
    baseline: { method: baseline.method, window: baseline.window, total: baselineTotal, harm: baselineHarm },
    totals: {
      direct: sum(point.per.map((x) => x.direct)), buffer: point.net - sum(point.per.map((x) => x.direct)), net: point.net, harm: point.harm,
      cost: totalCost, currency: plan.budget.currency, unknownCosts,
      benefit: ctx.crimeCosts ? point.benefit : null, benefitCurrency: ctx.crimeCosts?.currency ?? null, bcr,
      costPerIncident: totalCost !== null && unknownCosts.length === 0 && point.net > 0 ? totalCost / point.net : null,
      costPerHarm: totalCost !== null && unknownCosts.length === 0 && point.harm > 0 ? totalCost / point.harm : null,
      // Unknown costs leave the answer open unless the known ones already exceed the budget.
      budget, withinBudget: budget === null || totalCost === null ? null : totalCost > budget ? false : unknownCosts.length ? null : true,
    },
    intervals: {
      net: summarise(mc.net), harm: summarise(mc.harm), benefit: ctx.crimeCosts ? summarise(mc.benefit) : null,
      bcr: sameCurrency ? summarise(mc.bcr) : null,
    },
    byOffence, cells, placements,
    harmTable: { id: ctx.harm.id, name: ctx.harm.name, unit: ctx.harm.unit, citation: ctx.harm.citation, confirm: ctx.harm.confirm },
    costOfCrime: ctx.crimeCosts && { id: ctx.crimeCosts.id, name: ctx.crimeCosts.name, currency: ctx.crimeCosts.currency, priceYear: ctx.crimeCosts.priceYear, citation: ctx.crimeCosts.citation },
    assumptions: {
      meanQuotient: ctx.meanQ, displacement: plan.assumptions.displacement,
      effectDraws: 'triangular on the log rate ratio over each effect interval (mode at the point); one draw per effect shared by its placements',
      quotientDraws: 'per placement: displacement −U(0, max) with pDisplacement, diffusion U(0, max) with pDiffusion, else 0',
    },
    warnings,
  };
}

function collectWarnings(ctx: ScoreContext, prep: Prepared, unknownCosts: string[], sameCurrency: boolean): string[] {
  const w: string[] = [];
  const confirm = [...new Set(prep.slots.filter((s) => s.effect.confirm).map((s) => ctx.interventions.get(s.intervention)!.name))];
  if (confirm.length) w.push(`Effect figures to confirm (secondary source): ${confirm.join(', ')}.`);
  const assumed = [...new Set(prep.slots.filter((s) => s.effect.interval === 'assumed').map((s) => ctx.interventions.get(s.intervention)!.name))];
  if (assumed.length) w.push(`Effect intervals assumed (the evidence base gives a point only): ${assumed.join(', ')}.`);
  if (ctx.harm.confirm) w.push(`Harm weights from a secondary table (confirm): ${ctx.harm.name}.`);
  const guessed = ctx.offences.filter((m) => m.how === 'guess');
  if (guessed.length) w.push(`Offence categories guessed from the name: ${guessed.map((m) => `${m.offence} → ${m.category}`).join(', ')}. Check the mapping.`);
  const none = ctx.offences.filter((m) => m.how === 'none');
  if (none.length) w.push(`Offences with no category (not harm-weighted, only "all crime" evidence applies): ${none.map((m) => m.offence).join(', ')}.`);
  if (unknownCosts.length) w.push(`Unknown costs for placements ${unknownCosts.join(', ')}: totals and ratios leave them out or are not given.`);
  if (prep.placements.some((p) => p.cost.basis === 'example')) w.push('Some costs are illustrative examples, not prices.');
  if (ctx.crimeCosts && !sameCurrency) w.push(`Crime costs are in ${ctx.crimeCosts.currency}, the budget in ${ctx.plan.budget.currency}: no benefit–cost ratio.`);
  for (const p of prep.placements) {
    if (p.activeMonths === 0) w.push(`Placement ${p.placement.id} is not active within the horizon.`);
    if (p.rings === 0) w.push(`Placement ${p.placement.id} has no buffer: displacement and diffusion are not modelled for it.`);
  }
  w.push('Only spatial displacement into the buffer is modelled; temporal, tactical, target and offence displacement are not.');
  return w;
}
