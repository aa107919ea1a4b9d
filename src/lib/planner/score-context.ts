/**
 * Everything scoring needs besides the kernel: the plan's interventions (catalogue plus its own),
 * offence categories, harm weights and crime costs per baseline offence, effect slots, and the
 * translation of placements into the kernel's local cells and time fractions.
 */
import { mergeCatalogue, effectFor, type Effect, type Intervention } from './catalogue';
import { addMonths, dayMs, type Baseline } from './baseline';
import { crimeCostTable, type CrimeCostTable } from './crime-costs';
import { bufferCells, bufferRings, cellSpacingM, footprintCells } from './footprint';
import { harmTable, type HarmTable } from './harm';
import { DEFAULT_MAPPINGS, mapOffences, type MappedOffence } from './offence-categories';
import type { Placement, Plan } from './plan';
import { placementCost, type PlacementCost } from './costs';
import { ScoreModel, type ModelPlacement } from './score-model';
import { meanQuotient } from './uncertainty';

/** One distinct effect figure in use (an intervention's effect), sampled once per Monte Carlo draw. */
export interface EffectSlot {
  intervention: string;
  effectIndex: number;
  effect: Effect & { point: number; low: number; high: number };
}

/** The plan resolved against its baseline. */
export interface ScoreContext {
  plan: Plan;
  baseline: Baseline;
  interventions: Map<string, Intervention>;
  /** Per baseline offence: its category and how it was mapped. */
  offences: MappedOffence[];
  harm: HarmTable;
  /** Harm weight per baseline offence (0 where the table has none). */
  harmWeight: Float64Array;
  crimeCosts: CrimeCostTable | null;
  /** Cost of crime per baseline offence (0 where the table has none). */
  crimeCost: Float64Array;
  /** The displacement quotient used for point estimates. */
  meanQ: number;
  horizon: { start: number; end: number };
}

/** Resolves the plan's tables against the baseline's offences. */
export function buildContext(plan: Plan, baseline: Baseline): ScoreContext {
  if (baseline.res !== plan.data.res) throw new RangeError(`The baseline is at resolution ${baseline.res}, the plan at ${plan.data.res}.`);
  if (baseline.horizonMonths !== plan.horizonMonths) throw new RangeError(`The baseline covers ${baseline.horizonMonths} months, the plan's horizon ${plan.horizonMonths}.`);
  const mapping = { ...(plan.data.mapping.base === 'none' ? {} : DEFAULT_MAPPINGS[plan.data.mapping.base]), ...plan.data.mapping.edits };
  const offences = mapOffences(baseline.offences, mapping);
  const harm = harmTable(plan.harm);
  const crimeCosts = crimeCostTable(plan.costOfCrime);
  const start = dayMs(plan.start);
  return {
    plan, baseline, offences, harm, crimeCosts,
    interventions: new Map(mergeCatalogue(plan.interventions).map((i) => [i.id, i])),
    harmWeight: Float64Array.from(offences, (m) => harm.weights[m.category] ?? 0),
    crimeCost: Float64Array.from(offences, (m) => crimeCosts?.costs[m.category]?.value ?? 0),
    meanQ: meanQuotient(plan.assumptions.displacement),
    horizon: { start, end: addMonths(start, plan.horizonMonths) },
  };
}

/** A placement resolved to cells, time and cost. */
export interface ResolvedPlacement {
  placement: Placement;
  intervention: Intervention;
  treated: string[];
  buffer: string[];
  rings: number;
  /** Metres the rings stand for (rings × cell spacing). */
  bufferM: number;
  activeMonths: number;
  cost: PlacementCost;
}

/** The kernel over a set of placements, with its local cells and effect slots. */
export interface Prepared {
  model: ScoreModel;
  cells: string[];
  slots: EffectSlot[];
  placements: ResolvedPlacement[];
}

/** Resolves a placement's cells, buffer, active time and cost. */
export function resolvePlacement(ctx: ScoreContext, p: Placement): ResolvedPlacement {
  const iv = ctx.interventions.get(p.intervention);
  if (!iv) throw new Error(`Placement "${p.id}": no intervention "${p.intervention}".`);
  const res = ctx.plan.data.res;
  const treated = footprintCells(p.footprint, res);
  const rings = bufferRings(p.bufferM ?? ctx.plan.assumptions.bufferM ?? iv.bufferM, res);
  const { start, end } = ctx.horizon;
  const ps = dayMs(p.start);
  const pe = addMonths(ps, p.months);
  const from = Math.min(Math.max(ps, start), end), to = Math.min(Math.max(pe, start), end);
  const activeMonths = ((to - from) / (end - start)) * ctx.plan.horizonMonths;
  return {
    placement: p, intervention: iv, treated, buffer: bufferCells(treated, rings), rings, bufferM: rings * cellSpacingM(res), activeMonths,
    cost: placementCost(ctx.plan, p, iv, treated, activeMonths, ps >= start && ps < end),
  };
}

/** Builds the kernel for `placements` (already resolved). */
export function prepare(ctx: ScoreContext, placements: ResolvedPlacement[]): Prepared {
  const { baseline } = ctx;
  const k = baseline.offences.length;
  const cells = [...new Set(placements.flatMap((r) => [...r.treated, ...r.buffer]))].sort();
  const local = new Map(cells.map((c, i) => [c, i]));
  const rowOf = new Map(baseline.cells.map((c, i) => [c, i]));
  const base = new Float64Array(cells.length * k);
  cells.forEach((c, i) => {
    const r = rowOf.get(c);
    if (r !== undefined) base.set(baseline.expected.subarray(r * k, r * k + k), i * k);
  });
  const slots: EffectSlot[] = [];
  const slotId = new Map<string, number>();
  const { start, end } = ctx.horizon;
  const model: ModelPlacement[] = placements.map((r) => {
    const slot = Int32Array.from(ctx.offences, (m) => {
      const e = effectFor(r.intervention, m.category);
      if (!e || e.point === null || e.low === null || e.high === null) return -1;
      const key = `${r.intervention.id}#${r.intervention.effects.indexOf(e)}`;
      let s = slotId.get(key);
      if (s === undefined) {
        slotId.set(key, (s = slots.length));
        slots.push({ intervention: r.intervention.id, effectIndex: r.intervention.effects.indexOf(e), effect: e as EffectSlot['effect'] });
      }
      return s;
    });
    const ps = dayMs(r.placement.start);
    const pe = addMonths(ps, r.placement.months);
    const frac = (t: number) => Math.min(1, Math.max(0, (t - start) / (end - start)));
    return {
      treated: Int32Array.from(r.treated, (c) => local.get(c)!), buffer: Int32Array.from(r.buffer, (c) => local.get(c)!),
      slot, from: frac(ps), to: frac(pe),
    };
  });
  return { model: new ScoreModel({ baseline: base, nCells: cells.length, nOffences: k, placements: model }), cells, slots, placements };
}

/** Point rate ratios of the slots. */
export function pointRatios(slots: EffectSlot[]): Float64Array {
  return Float64Array.from(slots, (s) => 1 + s.effect.point);
}
