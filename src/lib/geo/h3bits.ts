/**
 * H3 indexes as 64-bit integers split into two unsigned 32-bit halves, and the bit arithmetic that
 * derives a parent cell without h3-js (H3 index layout: https://h3geo.org/docs/core-library/h3Indexing).
 *
 * Bits 52–55 hold the resolution; each resolution r ∈ 1..15 owns a 3-bit digit at bits
 * 3·(15−r) … 3·(15−r)+2, and digits finer than the cell's resolution are all ones (7).
 */
import { cellToBoundary, latLngToCell, splitLongToH3Index, h3IndexToSplitLong } from 'h3-js';

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

/**
 * The same result as `indexPoints` (exactly `latLngToCell` at every resolution), with far fewer
 * h3-js calls: each point is indexed directly at the finest resolution; for each coarser one the
 * candidate is the finest cell's bit-parent, accepted when the point lies inside that hexagon
 * more than `margin` degrees from every edge (hexagon vertices from `cellToBoundary`, cached per
 * cell), and otherwise (≈ 7–10 % of points) indexed directly. The margin (≈ 2 m) is far wider
 * than the gap between a geodesic H3 edge and the straight lat/lng segment used here (< 0.3 m
 * at res 6), so the shortcut never changes a cell.
 */
export function indexPointsFast(lat: Float64Array, lon: Float64Array, resolutions: readonly number[], margin = 2e-5): BigUint64Array[] {
  const sorted = [...resolutions].sort((a, b) => b - a);
  const finest = sorted[0];
  const out = new Map<number, BigUint64Array>(resolutions.map((r) => [r, new BigUint64Array(lat.length)]));
  const views = new Map([...out].map(([r, a]) => [r, new Uint32Array(a.buffer)]));
  const fine = views.get(finest)!;
  const hexes = new Map<number, Float64Array | null>();
  const maskLo = new Map<number, number>();
  for (const r of sorted.slice(1)) maskLo.set(r, r >= 5 ? (2 ** (3 * (15 - r)) - 1) >>> 0 : -1);
  for (let i = 0; i < lat.length; i++) {
    const a = lat[i];
    const b = lon[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const [l, h] = h3IndexToSplitLong(latLngToCell(a, b, finest));
    fine[2 * i] = l;
    fine[2 * i + 1] = h;
    for (let k = 1; k < sorted.length; k++) {
      const r = sorted[k];
      const v = views.get(r)!;
      const m = maskLo.get(r)!;
      let pl: number;
      let ph: number;
      if (m === -1) {
        [pl, ph] = h3IndexToSplitLong(latLngToCell(a, b, r));
      } else {
        // Bit-parent at r (r ≥ 5 keeps every changed digit in the low word): resolution field
        // lives in the high word, bits 20–23.
        ph = ((h & ~(0xf << 20)) | (r << 20)) >>> 0;
        pl = (l | m) >>> 0;
        const key = ph * 131072 + (pl >>> 15);
        let hex = hexes.get(key);
        if (hex === undefined) {
          hex = hexagon(splitLongToH3Index(pl, ph));
          hexes.set(key, hex);
        }
        if (!hex || !insideWithMargin(hex, a, b, margin)) [pl, ph] = h3IndexToSplitLong(latLngToCell(a, b, r));
      }
      v[2 * i] = pl;
      v[2 * i + 1] = ph;
    }
  }
  return resolutions.map((r) => out.get(r)!);
}

/** A cell's hexagon as counter-clockwise [lat, lng, …] in a local plane; null for other shapes. */
function hexagon(cell: string): Float64Array | null {
  const ring = cellToBoundary(cell);
  if (ring.length !== 6) return null;
  const out = new Float64Array(13);
  const k = Math.cos((ring[0][0] * Math.PI) / 180);
  for (let j = 0; j < 6; j++) {
    out[2 * j] = ring[j][0];
    out[2 * j + 1] = ring[j][1] * k;
  }
  out[12] = k;
  // Make the order counter-clockwise in (x = lng·k, y = lat).
  let area = 0;
  for (let j = 0; j < 6; j++) {
    const n = (j + 1) % 6;
    area += out[2 * j + 1] * out[2 * n] - out[2 * n + 1] * out[2 * j];
  }
  if (area < 0) {
    for (let j = 0; j < 3; j++) {
      const s = 5 - j;
      [out[2 * j], out[2 * s]] = [out[2 * s], out[2 * j]];
      [out[2 * j + 1], out[2 * s + 1]] = [out[2 * s + 1], out[2 * j + 1]];
    }
  }
  return out;
}

/** Whether (lat, lng) is inside the hexagon and at least `margin` degrees from every edge. */
function insideWithMargin(hex: Float64Array, lat: number, lng: number, margin: number): boolean {
  const px = lng * hex[12];
  const py = lat;
  for (let j = 0; j < 6; j++) {
    const n = (j + 1) % 6;
    const ax = hex[2 * j + 1], ay = hex[2 * j];
    const ex = hex[2 * n + 1] - ax, ey = hex[2 * n] - ay;
    // Signed distance of p to the edge line, positive inside for a counter-clockwise ring.
    const d = (ex * (py - ay) - ey * (px - ax)) / Math.hypot(ex, ey);
    if (d <= margin) return false;
  }
  return true;
}
