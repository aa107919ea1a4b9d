/**
 * The plan: what the app saves and exports and what `cli score --plan` reads. One JSON document:
 * placements (intervention + footprint + start + months), the data selection and H3 resolution,
 * the baseline method, assumptions (displacement, buffers, costs), the harm table, the
 * cost-of-crime table, the budget and the Monte Carlo seed. `validatePlan` checks untrusted JSON
 * and fills defaults, returning messages that name the field at fault.
 */
import { getResolution, isValidCell } from 'h3-js';
import type { CostModel, Intervention } from './catalogue';
import { mergeCatalogue } from './catalogue';
import { Checker, describe, type Validated } from './check';
import type { CrimeCostChoice } from './crime-costs';
import type { HarmChoice } from './harm';
import { CATEGORIES, isCategory, type Category } from './offence-categories';
import { costModelFor } from './costs';
import { checkCost, checkIntervention } from './validate-intervention';

/** How the baseline is built: the constant recent rate, or the same smoothed over neighbouring cells (baseline-smoothed.ts). */
export type BaselineMethod = 'recent' | 'smoothed';

/** The plan format's version. */
export const PLAN_VERSION = 1;

/** Where a placement acts, in WGS 84 degrees; resolved to H3 cells at the plan's resolution. */
export type Footprint =
  /** H3 cells (hex) at the plan's resolution: clicked cells or picked hot spots. */
  | { type: 'cells'; cells: string[] }
  /** Cells whose centres lie within `radiusM` of a point (at least the cell holding it). */
  | { type: 'circle'; lat: number; lon: number; radiusM: number }
  /** The cell holding one address. */
  | { type: 'address'; lat: number; lon: number; address?: string }
  /** Cells within `widthM / 2` of a street segment ([lon, lat] vertices). */
  | { type: 'segment'; coordinates: [number, number][]; widthM: number }
  /** Cells whose centres lie inside a drawn polygon ([lon, lat] rings, first ring outer). */
  | { type: 'polygon'; coordinates: [number, number][][] };

/** One intervention placed on one footprint. */
export interface Placement {
  id: string;
  intervention: string;
  footprint: Footprint;
  /** First day the measure acts, YYYY-MM-DD. */
  start: string;
  /** How many months it acts (clipped to the plan's horizon). */
  months: number;
  label?: string;
  /** Responsible agencies (police, housing, social services, schools, transport, community groups …). */
  agencies?: string[];
  /** A quoted total cost in the budget's currency, replacing the cost model. */
  cost?: number;
  /** Buffer in metres for displacement and diffusion, replacing the intervention's default. */
  bufferM?: number;
}

/**
 * Displacement and diffusion of benefits into the buffer, as a quotient q of the treated area's
 * prevented incidents (q > 0 diffusion, q < 0 displacement, |q| ≤ 1 so displacement stays smaller
 * than the gain). Monte Carlo draws q per placement: displacement with probability
 * `pDisplacement` (q ~ −U(0, maxDisplacement)), diffusion with `pDiffusion` (q ~ U(0, maxDiffusion)),
 * otherwise 0. Defaults: frequencies from Guerette & Bowers (2009), Criminology 47(4) (displacement
 * in 26 %, diffusion in 27 % of 574 observations; displacement smaller than the effect); uniform
 * magnitudes are this planner's assumption. The point estimate uses the mean q.
 */
export interface DisplacementAssumption {
  pDisplacement: number;
  pDiffusion: number;
  maxDisplacement: number;
  maxDiffusion: number;
}

/** Offence mapping: a named default plus the planner's edits (offence name → category). */
export interface MappingChoice {
  base: 'demo' | 'chicago' | 'none';
  edits?: Record<string, Category>;
}

/** A plan document. */
export interface Plan {
  version: typeof PLAN_VERSION;
  name: string;
  description?: string;
  /** The incident selection the baseline is built from, and the H3 resolution of placements. */
  data: { res: number; offences?: string[]; hours?: number[]; weekdays?: number[]; mapping: MappingChoice };
  /** Baseline: counts in the last `windowMonths` before `asOf` (default: the data's last day), scaled. */
  baseline: { windowMonths: number; asOf?: string; method?: BaselineMethod };
  /** First day of the planning horizon and its length. */
  start: string;
  horizonMonths: number;
  placements: Placement[];
  /** The planner's own interventions, or edited copies of catalogue entries (same id replaces). */
  interventions: Intervention[];
  /** The planner's unit costs per intervention id. */
  costs: Record<string, CostModel>;
  assumptions: {
    displacement: DisplacementAssumption;
    /** One buffer in metres for every placement (else each intervention's default). */
    bufferM?: number;
    /** Use the catalogue's illustrative example costs where no cost is given (demonstrations only). */
    useExampleCosts: boolean;
  };
  harm: HarmChoice;
  costOfCrime: CrimeCostChoice;
  budget: { amount: number | null; currency: string };
  monteCarlo: { draws: number; seed: number };
}

/** Default displacement assumption (see DisplacementAssumption). */
export const DEFAULT_DISPLACEMENT: DisplacementAssumption = { pDisplacement: 0.26, pDiffusion: 0.27, maxDisplacement: 1, maxDiffusion: 1 };

/** A plan with every optional section at its default. */
export function defaultPlan(name: string, start: string, res = 9): Plan {
  return {
    version: PLAN_VERSION, name,
    data: { res, mapping: { base: 'none' } },
    baseline: { windowMonths: 12 },
    start, horizonMonths: 12, placements: [], interventions: [], costs: {},
    assumptions: { displacement: { ...DEFAULT_DISPLACEMENT }, useExampleCosts: false },
    harm: { index: 'cambridge-chi' },
    costOfCrime: { table: 'uk-home-office-2018' },
    budget: { amount: null, currency: 'GBP' },
    monteCarlo: { draws: 1000, seed: 1 },
  };
}

/** Validates plan JSON and fills defaults. Errors name the field; warnings do not block scoring. */
export function validatePlan(json: unknown): Validated<Plan> {
  const c = new Checker();
  if (!c.object(json, '')) return { ok: false, errors: c.errors, warnings: c.warnings };
  const v = json;
  if (v.version !== PLAN_VERSION) c.error('version', `must be ${PLAN_VERSION}, got ${describe(v.version)}.`);
  c.text(v.name, 'name');
  c.date(v.start, 'start');
  c.int(v.horizonMonths, 'horizonMonths', 1, 120);
  const plan = defaultPlan(typeof v.name === 'string' ? v.name : '', typeof v.start === 'string' ? v.start : '');
  plan.horizonMonths = v.horizonMonths as number;
  if (typeof v.description === 'string') plan.description = v.description;

  if (c.object(v.data, 'data')) {
    const d = v.data;
    if (c.int(d.res, 'data.res', 6, 11)) plan.data.res = d.res;
    if (d.offences !== undefined && c.array(d.offences, 'data.offences')) plan.data.offences = d.offences.filter((o): o is string => c.text(o, 'data.offences[]'));
    for (const [k, lo, hi] of [['hours', 0, 23], ['weekdays', 1, 7]] as const) {
      const xs = d[k];
      if (xs === undefined) continue;
      if (c.array(xs, `data.${k}`) && xs.every((x, i) => c.int(x, `data.${k}[${i}]`, lo, hi))) plan.data[k] = xs as number[];
    }
    if (d.mapping !== undefined && c.object(d.mapping, 'data.mapping')) {
      const m = d.mapping;
      if (c.oneOf(m.base, 'data.mapping.base', ['demo', 'chicago', 'none'] as const)) plan.data.mapping.base = m.base;
      if (m.edits !== undefined && c.object(m.edits, 'data.mapping.edits')) {
        for (const [k, cat] of Object.entries(m.edits))
          if (!isCategory(cat)) c.error(`data.mapping.edits[${JSON.stringify(k)}]`, `must be one of ${CATEGORIES.join(', ')}, got ${describe(cat)}.`);
        plan.data.mapping.edits = m.edits as Record<string, Category>;
      }
    }
  }
  if (v.baseline !== undefined && c.object(v.baseline, 'baseline')) {
    if (v.baseline.windowMonths !== undefined && c.int(v.baseline.windowMonths, 'baseline.windowMonths', 1, 120)) plan.baseline.windowMonths = v.baseline.windowMonths;
    if (v.baseline.asOf !== undefined && c.date(v.baseline.asOf, 'baseline.asOf')) plan.baseline.asOf = v.baseline.asOf;
    if (v.baseline.method !== undefined && c.oneOf(v.baseline.method, 'baseline.method', ['recent', 'smoothed'] as const)) plan.baseline.method = v.baseline.method;
  }

  if (v.interventions !== undefined && c.array(v.interventions, 'interventions'))
    v.interventions.forEach((x, i) => {
      const iv = checkIntervention(c, x, `interventions[${i}]`);
      if (iv) plan.interventions.push(iv);
    });
  const known = new Map(mergeCatalogue(plan.interventions).map((i) => [i.id, i]));
  if (v.costs !== undefined && c.object(v.costs, 'costs'))
    for (const [id, cm] of Object.entries(v.costs)) {
      if (!known.has(id)) c.error(`costs[${JSON.stringify(id)}]`, 'no intervention has this id.');
      const cost = checkCost(c, cm, `costs[${JSON.stringify(id)}]`);
      if (cost) plan.costs[id] = cost;
    }

  checkAssumptions(c, v.assumptions, plan);
  checkTables(c, v, plan);

  if (c.array(v.placements, 'placements')) {
    const ids = new Set<string>();
    v.placements.forEach((p, i) => {
      const path = `placements[${i}]`;
      const pl = checkPlacement(c, p, path, plan);
      if (!pl) return;
      if (ids.has(pl.id)) c.error(`${path}.id`, `"${pl.id}" is used by another placement.`);
      ids.add(pl.id);
      const iv = known.get(pl.intervention);
      if (!iv) c.error(`${path}.intervention`, `no intervention "${pl.intervention}" in the catalogue or the plan's own interventions.`);
      else if (iv.effects.every((e) => e.point === null))
        c.error(`${path}.intervention`, `"${iv.name}" has no effect figure in the evidence base: add an edited copy under "interventions" with an effect and its source.`);
      else checkCostKnown(c, path, pl, iv, plan);
      if (typeof plan.start === 'string' && pl.start < plan.start) c.warn(`${path}.start`, `starts before the plan (${plan.start}): only the part inside the horizon counts.`);
      plan.placements.push(pl);
    });
  }
  if (plan.assumptions.useExampleCosts) c.warn('assumptions.useExampleCosts', 'costs include illustrative examples that are not prices.');
  return c.errors.length === 0 ? { ok: true, value: plan, warnings: c.warnings } : { ok: false, errors: c.errors, warnings: c.warnings };
}

function checkAssumptions(c: Checker, a: unknown, plan: Plan): void {
  if (a === undefined || !c.object(a, 'assumptions')) return;
  if (a.displacement !== undefined && c.object(a.displacement, 'assumptions.displacement')) {
    const d = a.displacement;
    const out = { ...DEFAULT_DISPLACEMENT };
    for (const k of ['pDisplacement', 'pDiffusion', 'maxDisplacement', 'maxDiffusion'] as const)
      if (d[k] !== undefined && c.number(d[k], `assumptions.displacement.${k}`, 0, 1)) out[k] = d[k];
    if (out.pDisplacement + out.pDiffusion > 1) c.error('assumptions.displacement', `pDisplacement + pDiffusion must not exceed 1 (got ${out.pDisplacement + out.pDiffusion}).`);
    plan.assumptions.displacement = out;
  }
  if (a.bufferM !== undefined && c.number(a.bufferM, 'assumptions.bufferM', 0, 5000)) plan.assumptions.bufferM = a.bufferM;
  if (a.useExampleCosts !== undefined) {
    if (typeof a.useExampleCosts !== 'boolean') c.error('assumptions.useExampleCosts', 'must be true or false.');
    else plan.assumptions.useExampleCosts = a.useExampleCosts;
  }
}

function checkTables(c: Checker, v: Record<string, unknown>, plan: Plan): void {
  if (v.harm !== undefined && c.object(v.harm, 'harm') && c.oneOf(v.harm.index, 'harm.index', ['cambridge-chi', 'none', 'custom'] as const)) {
    if (v.harm.index === 'custom') {
      const h = v.harm;
      c.text(h.name, 'harm.name');
      c.text(h.unit, 'harm.unit');
      if (c.object(h.weights, 'harm.weights'))
        for (const [k, w] of Object.entries(h.weights)) {
          if (!isCategory(k)) c.error(`harm.weights.${k}`, 'is not an offence category.');
          if (w !== null) c.number(w, `harm.weights.${k}`, 0);
        }
    }
    plan.harm = v.harm as HarmChoice;
  }
  if (v.costOfCrime !== undefined && c.object(v.costOfCrime, 'costOfCrime')) {
    const t = v.costOfCrime;
    if (c.oneOf(t.table, 'costOfCrime.table', ['none', 'uk-home-office-2018', 'us-mccollister-2010', 'custom'] as const)) {
      const values = t.table === 'custom' ? t.costs : t.edits;
      if (t.table === 'custom') { c.text(t.name, 'costOfCrime.name'); c.text(t.currency, 'costOfCrime.currency'); }
      if (values !== undefined && c.object(values, t.table === 'custom' ? 'costOfCrime.costs' : 'costOfCrime.edits'))
        for (const [k, x] of Object.entries(values)) {
          if (!isCategory(k)) c.error(`costOfCrime.${k}`, 'is not an offence category.');
          if (x !== null) c.number(x, `costOfCrime.${k}`, 0);
        }
      plan.costOfCrime = t as CrimeCostChoice;
    }
  }
  if (v.budget !== undefined && c.object(v.budget, 'budget')) {
    if (v.budget.amount !== null && v.budget.amount !== undefined) c.number(v.budget.amount, 'budget.amount', 0);
    if (c.text(v.budget.currency, 'budget.currency')) plan.budget = { amount: (v.budget.amount as number | null | undefined) ?? null, currency: v.budget.currency };
  }
  if (v.monteCarlo !== undefined && c.object(v.monteCarlo, 'monteCarlo')) {
    if (v.monteCarlo.draws !== undefined && c.int(v.monteCarlo.draws, 'monteCarlo.draws', 0, 100_000)) plan.monteCarlo.draws = v.monteCarlo.draws;
    if (v.monteCarlo.seed !== undefined && c.int(v.monteCarlo.seed, 'monteCarlo.seed', 0, 4294967295)) plan.monteCarlo.seed = v.monteCarlo.seed;
  }
}

function checkCostKnown(c: Checker, path: string, p: Placement, iv: Intervention, plan: Plan): void {
  if (p.cost !== undefined) return;
  const cm = costModelFor(plan, iv)?.model;
  if (!cm) c.warn(`${path}`, `no cost for "${iv.name}": enter a quote (placement.cost) or a unit cost (costs["${iv.id}"]); its cost counts as unknown.`);
  else if (cm.currency && cm.currency !== plan.budget.currency) c.warn(`${path}`, `"${iv.name}" is costed in ${cm.currency}, the budget in ${plan.budget.currency}: convert it, or its cost counts as unknown.`);
}

function checkPlacement(c: Checker, v: unknown, path: string, plan: Plan): Placement | null {
  if (!c.object(v, path)) return null;
  const before = c.errors.length;
  c.text(v.id, `${path}.id`);
  c.text(v.intervention, `${path}.intervention`);
  const start = v.start ?? plan.start;
  c.date(start, `${path}.start`);
  const months = v.months ?? plan.horizonMonths;
  c.int(months, `${path}.months`, 1, 120);
  if (v.cost !== undefined) c.number(v.cost, `${path}.cost`, 0);
  if (v.bufferM !== undefined) c.number(v.bufferM, `${path}.bufferM`, 0, 5000);
  if (v.agencies !== undefined && c.array(v.agencies, `${path}.agencies`)) v.agencies.forEach((a, i) => c.text(a, `${path}.agencies[${i}]`));
  const fp = checkFootprint(c, v.footprint, `${path}.footprint`, plan.data.res);
  if (!fp || c.errors.length > before) return null;
  const out: Placement = { id: v.id as string, intervention: v.intervention as string, footprint: fp, start: start as string, months: months as number };
  if (typeof v.label === 'string') out.label = v.label;
  if (v.agencies) out.agencies = v.agencies as string[];
  if (v.cost !== undefined) out.cost = v.cost as number;
  if (v.bufferM !== undefined) out.bufferM = v.bufferM as number;
  return out;
}

function checkLonLat(c: Checker, p: unknown, path: string): boolean {
  if (!Array.isArray(p) || p.length < 2) { c.error(path, `must be a [lon, lat] pair, got ${describe(p)}.`); return false; }
  return c.number(p[0], `${path}[0] (longitude)`, -180, 180) && c.number(p[1], `${path}[1] (latitude)`, -90, 90);
}

function checkFootprint(c: Checker, v: unknown, path: string, res: number): Footprint | null {
  if (!c.object(v, path)) return null;
  if (!c.oneOf(v.type, `${path}.type`, ['cells', 'circle', 'address', 'segment', 'polygon'] as const)) return null;
  const before = c.errors.length;
  switch (v.type) {
    case 'cells':
      if (c.array(v.cells, `${path}.cells`)) {
        if (v.cells.length === 0) c.error(`${path}.cells`, 'must list at least one H3 cell.');
        v.cells.forEach((h, i) => {
          if (typeof h !== 'string' || !isValidCell(h)) c.error(`${path}.cells[${i}]`, `is not an H3 cell: ${describe(h)}.`);
          else if (getResolution(h) !== res) c.error(`${path}.cells[${i}]`, `is an H3 cell at resolution ${getResolution(h)}, the plan works at resolution ${res}.`);
        });
      }
      break;
    case 'circle':
    case 'address':
      c.number(v.lat, `${path}.lat`, -90, 90);
      c.number(v.lon, `${path}.lon`, -180, 180);
      if (v.type === 'circle') c.number(v.radiusM, `${path}.radiusM`, 1, 20_000);
      break;
    case 'segment':
      if (c.array(v.coordinates, `${path}.coordinates`)) {
        if (v.coordinates.length < 2) c.error(`${path}.coordinates`, 'a street segment needs at least two [lon, lat] points.');
        v.coordinates.forEach((p, i) => checkLonLat(c, p, `${path}.coordinates[${i}]`));
      }
      c.number(v.widthM, `${path}.widthM`, 1, 2000);
      break;
    case 'polygon':
      if (c.array(v.coordinates, `${path}.coordinates`)) {
        if (v.coordinates.length === 0) c.error(`${path}.coordinates`, 'a polygon needs an outer ring.');
        v.coordinates.forEach((ring, r) => {
          if (!c.array(ring, `${path}.coordinates[${r}]`)) return;
          if (ring.length < 4) c.error(`${path}.coordinates[${r}]`, 'a ring needs at least four [lon, lat] points, the last equal to the first.');
          ring.forEach((p, i) => checkLonLat(c, p, `${path}.coordinates[${r}][${i}]`));
        });
      }
      break;
  }
  return c.errors.length > before ? null : (v as unknown as Footprint);
}
