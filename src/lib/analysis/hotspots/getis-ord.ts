/**
 * Getis-Ord local statistics Gi* and Gi over study-area H3 cells.
 *
 * Getis, A. & Ord, J. K. (1992) The analysis of spatial association by use of distance statistics.
 * Geographical Analysis 24(3):189–206. Ord, J. K. & Getis, A. (1995) Local spatial autocorrelation
 * statistics: distributional issues and an application. Geographical Analysis 27(4):286–306.
 *
 * Inputs: cells with counts (zeros included), their ring neighbours, a weight scheme (binary,
 * triangular, quartic, gaussian; see weights.ts). Gi* includes the cell itself (w_ii = 1), Gi does not.
 *
 * z-scores use Ord & Getis's (1995) moments, valid for any non-negative weights (not only binary):
 *   Gi*: z_i = (Σ_j w_ij x_j − W_i x̄) / (s √((n S1_i − W_i²) / (n − 1))),
 *        x̄ and s² = Σ (x_j − x̄)² / n over all n cells;
 *   Gi:  z_i = (Σ_{j≠i} w_ij x_j − W_i x̄_(i)) / (s_(i) √(((n − 1) S1_i − W_i²) / (n − 2))),
 *        x̄_(i), s²_(i) over the n − 1 other cells;
 * W_i = Σ_j w_ij, S1_i = Σ_j w_ij² (R spdep `localG` computes exactly these).
 *
 * Result fields (LocalResult): value = G_i* = Σ_j w_ij x_j / Σ_j x_j (Gi: both sums over j ≠ i);
 * z; p = two-sided normal p of z; pSim = folded conditional-permutation pseudo p (optional);
 * pAdjusted = Benjamini–Hochberg across all cells; classCode = hot/cold bin −3 … 3.
 * Null hypothesis of p: the counts are spatially random — each cell's neighbourhood sum is what a
 * random arrangement of the same counts over the study area would give (normal approximation).
 * Null hypothesis of pSim: the cell's own count fixed, the other counts randomly rearranged.
 */
import { classP, permutationFdrWarning, hotColdBins, hotColdLegend, pSourceWords } from './classes';
import { twoSidedP } from './normal';
import { conditionalPermutation, conditionalPermutationAsync, type PermutationResult } from './permutation';
import { countWarnings, type CellValues, type Ctx, type LocalResult } from './types';
import { ringWeights, type RingNeighbours, type SpatialWeights, type WeightScheme } from './weights';

export interface GetisOrdOptions {
  /** Gi* (self included, default) or Gi. */
  star?: boolean;
  scheme?: WeightScheme;
  /** Classes from FDR-adjusted p (default false). pAdjusted is reported either way. */
  fdr?: boolean;
  /** Conditional permutations (0 = analytic only, default). */
  permutations?: number;
  seed?: number;
}

export interface GetisOrdResult extends LocalResult {
  /** Expected neighbourhood sum W_i x̄ under the null. */
  expected: Float64Array;
  /** Neighbourhood sum Σ_j w_ij x_j (what the map's drill-down shows as "neighbours' counts"). */
  lag: Float64Array;
}

const CITATION = 'Getis & Ord (1992) Geographical Analysis 24:189–206; Ord & Getis (1995) Geographical Analysis 27:286–306';

interface Analytic { w: SpatialWeights; x: Float64Array; value: Float64Array; z: Float64Array; p: Float64Array; expected: Float64Array; lag: Float64Array }

function analytic(data: CellValues, nb: RingNeighbours, star: boolean, scheme: WeightScheme): Analytic {
  const n = data.cells.length;
  if (nb.n !== n) throw new RangeError(`The neighbours are for ${nb.n} cells, the data has ${n}.`);
  const x = Float64Array.from(data.counts);
  const w = ringWeights(nb, { scheme, includeSelf: star });
  let sum = 0, sumSq = 0;
  for (let i = 0; i < n; i++) { sum += x[i]; sumSq += x[i] * x[i]; }
  const mean = sum / n;
  let dev2 = 0;
  for (let i = 0; i < n; i++) dev2 += (x[i] - mean) ** 2;
  const s2 = dev2 / n;
  const value = new Float64Array(n), z = new Float64Array(n), p = new Float64Array(n), expected = new Float64Array(n), lag = new Float64Array(n);
  const { offsets, index, weight, self, rowSum, rowSumSq } = w;
  for (let i = 0; i < n; i++) {
    let l = self[i] * x[i];
    for (let e = offsets[i]; e < offsets[i + 1]; e++) l += weight[e] * x[index[e]];
    const Wi = rowSum[i], S1 = rowSumSq[i];
    let xbar: number, v: number, denom: number;
    if (star) {
      xbar = mean;
      v = (s2 * (n * S1 - Wi * Wi)) / (n - 1);
      denom = sum;
    } else {
      xbar = (sum - x[i]) / (n - 1);
      const si2 = (sumSq - x[i] * x[i]) / (n - 1) - xbar * xbar;
      v = (si2 * ((n - 1) * S1 - Wi * Wi)) / (n - 2);
      denom = sum - x[i];
    }
    lag[i] = l;
    expected[i] = Wi * xbar;
    value[i] = denom > 0 ? l / denom : NaN;
    z[i] = v > 0 ? (l - Wi * xbar) / Math.sqrt(v) : NaN;
    p[i] = twoSidedP(z[i]);
  }
  return { w, x, value, z, p, expected, lag };
}

function permutationInput(a: Analytic, o: GetisOrdOptions) {
  // Permute the neighbours' counts only; the cell's own term (Gi*) is held fixed.
  const observed = new Float64Array(a.x.length);
  for (let i = 0; i < observed.length; i++) observed[i] = a.lag[i] - a.w.self[i] * a.x[i];
  return { w: a.w, values: a.x, observed, permutations: o.permutations!, seed: o.seed ?? 0 };
}

function finish(data: CellValues, a: Analytic, o: GetisOrdOptions, perm: PermutationResult | null): GetisOrdResult {
  const star = o.star ?? true;
  const fdr = o.fdr ?? false;
  const { pAdjusted, pClass, source } = classP(a.p, perm?.pSim ?? null, fdr);
  const via = pSourceWords(source);
  const warnings = [...countWarnings(a.x), ...permutationFdrWarning(perm?.permutations ?? 0, a.x.length, fdr)];
  if (a.z.some(Number.isNaN)) warnings.push('Some z-scores are undefined (every count equal, or a neighbourhood covering the whole study area).');
  return {
    cells: data.cells, x: a.x, value: a.value, z: a.z, p: a.p, pSim: perm?.pSim ?? null, pAdjusted,
    classCode: hotColdBins(a.z, pClass), legend: hotColdLegend(via, star), pSource: source,
    expected: a.expected, lag: a.lag, warnings,
    method: {
      statistic: star ? 'gistar' : 'gi', citation: CITATION,
      parameters: { k: a.w.k, weights: a.w.scheme, includeSelf: star, fdr, permutations: perm?.permutations ?? 0, cells: a.x.length },
      seed: perm ? perm.seed : null, classesFrom: via,
      notes: [
        'Variance of Ord & Getis (1995), valid for non-binary weights.',
        'p two-sided under the normal approximation; pAdjusted is the Benjamini–Hochberg FDR across all cells.',
        ...(perm ? ['pSim: folded conditional-permutation pseudo p, (M + 1) / (R + 1); classes use min(1, 2 pSim).'] : []),
      ],
    },
  };
}

/** Gi* (default) or Gi over the cells, analytic and optionally with permutations. */
export function getisOrd(data: CellValues, nb: RingNeighbours, o: GetisOrdOptions = {}): GetisOrdResult {
  const a = analytic(data, nb, o.star ?? true, o.scheme ?? 'binary');
  const perm = o.permutations ? conditionalPermutation(permutationInput(a, o)) : null;
  return finish(data, a, o, perm);
}

/** The same, with progress and cancellation around the permutations (run it in a worker). */
export async function getisOrdAsync(data: CellValues, nb: RingNeighbours, o: GetisOrdOptions, ctx: Ctx): Promise<GetisOrdResult> {
  const a = analytic(data, nb, o.star ?? true, o.scheme ?? 'binary');
  const perm = o.permutations ? await conditionalPermutationAsync(permutationInput(a, o), ctx) : null;
  return finish(data, a, o, perm);
}
