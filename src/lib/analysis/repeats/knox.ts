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
 * permutation. Per close pair and permutation the counters (knox-kernels.ts: WebAssembly SIMD,
 * 8 permutations per pass; plain JavaScript, 4) only ask "is the gap below threshold b" for each
 * finite time break b: a pair's time band follows from those answers, the open time band of a
 * distance band is its close pairs minus the finite bands, and the open distance band's count per
 * time band is the number of all pairs with that time gap (from a histogram of days,
 * permutation-invariant) minus the close pairs in it. Time distance is the difference of calendar
 * days (days.ts). Each permutation shuffles the days with its own seeded generator, so a run can
 * be split over workers (`KnoxPlan`, `permuteRange` / `absorb`) with the same table.
 */
import { breaksOf, makeBands, type Band } from './bands';
import { dayRange, timeColumnTotals } from './time-gaps';
import { closePairSegments, spatialOrder, type Metric, type PairSegments } from './close-pairs';
import { pairCounter, seededShuffle, type CounterKind, type PairCounter } from './knox-kernels';
import type { PlaneInfo } from './metric-plane';

/** Events of a Knox test: finite metric coordinates and calendar days (see events.ts). */
export interface KnoxEvents {
  x: Float64Array;
  y: Float64Array;
  day: Int32Array;
  plane: PlaneInfo;
}

/** Progress and cancellation hooks of a Knox run, and the counter to use. */
export interface KnoxHooks {
  /** Called with the fraction done (0–1), about a hundred times over a run. */
  onProgress?: (fraction: number) => void;
  /** Asked between passes of permutations; true stops the run with an AbortError. */
  shouldStop?: () => boolean;
  signal?: AbortSignal;
  /** The pair counter: WebAssembly SIMD where available (`auto`, the default) or plain JavaScript. Same table either way. */
  counter?: CounterKind;
}

/** Bands, metric, permutations, seed, and the progress and cancellation hooks of a Knox test. */
export interface KnoxOptions extends KnoxHooks {
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
  /** Helper threads (the engine's compute workers) that ran the permutations; 0 (or absent) when they ran in this thread. */
  workers?: number;
}

/**
 * A prepared Knox test (plain data, so a worker can receive it and run any range of its
 * permutations): the close pairs by distance column, the days in the canonical order, the gap
 * thresholds, the permutation-invariant totals and the observed table.
 */
export interface KnoxPlan {
  n: number;
  permutations: number;
  seed: number;
  metric: Metric;
  plane: PlaneInfo;
  spaceBands: Band[];
  timeBands: Band[];
  closePairs: number;
  segments: PairSegments;
  /** Days − first day, events in the canonical (spatial) order. */
  days: Int16Array;
  /** Whole-day gap thresholds the counters count below (increasing). */
  thresholds: number[];
  /** Per time break: index into `thresholds`, or −1 (no gap is below it) or −2 (every gap is). */
  breakRef: number[];
  /** All pairs per time column (0 = below the first break, then the bands). */
  timeTotal: Float64Array;
  /** Observed counts, cell `t · S + s`. */
  observed: Float64Array;
}

/** The null hypothesis behind every p of the table, in words for the user. */
export const KNOX_NULL =
  'Space and time are independent: the days of the events are randomly permuted over their places. p = (permutations with a count ≥ observed + 1) / (permutations + 1), one-sided.';

/** Longest span of days (the counters hold days and gaps as 16-bit integers). */
const MAX_SPAN = 32766;

/** An error for a cancelled run (name `AbortError`, as the engine protocol expects). */
export function abortError(): Error {
  const e = new Error('The Knox test was cancelled.');
  e.name = 'AbortError';
  return e;
}

/** Prepares a Knox test: checks, the canonical order, close pairs, totals and the observed table. */
export function planKnox(ev: KnoxEvents, opts: KnoxOptions): KnoxPlan {
  const metric = opts.metric ?? 'manhattan';
  if (metric !== 'manhattan' && metric !== 'euclidean') throw new RangeError(`Unknown metric "${String(metric)}"`);
  const permutations = opts.permutations ?? 999;
  if (!Number.isInteger(permutations) || permutations < 0 || permutations > 1_000_000) throw new RangeError('Permutations must be a whole number 0–1,000,000.');
  const seed = opts.seed ?? 1;
  const spaceBands = makeBands(opts.spaceBands, 'm', opts.samePlace);
  const timeBands = makeBands(opts.timeBands, 'days');
  if (spaceBands.length > 250 || timeBands.length > 250) throw new RangeError('At most 250 bands.');
  const n = ev.x.length;
  if (n >= 1 << 24) throw new RangeError('The Knox test takes at most 16,777,215 events.');
  if (!Number.isInteger(seed)) throw new RangeError(`A seed must be a whole number, got ${seed}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(ev.x[i]) || !Number.isFinite(ev.y[i])) throw new RangeError('Knox events need finite coordinates.');
  const S = spaceBands.length, T = timeBands.length;
  if (permutations * S * T > 50_000_000) throw new RangeError('Too many permutations × cells to keep (at most 50 million counts).');
  const sBreaks = breaksOf(spaceBands);
  const tBreaks = breaksOf(timeBands);
  // A canonical spatial order: results then depend on the events and the seed, not the input order.
  const order = spatialOrder(ev.x, ev.y, sBreaks[sBreaks.length - 1], ev.day);
  const x = Float64Array.from(order, (i) => ev.x[i]);
  const y = Float64Array.from(order, (i) => ev.y[i]);
  const day = Int32Array.from(order, (i) => ev.day[i]);
  const [lo, hi] = dayRange(day);
  if (hi - lo > MAX_SPAN) throw new RangeError(`The events span ${hi - lo} days (at most ${MAX_SPAN.toLocaleString('en-GB')}): check the dates.`);
  const days = Int16Array.from(day, (d) => d - lo);
  // Close pairs by distance column: 0 below the first break, then the finite bands (S − 1 of them).
  const segments = closePairSegments(x, y, sBreaks, metric);
  // A whole-day gap g is below a break b exactly when g < ceil(b); no gap exceeds hi − lo.
  const thresholds = [...new Set(tBreaks.map(Math.ceil).filter((b) => b >= 1 && b <= hi - lo))].sort((a, b) => a - b);
  const breakRef = tBreaks.map((b) => (Math.ceil(b) < 1 ? -1 : Math.ceil(b) > hi - lo ? -2 : thresholds.indexOf(Math.ceil(b))));
  const timeTotal = timeColumnTotals(day, lo, hi, tBreaks, T + 1);
  const plan: KnoxPlan = {
    n, permutations, seed, metric, plane: ev.plane, spaceBands, timeBands, closePairs: segments.count, segments, days, thresholds, breakRef, timeTotal,
    observed: new Float64Array(S * T),
  };
  readTable(plan, observedCounts(plan), 1, 0, plan.observed, 0);
  return plan;
}

/** Counts below each threshold of the observed days (one lane), by a plain loop over the pairs. */
function observedCounts(plan: KnoxPlan): Int32Array {
  const { segments: g, days, thresholds } = plan;
  const F = thresholds.length, C = g.columns;
  // pos[gap] = number of thresholds ≤ gap: the pair counts below thresholds pos … F − 1.
  const pos = new Uint16Array((F ? thresholds[F - 1] : 0) + 1);
  for (let v = 0, f = 0; v < pos.length; v++) {
    while (f < F && thresholds[f] <= v) f++;
    pos[v] = f;
  }
  const hist = new Int32Array(C * (F + 1));
  const cap = pos.length - 1;
  for (let c = 0; c < C; c++)
    for (let s = g.colStart[c]; s < g.colStart[c + 1]; s++) {
      const a = days[g.segEvent[s]];
      for (let k = g.segStart[s]; k < g.segStart[s + 1]; k++) hist[c * (F + 1) + pos[Math.min(Math.abs(a - days[g.partner[k]]), cap)]]++;
    }
  const cum = new Int32Array(C * F);
  for (let c = 0; c < C; c++)
    for (let f = 0, run = 0; f < F; f++) cum[c * F + f] = run += hist[c * (F + 1) + f];
  return cum;
}

/**
 * The table of lane q of counts below thresholds (`cum[(c · F + f) · lanes + q]`) into `out` at
 * `at`: each distance column's time bands are differences of counts below successive breaks, the
 * open time band its remaining close pairs, and the open distance band all pairs of a time band
 * minus the close ones.
 */
function readTable(plan: KnoxPlan, cum: Int32Array, lanes: number, q: number, out: Float64Array, at: number): void {
  const S = plan.spaceBands.length, T = plan.timeBands.length, F = plan.thresholds.length;
  const { breakRef, timeTotal } = plan;
  const perColumn = plan.segments.perColumn;
  const below = (c: number, t: number) => {
    const r = breakRef[t];
    return r === -1 ? 0 : r === -2 ? perColumn[c] : cum[(c * F + r) * lanes + q];
  };
  for (let t = 0; t < T; t++) {
    let close = 0;
    for (let c = 0; c < S; c++) {
      const v = (t + 1 < T ? below(c, t + 1) : perColumn[c]) - below(c, t);
      close += v;
      if (c > 0) out[at + t * S + c - 1] = v;
    }
    out[at + t * S + S - 1] = timeTotal[t + 1] - close;
  }
}

/**
 * A Knox test in progress: made from events (prepared here) or from a `KnoxPlan` prepared
 * elsewhere; `step(k)` runs more permutations, `permuteRange`/`absorb` split them over threads.
 * `knoxTest` and `knoxTestAsync` drive it.
 */
export class KnoxRun {
  readonly permutations: number;
  /** Permutations filled so far. */
  done = 0;
  private next = 0;
  private readonly filled: Uint8Array;
  private readonly t0 = performance.now();
  private readonly hooks: KnoxHooks;
  /** The prepared test (the segments are dropped from it once a counter holds them, in a run made from a plan). */
  private readonly p: KnoxPlan;
  private readonly keepPlan: boolean;
  private counter: PairCounter | null = null;
  private readonly cells: number;
  private readonly perm: Float64Array;

  constructor(ev: KnoxEvents, opts: KnoxOptions);
  constructor(plan: KnoxPlan, hooks?: KnoxHooks);
  constructor(source: KnoxEvents | KnoxPlan, opts: KnoxOptions | KnoxHooks = {}) {
    this.hooks = opts;
    this.keepPlan = !('segments' in source);
    this.p = 'segments' in source ? { ...source } : planKnox(source, opts as KnoxOptions);
    this.permutations = this.p.permutations;
    this.cells = this.p.observed.length;
    this.perm = new Float64Array(this.permutations * this.cells);
    this.filled = new Uint8Array(this.permutations);
  }

  /** The prepared test, to send to helper threads (`new KnoxRun(plan)` there; only for a run made from events). */
  get plan(): KnoxPlan {
    if (!this.keepPlan) throw new Error('This run was made from a plan: send that plan.');
    return this.p;
  }

  /** Pairs closer than the last finite distance break (the work per permutation). */
  get closePairs(): number {
    return this.p.closePairs;
  }

  /** Which counter the permutations use (made on first use). */
  get counterKind(): PairCounter['kind'] {
    return this.pairCounter().kind;
  }

  private pairCounter(): PairCounter {
    if (!this.counter) {
      this.counter = pairCounter(this.p.segments, this.p.n, this.p.thresholds, this.hooks.counter);
      // In a helper thread the counter now holds what it needs of the pairs.
      if (!this.keepPlan && this.counter.kind === 'wasm-simd') this.p.segments = { ...this.p.segments, segEvent: new Int32Array(0), segStart: new Int32Array(0), partner: new Int32Array(0) };
    }
    return this.counter;
  }

  /**
   * Permutations `ps` (at most one pass: as many as the counter has lanes) into `out` at `at(p)`.
   * Each permutation shuffles the days from the canonical order with its own generator, seeded
   * from (seed, p): any set of permutations can run apart (in several workers), same table.
   */
  private permuteLanes(ps: readonly number[], out: Float64Array, at: (p: number) => number): void {
    const counter = this.pairCounter();
    const { days: lanes, lanes: L } = counter;
    const { days, n, seed } = this.p;
    for (let q = 0; q < ps.length; q++) {
      for (let i = 0; i < n; i++) lanes[i * L + q] = days[i];
      seededShuffle(lanes, n, L, q, permutationSeed(seed, ps[q]));
    }
    const cum = counter.count();
    ps.forEach((p, q) => readTable(this.p, cum, L, q, out, at(p)));
  }

  /** Permutations per pass of the counter. */
  get lanes(): number {
    return this.pairCounter().lanes;
  }

  /** Permutation number `p` alone into `out` at `at` (as the full run computes it). */
  permute(p: number, out: Float64Array, at: number): void {
    this.permuteLanes([p], out, () => at);
  }

  /** Runs at least `k` more permutations (whole passes, those not yet filled, in order); true when all are done. */
  step(k: number): boolean {
    const cells = this.cells;
    const ps: number[] = [];
    for (let j = 0; j < k && this.done < this.permutations; ) {
      this.checkStop();
      const L = this.lanes;
      ps.length = 0;
      while (ps.length < L && this.done + ps.length < this.permutations) {
        while (this.filled[this.next]) this.next++;
        ps.push(this.next++);
      }
      this.permuteLanes(ps, this.perm, (p) => p * cells);
      for (const p of ps) this.filled[p] = 1;
      this.done += ps.length;
      j += ps.length;
    }
    return this.done >= this.permutations;
  }

  /**
   * Counts of permutations [from, to), cell by cell for each, as a helper thread computes them
   * for `absorb` in the thread that holds the run (same events and options, or the same plan).
   */
  permuteRange(from: number, to: number): Float64Array {
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= this.permutations)) throw new RangeError(`Bad permutation range [${from}, ${to}).`);
    const cells = this.cells;
    const out = new Float64Array((to - from) * cells);
    for (let p = from; p < to; ) {
      this.checkStop();
      const ps = Array.from({ length: Math.min(this.lanes, to - p) }, (_, q) => p + q);
      this.permuteLanes(ps, out, (r) => (r - from) * cells);
      p += ps.length;
    }
    return out;
  }

  /** Takes the counts of permutations from `from` on, computed elsewhere by `permuteRange`. */
  absorb(from: number, counts: Float64Array): void {
    const cells = this.cells;
    const k = counts.length / cells;
    if (!Number.isInteger(k) || from < 0 || from + k > this.permutations) throw new RangeError('The counts do not fit this run.');
    this.perm.set(counts, from * cells);
    for (let p = from; p < from + k; p++) if (!this.filled[p]) { this.filled[p] = 1; this.done++; }
  }

  private checkStop(): void {
    if ((this.hooks.shouldStop && this.hooks.shouldStop()) || this.hooks.signal?.aborted) throw abortError();
  }

  /** The table (after all permutations). */
  result(): KnoxResult {
    if (this.done < this.permutations) throw new Error('The Knox test has not finished its permutations.');
    const { spaceBands, timeBands, observed, n } = this.p;
    const S = spaceBands.length, T = timeBands.length, P = this.permutations;
    const cells: KnoxCell[] = [];
    const v = new Float64Array(P);
    for (let t = 0; t < T; t++)
      for (let s = 0; s < S; s++) {
        const c = t * S + s;
        const obs = observed[c];
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
      statistic: 'knox', n, pairs: (n * (n - 1)) / 2, closePairs: this.p.closePairs, permutations: P, seed: this.p.seed,
      metric: this.p.metric, plane: this.p.plane, spaceBands, timeBands, cells, nullHypothesis: KNOX_NULL,
      elapsedMs: performance.now() - this.t0, workers: 0,
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
export async function knoxTestAsync(ev: KnoxEvents, opts: KnoxOptions & SliceOptions): Promise<KnoxResult> {
  const run = new KnoxRun(ev, opts);
  opts.onProgress?.(0);
  await finishAsync(run, opts);
  return run.result();
}

/** How `finishAsync` yields: `checkpoint` (default: a zero timeout) every `sliceMs` (default 50). */
export interface SliceOptions {
  checkpoint?: () => Promise<void>;
  sliceMs?: number;
  onProgress?: (fraction: number) => void;
}

/** Runs the permutations a run still lacks in this thread, in slices (see `knoxTestAsync`). */
export async function finishAsync(run: KnoxRun, opts: SliceOptions): Promise<void> {
  const pause = opts.checkpoint ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  const slice = opts.sliceMs ?? 50;
  for (;;) {
    const t = performance.now();
    let finished = run.step(1);
    while (!finished && performance.now() - t < slice) finished = run.step(1);
    opts.onProgress?.(run.done / Math.max(1, run.permutations));
    if (finished) break;
    await pause();
  }
}

/**
 * Runs all permutations of a plan elsewhere (the engine's compute workers), range by range of
 * `chunk` permutations: `onChunk(from, counts)` receives each range's counts (`permuteRange`) for
 * `absorb`, and may throw to stop. Aborting `signal` stops at once (rejecting with its reason),
 * without waiting for the ranges in progress. Resolves, with the number of helper threads, when
 * every range has been received.
 */
export type KnoxPermuter = (
  plan: KnoxPlan,
  chunk: number,
  onChunk: (from: number, counts: Float64Array) => Promise<void> | void,
  signal?: AbortSignal,
) => Promise<number>;

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
