/**
 * Local Moran's I (a LISA) over study-area H3 cells, row-standardised weights, self excluded.
 *
 * Anselin, L. (1995) Local indicators of spatial association — LISA. Geographical Analysis
 * 27(2):93–115. Moments under total randomisation: Sokal, Oden & Thomson (1998) Geographical Analysis
 * 30(4):331–354; under conditional randomisation: Sauer, Oshan, Rey & Wolf (2022) Geographical
 * Analysis 54:1–17 — as R spdep `localmoran(conditional = TRUE/FALSE, mlvar = TRUE)`.
 *
 * With z_i = x_i − x̄, m2 = Σ z² / n, m4 = Σ z⁴ / n, b2 = m4 / m2², W_i = Σ_j w_ij, W2_i = Σ_j w_ij²:
 *   I_i = (z_i / m2) Σ_j w_ij z_j
 *   conditional: E = −z_i² W_i / ((n − 1) m2),
 *                Var = (z_i / m2)² · n / (n − 2) · (W2_i − W_i² / (n − 1)) · (m2 − z_i² / (n − 1))
 *   total:       E = −W_i / (n − 1),
 *                Var = W2_i (n − b2) / (n − 1) + (W_i² − W2_i)(2 b2 − n) / ((n − 1)(n − 2)) − E²
 *
 * Result fields: value = I_i; z, p = conditional-randomisation z and its two-sided normal p (main);
 * zTotal, pTotal = the same under total randomisation; pSim = folded conditional-permutation pseudo p;
 * pAdjusted = Benjamini–Hochberg; quadrant 1 HH, 2 LL, 3 HL, 4 LH (cell above/below the mean ×
 * neighbours' average above/below it); classCode = quadrant where significant at `alpha`, else 0.
 * Null hypothesis of p: the cell's value fixed and the other values randomly arranged (conditional;
 * pTotal: all values randomly arranged) — no local association; of pSim: the same, by permutation.
 */
import { classP, permutationFdrWarning, pSourceWords } from './classes';
import { twoSidedP } from './normal';
import { conditionalPermutation, conditionalPermutationAsync, type PermutationResult } from './permutation';
import { countWarnings, type CellValues, type ClassInfo, type Ctx, type LocalResult } from './types';
import { ringWeights, spatialLag, type RingNeighbours, type SpatialWeights, type WeightScheme } from './weights';

export interface LocalMoranOptions {
  scheme?: WeightScheme;
  fdr?: boolean;
  /** Significance level for the quadrant classes (default 0.05, as ArcGIS Cluster and Outlier Analysis). */
  alpha?: number;
  permutations?: number;
  seed?: number;
}

export interface LocalMoranResult extends LocalResult {
  /** Conditional-randomisation expectation and variance of I_i (z and p are theirs). */
  expected: Float64Array;
  variance: Float64Array;
  expectedTotal: Float64Array;
  varianceTotal: Float64Array;
  zTotal: Float64Array;
  pTotal: Float64Array;
  /** 1 HH, 2 LL, 3 HL, 4 LH, 0 when the cell or its lag is exactly at the mean. */
  quadrant: Int8Array;
  /** Row-standardised lag of the deviations (neighbours' average minus the mean). */
  lag: Float64Array;
}

export const LOCAL_MORAN_LEGEND: readonly ClassInfo[] = [
  { code: 1, key: 'high-high', label: 'High-high cluster', description: 'A cell above the average whose neighbours are above it too: part of a cluster of high counts.' },
  { code: 2, key: 'low-low', label: 'Low-low cluster', description: 'A cell below the average among neighbours below it: part of a cluster of low counts.' },
  { code: 3, key: 'high-low', label: 'High-low outlier', description: 'A cell above the average surrounded by cells below it: a high outlier.' },
  { code: 4, key: 'low-high', label: 'Low-high outlier', description: 'A cell below the average surrounded by cells above it: a low outlier.' },
  { code: 0, key: 'not-significant', label: 'Not significant', description: 'No evidence of local association at the chosen level.' },
];

const CITATION = 'Anselin (1995) Geographical Analysis 27:93–115; Sokal, Oden & Thomson (1998); Sauer et al. (2022)';

interface Analytic { w: SpatialWeights; x: Float64Array; dev: Float64Array; lag: Float64Array; m2: number; r: Omit<LocalMoranResult, keyof LocalResult | 'lag'> & { value: Float64Array; z: Float64Array; p: Float64Array } }

function analytic(data: CellValues, nb: RingNeighbours, scheme: WeightScheme): Analytic {
  const n = data.cells.length;
  if (nb.n !== n) throw new RangeError(`The neighbours are for ${nb.n} cells, the data has ${n}.`);
  const x = Float64Array.from(data.counts);
  const w = ringWeights(nb, { scheme, includeSelf: false, rowStandardise: true });
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  const dev = x.map((v) => v - mean);
  let m2 = 0, m4 = 0;
  for (let i = 0; i < n; i++) { const d2 = dev[i] * dev[i]; m2 += d2; m4 += d2 * d2; }
  m2 /= n;
  m4 /= n;
  const b2 = m4 / (m2 * m2);
  const lag = spatialLag(w, dev);
  const mk = () => new Float64Array(n);
  const r = { value: mk(), expected: mk(), variance: mk(), z: mk(), p: mk(), expectedTotal: mk(), varianceTotal: mk(), zTotal: mk(), pTotal: mk(), quadrant: new Int8Array(n) };
  const A = (n - b2) / (n - 1), B = (2 * b2 - n) / ((n - 1) * (n - 2));
  for (let i = 0; i < n; i++) {
    const zi = dev[i], Wi = w.rowSum[i], W2 = w.rowSumSq[i];
    const I = (zi / m2) * lag[i];
    const Ec = -(zi * zi * Wi) / ((n - 1) * m2);
    const Vc = (zi / m2) ** 2 * (n / (n - 2)) * (W2 - (Wi * Wi) / (n - 1)) * (m2 - (zi * zi) / (n - 1));
    const Et = -Wi / (n - 1);
    const Vt = A * W2 + B * (Wi * Wi - W2) - Et * Et;
    r.value[i] = I;
    r.expected[i] = Ec; r.variance[i] = Vc;
    r.z[i] = Vc > 0 ? (I - Ec) / Math.sqrt(Vc) : NaN;
    r.p[i] = twoSidedP(r.z[i]);
    r.expectedTotal[i] = Et; r.varianceTotal[i] = Vt;
    r.zTotal[i] = Vt > 0 ? (I - Et) / Math.sqrt(Vt) : NaN;
    r.pTotal[i] = twoSidedP(r.zTotal[i]);
    r.quadrant[i] = zi > 0 ? (lag[i] > 0 ? 1 : lag[i] < 0 ? 3 : 0) : zi < 0 ? (lag[i] < 0 ? 2 : lag[i] > 0 ? 4 : 0) : 0;
  }
  return { w, x, dev, lag, m2, r };
}

function finish(data: CellValues, a: Analytic, o: LocalMoranOptions, perm: PermutationResult | null): LocalMoranResult {
  const fdr = o.fdr ?? false;
  const alpha = o.alpha ?? 0.05;
  const { pAdjusted, pClass, source } = classP(a.r.p, perm?.pSim ?? null, fdr);
  const classCode = new Int8Array(a.x.length);
  for (let i = 0; i < classCode.length; i++) classCode[i] = pClass[i] < alpha ? a.r.quadrant[i] : 0;
  const via = pSourceWords(source);
  return {
    cells: data.cells, x: a.x, pSim: perm?.pSim ?? null, pAdjusted, classCode, legend: LOCAL_MORAN_LEGEND, pSource: source,
    lag: a.lag, ...a.r, warnings: [...countWarnings(a.x), ...permutationFdrWarning(perm?.permutations ?? 0, a.x.length, fdr)],
    method: {
      statistic: 'local-moran', citation: CITATION,
      parameters: { k: a.w.k, weights: a.w.scheme, rowStandardised: true, fdr, alpha, permutations: perm?.permutations ?? 0, cells: a.x.length },
      seed: perm ? perm.seed : null, classesFrom: `${via} < ${alpha}`,
      notes: ['z and p under conditional randomisation (spdep conditional = TRUE, mlvar = TRUE); zTotal and pTotal under total randomisation.'],
    },
  };
}

function permutationInput(a: Analytic, o: LocalMoranOptions) {
  // I_i is affine in the neighbours' lag of the raw values (Σ_j w_ij z_j = Σ_j w_ij x_j − W_i x̄), so the
  // counts themselves are permuted: whole numbers, which the engine reads exactly in 32 bits.
  const observed = new Float64Array(a.x.length);
  spatialLag(a.w, a.x, observed);
  return { w: a.w, values: a.x, observed, flat: (i: number) => a.dev[i] === 0, permutations: o.permutations!, seed: o.seed ?? 0 };
}

/** Local Moran's I with analytic (and optionally permutation) inference. */
export function localMoran(data: CellValues, nb: RingNeighbours, o: LocalMoranOptions = {}): LocalMoranResult {
  const a = analytic(data, nb, o.scheme ?? 'binary');
  return finish(data, a, o, o.permutations ? conditionalPermutation(permutationInput(a, o)) : null);
}

/** The same, with progress and cancellation around the permutations (run it in a worker). */
export async function localMoranAsync(data: CellValues, nb: RingNeighbours, o: LocalMoranOptions, ctx: Ctx): Promise<LocalMoranResult> {
  const a = analytic(data, nb, o.scheme ?? 'binary');
  return finish(data, a, o, o.permutations ? await conditionalPermutationAsync(permutationInput(a, o), ctx) : null);
}
