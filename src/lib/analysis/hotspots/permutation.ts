/**
 * The one conditional-permutation engine every local statistic uses (Anselin 1995, §4; the
 * "conditional randomisation" of PySAL esda's `crand`).
 *
 * Null hypothesis: the value at cell i is held fixed and the other n − 1 values are exchangeable
 * over the map (no spatial association), so the cell's neighbours are a random draw, without
 * replacement, of card(i) of those n − 1 values. Each local statistic is an affine function of the
 * neighbour lag L_i = Σ_{j≠i} w_ij v_j with the cell's own terms fixed, so the engine permutes only
 * that lag and compares it with the observed one.
 *
 * Pseudo p (folded, as esda): with R permutations, M = min(#{L* ≥ L}, #{L* ≤ L}), p = (M + 1) / (R + 1)
 * — one-tailed in the direction of the observed value, so at most 0.5; a two-sided p is
 * min(1, 2p). (esda counts ties on one side only; here they count on both, so a cell whose every
 * draw ties with the observation gets p = 1, not 1 / (R + 1).) Comparisons allow 1e-10 relative.
 *
 * Draws: one table of R draws of max-card + 1 distinct positions in [0, n) (partial Fisher–Yates,
 * `random.ts`, one seed); cell i reads it through its own random cyclic shift and steps over
 * itself, so each draw is card(i) distinct other cells. As in esda, draws are shared, so p-values
 * of different cells are not independent. Speed: cells whose null distribution is the same — same
 * own value (the pool of other values is then the same multiset) and same multiset of weights, the
 * common case with counts — share one set of R draws (that of the group's first cell), and each
 * cell's p is read off the group's sorted distribution; otherwise every cell is permuted on its own.
 * Results do not depend on how the cells are split into chunks.
 */
import { rng } from '../random';
import type { Ctx } from './types';

/** Neighbours (self excluded) as CSR with weights. */
export interface PermutationWeights {
  n: number;
  offsets: Uint32Array;
  weight: Float64Array;
}

export interface PermutationInput {
  w: PermutationWeights;
  /** The values permuted over the map (counts). */
  values: ArrayLike<number>;
  /** Observed neighbour lag L_i = Σ_{j≠i} w_ij v_j. */
  observed: ArrayLike<number>;
  /** Cells whose statistic does not depend on the lag (e.g. local Moran with z_i = 0) get p = 1. */
  flat?: (i: number) => boolean;
  permutations: number;
  seed: number;
}

export interface PermutationResult {
  permutations: number;
  seed: number;
  /** Folded pseudo p per cell. */
  pSim: Float64Array;
  /** Mean and standard deviation of the permuted lag per cell. */
  lagMean: Float64Array;
  lagSd: Float64Array;
}

interface Prepared {
  input: PermutationInput;
  n: number;
  R: number;
  /** R draws of (maxCard + 1) distinct positions in [0, n), slot-major: table[j * R + r]. */
  table: Uint32Array;
  /** Values twice over, so a shifted position needs no wrap-around (32-bit when small whole numbers: exact, half the cache). */
  v2: Float64Array | Float32Array;
  shift: Uint32Array;
  lag: Float64Array;
  /** Group of each cell (−1: permuted alone), and each group's sorted permuted lags, mean and sd, filled on first use. */
  group: Int32Array;
  sorted: (Float64Array | null)[];
  moments: Float64Array;
  out: PermutationResult;
}

const MAX_GROUP_DOUBLES = 8_000_000;

function prepare(input: PermutationInput): Prepared {
  const { w, permutations: R, seed } = input;
  if (!Number.isInteger(R) || R < 1) throw new RangeError(`permutations must be a whole number ≥ 1, got ${R}`);
  const n = w.n;
  let maxCard = 0;
  for (let i = 0; i < n; i++) maxCard = Math.max(maxCard, w.offsets[i + 1] - w.offsets[i]);
  if (maxCard > n - 1) throw new RangeError('A cell has more neighbours than there are other cells.');
  const width = Math.min(n, maxCard + 1);
  const r = rng(seed);
  // Each draw: a partial Fisher–Yates over a pool that is restored afterwards (no per-draw allocation).
  const table = new Uint32Array(R * width);
  const pool = Uint32Array.from({ length: n }, (_, i) => i);
  const swapped = new Uint32Array(width);
  for (let row = 0; row < R; row++) {
    for (let j = 0; j < width; j++) {
      const t = j + r.int(n - j);
      swapped[j] = t;
      const v = pool[t]; pool[t] = pool[j]; pool[j] = v;
      table[j * R + row] = v;
    }
    for (let j = width - 1; j >= 0; j--) {
      const t = swapped[j];
      const v = pool[t]; pool[t] = pool[j]; pool[j] = v;
    }
  }
  const shift = new Uint32Array(n);
  for (let i = 0; i < n; i++) shift[i] = r.int(n);
  let whole = true;
  for (let i = 0; i < n && whole; i++) { const v = input.values[i]; whole = Number.isInteger(v) && Math.abs(v) < 2 ** 24; }
  const v2 = whole ? new Float32Array(2 * n) : new Float64Array(2 * n);
  for (let i = 0; i < n; i++) v2[i] = v2[i + n] = input.values[i];
  // Groups of cells with the same null distribution: own value and sorted weights.
  const group = new Int32Array(n).fill(-1);
  const keys = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const ws = Array.from(w.weight.subarray(w.offsets[i], w.offsets[i + 1])).sort((a, b) => a - b);
    const key = `${input.values[i]}|${ws.join(',')}`;
    let g = keys.get(key);
    if (g === undefined) { g = keys.size; keys.set(key, g); }
    group[i] = g;
  }
  const grouped = keys.size * R <= MAX_GROUP_DOUBLES && keys.size <= n / 2;
  if (!grouped) group.fill(-1);
  const out: PermutationResult = { permutations: R, seed, pSim: new Float64Array(n), lagMean: new Float64Array(n), lagSd: new Float64Array(n) };
  return {
    input, n, R, table, v2, shift, lag: new Float64Array(R), group,
    sorted: grouped ? new Array(keys.size).fill(null) : [], moments: new Float64Array(grouped ? 2 * keys.size : 0), out,
  };
}

// Two copies of the innermost loop, so each sees one array type (monomorphic, as V8 optimises best).
function accumulate32(lag: Float64Array, table: Uint32Array, v2: Float32Array, w: number, base: number, spare: number, s: number, selfA: number, selfB: number, R: number): void {
  for (let r = 0; r < R; r++) {
    let q = table[base + r] + s;
    if (q === selfA || q === selfB) q = table[spare + r] + s;
    lag[r] += w * v2[q];
  }
}

function accumulate64(lag: Float64Array, table: Uint32Array, v2: Float64Array, w: number, base: number, spare: number, s: number, selfA: number, selfB: number, R: number): void {
  for (let r = 0; r < R; r++) {
    let q = table[base + r] + s;
    if (q === selfA || q === selfB) q = table[spare + r] + s;
    lag[r] += w * v2[q];
  }
}

/**
 * The R permuted lags of cell i into pr.lag: draw r's positions shifted by s_i (mod n, through the
 * doubled values); the one position that may land on i itself is replaced by the draw's spare
 * position. Slot by slot over all R draws, so the draws' sums do not wait on each other.
 */
function permuteCell(pr: Prepared, i: number, card: number): void {
  const { table, v2, shift, lag, R, n } = pr;
  const o0 = pr.input.w.offsets[i], weight = pr.input.w.weight;
  const spare = card * R;
  lag.fill(0);
  for (let j = 0; j < card; j++) {
    if (v2 instanceof Float32Array) accumulate32(lag, table, v2, weight[o0 + j], j * R, spare, shift[i], i, i + n, R);
    else accumulate64(lag, table, v2, weight[o0 + j], j * R, spare, shift[i], i, i + n, R);
  }
}

/** First index of `a` (ascending) with a[k] ≥ x (or > x when `strict`). */
function bound(a: Float64Array, x: number, strict: boolean): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strict ? a[mid] <= x : a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Runs the cells [from, to). */
function runRange(pr: Prepared, from: number, to: number): void {
  const { input, out, lag, R } = pr;
  const offsets = input.w.offsets, obs = input.observed;
  for (let i = from; i < to; i++) {
    const card = offsets[i + 1] - offsets[i];
    if (card === 0 || (input.flat && input.flat(i))) {
      out.pSim[i] = 1;
      out.lagMean[i] = obs[i];
      out.lagSd[i] = 0;
      continue;
    }
    const L = obs[i];
    const tol = 1e-10 * Math.abs(L) + 1e-12;
    const g = pr.group[i];
    let ge = 0, le = 0, mean: number, sd: number;
    if (g >= 0) {
      let sorted = pr.sorted[g];
      if (!sorted) {
        permuteCell(pr, i, card);
        sorted = pr.sorted[g] = Float64Array.from(lag).sort();
        let sum = 0, sumSq = 0;
        for (const x of sorted) { sum += x; sumSq += x * x; }
        pr.moments[2 * g] = sum / R;
        pr.moments[2 * g + 1] = Math.sqrt(Math.max(0, sumSq / R - (sum / R) ** 2));
      }
      ge = R - bound(sorted, L - tol, false);
      le = bound(sorted, L + tol, true);
      mean = pr.moments[2 * g];
      sd = pr.moments[2 * g + 1];
    } else {
      permuteCell(pr, i, card);
      let sum = 0, sumSq = 0;
      for (let r = 0; r < R; r++) {
        const x = lag[r];
        ge += x >= L - tol ? 1 : 0;
        le += x <= L + tol ? 1 : 0;
        sum += x;
        sumSq += x * x;
      }
      mean = sum / R;
      sd = Math.sqrt(Math.max(0, sumSq / R - mean * mean));
    }
    out.pSim[i] = (Math.min(ge, le) + 1) / (R + 1);
    out.lagMean[i] = mean;
    out.lagSd[i] = sd;
  }
}

/** Runs every cell in this thread. */
export function conditionalPermutation(input: PermutationInput): PermutationResult {
  const pr = prepare(input);
  runRange(pr, 0, input.w.n);
  return pr.out;
}

/** The same, in chunks, reporting progress and letting a cancel through between chunks. */
export async function conditionalPermutationAsync(input: PermutationInput, ctx: Ctx, chunk = 2000): Promise<PermutationResult> {
  const pr = prepare(input);
  const n = input.w.n;
  for (let from = 0; from < n; from += chunk) {
    ctx.progress('Permutations', from / n);
    await ctx.checkpoint();
    runRange(pr, from, Math.min(n, from + chunk));
  }
  ctx.progress('Permutations', 1);
  return pr.out;
}
