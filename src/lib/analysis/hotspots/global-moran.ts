/**
 * Global Moran's I with its moments under randomisation.
 *
 * Moran, P. A. P. (1950) Biometrika 37:17–23; moments from Cliff, A. D. & Ord, J. K. (1981)
 * Spatial Processes, Pion, pp. 21–23 — as R spdep `moran.test(randomisation = TRUE)`.
 *
 *   I = (n / S0) Σ_i Σ_j w_ij z_i z_j / Σ_i z_i²,   E[I] = −1 / (n − 1),
 *   Var[I] = [n((n² − 3n + 3) S1 − n S2 + 3 S0²) − K((n² − n) S1 − 2n S2 + 6 S0²)] / ((n − 1)(n − 2)(n − 3) S0²) − E[I]²
 * with S0 = Σ w_ij, S1 = ½ Σ (w_ij + w_ji)², S2 = Σ_i (w_i· + w_·i)², K = n Σ z⁴ / (Σ z²)².
 * Cells without a neighbour (islands) are left out of n (spdep's `adjust.n = TRUE`); the mean,
 * Σ z², Σ z⁴ and the n in K still run over every cell, as in spdep.
 * Null hypothesis of p (two-sided normal): the values are randomly arranged over the cells.
 */
import { twoSidedP } from './normal';
import { ringWeights, spatialLag, type RingNeighbours, type WeightScheme } from './weights';

export interface GlobalMoranResult {
  I: number;
  expected: number;
  variance: number;
  z: number;
  p: number;
  /** Cells with at least one neighbour. */
  n: number;
  S0: number;
  S1: number;
  S2: number;
  k: number;
  scheme: WeightScheme;
  rowStandardised: boolean;
}

/** Global Moran's I of `x` over ring weights (row-standardised by default, self excluded). */
export function globalMoran(x: ArrayLike<number>, nb: RingNeighbours, o: { scheme?: WeightScheme; rowStandardise?: boolean } = {}): GlobalMoranResult {
  const scheme = o.scheme ?? 'binary';
  const rowStandardised = o.rowStandardise ?? true;
  const w = ringWeights(nb, { scheme, rowStandardise: rowStandardised });
  const all = w.n;
  let mean = 0;
  for (let i = 0; i < all; i++) mean += x[i];
  mean /= all;
  const z = Float64Array.from({ length: all }, (_, i) => x[i] - mean);
  let m2 = 0, m4 = 0, islands = 0;
  for (let i = 0; i < all; i++) {
    m2 += z[i] * z[i];
    m4 += z[i] ** 4;
    if (w.offsets[i + 1] === w.offsets[i]) islands++;
  }
  const n = all - islands;
  const lag = spatialLag(w, z);
  let cross = 0;
  for (let i = 0; i < all; i++) cross += z[i] * lag[i];
  // S0, S1, S2; the ring structure is symmetric, so w_ji is found by binary search in row j.
  const { offsets, index, weight } = w;
  const colSum = new Float64Array(all);
  let S0 = 0, S1 = 0;
  for (let i = 0; i < all; i++)
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = index[e];
      S0 += weight[e];
      colSum[j] += weight[e];
      let lo = offsets[j], hi = offsets[j + 1] - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (index[mid] < i) lo = mid + 1; else hi = mid; }
      const wji = index[lo] === i ? weight[lo] : 0;
      S1 += (weight[e] + wji) ** 2;
    }
  S1 /= 2;
  let S2 = 0;
  for (let i = 0; i < all; i++) S2 += (w.rowSum[i] + colSum[i]) ** 2;
  const I = (n / S0) * (cross / m2);
  const E = -1 / (n - 1);
  // spdep's kurtosis runs over every cell (length(x)), islands included.
  const K = (all * m4) / (m2 * m2);
  const S02 = S0 * S0;
  const num = n * ((n * n - 3 * n + 3) * S1 - n * S2 + 3 * S02) - K * ((n * n - n) * S1 - 2 * n * S2 + 6 * S02);
  const variance = num / ((n - 1) * (n - 2) * (n - 3) * S02) - E * E;
  const zz = (I - E) / Math.sqrt(variance);
  return { I, expected: E, variance, z: zz, p: twoSidedP(zz), n, S0, S1, S2, k: nb.k, scheme, rowStandardised };
}
