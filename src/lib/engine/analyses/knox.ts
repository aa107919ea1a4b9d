/**
 * The Knox request: the kept incidents under a filter (engine) → events in a metric plane (the
 * source's projected x/y when it had them, else a local projection) → the Knox test with seeded
 * permutations, reporting progress and stopping at a cancel. In the browser a large test is
 * prepared here (close pairs, observed table) and its permutations shared by the compute workers
 * (`IncidentService.knoxPermuter`); the table is the one a single thread gives for the seed.
 */
import { spaceTimeEvents } from '../../analysis/repeats/events';
import { finishAsync, KnoxRun, type KnoxResult } from '../../analysis/repeats/knox';
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
  ctx.progress('Finding close pairs', 0.05);
  await ctx.checkpoint();
  const run = new KnoxRun(ev, {
    spaceBands: p.spaceBands,
    timeBands: p.timeBands,
    samePlace: p.samePlace ?? undefined,
    metric: p.metric,
    permutations: p.permutations,
    seed: p.seed,
  });
  const stage = `Permutations (${p.permutations})`;
  const progress = () => ctx.progress(stage, run.done / Math.max(1, run.permutations));
  progress();
  await ctx.checkpoint();
  let workers = 0;
  if (s.knoxPermuter && run.closePairs * run.permutations >= PARALLEL_WORK) {
    // Meanwhile this worker is idle: it looks for a cancel every 50 ms and then stops the pool at once.
    const stop = new AbortController();
    let watching = true;
    void (async () => {
      while (watching) {
        await new Promise((r) => setTimeout(r, 50));
        if (watching) await ctx.checkpoint().catch((e: unknown) => stop.abort(e));
        if (stop.signal.aborted) break;
      }
    })();
    try {
      workers = await s.knoxPermuter(run.plan, knoxChunk(run.permutations), (from, counts) => { run.absorb(from, counts); progress(); }, stop.signal);
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      // A helper worker failed (e.g. out of memory): the permutations it did not return run here.
      console.warn(`Knox test: compute workers failed (${(e as Error).message}); going on in the engine worker.`);
    } finally {
      watching = false;
    }
  }
  await finishAsync(run, { checkpoint: () => ctx.checkpoint(), onProgress: () => progress() });
  return { ...run.result(), workers, dropped: ev.dropped };
}

/** Close pairs × permutations above which the compute workers share the permutations (below: ~0.1 s here). */
export const PARALLEL_WORK = 500_000_000;

/** Permutations per range handed to a compute worker: a multiple of 8 (one SIMD pass), about 60 ranges a run. */
export function knoxChunk(permutations: number): number {
  return Math.max(8, Math.round(permutations / 60 / 8) * 8);
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
