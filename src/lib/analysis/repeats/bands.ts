/**
 * Distance and time bands of a Knox table. Bands are left-closed and right-open, [a, b), and are
 * labelled exactly as they are computed; the last band runs to infinity. Pairs closer than the
 * first break belong to no band (as with R's `cut`), so breaks normally start at 0.
 */

/** One band [from, to), `to` null for the final open band. */
export interface Band {
  from: number;
  to: number | null;
  /** e.g. `[0, 100) m`, `[29, ∞) days`, `same place [0, 0.01) m`. */
  label: string;
  /** The optional same-place band: pairs closer than the same-place tolerance. */
  samePlace?: boolean;
}

/**
 * Bands from increasing finite breaks b0 < b1 < … < bk: [b0, b1), …, [bk−1, bk), [bk, ∞).
 * `samePlace` (metres, > 0) inserts a break at that tolerance and marks [0, tolerance) as the
 * same-place band; it needs b0 = 0 and a tolerance below b1.
 */
export function makeBands(breaks: readonly number[], unit: string, samePlace?: number): Band[] {
  if (breaks.length === 0) throw new RangeError(`Give at least one ${unit} break.`);
  for (let i = 0; i < breaks.length; i++) {
    if (!Number.isFinite(breaks[i]) || breaks[i] < 0) throw new RangeError(`Breaks must be finite and ≥ 0, got ${breaks[i]} ${unit}.`);
    if (i > 0 && !(breaks[i] > breaks[i - 1])) throw new RangeError(`Breaks must increase, got ${breaks.join(', ')} ${unit}.`);
  }
  let b = [...breaks];
  if (samePlace !== undefined) {
    if (!(samePlace > 0) || !Number.isFinite(samePlace)) throw new RangeError(`The same-place tolerance must be > 0 ${unit}, got ${samePlace}.`);
    if (b[0] !== 0) throw new RangeError('A same-place band needs the first break at 0.');
    if (b.length > 1 && samePlace > b[1]) throw new RangeError(`The same-place tolerance (${samePlace} ${unit}) must not exceed the next break (${b[1]} ${unit}).`);
    if (b[1] !== samePlace) b = [0, samePlace, ...b.slice(1)];
  }
  const bands: Band[] = [];
  for (let i = 0; i < b.length; i++) {
    const to = i + 1 < b.length ? b[i + 1] : null;
    const label = `[${b[i]}, ${to === null ? '∞' : to}) ${unit}`;
    bands.push(samePlace !== undefined && i === 0 ? { from: b[i], to, label: `same place ${label}`, samePlace: true } : { from: b[i], to, label });
  }
  return bands;
}

/** Finite breaks of bands (b0 … bk): the `from` of every band. */
export function breaksOf(bands: readonly Band[]): number[] {
  return bands.map((b) => b.from);
}

/**
 * Lookup of whole-day gaps g = 0 … L into columns (see `bandColumn`), L = min(ceil(bk), cap):
 * every gap ≥ L falls in column lut[L] (the open band when L = ceil(bk)). `cap` (the largest gap
 * that can occur, plus 1) keeps the table small when a break lies beyond the data's time span.
 */
export function gapLookup(breaks: readonly number[], cap = Infinity): Uint8Array {
  const L = Math.min(Math.ceil(breaks[breaks.length - 1]), cap);
  const lut = new Uint8Array(L + 1);
  for (let g = 0; g <= L; g++) lut[g] = bandColumn(g, breaks);
  return lut;
}

/**
 * Column of a value among breaks b0 < … < bk: 0 below b0 (in no band), i + 1 in [bi, bi+1),
 * k + 1 (the open band) from bk on. Comparisons are exact, as R's `cut(…, right = FALSE)`.
 */
export function bandColumn(v: number, breaks: readonly number[]): number {
  if (v < breaks[0]) return 0;
  let i = 0;
  while (i + 1 < breaks.length && v >= breaks[i + 1]) i++;
  return i + 1;
}
