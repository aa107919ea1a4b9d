/**
 * The Knox request: the kept incidents under a filter (engine) → events in a metric plane (the
 * source's projected x/y when it had them, else a local projection) → the Knox test with seeded
 * permutations, reporting progress and stopping at a cancel.
 */
import { spaceTimeEvents } from '../../analysis/repeats/events';
import { knoxTestAsync, type KnoxResult } from '../../analysis/repeats/knox';
import type { KnoxParams } from '../protocol';
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
