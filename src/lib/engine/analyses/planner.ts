/**
 * The planner's slow requests, run in the engine worker (and unchanged in Node): scoring a plan
 * (baseline from the kept incidents, then the seeded Monte Carlo of `scorePlan`), the budget
 * optimiser, and the before/after evaluation of an area. The plan crosses the worker boundary as
 * untrusted JSON and is validated here with `validatePlan`, as the CLI does; every parameter and
 * result is plain data (structured-clone friendly).
 */
import type { Baseline } from '../../planner/baseline';
import { planBaseline } from '../../planner/baseline-smoothed';
import { countAreas, type Area, type AreaCountResult } from '../../planner/area-counts';
import { evaluateCounts, type Evaluation } from '../../planner/evaluate';
import { optimisePlan, type Candidate, type OptimiseResult } from '../../planner/optimise';
import { validatePlan, type Plan } from '../../planner/plan';
import { scorePlan, type PlanScore } from '../../planner/score';
import type { Filter } from '../protocol';
import type { Ctx, IncidentService } from '../service';

/** Scoring: the plan as JSON, the data set's version (to reuse the baseline), optional seed and draws. */
export interface PlannerScoreParams {
  plan: unknown;
  dataVersion: number;
  seed?: number;
  draws?: number;
}

/** Optimising: candidates (interventions × places) and a budget in the plan's currency. */
export interface PlannerOptimiseParams {
  plan: unknown;
  dataVersion: number;
  candidates: Candidate[];
  budget: number;
  /** Largest group of interacting candidates enumerated exactly (default 12). */
  maxExactGroup?: number;
}

/** Evaluating: treated and control areas, buffers in metres, the start date and the incident filter. */
export interface PlannerEvaluateParams {
  treated: Area;
  control: Area;
  bufferM: number;
  controlBufferM?: number;
  date: string;
  windowDays?: number;
  filter: Filter;
}

/** What scoring returns: the score, the validator's warnings and the incidents the baseline read. */
export interface PlannerScoreOutcome {
  score: PlanScore;
  warnings: string[];
  rows: number;
  elapsedMs: number;
}

/** What optimising returns. */
export interface PlannerOptimiseOutcome {
  result: OptimiseResult;
  warnings: string[];
  elapsedMs: number;
}

/** What evaluating returns: the eight counts with periods and buffers, and the statistics. */
export interface PlannerEvaluateOutcome {
  counts: AreaCountResult;
  evaluation: Evaluation;
  rows: number;
}

/** The last baseline built, keyed by what it depends on (a new plan with the same data reuses it). */
let cache: { key: string; baseline: Baseline; rows: number } | null = null;

function validated(json: unknown): { plan: Plan; warnings: string[] } {
  const v = validatePlan(json);
  if (!v.ok) throw new Error(`The plan is not valid: ${v.errors.join(' ')}`);
  return { plan: v.value, warnings: v.warnings };
}

function baselineFor(s: IncidentService, plan: Plan, dataVersion: number): { baseline: Baseline; rows: number } {
  const d = plan.data;
  const key = JSON.stringify([dataVersion, d.res, d.offences ?? null, d.hours ?? null, d.weekdays ?? null, plan.baseline, plan.horizonMonths]);
  if (cache?.key === key) return cache;
  const filter: Filter = {};
  if (d.offences) filter.offences = d.offences;
  if (d.hours) filter.hours = d.hours;
  if (d.weekdays) filter.weekdays = d.weekdays;
  const cols = s.incidentColumns(filter, d.res);
  const baseline = planBaseline(cols, plan);
  cache = { key, baseline, rows: cols.n };
  return cache;
}

/** Scores a plan: baseline (cached), then the point estimate and the Monte Carlo intervals. */
export async function runPlannerScore(s: IncidentService, p: PlannerScoreParams, ctx: Ctx): Promise<PlannerScoreOutcome> {
  const t0 = performance.now();
  const { plan, warnings } = validated(p.plan);
  ctx.progress('Counting the baseline', 0.05);
  await ctx.checkpoint();
  const { baseline, rows } = baselineFor(s, plan, p.dataVersion);
  await ctx.checkpoint();
  const draws = p.draws ?? plan.monteCarlo.draws;
  ctx.progress(`Monte Carlo: ${draws.toLocaleString('en-GB')} draws`, 0.35);
  await ctx.checkpoint();
  const score = scorePlan(plan, baseline, { seed: p.seed, draws: p.draws });
  ctx.progress('Done', 1);
  return { score, warnings, rows, elapsedMs: performance.now() - t0 };
}

/** Chooses the placements that prevent the most harm within the budget, with the frontier. */
export async function runPlannerOptimise(s: IncidentService, p: PlannerOptimiseParams, ctx: Ctx): Promise<PlannerOptimiseOutcome> {
  const t0 = performance.now();
  if (p.candidates.length === 0) throw new Error('No candidates: choose at least one intervention and one place.');
  if (p.candidates.length > 2000) throw new Error(`${p.candidates.length} candidates are too many: at most 2,000 (fewer interventions or places).`);
  const { plan, warnings } = validated(p.plan);
  ctx.progress('Counting the baseline', 0.05);
  await ctx.checkpoint();
  const { baseline } = baselineFor(s, plan, p.dataVersion);
  ctx.progress(`Searching ${p.candidates.length} candidates`, 0.3);
  await ctx.checkpoint();
  const result = optimisePlan(plan, baseline, p.candidates, { budget: p.budget, maxExactGroup: p.maxExactGroup });
  ctx.progress('Done', 1);
  return { result, warnings, elapsedMs: performance.now() - t0 };
}

/** Counts before/after in the four areas and computes WDQ, TNE, WDD and the relative effect. */
export async function runPlannerEvaluate(s: IncidentService, p: PlannerEvaluateParams, ctx: Ctx): Promise<PlannerEvaluateOutcome> {
  ctx.progress('Reading incidents', 0.05);
  const rows = s.incidentColumns(p.filter, 9);
  await ctx.checkpoint();
  ctx.progress('Counting in the areas and buffers', 0.4);
  const counts = countAreas(rows, {
    treated: p.treated, control: p.control, bufferM: p.bufferM, controlBufferM: p.controlBufferM, date: p.date, windowDays: p.windowDays,
  });
  return { counts, evaluation: evaluateCounts(counts.counts), rows: rows.n };
}
