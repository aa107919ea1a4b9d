/**
 * Emerging hot spot analysis: space-time Gi* per bin of a space-time cube, the Mann-Kendall trend of
 * each location's z-scores, and the 17 pattern classes (emerging-patterns.ts).
 *
 * Space-time Gi* (Getis & Ord 1992; Ord & Getis 1995) as ArcGIS Pro's Emerging Hot Spot Analysis
 * computes it: each bin (cell i, step t) is compared with the whole cube, over the neighbourhood of
 * the cell itself and its spatial neighbours (k rings, weights as weights.ts) at step t and at the
 * `timeWindow` steps before it (fewer at the start). With N = cells × steps, x̄ and s² over all bins,
 * W = Σ w, S1 = Σ w² over the neighbourhood:  z = (Σ w x − W x̄) / (s √((N S1 − W²) / (N − 1))).
 * Trend: Mann (1945), Kendall (1975), mann-kendall.ts, on each location's z-scores.
 *
 * Result: per bin z, p (two-sided normal; null hypothesis: counts randomly arranged over all the
 * cube's bins), pAdjusted (Benjamini–Hochberg over all bins), bin −1/0/1 (cold / not / hot at
 * `alpha`, from pAdjusted when `fdr`); per location the pattern code, steps hot and cold, first and
 * last hot step, and the Mann-Kendall trend of its z-scores (null: no monotonic trend) and counts.
 *
 * Beside Esri's 17 patterns, which need a hot spot in ≥ 90 % of the steps before calling it
 * diminishing or historical, `change` flags what an analyst calls a fading or emerging hot spot in
 * any period (not an Esri class): fading (−1) = hot in at least two steps, not hot at the final step,
 * with a significant downward trend in its z-scores; emerging (1) = hot at the final step with a
 * significant upward trend.
 */
import { mannKendall } from './mann-kendall';
import { EMERGING_PATTERNS, classifyPattern } from './emerging-patterns';
import { benjaminiHochberg } from './fdr';
import { twoSidedP } from './normal';
import type { SpaceTimeCube } from './space-time-cube';
import type { ClassInfo, Ctx, MethodRecord } from './types';
import { ringWeights, type RingNeighbours, type SpatialWeights, type WeightScheme } from './weights';

export interface EmergingOptions {
  scheme?: WeightScheme;
  /** Earlier time steps in the neighbourhood (ArcGIS "neighborhood time step"; default 1). */
  timeWindow?: number;
  /** Decide hot/cold bins from FDR-adjusted p (default true). */
  fdr?: boolean;
  /** Significance level for hot/cold bins and for the trend (default 0.05). */
  alpha?: number;
}

export interface EmergingResult {
  cells: readonly string[];
  T: number;
  labels: string[];
  /** Per bin, cell-major [i * T + t]. */
  z: Float64Array;
  p: Float64Array;
  pAdjusted: Float64Array;
  bins: Int8Array;
  /** Per cell. */
  pattern: Int8Array;
  hotSteps: Uint16Array;
  coldSteps: Uint16Array;
  firstHot: Int32Array;
  lastHot: Int32Array;
  trendTau: Float64Array;
  trendZ: Float64Array;
  trendP: Float64Array;
  countTrendTau: Float64Array;
  countTrendP: Float64Array;
  /** 1 emerging, −1 fading, 0 neither (see the header; not an Esri class). */
  change: Int8Array;
  legend: readonly ClassInfo[];
  changeLegend: readonly ClassInfo[];
  method: MethodRecord;
  warnings: string[];
}

/** Legend of `change`. */
export const CHANGE_LEGEND: readonly ClassInfo[] = [
  { code: 1, key: 'emerging', label: 'Emerging hot spot', description: 'A hot spot at the final time step whose clustering has grown significantly over the period (Mann-Kendall trend of its z-scores).' },
  { code: -1, key: 'fading', label: 'Fading hot spot', description: 'A hot spot in at least two earlier time steps, no longer one at the final step, whose clustering has fallen significantly over the period.' },
  { code: 0, key: 'none', label: 'No significant change', description: 'Neither emerging nor fading.' },
];

const CITATION = 'Getis & Ord (1992); Ord & Getis (1995); Mann (1945); Kendall (1975); pattern classes of Esri ArcGIS Pro Emerging Hot Spot Analysis';

function spaceTimeZ(cube: SpaceTimeCube, w: SpatialWeights, tau: number, from: number, to: number, stats: { mean: number; s: number; N: number }, z: Float64Array, p: Float64Array, lagS: Float64Array): void {
  const { T, counts } = cube;
  const { offsets, index, weight, self, rowSum, rowSumSq } = w;
  const { mean, s, N } = stats;
  for (let i = from; i < to; i++) {
    const base = i * T;
    for (let t = 0; t < T; t++) lagS[t] = self[i] * counts[base + t];
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const jb = index[e] * T, we = weight[e];
      for (let t = 0; t < T; t++) lagS[t] += we * counts[jb + t];
    }
    let run = 0;
    for (let t = 0; t < T; t++) {
      run += lagS[t];
      if (t > tau) run -= lagS[t - tau - 1];
      const m = Math.min(t, tau) + 1;
      const W = m * rowSum[i], S1 = m * rowSumSq[i];
      const v = (N * S1 - W * W) / (N - 1);
      const zz = s > 0 && v > 0 ? (run - W * mean) / (s * Math.sqrt(v)) : NaN;
      z[base + t] = zz;
      p[base + t] = twoSidedP(zz);
    }
  }
}

function prepare(cube: SpaceTimeCube, nb: RingNeighbours, o: EmergingOptions) {
  const n = cube.cells.length, T = cube.T;
  if (nb.n !== n) throw new RangeError(`The neighbours are for ${nb.n} cells, the cube has ${n}.`);
  const tau = o.timeWindow ?? 1;
  if (!Number.isInteger(tau) || tau < 0) throw new RangeError(`The time window must be a whole number ≥ 0, got ${tau}`);
  const w = ringWeights(nb, { scheme: o.scheme ?? 'binary', includeSelf: true });
  const N = n * T;
  let sum = 0;
  for (let b = 0; b < N; b++) sum += cube.counts[b];
  const mean = sum / N;
  let dev = 0;
  for (let b = 0; b < N; b++) dev += (cube.counts[b] - mean) ** 2;
  return { n, T, tau, w, stats: { mean, s: Math.sqrt(dev / N), N }, z: new Float64Array(N), p: new Float64Array(N), lagS: new Float64Array(T) };
}

function finish(cube: SpaceTimeCube, nb: RingNeighbours, o: EmergingOptions, pr: ReturnType<typeof prepare>): EmergingResult {
  const { n, T, tau, z, p } = pr;
  const fdr = o.fdr ?? true, alpha = o.alpha ?? 0.05;
  const pAdjusted = benjaminiHochberg(p);
  const decide = fdr ? pAdjusted : p;
  const bins = new Int8Array(n * T);
  for (let b = 0; b < n * T; b++) bins[b] = decide[b] < alpha ? (z[b] > 0 ? 1 : z[b] < 0 ? -1 : 0) : 0;
  const pattern = new Int8Array(n), hotSteps = new Uint16Array(n), coldSteps = new Uint16Array(n);
  const firstHot = new Int32Array(n).fill(-1), lastHot = new Int32Array(n).fill(-1);
  const change = new Int8Array(n);
  const trendTau = new Float64Array(n), trendZ = new Float64Array(n), trendP = new Float64Array(n), countTrendTau = new Float64Array(n), countTrendP = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * T;
    for (let t = 0; t < T; t++) {
      const b = bins[base + t];
      if (b > 0) { hotSteps[i]++; if (firstHot[i] < 0) firstHot[i] = t; lastHot[i] = t; }
      else if (b < 0) coldSteps[i]++;
    }
    const mk = mannKendall(z, base, T);
    trendTau[i] = mk.tau; trendZ[i] = mk.z; trendP[i] = mk.p;
    const mc = mannKendall(cube.counts, base, T);
    countTrendTau[i] = mc.tau; countTrendP[i] = mc.p;
    pattern[i] = classifyPattern(bins.subarray(base, base + T), mk.S, mk.p, alpha);
    const last = bins[base + T - 1];
    if (mk.p < alpha && mk.S > 0 && last > 0) change[i] = 1;
    else if (mk.p < alpha && mk.S < 0 && last <= 0 && hotSteps[i] >= 2) change[i] = -1;
  }
  const warnings = [...cube.warnings];
  if (cube.counted < 30 * T) warnings.push(`Only ${cube.counted} incidents over ${T} steps: too few per step for reliable space-time hot spots.`);
  return {
    cells: cube.cells, T, labels: cube.labels, z, p, pAdjusted, bins, pattern, hotSteps, coldSteps, firstHot, lastHot,
    trendTau, trendZ, trendP, countTrendTau, countTrendP, change, legend: EMERGING_PATTERNS, changeLegend: CHANGE_LEGEND, warnings,
    method: {
      statistic: 'emerging', citation: CITATION,
      parameters: { k: nb.k, weights: pr.w.scheme, step: cube.step, steps: T, from: cube.labels[0], timeWindow: tau, fdr, alpha, cells: n },
      seed: null, classesFrom: `${fdr ? 'FDR-adjusted (Benjamini–Hochberg over all bins)' : 'unadjusted'} space-time Gi* p < ${alpha}; trend: Mann-Kendall p < ${alpha}`,
      notes: ['A hot spot needs significance in at least 90 % of the steps to be persistent, intensifying, diminishing or historical (Esri definitions).'],
    },
  };
}

/** Emerging hot spot analysis of a cube over ring neighbours. */
export function emergingHotSpots(cube: SpaceTimeCube, nb: RingNeighbours, o: EmergingOptions = {}): EmergingResult {
  const pr = prepare(cube, nb, o);
  spaceTimeZ(cube, pr.w, pr.tau, 0, pr.n, pr.stats, pr.z, pr.p, pr.lagS);
  return finish(cube, nb, o, pr);
}

/** The same with progress and cancellation (run it in a worker: large cubes take seconds). */
export async function emergingHotSpotsAsync(cube: SpaceTimeCube, nb: RingNeighbours, o: EmergingOptions, ctx: Ctx, chunk = 5000): Promise<EmergingResult> {
  const pr = prepare(cube, nb, o);
  for (let from = 0; from < pr.n; from += chunk) {
    ctx.progress('Space-time Gi*', from / pr.n);
    await ctx.checkpoint();
    spaceTimeZ(cube, pr.w, pr.tau, from, Math.min(pr.n, from + chunk), pr.stats, pr.z, pr.p, pr.lagS);
  }
  ctx.progress('Patterns', 1);
  return finish(cube, nb, o, pr);
}

/** A location's history in plain words (for a drill-down). */
export function describeLocation(r: EmergingResult, i: number): string {
  const label = r.legend.find((c) => c.code === r.pattern[i])?.label ?? 'No pattern detected';
  const step = r.method.parameters.step;
  const hist = r.hotSteps[i] ? `hot in ${r.hotSteps[i]} of ${r.T} ${step}s (first ${r.labels[r.firstHot[i]]}, last ${r.labels[r.lastHot[i]]})` : `never a hot spot`;
  const cold = r.coldSteps[i] ? `, cold in ${r.coldSteps[i]}` : '';
  const tr = r.trendP[i] < 0.05 ? (r.trendTau[i] > 0 ? 'rising' : 'falling') : 'no significant trend';
  const ch = r.change[i] ? ` ${r.changeLegend.find((c) => c.code === r.change[i])!.label}.` : '';
  return `${label}: ${hist}${cold}; clustering ${tr} (Mann-Kendall τ = ${r.trendTau[i].toFixed(2)}, p = ${r.trendP[i].toPrecision(2)}).${ch}`;
}
