/**
 * Whole days for near-repeat and repeat analysis. Times are milliseconds since the epoch of naive
 * local wall-clock time (as the engine keeps them), so the calendar day of a record is
 * floor(ms / 86,400,000) and the time distance of two records is the difference of their
 * calendar days — what the R NearRepeat package computes from `Date` values
 * (`dist(as.numeric(date))`).
 */

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Calendar day number (days since 1970-01-01) of each time; NaN times give −2³¹. */
export function dayNumbers(ms: Float64Array): Int32Array {
  const out = new Int32Array(ms.length);
  for (let i = 0; i < ms.length; i++) out[i] = Number.isFinite(ms[i]) ? Math.floor(ms[i] / DAY_MS) : NO_DAY;
  return out;
}

/** Marks a record without a readable time. */
export const NO_DAY = -2147483648;

/** ISO date (YYYY-MM-DD) of a day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of an ISO date `YYYY-MM-DD` (any time part after it is ignored). */
export function dayOfIso(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso.trim());
  const ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  if (!m || !Number.isFinite(ms) || new Date(ms).getUTCDate() !== +m[3]) throw new RangeError(`Not a date (YYYY-MM-DD): "${iso}"`);
  return Math.floor(ms / DAY_MS);
}
