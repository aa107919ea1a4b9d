/**
 * H3 indexes as 64-bit integers split into two unsigned 32-bit halves, and the bit arithmetic that
 * derives a parent cell without h3-js (H3 index layout: https://h3geo.org/docs/core-library/h3Indexing).
 *
 * Bits 52–55 hold the resolution; each resolution r ∈ 1..15 owns a 3-bit digit at bits
 * 3·(15−r) … 3·(15−r)+2, and digits finer than the cell's resolution are all ones (7).
 */
import { latLngToCell, splitLongToH3Index, h3IndexToSplitLong } from 'h3-js';

/** The resolutions the app offers for aggregation. */
export const MIN_RES = 6;
export const MAX_RES = 11;

/** Unsigned 64-bit value of an H3 index given as hex. */
export function cellToBigInt(cell: string): bigint {
  return BigInt('0x' + cell);
}

/** Hex H3 index of an unsigned 64-bit value. */
export function bigIntToCell(v: bigint): string {
  return v.toString(16);
}

/** Hex H3 index from its halves. */
export function halvesToCell(hi: number, lo: number): string {
  return splitLongToH3Index(lo, hi);
}

/** The [hi, lo] halves of a hex H3 index. */
export function cellToHalves(cell: string): [number, number] {
  const [lo, hi] = h3IndexToSplitLong(cell);
  return [hi >>> 0, lo >>> 0];
}

/**
 * The masks that turn a finer index into its parent at `res`:
 * `parent = (index & keep) | set`, where `keep` clears the resolution field and the digits
 * finer than `res`, and `set` writes `res` and fills those digits with ones.
 */
export function parentMasks(res: number): { keep: bigint; set: bigint } {
  if (!Number.isInteger(res) || res < 0 || res > 15) throw new RangeError(`H3 resolution must be 0–15, got ${res}`);
  const all = (1n << 64n) - 1n;
  const unused = (1n << BigInt(3 * (15 - res))) - 1n;
  const resField = 0xfn << 52n;
  const keep = all & ~resField & ~unused;
  const set = (BigInt(res) << 52n) | unused;
  return { keep, set };
}

/** Parent of a 64-bit index at `res` by bit arithmetic (same result as h3-js cellToParent). */
export function parentBits(index: bigint, res: number): bigint {
  const { keep, set } = parentMasks(res);
  return (index & keep) | set;
}

/** SQL expression for the parent at `res` of a UBIGINT column `col`. */
export function parentSql(col: string, res: number): string {
  const { keep, set } = parentMasks(res);
  return `((${col} & ${keep}::UBIGINT) | ${set}::UBIGINT)`;
}

/** The resolutions every incident is indexed at on import. */
export const INDEX_RESOLUTIONS = [6, 7, 8, 9, 10, 11] as const;

/**
 * Indexes points directly at each resolution with h3-js `latLngToCell` (NaN coordinates give 0).
 *
 * Why not once at the finest resolution and parents by bit arithmetic: H3 children are not
 * contained in their parent hexagon, so the bit-parent of a point's fine cell differs from the
 * point's own coarser cell for about 6.5 % of points (measured at res 9 from res 15 and from
 * res 11). Every other tool (and ../shared/reference) assigns a point with `latLngToCell` at the
 * analysis resolution, so the engine does the same, once per resolution, at import time only.
 * Indexes are written as little-endian 64-bit integers without BigInt arithmetic.
 */
export function indexPoints(lat: Float64Array, lon: Float64Array, resolutions: readonly number[]): BigUint64Array[] {
  const out = resolutions.map(() => new BigUint64Array(lat.length));
  const views = out.map((a) => new Uint32Array(a.buffer));
  for (let i = 0; i < lat.length; i++) {
    const a = lat[i];
    const b = lon[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    for (let r = 0; r < resolutions.length; r++) {
      const [l, h] = h3IndexToSplitLong(latLngToCell(a, b, resolutions[r]));
      views[r][2 * i] = l;
      views[r][2 * i + 1] = h;
    }
  }
  return out;
}
