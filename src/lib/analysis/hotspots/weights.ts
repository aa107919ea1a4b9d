/**
 * Spatial weights over study-area H3 cells: the cells within k rings (H3 grid distance, as h3-js
 * `gridDisk` / `gridDistance`), kept only when they lie in the study area, so edge cells have
 * fewer neighbours — never a convex hull, never a dropped empty cell.
 *
 * Weights by ring distance d (0 = the cell itself, 1 … k = its rings), bandwidth h = k + 1 rings
 * so the k-th ring still counts:
 *   binary (uniform kernel)  w = 1
 *   triangular               w = 1 − d / h
 *   quartic (biweight)       w = (1 − (d / h)²)²
 *   gaussian                 w = exp(−½ (d / σ)²), σ = h / 2 (so w(h) = e⁻² ≈ 0.14)
 * Each is 1 at d = 0. Row-standardised weights divide a row by its sum (self included when it is).
 * Ring distance is the H3 grid distance; one ring is about 1.73 × the cell's edge length.
 */
import { getHexagonEdgeLengthAvg, gridDisk } from 'h3-js';

export type WeightScheme = 'binary' | 'triangular' | 'quartic' | 'gaussian';
export const WEIGHT_SCHEMES: readonly WeightScheme[] = ['binary', 'triangular', 'quartic', 'gaussian'];

/** Neighbours within k rings, self excluded, as compressed sparse rows (row i: offsets[i] … offsets[i+1]). */
export interface RingNeighbours {
  n: number;
  k: number;
  offsets: Uint32Array;
  /** Neighbour cell indexes, ascending within a row. */
  index: Uint32Array;
  /** Ring distance 1 … k of each neighbour. */
  ring: Uint8Array;
}

/**
 * Study-area neighbours within k rings of each cell (cells: distinct H3 cells of one resolution).
 * Ring distance is found by breadth-first search over the H3 grid's one-ring adjacency, through
 * cells outside the study area too (a halo k − 1 rings deep), which equals h3-js `gridDistance`
 * away from the 12 pentagons; it needs one `gridDisk(cell, 1)` per cell instead of one
 * `gridDiskDistances(cell, k)`, several times faster for large k and many cells.
 */
export function ringNeighbours(cells: readonly string[], k: number): RingNeighbours {
  if (!Number.isInteger(k) || k < 1 || k > 20) throw new RangeError(`k must be a whole number 1–20, got ${k}`);
  const n = cells.length;
  const id = new Map<string, number>();
  const ext: string[] = [];
  for (const c of cells) { if (!id.has(c)) { id.set(c, ext.length); ext.push(c); } }
  if (ext.length !== n) throw new RangeError('The cells must be distinct.');
  // One-ring adjacency of the study cells and of the halo cells up to k − 1 rings out.
  let adj = new Int32Array(n * 6 + 6).fill(-1);
  let done = 0;
  for (let level = 0; level < k; level++) {
    const upto = ext.length;
    if (adj.length < upto * 6) { const a = new Int32Array(upto * 12).fill(-1); a.set(adj); adj = a; }
    for (let c = done; c < upto; c++) {
      let q = 0;
      for (const h of gridDisk(ext[c], 1)) {
        if (h === ext[c]) continue;
        let j = id.get(h);
        if (j === undefined) { j = ext.length; id.set(h, j); ext.push(h); }
        if (q < 6) adj[c * 6 + q++] = j;
      }
    }
    done = upto;
  }
  const offsets = new Uint32Array(n + 1);
  const disk = 3 * k * (k + 1);
  let cap = n * Math.min(disk, 64);
  let index = new Uint32Array(cap);
  let ring = new Uint8Array(cap);
  const seen = new Int32Array(ext.length).fill(-1);
  const queue = new Int32Array(disk + 1);
  const depth = new Uint8Array(disk + 1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    let head = 0, tail = 0;
    queue[tail] = i; depth[tail++] = 0; seen[i] = i;
    const start = m;
    while (head < tail) {
      const c = queue[head], d = depth[head++];
      if (d === k) continue;
      for (let q = 0; q < 6; q++) {
        const j = c * 6 + q < adj.length ? adj[c * 6 + q] : -1;
        if (j < 0 || seen[j] === i) continue;
        seen[j] = i;
        queue[tail] = j; depth[tail++] = d + 1;
        if (j >= n) continue;
        if (m === cap) {
          cap *= 2;
          const ni = new Uint32Array(cap); ni.set(index); index = ni;
          const nr = new Uint8Array(cap); nr.set(ring); ring = nr;
        }
        // Insertion keeps the row ascending by index.
        let p = m++;
        while (p > start && index[p - 1] > j) { index[p] = index[p - 1]; ring[p] = ring[p - 1]; p--; }
        index[p] = j;
        ring[p] = d + 1;
      }
    }
    offsets[i + 1] = m;
  }
  return { n, k, offsets, index: index.slice(0, m), ring: ring.slice(0, m) };
}

/** The neighbours within k' ≤ k rings, from a structure built for k. */
export function restrictRings(nb: RingNeighbours, k: number): RingNeighbours {
  if (k >= nb.k) return nb;
  const offsets = new Uint32Array(nb.n + 1);
  const keep: number[] = [];
  for (let i = 0; i < nb.n; i++) {
    for (let e = nb.offsets[i]; e < nb.offsets[i + 1]; e++) if (nb.ring[e] <= k) keep.push(e);
    offsets[i + 1] = keep.length;
  }
  return { n: nb.n, k, offsets, index: Uint32Array.from(keep, (e) => nb.index[e]), ring: Uint8Array.from(keep, (e) => nb.ring[e]) };
}

/** Weight at ring distance d for neighbourhoods of k rings (see the header for the kernels). */
export function kernelWeight(scheme: WeightScheme, d: number, k: number): number {
  const u = d / (k + 1);
  switch (scheme) {
    case 'binary': return 1;
    case 'triangular': return 1 - u;
    case 'quartic': return (1 - u * u) ** 2;
    case 'gaussian': return Math.exp(-0.5 * (2 * u) ** 2);
  }
}

/** Spatial weights: the off-diagonal entries as CSR plus the diagonal (self) weight per cell. */
export interface SpatialWeights {
  n: number;
  k: number;
  scheme: WeightScheme;
  includeSelf: boolean;
  rowStandardised: boolean;
  offsets: Uint32Array;
  index: Uint32Array;
  weight: Float64Array;
  /** w_ii (0 when self is excluded). */
  self: Float64Array;
  /** W_i = Σ_j w_ij, self included when it is. */
  rowSum: Float64Array;
  /** S1_i = Σ_j w_ij², self included when it is. */
  rowSumSq: Float64Array;
}

export interface WeightOptions {
  scheme?: WeightScheme;
  includeSelf?: boolean;
  rowStandardise?: boolean;
}

/** Weights over ring neighbours. Defaults: binary, self excluded, not row-standardised. */
export function ringWeights(nb: RingNeighbours, o: WeightOptions = {}): SpatialWeights {
  const scheme = o.scheme ?? 'binary';
  const includeSelf = o.includeSelf ?? false;
  const rowStandardised = o.rowStandardise ?? false;
  const { n, k, offsets, index } = nb;
  const weight = new Float64Array(index.length);
  const self = new Float64Array(n);
  const rowSum = new Float64Array(n);
  const rowSumSq = new Float64Array(n);
  const table = Array.from({ length: k + 1 }, (_, d) => kernelWeight(scheme, d, k));
  for (let i = 0; i < n; i++) {
    let s = includeSelf ? table[0] : 0;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) s += (weight[e] = table[nb.ring[e]]);
    const f = rowStandardised && s > 0 ? 1 / s : 1;
    self[i] = includeSelf ? table[0] * f : 0;
    let ss = self[i] * self[i];
    let sum = self[i];
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const w = rowStandardised ? weight[e] * f : weight[e];
      weight[e] = w;
      sum += w;
      ss += w * w;
    }
    rowSum[i] = sum;
    rowSumSq[i] = ss;
  }
  return { n, k, scheme, includeSelf, rowStandardised, offsets, index, weight, self, rowSum, rowSumSq };
}

/** lag_i = Σ_j w_ij x_j (self term included when the weights include it), into `out`. */
export function spatialLag(w: SpatialWeights, x: ArrayLike<number>, out = new Float64Array(w.n)): Float64Array {
  const { offsets, index, weight, self } = w;
  for (let i = 0; i < w.n; i++) {
    let s = self[i] * x[i];
    for (let e = offsets[i]; e < offsets[i + 1]; e++) s += weight[e] * x[index[e]];
    out[i] = s;
  }
  return out;
}

/** Cells in a neighbourhood of k rings, the cell included. */
export const cellsWithin = (k: number): number => 1 + 3 * k * (k + 1);

/** A suggested k with the reason in plain words. */
export interface SuggestedK {
  k: number;
  /** Mean incidents in a neighbourhood (cell plus its k rings) at the suggested k. */
  windowMean: number;
  explanation: string;
}

/**
 * Data-driven default k: the smallest number of rings (1 … maxK) whose neighbourhood holds on
 * average at least `target` incidents (default 10). The z-score of Gi* leans on a normal
 * approximation of a neighbourhood's sum, which is poor when a neighbourhood holds only a few
 * incidents; with denser data the smallest neighbourhood keeps hot spots sharpest.
 */
export function suggestK(total: number, cells: number, res: number, o: { target?: number; maxK?: number } = {}): SuggestedK {
  const target = o.target ?? 10;
  const maxK = o.maxK ?? 5;
  const mean = cells > 0 ? total / cells : 0;
  let k = 1;
  while (k < maxK && mean * cellsWithin(k) < target) k++;
  const windowMean = mean * cellsWithin(k);
  const metres = Math.round(getHexagonEdgeLengthAvg(res, 'm') * Math.sqrt(3) * k);
  const perCell = mean < 10 ? mean.toFixed(2) : mean.toFixed(0);
  const enough = windowMean >= target ? `enough (at least ${target})` : `still fewer than ${target} (the largest k offered is ${maxK})`;
  const explanation =
    `k = ${k}: with ${perCell} incidents per cell on average, a neighbourhood of ${k} ring${k > 1 ? 's' : ''} ` +
    `(${cellsWithin(k)} cells, reaching about ${metres} m from a cell's centre) holds about ${windowMean.toFixed(0)} incidents — ${enough} ` +
    `for the z-scores to be trustworthy. Smaller k finds smaller hot spots but is noisier; larger k smooths more.`;
  return { k, windowMean, explanation };
}
