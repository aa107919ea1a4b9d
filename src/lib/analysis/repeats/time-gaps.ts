/**
 * Time gaps of all pairs of events, counted from the number of events per day (never pair by
 * pair): permuting the days over the events leaves them unchanged, so the Knox test (knox.ts)
 * counts them once and derives the open distance band from them.
 */
import { bandColumn } from './bands';

/** Smallest and largest day. */
export function dayRange(day: Int32Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < day.length; i++) {
    if (day[i] < lo) lo = day[i];
    if (day[i] > hi) hi = day[i];
  }
  return day.length ? [lo, hi] : [0, 0];
}

/**
 * Number of all pairs per time column (0 = below the first break, 1 … the bands), from the
 * count of events per day: pairs with gap g = Σ_d c(d)·c(d + g), and Σ_d c(d)(c(d) − 1)/2 for
 * g = 0; the open band takes the rest of n(n − 1)/2.
 */
export function timeColumnTotals(day: Int32Array, lo: number, hi: number, breaks: readonly number[], columns: number): Float64Array {
  const D = hi - lo + 1;
  const c = new Float64Array(D);
  for (let i = 0; i < day.length; i++) c[day[i] - lo]++;
  const n = day.length;
  const totals = new Float64Array(columns);
  const L = Math.min(Math.ceil(breaks[breaks.length - 1]), D);
  let counted = 0;
  for (let g = 0; g < L; g++) {
    let h = 0;
    if (g === 0) for (let d = 0; d < D; d++) h += (c[d] * (c[d] - 1)) / 2;
    else for (let d = 0; d + g < D; d++) h += c[d] * c[d + g];
    totals[bandColumn(g, breaks)] += h;
    counted += h;
  }
  totals[bandColumn(L, breaks)] += (n * (n - 1)) / 2 - counted;
  return totals;
}
