/**
 * Pairs of points closer than a distance, found with a uniform grid of that cell size (each point
 * meets only the points of its own and the 8 neighbouring cells), never by comparing all n² pairs.
 * Used by the Knox test (Knox 1964), whose permutations can change only the cells of such pairs,
 * and by risk zones (which zones touch, which later incidents fall inside).
 */

/** Distance between two points: |dx| + |dy| (Manhattan, as in the NearRepeat reference) or √(dx² + dy²). */
export type Metric = 'manhattan' | 'euclidean';

/**
 * Close pairs in compressed rows: the partners of point i are `other[k]` for k in
 * [start[i], start[i + 1]), each with other[k] > i (each pair once); `column[k]` is the pair's
 * distance band (see `bandColumn`: 0 below the first break, i + 1 in [bi, bi+1)).
 */
export interface ClosePairs {
  start: Int32Array;
  other: Int32Array;
  column: Uint8Array;
  count: number;
}

/** Distance of two points under a metric, computed as R's `dist` does (bit for bit). */
export function distance(metric: Metric, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x1 - x2, dy = y1 - y2;
  return metric === 'manhattan' ? Math.abs(dx) + Math.abs(dy) : Math.sqrt(dx * dx + dy * dy);
}

/**
 * A spatial order of points (by grid cell of `cell` metres, then x, y): neighbours in space get
 * nearby indices, which keeps the permutation loop's memory reads local, and the order depends
 * only on the coordinates, never on the input order (ties are broken by `tie`, then index).
 */
export function spatialOrder(x: Float64Array, y: Float64Array, cell: number, tie?: Int32Array): Int32Array {
  const n = x.length;
  const g = grid(x, y, cell > 0 && Number.isFinite(cell) ? cell : 1);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  return order.sort((a, b) => g.key[a] - g.key[b] || x[a] - x[b] || y[a] - y[b] || (tie ? tie[a] - tie[b] : 0) || a - b);
}

/** Grid cell keys (row × columns + column) of points. */
function grid(x: Float64Array, y: Float64Array, cell: number): { key: Float64Array; cols: number; cx: Int32Array; cy: Int32Array } {
  let minX = Infinity, minY = Infinity, maxX = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < minX) minX = x[i];
    if (x[i] > maxX) maxX = x[i];
    if (y[i] < minY) minY = y[i];
  }
  const cols = Math.floor((maxX - minX) / cell) + 3;
  const cx = new Int32Array(x.length), cy = new Int32Array(x.length);
  const key = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    cx[i] = Math.floor((x[i] - minX) / cell) + 1;
    cy[i] = Math.floor((y[i] - minY) / cell) + 1;
    key[i] = cy[i] * cols + cx[i];
  }
  return { key, cols, cx, cy };
}

/** A grid of cell size `cell` with the points of each occupied cell listed in index order. */
interface CellRuns {
  g: ReturnType<typeof grid>;
  /** Point indexes by cell, then index. */
  byCell: Int32Array;
  /** Run number of a cell key; runs r span byCell[runStart[r] … runStart[r + 1]). */
  runOf: Map<number, number>;
  runStart: number[];
}

function cellRuns(x: Float64Array, y: Float64Array, cell: number): CellRuns {
  const n = x.length;
  const g = grid(x, y, cell);
  const byCell = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => g.key[a] - g.key[b] || a - b);
  const runOf = new Map<number, number>();
  const runStart: number[] = [];
  for (let p = 0; p < n; p++) {
    const k = g.key[byCell[p]];
    if (p === 0 || k !== g.key[byCell[p - 1]]) { runOf.set(k, runStart.length); runStart.push(p); }
  }
  runStart.push(n);
  return { g, byCell, runOf, runStart };
}

/** The runs of the 3 × 3 grid cells around point i, written into `nb`; returns how many exist. */
function neighbourRuns(c: CellRuns, i: number, nb: Int32Array): number {
  const { g, runOf } = c;
  let cells = 0;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      const r = runOf.get((g.cy[i] + dy) * g.cols + g.cx[i] + dx);
      if (r !== undefined) nb[cells++] = r;
    }
  return cells;
}

/** First position in [from, to) of an increasing run whose index exceeds i (to when none). */
function firstAbove(byCell: Int32Array, from: number, to: number, i: number): number {
  let lo = from, hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byCell[mid] > i) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Close pairs grouped by distance column, then by event, for the Knox test's permutation loop
 * (knox-kernels.ts): segment g holds the partners `partner[segStart[g] … segStart[g + 1])` of
 * event `segEvent[g]` (each partner > that event); the segments of column c are
 * `colStart[c] … colStart[c + 1]`. Columns as for `bandColumn` (0 below the first break).
 */
export interface PairSegments {
  columns: number;
  colStart: Int32Array;
  segEvent: Int32Array;
  segStart: Int32Array;
  partner: Int32Array;
  /** Close pairs per distance column. */
  perColumn: Float64Array;
  count: number;
}

/** A growable Int32 list. */
class Ints {
  a: Int32Array;
  n = 0;
  constructor(size: number) { this.a = new Int32Array(Math.max(16, size)); }
  push(v: number): void {
    if (this.n === this.a.length) { const b = new Int32Array(this.a.length * 2); b.set(this.a); this.a = b; }
    this.a[this.n++] = v;
  }
}

/**
 * The pairs of `closePairs`, built straight into segments by distance column (no per-pair column
 * array, no second pass). `breaks.length` columns: 0 below the first break, then the bands.
 */
export function closePairSegments(x: Float64Array, y: Float64Array, breaks: readonly number[], metric: Metric): PairSegments {
  const n = x.length, C = breaks.length;
  const max = breaks[breaks.length - 1];
  // Lists start small and double (up to 251 columns: no n-sized list per column up front).
  const partners = Array.from({ length: C }, () => new Ints(1024));
  const segEv = Array.from({ length: C }, () => new Ints(1024));
  const segSt = Array.from({ length: C }, () => new Ints(1024));
  if (max > 0 && n >= 2) {
    // A hair larger than the distance, as in closePairs.
    const runs = cellRuns(x, y, max * (1 + 1e-9));
    const { byCell, runStart } = runs;
    const nb = new Int32Array(9);
    const last = new Int32Array(C).fill(-1);
    const manhattan = metric === 'manhattan';
    for (let i = 0; i < n; i++) {
      const xi = x[i], yi = y[i];
      const cells = neighbourRuns(runs, i, nb);
      for (let c = 0; c < cells; c++) {
        const r = nb[c], e = runStart[r + 1];
        for (let p = firstAbove(byCell, runStart[r], e, i); p < e; p++) {
          const j = byCell[p];
          const dx = xi - x[j], dy = yi - y[j];
          const d = manhattan ? Math.abs(dx) + Math.abs(dy) : Math.sqrt(dx * dx + dy * dy);
          if (!(d < max)) continue;
          let col = d < breaks[0] ? 0 : 1;
          while (col > 0 && col < breaks.length && d >= breaks[col]) col++;
          if (last[col] !== i) {
            last[col] = i;
            segEv[col].push(i);
            segSt[col].push(partners[col].n);
          }
          partners[col].push(j);
        }
      }
    }
  }
  // Columns one after another.
  let pairs = 0, segs = 0;
  for (let c = 0; c < C; c++) { pairs += partners[c].n; segs += segEv[c].n; }
  const colStart = new Int32Array(C + 1), segEvent = new Int32Array(segs), segStart = new Int32Array(segs + 1), partner = new Int32Array(pairs);
  const perColumn = new Float64Array(C);
  for (let c = 0, s = 0, p = 0; c < C; c++) {
    colStart[c] = s;
    segEvent.set(segEv[c].a.subarray(0, segEv[c].n), s);
    for (let k = 0; k < segSt[c].n; k++) segStart[s + k] = segSt[c].a[k] + p;
    partner.set(partners[c].a.subarray(0, partners[c].n), p);
    perColumn[c] = partners[c].n;
    s += segEv[c].n;
    p += partners[c].n;
  }
  colStart[C] = segs;
  segStart[segs] = pairs;
  return { columns: C, colStart, segEvent, segStart, partner, perColumn, count: pairs };
}

/**
 * All pairs closer than the last break (bk) with their distance band. Points must be finite.
 * `breaks` as for `bandColumn`; pairs below b0 are kept in column 0.
 */
export function closePairs(x: Float64Array, y: Float64Array, breaks: readonly number[], metric: Metric): ClosePairs {
  const n = x.length;
  const max = breaks[breaks.length - 1];
  const start = new Int32Array(n + 1);
  if (!(max > 0) || n < 2) return { start, other: new Int32Array(0), column: new Uint8Array(0), count: 0 };
  // A hair larger than the distance, so rounding in the cell index can never separate a close pair by 2 cells.
  const runs = cellRuns(x, y, max * (1 + 1e-9));
  const { byCell, runStart } = runs;
  let other = new Int32Array(Math.max(1024, n * 4));
  let column = new Uint8Array(other.length);
  let m = 0;
  const nb = new Int32Array(9);
  for (let i = 0; i < n; i++) {
    start[i] = m;
    const xi = x[i], yi = y[i];
    const cells = neighbourRuns(runs, i, nb);
    for (let c = 0; c < cells; c++) {
      const r = nb[c];
      for (let p = firstAbove(byCell, runStart[r], runStart[r + 1], i), e = runStart[r + 1]; p < e; p++) {
        const j = byCell[p];
        const dx = xi - x[j], dy = yi - y[j];
        const d = metric === 'manhattan' ? Math.abs(dx) + Math.abs(dy) : Math.sqrt(dx * dx + dy * dy);
        if (!(d < max)) continue;
        if (m === other.length) {
          const o = new Int32Array(m * 2); o.set(other); other = o;
          const c2 = new Uint8Array(m * 2); c2.set(column); column = c2;
        }
        other[m] = j;
        let col = d < breaks[0] ? 0 : 1;
        while (col > 0 && col < breaks.length && d >= breaks[col]) col++;
        column[m++] = col;
      }
    }
  }
  start[n] = m;
  return { start, other: other.slice(0, m), column: column.slice(0, m), count: m };
}
