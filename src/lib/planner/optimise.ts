/**
 * Budget optimiser: from candidate placements (interventions × places), the set that maximises
 * expected harm prevented (point estimate, net of displacement) within a budget, and the
 * frontier of budget against harm prevented.
 *
 * Interactions: placements whose treated cells overlap combine multiplicatively, so their values
 * do not add. Candidates are grouped into connected components of treated-cell overlap. Between
 * groups values add: a buffer's displacement or diffusion is spread by the baseline before any
 * treatment, so it does not depend on what treats the cells it lands in — except where a cell's
 * expectation is floored at zero (diffusion larger than what is left). The chosen plan is
 * therefore scored jointly at the end, and a difference from the sum is reported. Method:
 * 1. each group of at most `maxExactGroup` candidates is enumerated exactly (every subset scored
 *    jointly); a larger group falls back to a greedy sequence (add the candidate with the best
 *    marginal harm per unit cost, re-scored jointly, until none adds harm), which is approximate;
 * 2. a multiple-choice knapsack by dynamic programming over costs in whole units picks at most
 *    one option per group (Sinha & Zoltners 1979, Operations Research 27(3)). The unit is the
 *    greatest common divisor of the whole-number costs when the table stays within `maxStates`
 *    (exact); otherwise costs are rounded up to a coarser unit (always within budget, approximate).
 * The result states which steps were exact. The DP gives the whole frontier at no extra cost.
 *
 * Cost: exact groups cost 2^n joint scorings each (n ≤ 12: ≤ 4,096); the DP is O(options ×
 * states). Typically well under a second; run it off the main thread in the app.
 */
import type { Baseline } from './baseline';
import type { Footprint, Placement, Plan } from './plan';
import { buildContext, pointRatios, prepare, resolvePlacement, type ResolvedPlacement, type ScoreContext } from './score-context';

/** One candidate: an intervention on a place. */
export interface Candidate {
  id: string;
  intervention: string;
  footprint: Footprint;
  label?: string;
  /** A quoted total cost (else the plan's cost model for the intervention). */
  cost?: number;
  bufferM?: number;
  start?: string;
  months?: number;
  agencies?: string[];
}

/** Options of the optimiser. */
export interface OptimiseOptions {
  budget: number;
  /** Largest group enumerated exactly (default 12). */
  maxExactGroup?: number;
  /** Most budget steps in the DP (default 100,000). */
  maxStates?: number;
  /** Most frontier points returned (default 200; evenly thinned beyond). */
  maxFrontier?: number;
}

/** One point of the budget–harm frontier. */
export interface FrontierPoint {
  /** Smallest budget reaching this harm (in currency, at the DP's cost unit). */
  budget: number;
  cost: number;
  harm: number;
  chosen: string[];
}

/** The optimiser's answer. */
export interface OptimiseResult {
  method: 'exact' | 'approximate';
  notes: string[];
  budget: number;
  chosen: string[];
  cost: number;
  harm: number;
  incidents: number;
  /** The chosen candidates as plan placements. */
  placements: Placement[];
  frontier: FrontierPoint[];
  groups: { candidates: string[]; method: 'enumerated' | 'greedy'; options: number }[];
  excluded: { id: string; reason: string }[];
  costUnit: number;
}

interface Option { mask: number[]; cost: number; units: number; harm: number; incidents: number }

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Connected components of candidates whose treated cells overlap (union–find). */
function groupsOf(rs: ResolvedPlacement[]): number[][] {
  const parent = rs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  rs.forEach((r, i) => {
    for (const c of r.treated) {
      const j = owner.get(c);
      if (j === undefined) owner.set(c, i);
      else parent[find(i)] = find(j);
    }
  });
  const byRoot = new Map<number, number[]>();
  rs.forEach((_, i) => byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), i]));
  return [...byRoot.values()];
}

/** Joint harm and incidents prevented by a subset of one group. */
function scorer(ctx: ScoreContext, rs: ResolvedPlacement[]) {
  const prep = prepare(ctx, rs);
  const ratio = pointRatios(prep.slots);
  const q = new Float64Array(rs.length).fill(ctx.meanQ);
  const base = prep.model.input.baseline;
  const k = ctx.offences.length;
  return (enabled: Uint8Array) => {
    const e = prep.model.evaluate(ratio, q, enabled).expected;
    let harm = 0, incidents = 0;
    for (let i = 0; i < base.length; i++) {
      const d = base[i] - e[i];
      incidents += d;
      harm += d * ctx.harmWeight[i % k];
    }
    return { harm, incidents };
  };
}

/** Options of one group: Pareto-efficient subsets (exact) or greedy prefixes (approximate). */
function groupOptions(ctx: ScoreContext, rs: ResolvedPlacement[], idx: number[], maxExact: number): { options: Option[]; method: 'enumerated' | 'greedy' } {
  const members = idx.map((i) => rs[i]);
  const score = scorer(ctx, members);
  const n = members.length;
  const cost = members.map((m) => m.cost.total!);
  const all: Option[] = [];
  if (n <= maxExact) {
    const en = new Uint8Array(n);
    for (let m = 0; m < 1 << n; m++) {
      let c = 0;
      for (let j = 0; j < n; j++) { en[j] = (m >> j) & 1; if (en[j]) c += cost[j]; }
      const s = score(en);
      all.push({ mask: idx.filter((_, j) => en[j]), cost: c, units: 0, ...s });
    }
  } else {
    const en = new Uint8Array(n);
    let cur = { harm: 0, incidents: 0 }, c = 0;
    all.push({ mask: [], cost: 0, units: 0, ...cur });
    for (;;) {
      let best = -1, bestRatio = 0, bestScore = cur;
      for (let j = 0; j < n; j++) {
        if (en[j]) continue;
        en[j] = 1;
        const s = score(en);
        en[j] = 0;
        const gain = s.harm - cur.harm;
        const ratio = gain <= 0 ? 0 : cost[j] === 0 ? Infinity : gain / cost[j];
        if (ratio > bestRatio) [best, bestRatio, bestScore] = [j, ratio, s];
      }
      if (best < 0) break;
      en[best] = 1;
      c += cost[best];
      cur = bestScore;
      all.push({ mask: idx.filter((_, j) => en[j]), cost: c, units: 0, ...cur });
    }
  }
  // Keep the Pareto front: cheaper first, each strictly better than every cheaper one.
  all.sort((a, b) => a.cost - b.cost || b.harm - a.harm);
  const front: Option[] = [];
  for (const o of all) if (front.length === 0 || o.harm > front[front.length - 1].harm + 1e-9) front.push(o);
  return { options: front, method: n <= maxExact ? 'enumerated' : 'greedy' };
}

/** Chooses placements from `candidates` within `opts.budget` (in the plan's budget currency). */
export function optimisePlan(plan: Plan, baseline: Baseline, candidates: Candidate[], opts: OptimiseOptions): OptimiseResult {
  const { budget } = opts;
  if (!(budget >= 0) || !Number.isFinite(budget)) throw new RangeError(`The budget must be a number ≥ 0, got ${budget}`);
  const maxExact = opts.maxExactGroup ?? 12;
  const maxStates = opts.maxStates ?? 100_000;
  const ctx = buildContext(plan, baseline);
  const notes: string[] = [];
  const excluded: { id: string; reason: string }[] = [];
  const seen = new Set<string>();
  const usable: { cand: Candidate; placement: Placement; r: ResolvedPlacement }[] = [];
  for (const cand of candidates) {
    if (seen.has(cand.id)) throw new Error(`Two candidates share the id "${cand.id}".`);
    seen.add(cand.id);
    const placement: Placement = {
      id: cand.id, intervention: cand.intervention, footprint: cand.footprint, start: cand.start ?? plan.start, months: cand.months ?? plan.horizonMonths,
      ...(cand.label ? { label: cand.label } : {}), ...(cand.cost !== undefined ? { cost: cand.cost } : {}),
      ...(cand.bufferM !== undefined ? { bufferM: cand.bufferM } : {}), ...(cand.agencies ? { agencies: cand.agencies } : {}),
    };
    const r = resolvePlacement(ctx, placement);
    if (r.cost.total === null) excluded.push({ id: cand.id, reason: `unknown cost (${r.cost.note ?? 'no cost model'})` });
    else if (r.cost.total > budget) excluded.push({ id: cand.id, reason: 'costs more than the whole budget' });
    else usable.push({ cand, placement, r });
  }
  const rs = usable.map((u) => u.r);
  const groups = groupsOf(rs).map((idx) => ({ idx, ...groupOptions(ctx, rs, idx, maxExact) }));
  let method: OptimiseResult['method'] = 'exact';
  const greedy = groups.filter((g) => g.method === 'greedy');
  if (greedy.length) {
    method = 'approximate';
    notes.push(`${greedy.length} group(s) of more than ${maxExact} interacting candidates (largest ${Math.max(...greedy.map((g) => g.idx.length))}) were searched greedily: approximate within those groups.`);
  }

  // Cost unit: gcd of whole-number costs if the table stays small enough, else a coarser unit with costs rounded up.
  const costs = rs.map((r) => r.cost.total!);
  const whole = costs.every((c) => Number.isInteger(c));
  let unit = whole ? costs.filter((c) => c > 0).reduce(gcd, 0) || 1 : 0;
  const cellsBudget = Math.floor(5e6 / Math.max(1, groups.length)); // choice table ≤ 20 MB
  const limit = Math.max(1, Math.min(maxStates, cellsBudget));
  if (!whole || budget / unit > limit) {
    unit = Math.max(unit, budget / limit);
    method = 'approximate';
    notes.push(`Costs rounded up to units of ${unit.toFixed(2)} ${plan.budget.currency} to keep the search table small: every plan found fits the budget, but one that fits only with exact costs may be missed.`);
  }
  const unitsOf = (i: number) => Math.ceil(costs[i] / unit - 1e-9);
  const S = Math.floor(budget / unit + 1e-9);
  for (const g of groups) for (const o of g.options) o.units = o.mask.reduce((s, i) => s + unitsOf(i), 0);

  // Multiple-choice knapsack: dp[b] = best harm with at most b units; choice[g][b] = option taken.
  let dp = new Float64Array(S + 1);
  const choice = groups.map(() => new Int32Array(S + 1).fill(-1));
  groups.forEach((g, gi) => {
    const next = Float64Array.from(dp);
    g.options.forEach((o, oi) => {
      if (o.mask.length === 0 || o.units > S) return;
      for (let b = o.units; b <= S; b++) {
        const v = dp[b - o.units] + o.harm;
        if (v > next[b] + 1e-12) { next[b] = v; choice[gi][b] = oi; }
      }
    });
    dp = next;
  });
  const pick = (b: number): Option[] => {
    const out: Option[] = [];
    for (let gi = groups.length - 1; gi >= 0; gi--) {
      const oi = choice[gi][b];
      if (oi < 0) continue;
      const o = groups[gi].options[oi];
      out.push(o);
      b -= o.units;
    }
    return out;
  };
  const summary = (os: Option[]) => ({
    chosen: os.flatMap((o) => o.mask.map((i) => usable[i].cand.id)).sort(),
    cost: os.reduce((s, o) => s + o.cost, 0), harm: os.reduce((s, o) => s + o.harm, 0), incidents: os.reduce((s, o) => s + o.incidents, 0),
  });
  const best = summary(pick(S));
  let frontier: FrontierPoint[] = [];
  for (let b = 0; b <= S; b++)
    if (b === 0 ? dp[0] > 0 : dp[b] > dp[b - 1] + 1e-9) {
      const s = summary(pick(b));
      frontier.push({ budget: b * unit, cost: s.cost, harm: s.harm, chosen: s.chosen });
    }
  const maxF = opts.maxFrontier ?? 200;
  if (frontier.length > maxF) {
    const step = (frontier.length - 1) / (maxF - 1);
    frontier = Array.from({ length: maxF }, (_, i) => frontier[Math.round(i * step)]);
  }
  if (excluded.length) notes.push(`${excluded.length} candidate(s) left out: see "excluded".`);
  const chosenSet = new Set(best.chosen);
  const chosen = usable.filter((u) => chosenSet.has(u.cand.id));
  if (chosen.length) {
    const joint = scorer(ctx, chosen.map((u) => u.r))(new Uint8Array(chosen.length).fill(1));
    if (Math.abs(joint.harm - best.harm) > 1e-9 * Math.max(1, Math.abs(best.harm))) {
      method = 'approximate';
      notes.push(`Scored jointly, the chosen plan prevents ${joint.harm.toFixed(2)} harm units, not the ${best.harm.toFixed(2)} its groups add to (diffusion floored at zero where buffers meet): approximate.`);
      Object.assign(best, { harm: joint.harm, incidents: joint.incidents });
    }
  }
  return {
    method, notes, budget, ...best,
    placements: chosen.map((u) => u.placement),
    frontier, excluded, costUnit: unit,
    groups: groups.map((g) => ({ candidates: g.idx.map((i) => usable[i].cand.id), method: g.method, options: g.options.length })),
  };
}

/** Candidates for every intervention on every place (ids `intervention@place`). */
export function candidateGrid(interventions: string[], places: { id: string; footprint: Footprint; label?: string }[]): Candidate[] {
  return interventions.flatMap((iv) => places.map((p) => ({ id: `${iv}@${p.id}`, intervention: iv, footprint: p.footprint, label: p.label ?? p.id })));
}
