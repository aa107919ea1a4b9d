/**
 * The Knox request: the kept incidents under a filter (engine) → events in a metric plane (the
 * source's projected x/y when it had them, else a local projection) → the Knox test with seeded
 * permutations, reporting progress and stopping at a cancel.
 */
import { spaceTimeEvents } from '../../analysis/repeats/events';
import { knoxTestAsync, type KnoxResult } from '../../analysis/repeats/knox';
import type { FeatureCollection } from 'geojson';
import { repeatPlaces, type RepeatPlacesResult } from '../../analysis/repeats/repeat-places';
import { evaluateRiskZones, riskZones, type RiskZoneEvaluation, type RiskZonesResult } from '../../analysis/repeats/risk-zones';
import { riskZonesGeoJson } from '../../analysis/repeats/zone-geojson';
import { polygonsOf } from '../../geo/point-in-polygon';
import type { Filter, KnoxParams } from '../protocol';
import type { Ctx, IncidentService } from '../service';

export async function runKnox(s: IncidentService, p: KnoxParams, ctx: Ctx): Promise<KnoxResult & { dropped: number }> {
  ctx.progress('Reading incidents', 0.02);
  const cols = s.incidentColumns(p.filter);
  const ev = spaceTimeEvents(cols);
  if (ev.n < 2) throw new Error('The Knox test needs at least two incidents with a place and a date under the current filters.');
  await ctx.checkpoint();
  const reach = p.spaceBands[p.spaceBands.length - 1];
  const est = estimateClosePairs(ev.x, ev.y, reach, p.metric);
  if (est > MAX_CLOSE_PAIRS)
    throw new Error(
      `About ${Math.round(est / 1e6)} million pairs of these ${ev.n.toLocaleString('en-GB')} incidents lie within ${reach} m of each other — too many to permute here ` +
        `(the limit is ${MAX_CLOSE_PAIRS / 1e6} million). Narrow the filters (one offence type, e.g. burglary; a shorter period) or use a smaller last distance band.`,
    );
  const r = await knoxTestAsync(ev, {
    spaceBands: p.spaceBands,
    timeBands: p.timeBands,
    samePlace: p.samePlace ?? undefined,
    metric: p.metric,
    permutations: p.permutations,
    seed: p.seed,
    onProgress: (f) => ctx.progress(`Permutations (${p.permutations})`, f),
    checkpoint: () => ctx.checkpoint(),
  });
  return { ...r, dropped: ev.dropped };
}

/** Close pairs the permutation loop can hold (memory: 4 bytes each; time: ~1 ns each per permutation). */
export const MAX_CLOSE_PAIRS = 40_000_000;

/**
 * Estimated number of pairs within `reach` metres: the neighbour counts of about 300 evenly
 * spaced events, scaled to all n(n−1)/2 pairs. Cheap (about 300 × n distance checks).
 */
export function estimateClosePairs(x: Float64Array, y: Float64Array, reach: number, metric: 'manhattan' | 'euclidean'): number {
  const n = x.length;
  const step = Math.max(1, Math.floor(n / 300));
  let found = 0, sampled = 0;
  for (let i = 0; i < n; i += step) {
    sampled++;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = Math.abs(x[i] - x[j]), dy = Math.abs(y[i] - y[j]);
      if ((metric === 'manhattan' ? dx + dy : Math.hypot(dx, dy)) < reach) found++;
    }
  }
  return sampled ? ((found / sampled) * n) / 2 : 0;
}

export interface RepeatParams {
  filter: Filter;
  windowDays: number;
  flagCount: number;
  flagDays: number;
}

/** Repeat places of the kept incidents under a filter (address key, or exact coordinates). */
export function runRepeats(s: IncidentService, p: RepeatParams): RepeatPlacesResult {
  const c = s.incidentColumns(p.filter);
  return repeatPlaces({ ms: c.ms, lat: c.lat, lon: c.lon, offence: c.offence, location: c.location }, { windowDays: p.windowDays, flagCount: p.flagCount, flagDays: p.flagDays, top: 100 });
}

export interface ZoneParams {
  filter: Filter;
  /** Distance (m) and days of heightened risk, e.g. from the Knox test's significant extent. */
  distance: number;
  days: number;
  metric: 'manhattan' | 'euclidean';
}

export interface ZoneOutcome {
  zones: Omit<RiskZonesResult, 'centres'>;
  geojson: FeatureCollection;
  evaluation: RiskZoneEvaluation;
}

/**
 * Near-repeat risk zones in force after the last incident day (incidents of the last `days` days),
 * and how such zones would have done over the last half of the data (hits vs area covered).
 */
export function runZones(s: IncidentService, p: ZoneParams): ZoneOutcome {
  const c = s.incidentColumns(p.filter);
  const ev = spaceTimeEvents(c);
  if (ev.n === 0) throw new Error('No incidents with a place and a date under the current filters.');
  const params = { distance: p.distance, days: p.days, metric: p.metric, basis: 'Knox test extent' };
  const z = riskZones(ev, params, { lookbackDays: Math.ceil(p.days) });
  const fc = riskZonesGeoJson(z, ev.toLonLat) as unknown as FeatureCollection;
  const boundary = s.boundary();
  const evaluation = evaluateRiskZones(ev, params, { study: boundary ? (polygonsOf(boundary) as number[][][][]) : null });
  const { centres: _c, ...zones } = z;
  return { zones, geojson: fc, evaluation };
}
