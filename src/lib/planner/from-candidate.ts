/**
 * From diagnosis to response (issue #4, item 4): a repeat place or a near-repeat risk zone sent
 * by the Repeats tab (src/lib/analysis/repeats/candidates.ts) becomes a placement of the
 * catalogue intervention that carries its evidence:
 * - at the place itself (target hardening, patrol visits): the cell holding the address;
 * - its neighbours (cocooning): cells whose centres lie within NEIGHBOURS_M of it (at least its own);
 * - a risk zone: the cells whose centres lie inside the zone's outline (the union of its discs or
 *   diamonds), at least the cell of its centre; without the outline, a circle of the near-repeat
 *   distance around the centre.
 * A zone's measures last from the plan's start until its heightened risk ends (whole months,
 * at least one): near-repeat risk is short-lived (Polvi et al. 1991).
 */
import { latLngToCell, polygonToCells } from 'h3-js';
import type { Candidate, CandidateIntervention } from '../analysis/repeats/candidates';
import { NEIGHBOURS_M } from '../analysis/repeats/candidates';
import { dayMs, DAY, MONTH_DAYS } from './baseline';
import type { Footprint, Placement } from './plan';

/** A placement without its id (the state gives it one). */
export type PlacementDraft = Omit<Placement, 'id'>;

/** Whole months (at least 1, at most 120) from `start` to the end of `until`, both YYYY-MM-DD. */
export function monthsUntil(start: string, until: string): number {
  const days = (dayMs(until) - dayMs(start)) / DAY + 1;
  return Math.min(120, Math.max(1, Math.ceil(days / MONTH_DAYS)));
}

/** The footprint of one response to a candidate at resolution `res`. */
export function candidateFootprint(c: Candidate, iv: Pick<CandidateIntervention, 'scope'>, res: number): Footprint {
  if (iv.scope === 'place') return { type: 'address', lat: c.lat, lon: c.lon, address: c.name };
  if (iv.scope === 'neighbours') return { type: 'circle', lat: c.lat, lon: c.lon, radiusM: NEIGHBOURS_M };
  const a = c.area;
  if (a?.type === 'Polygon') return { type: 'polygon', coordinates: a.coordinates.map((ring) => ring.map((p): [number, number] => [p[0], p[1]])) };
  if (a?.type === 'MultiPolygon') {
    const cells = new Set<string>([latLngToCell(c.lat, c.lon, res)]);
    for (const poly of a.coordinates) for (const h of polygonToCells(poly as number[][][], res, true)) cells.add(h);
    return { type: 'cells', cells: [...cells].sort() };
  }
  return { type: 'circle', lat: c.lat, lon: c.lon, radiusM: Math.max(1, Math.min(20_000, c.radiusM ?? 200)) };
}

/**
 * The placement for response `kind` of candidate `c` under a plan starting `start` with a horizon
 * of `horizonMonths`. Throws if the candidate offers no such response.
 */
export function placementFromCandidate(c: Candidate, kind: CandidateIntervention['kind'], plan: { start: string; horizonMonths: number; data: { res: number } }): PlacementDraft {
  const iv = c.interventions.find((i) => i.kind === kind);
  if (!iv) throw new Error(`"${c.name}" offers no ${kind.replace('-', ' ')}.`);
  const months = c.until ? Math.min(plan.horizonMonths, monthsUntil(plan.start, c.until)) : plan.horizonMonths;
  const where = c.source === 'risk-zone' ? `${c.name} (until ${c.until})` : iv.scope === 'neighbours' ? `neighbours of ${c.name}` : c.name;
  return {
    intervention: iv.catalogueId, footprint: candidateFootprint(c, iv, plan.data.res), start: plan.start, months,
    label: `${iv.label}: ${where}`, agencies: [...iv.agencies],
  };
}
