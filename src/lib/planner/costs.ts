/**
 * The cost of one placement over the planning horizon: a quoted total if the planner gave one,
 * else its cost model × footprint units × (capital + annual × years active in the horizon).
 * Capital counts only when the placement starts inside the horizon (earlier capital is sunk).
 * Costs are not discounted. A cost in another currency than the budget's counts as unknown.
 */
import { cellArea, UNITS } from 'h3-js';
import type { CostModel, Intervention } from './catalogue';
import type { Placement, Plan } from './plan';

/** Where a placement's cost came from. */
export type CostBasis = 'quote' | 'planner' | 'catalogue' | 'example' | 'unknown';

/** A placement's cost over the horizon. */
export interface PlacementCost {
  /** Total in the budget's currency; null when unknown. */
  total: number | null;
  basis: CostBasis;
  /** Footprint units the model was multiplied by (1 for a placement or a quote). */
  units: number;
  note?: string;
}

/** The cost model that applies to an intervention under a plan, and its basis. */
export function costModelFor(plan: Plan, iv: Intervention): { model: CostModel; basis: CostBasis } | null {
  if (plan.costs[iv.id]) return { model: plan.costs[iv.id], basis: 'planner' };
  if (iv.cost.capital !== null || iv.cost.annual !== null) return { model: iv.cost, basis: iv.source === 'planner' ? 'planner' : 'catalogue' };
  if (plan.assumptions.useExampleCosts && iv.exampleCost) return { model: iv.exampleCost, basis: 'example' };
  return null;
}

/** Cost of a placement treating `cells` for `activeMonths` of the horizon. */
export function placementCost(plan: Plan, p: Placement, iv: Intervention, cells: readonly string[], activeMonths: number, startsInside: boolean): PlacementCost {
  if (p.cost !== undefined) return { total: p.cost, basis: 'quote', units: 1 };
  const found = costModelFor(plan, iv);
  if (!found) return { total: null, basis: 'unknown', units: 0, note: `no cost given for ${iv.name}` };
  const { model, basis } = found;
  if (model.currency !== plan.budget.currency)
    return { total: null, basis, units: 0, note: `costed in ${model.currency ?? 'no currency'}, the budget in ${plan.budget.currency}` };
  const units = model.unit === 'placement' ? 1 : model.unit === 'cell' ? cells.length : cells.reduce((s, c) => s + cellArea(c, UNITS.km2), 0);
  const capital = startsInside && activeMonths > 0 ? (model.capital ?? 0) : 0;
  const total = units * (capital + ((model.annual ?? 0) * activeMonths) / 12);
  return { total, basis, units, ...(basis === 'example' ? { note: 'illustrative example cost, not a price' } : {}) };
}
