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
 * more than `margin` degrees from every edge (hexagon from `cellToBoundary`, cached per cell),
 * and otherwise (≈ 8 % of points) indexed directly. The margin (≈ 2 m) is far wider than the gap
 * between a geodesic H3 edge and the straight lat/lng segment used here (< 0.3 m at res 6), so
 * the shortcut never changes a cell (checked against `indexPoints` in the tests).
 */
export function indexPointsFast(lat: Float64Array, lon: Float64Array, resolutions: readonly number[], margin = 2e-5): BigUint64Array[] {
  const sorted = [...resolutions].sort((a, b) => b - a);
  const finest = sorted[0];
  const out = new Map<number, BigUint64Array>(resolutions.map((r) => [r, new BigUint64Array(lat.length)]));
  const views = sorted.map((r) => new Uint32Array(out.get(r)!.buffer));
  const cache = new HexCache();
  const lowMask = sorted.map((r) => (r >= 5 ? (2 ** (3 * (15 - r)) - 1) >>> 0 : 0));
  const resBits = sorted.map((r) => r << 20);
  for (let i = 0; i < lat.length; i++) {
    const a = lat[i];
    const b = lon[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const [l, h] = h3IndexToSplitLong(latLngToCell(a, b, finest));
    views[0][2 * i] = l;
    views[0][2 * i + 1] = h;
    for (let k = 1; k < sorted.length; k++) {
      const r = sorted[k];
      let pl: number;
      let ph: number;
      if (r < 5) {
        [pl, ph] = h3IndexToSplitLong(latLngToCell(a, b, r));
      } else {
        // Bit-parent at r ≥ 5: the changed digits all sit in the low word; the resolution field
        // is bits 20–23 of the high word.
        ph = ((h & 0xff0fffff) | resBits[k]) >>> 0;
        pl = (l | lowMask[k]) >>> 0;
        const hex = cache.get(ph, pl);
        if (hex < 0 || !cache.inside(hex, a, b, margin)) [pl, ph] = h3IndexToSplitLong(latLngToCell(a, b, r));
      }
      views[k][2 * i] = pl;
      views[k][2 * i + 1] = ph;
    }
  }
  return resolutions.map((r) => out.get(r)!);
}

/** Mixes both words of an index (murmur3's finaliser): parents differ only in middle bits. */
function hash(h: number, l: number): number {
  let x = Math.imul(l ^ (l >>> 16), 0x85ebca6b) ^ h;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Hexagons by H3 index (open addressing over the index's two words), each stored as six edge
 * lines (nx, ny, c) in a local plane x = lng·cos(lat₀), y = lat with the inside where
 * nx·x + ny·y − c > 0, so a containment test is six multiply-adds.
 */
class HexCache {
  private cap = 1 << 12;
  private hi = new Uint32Array(this.cap);
  private lo = new Uint32Array(this.cap);
  private slot = new Int32Array(this.cap).fill(-1);
  private lines = new Float64Array(19 * 256);
  private count = 0;

  /** The stored hexagon of a cell (computing it on first use), or −1 for pentagons/distorted cells. */
  get(h: number, l: number): number {
    const mask = this.cap - 1;
    let s = hash(h, l) & mask;
    for (;;) {
      const v = this.slot[s];
      if (v === -1) break;
      if (this.hi[s] === h && this.lo[s] === l) return v;
      s = (s + 1) & mask;
    }
    const v = this.add(splitLongToH3Index(l, h));
    this.hi[s] = h;
    this.lo[s] = l;
    this.slot[s] = v;
    if (++this.count * 2 > this.cap) this.grow();
    return v;
  }

  private grow(): void {
    const { hi, lo, slot } = this;
    this.cap *= 2;
    this.hi = new Uint32Array(this.cap);
    this.lo = new Uint32Array(this.cap);
    this.slot = new Int32Array(this.cap).fill(-1);
    const mask = this.cap - 1;
    for (let i = 0; i < slot.length; i++) {
      if (slot[i] === -1) continue;
      let s = hash(hi[i], lo[i]) & mask;
      while (this.slot[s] !== -1) s = (s + 1) & mask;
      this.hi[s] = hi[i];
      this.lo[s] = lo[i];
      this.slot[s] = slot[i];
    }
  }

  private stored = 0;

  private add(cell: string): number {
    const ring = cellToBoundary(cell);
    if (ring.length !== 6) return -1;
    const k = Math.cos((ring[0][0] * Math.PI) / 180);
    let area = 0;
    for (let j = 0; j < 6; j++) {
      const n = (j + 1) % 6;
      area += ring[j][1] * k * ring[n][0] - ring[n][1] * k * ring[j][0];
    }
    const sign = area > 0 ? 1 : -1;
    const id = this.stored++;
    if ((id + 1) * 19 > this.lines.length) {
      const more = new Float64Array(this.lines.length * 2);
      more.set(this.lines);
      this.lines = more;
    }
    const o = id * 19;
    this.lines[o] = k;
    for (let j = 0; j < 6; j++) {
      const n = (j + 1) % 6;
      const ax = ring[j][1] * k, ay = ring[j][0];
      const ex = ring[n][1] * k - ax, ey = ring[n][0] - ay;
      const len = Math.hypot(ex, ey) * sign;
      // Inside (left of each edge of a counter-clockwise ring): ex·(py−ay) − ey·(px−ax) > 0.
      this.lines[o + 1 + 3 * j] = -ey / len;
      this.lines[o + 2 + 3 * j] = ex / len;
      this.lines[o + 3 + 3 * j] = (-ey * ax + ex * ay) / len;
    }
    return id;
  }

  /** Whether (lat, lng) lies inside hexagon `id`, more than `margin` from every edge. */
  inside(id: number, lat: number, lng: number, margin: number): boolean {
    const L = this.lines;
    const o = id * 19;
    const px = lng * L[o];
    for (let j = 0; j < 6; j++) {
      const q = o + 1 + 3 * j;
      if (L[q] * px + L[q + 1] * lat - L[q + 2] <= margin) return false;
    }
    return true;
  }
}
