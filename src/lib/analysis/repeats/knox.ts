/**
 * Knox test for space–time interaction (near repeats).
 *
 * Knox, E. G. (1964). The detection of space–time interactions. Journal of the Royal Statistical
 * Society, Series C (Applied Statistics), 13(1), 25–30. Extended to a table of distance × time
 * bands with a Monte Carlo null by Johnson & Bowers (2004), The stability of space–time clusters
 * of burglary, British Journal of Criminology 44(1), 55–65, and Townsley, Homel & Chaseling
 * (2003), Infectious burglaries: a test of the near repeat hypothesis, British Journal of
 * Criminology 43(3), 615–633. Output as the R NearRepeat package (Steenbeek) gives it.
 *
 * Inputs: events with metric x/y (metres) and a calendar day; distance bands and time bands as
 * increasing breaks (bands [a, b), the last one open to infinity; an optional same-place band);
 * Manhattan or Euclidean distance; a number of permutations and a seed.
 *
 * Every pair of events falls in one distance × time cell. For each cell the result gives
 * `observed` (pairs in the data), `expected` (mean over permutations), `knoxRatio`
 * (observed / expected), `knoxRatioMedian` (observed / median of the permuted counts) and `p`.
 * Ratios are NaN for 0/0 and Infinity for x/0 (null in JSON).
 *
 * Null hypothesis of each p: when and where events happen are independent, so every assignment
 * of the observed event days to the observed places is equally likely (the days are permuted
 * over the places, `permutations` times, seeded). p = (number of permutations whose count in the
 * cell is ≥ the observed count, + 1) / (permutations + 1): a one-sided test of more pairs in
 * that cell than chance gives.
 *
 * Speed: a permutation changes neither the distance of any pair nor the multiset of time gaps of
 * all pairs. So only pairs closer than the last finite distance break can change cell: they are
 * found once with a grid (close-pairs.ts) and only their time gaps are recomputed per
 * permutation, four permutations per pass over the pairs, with no allocation in the pair loop.
 * The open distance band's count per time band is the number of all pairs with that time gap
 * (from a histogram of days, permutation-invariant) minus the close pairs in it. Time distance is
 * the difference of calendar days (days.ts). Each permutation has its own seeded generator, so a
 * run can be split over workers (`permuteRange` / `absorb`) with the same table.
 */
import { rng, shuffle } from '../random';
import { breaksOf, gapLookup, makeBands, type Band } from './bands';
import { dayRange, timeColumnTotals } from './time-gaps';
import { closePairs, spatialOrder, type Metric } from './close-pairs';
import type { PlaneInfo } from './metric-plane';

/** Events of a Knox test: finite metric coordinates and calendar days (see events.ts). */
export interface KnoxEvents {
  x: Float64Array;
  y: Float64Array;
  day: Int32Array;
  plane: PlaneInfo;
}

/** Bands, metric, permutations, seed, and the progress and cancellation hooks of a Knox test. */
export interface KnoxOptions {
  /** Increasing distance breaks in metres, e.g. [0, 1, 101, 201]; a final band [last, ∞) is added. */
  spaceBands: readonly number[];
  /** Increasing time breaks in days, e.g. [0, 8, 15, 22]; a final band [last, ∞) is added. */
  timeBands: readonly number[];
  /** Same-place tolerance in metres: adds the band `same place [0, tolerance)`. */
  samePlace?: number;
  metric?: Metric;
  /** Monte Carlo permutations (default 999; 0 gives observed counts only). */
  permutations?: number;
  /** Seed of the permutations (default 1). */
  seed?: number;
  /** Called with the fraction done (0–1), about a hundred times over a run. */
  onProgress?: (fraction: number) => void;
  /** Asked between permutations; true stops the run with an AbortError. */
  shouldStop?: () => boolean;
  signal?: AbortSignal;
}

/** One distance × time cell (indices into `spaceBands` and `timeBands`). */
export interface KnoxCell {
  space: number;
  time: number;
  observed: number;
  expected: number;
  knoxRatio: number;
  knoxRatioMedian: number;
  p: number;
}

/** A Knox table with what it was computed from (all plain data: it can cross a worker boundary). */
export interface KnoxResult {
  statistic: 'knox';
  n: number;
  /** All pairs, n(n − 1)/2. */
  pairs: number;
  /** Pairs closer than the last finite distance break (the work per permutation). */
  closePairs: number;
  permutations: number;
  seed: number;
  metric: Metric;
  plane: PlaneInfo;
  spaceBands: Band[];
  timeBands: Band[];
  /** Cells time band by time band, distance bands within (as the NearRepeat package lists them). */
  cells: KnoxCell[];
  nullHypothesis: string;
  elapsedMs: number;
}

/** The null hypothesis behind every p of the table, in words for the user. */
export const KNOX_NULL =
  'Space and time are independent: the days of the events are randomly permuted over their places. p = (permutations with a count ≥ observed + 1) / (permutations + 1), one-sided.';

/** Permutations counted together in one pass over the close pairs. */
const LANES = 4;

/** An error for a cancelled run (name `AbortError`, as the engine protocol expects). */
export function abortError(): Error {
  const e = new Error('The Knox test was cancelled.');
  e.name = 'AbortError';
  return e;
}

/**
 * A Knox test in progress: preparation (close pairs, time-gap totals, observed counts) happens in
 * the constructor; `step(k)` runs up to k more permutations. `knoxTest` and `knoxTestAsync` drive it.
 */
export class KnoxRun {
  readonly permutations: number;
  /** Permutations filled so far. */
  done = 0;
  private next = 0;
  private readonly filled: Uint8Array;
  private readonly t0 = performance.now();
  private readonly opts: KnoxOptions;
  private readonly metric: Metric;
  private readonly seed: number;
  private readonly plane: PlaneInfo;
  private readonly spaceBands: Band[];
  private readonly timeBands: Band[];
  private readonly n: number;
  private readonly closeCount: number;
  /** CSR starts of each event's close pairs, and per pair: partner | distance column << 24. */
  private readonly start: Int32Array;
  private readonly packed: Int32Array;
  /** Size of one lane's counters (distance columns × time columns). */
  private readonly bank: number;
  private readonly lut: Uint8Array;
  private readonly stride: number;
  private readonly cnt: Int32Array;
  /** All pairs per time column (0 = below the first break): permutation-invariant. */
  private readonly timeTotal: Float64Array;
  /** Days − first day in the canonical order; the copy a permutation shuffles; four lanes of days. */
  private readonly days0: Int16Array;
  private readonly work: Int16Array;
  private readonly lanes: Int16Array;
  private readonly observed: Float64Array;
  private readonly perm: Float64Array;

  constructor(ev: KnoxEvents, opts: KnoxOptions) {
    this.opts = opts;
    this.metric = opts.metric ?? 'manhattan';
    if (this.metric !== 'manhattan' && this.metric !== 'euclidean') throw new RangeError(`Unknown metric "${String(this.metric)}"`);
    this.permutations = opts.permutations ?? 999;
    if (!Number.isInteger(this.permutations) || this.permutations < 0 || this.permutations > 1_000_000) throw new RangeError('Permutations must be a whole number 0–1,000,000.');
    this.seed = opts.seed ?? 1;
    this.plane = ev.plane;
    this.spaceBands = makeBands(opts.spaceBands, 'm', opts.samePlace);
    this.timeBands = makeBands(opts.timeBands, 'days');
    if (this.spaceBands.length > 250 || this.timeBands.length > 250) throw new RangeError('At most 250 bands.');
    const n = (this.n = ev.x.length);
    if (n >= 1 << 24) throw new RangeError('The Knox test takes at most 16,777,215 events.');
    if (!Number.isInteger(this.seed)) throw new RangeError(`A seed must be a whole number, got ${this.seed}`);
    for (let i = 0; i < n; i++) if (!Number.isFinite(ev.x[i]) || !Number.isFinite(ev.y[i])) throw new RangeError('Knox events need finite coordinates.');
    const sBreaks = breaksOf(this.spaceBands);
    const tBreaks = breaksOf(this.timeBands);
    // A canonical spatial order: results then depend on the events and the seed, not the input order.
    const order = spatialOrder(ev.x, ev.y, sBreaks[sBreaks.length - 1], ev.day);
    const x = Float64Array.from(order, (i) => ev.x[i]);
    const y = Float64Array.from(order, (i) => ev.y[i]);
    const day = Int32Array.from(order, (i) => ev.day[i]);
    const [lo, hi] = dayRange(day);
    if (hi - lo > 32767) throw new RangeError(`The events span ${hi - lo} days (at most 32,767): check the dates.`);
    this.days0 = Int16Array.from(day, (d) => d - lo);
    this.work = new Int16Array(n);
    this.lanes = new Int16Array(LANES * n);
    const pairs = closePairs(x, y, sBreaks, this.metric);
    this.closeCount = pairs.count;
    this.start = pairs.start;
    this.packed = new Int32Array(pairs.other.buffer, 0, pairs.count);
    for (let k = 0; k < pairs.count; k++) this.packed[k] = pairs.other[k] | (pairs.column[k] << 24);
    // Every possible gap 0 … hi − lo has its column (gaps past the last break: the open band).
    const short = gapLookup(tBreaks, hi - lo + 1);
    this.lut = new Uint8Array(hi - lo + 1);
    for (let g = 0; g < this.lut.length; g++) this.lut[g] = short[Math.min(g, short.length - 1)];
    this.stride = this.timeBands.length + 1;
    this.bank = this.spaceBands.length * this.stride;
    this.cnt = new Int32Array(LANES * this.bank);
    this.timeTotal = timeColumnTotals(day, lo, hi, tBreaks, this.stride);
    const cells = this.spaceBands.length * this.timeBands.length;
    if (this.permutations * cells > 50_000_000) throw new RangeError('Too many permutations × cells to keep (at most 50 million counts).');
    this.observed = new Float64Array(cells);
    for (let q = 0; q < LANES; q++) this.setLane(q, this.days0);
    this.countLanes();
    this.readLane(0, this.observed, 0);
    this.perm = new Float64Array(this.permutations * cells);
    this.filled = new Uint8Array(this.permutations);
  }

  /** Puts one assignment of days into lane q. */
  private setLane(q: number, day: Int16Array): void {
    const lanes = this.lanes;
    for (let i = 0; i < this.n; i++) lanes[LANES * i + q] = day[i];
  }

  /**
   * Counts the close pairs of the four lanes' day assignments at once: one pass over the pairs
   * reads each packed word (partner | distance column << 24) once, gathers the partner's four days
   * from one cache line, looks each gap up without a branch and increments that lane's counters
   * (lanes in separate banks, so successive increments do not wait on each other). No allocation.
   */
  private countLanes(): void {
    const { start, packed, lanes: day, lut, cnt, stride, bank } = this;
    const b2 = 2 * bank, b3 = 3 * bank, n = this.n;
    cnt.fill(0);
    for (let i = 0; i < n; i++) {
      const e = start[i + 1], i4 = LANES * i;
      const a0 = day[i4], a1 = day[i4 + 1], a2 = day[i4 + 2], a3 = day[i4 + 3];
      for (let k = start[i]; k < e; k++) {
        const v = packed[k], j = (v & 0xffffff) * LANES, r = (v >>> 24) * stride;
        let d = a0 - day[j], m = d >> 31;
        cnt[r + lut[(d ^ m) - m]]++;
        d = a1 - day[j + 1]; m = d >> 31;
        cnt[bank + r + lut[(d ^ m) - m]]++;
        d = a2 - day[j + 2]; m = d >> 31;
        cnt[b2 + r + lut[(d ^ m) - m]]++;
        d = a3 - day[j + 3]; m = d >> 31;
        cnt[b3 + r + lut[(d ^ m) - m]]++;
      }
    }
  }

  /** The table of lane q (after `countLanes`) into `out` at `at`, the open distance band derived. */
  private readLane(q: number, out: Float64Array, at: number): void {
    const { cnt, stride, timeTotal } = this;
    const base = q * this.bank;
    const S = this.spaceBands.length, T = this.timeBands.length;
    for (let t = 0; t < T; t++) {
      let close = 0;
      for (let row = 0; row < S; row++) close += cnt[base + row * stride + t + 1];
      for (let s = 0; s < S - 1; s++) out[at + t * S + s] = cnt[base + (s + 1) * stride + t + 1];
      // The open distance band: all pairs with this time gap minus the close ones.
      out[at + t * S + S - 1] = timeTotal[t + 1] - close;
    }
  }

  /**
   * Permutations `ps` (up to four, 0-based numbers) into `out` at `at(p)`. Each permutation
   * shuffles the days from the canonical order with its own generator, seeded from (seed, p):
   * any set of permutations can run apart (in several workers) and the table stays the same.
   */
  private permuteLanes(ps: readonly number[], out: Float64Array, at: (p: number) => number): void {
    for (let q = 0; q < LANES; q++) {
      if (q < ps.length) {
        this.work.set(this.days0);
        shuffle(this.work, rng(permutationSeed(this.seed, ps[q])));
      }
      this.setLane(q, this.work);
    }
    this.countLanes();
    ps.forEach((p, q) => this.readLane(q, out, at(p)));
  }

  /** Permutation number `p` alone into `out` at `at` (as the full run computes it). */
  permute(p: number, out: Float64Array, at: number): void {
    this.permuteLanes([p], out, () => at);
  }

  /** Runs up to `k` more permutations (those not yet filled, in order, four per pass); true when all are done. */
  step(k: number): boolean {
    const cells = this.observed.length;
    const ps: number[] = [];
    for (let j = 0; j < k && this.done < this.permutations; ) {
      this.checkStop();
      ps.length = 0;
      while (ps.length < LANES && j < k && this.done + ps.length < this.permutations) {
        while (this.filled[this.next]) this.next++;
        ps.push(this.next++);
        j++;
      }
      this.permuteLanes(ps, this.perm, (p) => p * cells);
      for (const p of ps) this.filled[p] = 1;
      this.done += ps.length;
    }
    return this.done >= this.permutations;
  }

  /**
   * Counts of permutations [from, to), cell by cell for each, as a helper thread computes them
   * for `absorb` in the thread that holds the run (same events and options on both sides).
   */
  permuteRange(from: number, to: number): Float64Array {
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= this.permutations)) throw new RangeError(`Bad permutation range [${from}, ${to}).`);
    const cells = this.observed.length;
    const out = new Float64Array((to - from) * cells);
    for (let p = from; p < to; p += LANES) {
      this.checkStop();
      const ps = Array.from({ length: Math.min(LANES, to - p) }, (_, q) => p + q);
      this.permuteLanes(ps, out, (r) => (r - from) * cells);
    }
    return out;
  }

  /** Takes the counts of permutations from `from` on, computed elsewhere by `permuteRange`. */
  absorb(from: number, counts: Float64Array): void {
    const cells = this.observed.length;
    const k = counts.length / cells;
    if (!Number.isInteger(k) || from < 0 || from + k > this.permutations) throw new RangeError('The counts do not fit this run.');
    this.perm.set(counts, from * cells);
    for (let p = from; p < from + k; p++) if (!this.filled[p]) { this.filled[p] = 1; this.done++; }
  }

  private checkStop(): void {
    if ((this.opts.shouldStop && this.opts.shouldStop()) || this.opts.signal?.aborted) throw abortError();
  }

  /** The table (after all permutations). */
  result(): KnoxResult {
    if (this.done < this.permutations) throw new Error('The Knox test has not finished its permutations.');
    const S = this.spaceBands.length, T = this.timeBands.length, P = this.permutations;
    const cells: KnoxCell[] = [];
    const v = new Float64Array(P);
    for (let t = 0; t < T; t++)
      for (let s = 0; s < S; s++) {
        const c = t * S + s;
        const obs = this.observed[c];
        let sum = 0, ge = 0;
        for (let p = 0; p < P; p++) {
          const x = this.perm[p * S * T + c];
          v[p] = x;
          sum += x;
          if (x >= obs) ge++;
        }
        const expected = P ? sum / P : NaN;
        const med = P ? median(v) : NaN;
        cells.push({ space: s, time: t, observed: obs, expected, knoxRatio: obs / expected, knoxRatioMedian: obs / med, p: P ? (ge + 1) / (P + 1) : NaN });
      }
    return {
      statistic: 'knox', n: this.n, pairs: (this.n * (this.n - 1)) / 2, closePairs: this.closeCount, permutations: P, seed: this.seed,
      metric: this.metric, plane: this.plane, spaceBands: this.spaceBands, timeBands: this.timeBands, cells, nullHypothesis: KNOX_NULL,
      elapsedMs: performance.now() - this.t0,
    };
  }
}

/** Runs a Knox test to the end in this thread (Node, tests, or inside a worker). */
export function knoxTest(ev: KnoxEvents, opts: KnoxOptions): KnoxResult {
  const run = new KnoxRun(ev, opts);
  const chunk = Math.max(1, Math.ceil(run.permutations / 100));
  opts.onProgress?.(0);
  while (!run.step(chunk)) opts.onProgress?.(run.done / run.permutations);
  opts.onProgress?.(1);
  return run.result();
}

/**
 * Runs a Knox test in slices of about `sliceMs` (default 50 ms), awaiting `checkpoint` between
 * slices so that a worker can receive a cancel message (the engine's `Ctx.checkpoint` throws an
 * AbortError when the request was cancelled). Same result as `knoxTest` for the same seed.
 */
export async function knoxTestAsync(ev: KnoxEvents, opts: KnoxOptions & { checkpoint?: () => Promise<void>; sliceMs?: number }): Promise<KnoxResult> {
  const run = new KnoxRun(ev, opts);
  const pause = opts.checkpoint ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  const slice = opts.sliceMs ?? 50;
  opts.onProgress?.(0);
  for (;;) {
    const t = performance.now();
    let finished = run.step(1);
    while (!finished && performance.now() - t < slice) finished = run.step(1);
    opts.onProgress?.(run.done / Math.max(1, run.permutations));
    if (finished) break;
    await pause();
  }
  return run.result();
}

/** The seed of permutation `p` of a run seeded `seed` (a 32-bit mix of both). */
export function permutationSeed(seed: number, p: number): number {
  let h = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(p + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x27d4eb2d);
  return (h ^ (h >>> 15)) >>> 0;
}

function median(v: Float64Array): number {
  v.sort();
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
