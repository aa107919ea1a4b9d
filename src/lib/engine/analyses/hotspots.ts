/**
 * The hot-spot request: the study-area counts under a filter (engine) → ring neighbours →
 * Gi*, Gi or local Moran (pure analysis) with the global Moran's I, and the method record.
 * Runs in the engine worker and, unchanged, in Node (CLI, tests).
 */
import { getisOrdAsync } from '../../analysis/hotspots/getis-ord';
import { globalMoran, type GlobalMoranResult } from '../../analysis/hotspots/global-moran';
import { localMoranAsync } from '../../analysis/hotspots/local-moran';
import type { LocalResult } from '../../analysis/hotspots/types';
import { scaleSensitivity, type ScaleResult } from '../../analysis/hotspots/scale';
import { ringNeighbours, suggestK, type RingNeighbours } from '../../analysis/hotspots/weights';
import type { HotspotParams } from '../protocol';
import type { Ctx, IncidentService } from '../service';

/** A local statistic's result with the global statistic and how k was chosen. */
export interface HotspotOutcome {
  result: LocalResult;
  global: GlobalMoranResult;
  k: number;
  /** Plain-language reason for the default k (also when the user set k: what the default would be). */
  kExplanation: string;
  counts: Uint32Array;
}

/**
 * Ring neighbours are costly for large study areas; the last study area's are kept per k (the
 * study area is the same whatever the filter, so a filter change reuses them).
 */
let cache: { key: string; byK: Map<number, RingNeighbours> } | null = null;

function neighbours(cells: readonly string[], k: number): RingNeighbours {
  const key = `${cells.length}:${cells[0]}:${cells[cells.length - 1]}`;
  if (cache?.key !== key) cache = { key, byK: new Map() };
  let nb = cache.byK.get(k);
  if (!nb) cache.byK.set(k, (nb = ringNeighbours(cells, k)));
  return nb;
}

/** Runs the requested statistic; long permutation runs report progress and can be cancelled. */
export async function runHotspots(s: IncidentService, p: HotspotParams, ctx: Ctx): Promise<HotspotOutcome> {
  if (p.k !== null && (!Number.isInteger(p.k) || p.k < 1 || p.k > 10)) throw new RangeError(`k must be a whole number 1–10, got ${p.k}`);
  if (!Number.isInteger(p.permutations) || p.permutations < 0 || p.permutations > 99_999) throw new RangeError(`Permutations must be 0–99,999, got ${p.permutations}`);
  ctx.progress('Counting incidents per cell', 0.05);
  const agg = s.aggregate(p.res, p.filter);
  const suggested = suggestK(agg.total, agg.cells.length, p.res);
  const k = p.k ?? suggested.k;
  ctx.progress('Finding neighbours', 0.15);
  await ctx.checkpoint();
  const nb = neighbours(agg.cells, k);
  const data = { cells: agg.cells, counts: agg.counts };
  ctx.progress(p.permutations > 0 ? `${p.permutations} permutations` : 'Computing', 0.3);
  const opts = { scheme: p.weights, fdr: p.fdr, permutations: p.permutations, seed: p.seed };
  const result = p.method === 'local-moran' ? await localMoranAsync(data, nb, opts, ctx) : await getisOrdAsync(data, nb, { ...opts, star: p.method === 'gistar' }, ctx);
  const global = globalMoran(agg.counts, nb, { scheme: p.weights });
  result.method.filter = p.filter;
  result.method.data = { ...result.method.data, res: p.res, cells: agg.cells.length, total: agg.total };
  const kExplanation = p.k === null ? suggested.explanation : `k = ${k}, set by you. ${suggested.explanation.replace(/^k = \d+:/, `The data-driven default would be k = ${suggested.k}:`)}`;
  return { result, global, k, kExplanation, counts: agg.counts };
}

/** Parameters of a scale-sensitivity check around the current resolution and k. */
export interface ScaleParams {
  res: number;
  k: number;
  filter: import('../protocol').Filter;
  fdr: boolean;
}

/**
 * Gi* at the resolutions around `res` (±1, within 6–11) and k = 1 … 3, summarised per cell of
 * the reference run: how often it is a hot or cold spot, and how often its class agrees.
 */
export async function runScale(s: IncidentService, p: ScaleParams, ctx: Ctx): Promise<ScaleResult> {
  const resolutions = [p.res - 1, p.res, p.res + 1].filter((r) => r >= 6 && r <= 11);
  const byRes = new Map<number, { cells: readonly string[]; counts: Uint32Array }>();
  for (const r of resolutions) {
    const a = s.aggregate(r, p.filter);
    byRes.set(r, { cells: a.cells, counts: a.counts });
  }
  await ctx.checkpoint();
  ctx.progress('Gi* at every resolution and k', 0.3);
  const runs = resolutions.flatMap((res) => [1, 2, 3].map((k) => ({ res, k })));
  return scaleSensitivity(byRes, { res: p.res, k: p.k }, runs, { fdr: p.fdr });
}
