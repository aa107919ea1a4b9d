/**
 * The inner loop of the Knox test's permutations (knox.ts; Knox 1964): for several permutations
 * at once ("lanes"), count the close pairs of each distance column whose time gap falls below
 * each gap threshold. Two counters give identical counts:
 *   - WebAssembly SIMD (8 lanes): the days of a pair's partner in 8 permutations are one 128-bit
 *     load; |Δday| for all 8 is one subtract and one absolute value; each threshold is one
 *     compare and one subtract into 16-bit counters held in registers, added to 32-bit counts
 *     every 32,767 pairs and at the end of a distance column. The module (about 1 KB) is written
 *     here byte by byte, with the thresholds as constants; no toolchain, no fetch.
 *   - plain JavaScript (4 lanes), where WebAssembly SIMD is missing: a lookup of Δday gives up to
 *     four 8-bit counters packed in one 32-bit integer per lane, added in registers and unpacked
 *     every 255 pairs.
 * Pairs are stored by distance column, then by event ("segments", close-pairs.ts), so the column
 * of a pair never has to be read in the loop, and no counter in memory is touched per pair.
 *
 * Also here: the seeded Fisher–Yates shuffle of random.ts (`shuffle(a, rng(seed))`), written out
 * for typed arrays with a stride, element for element the same permutation, about six times faster.
 */
import type { PairSegments } from './close-pairs';

export type { PairSegments };

/** Counts close pairs by gap threshold for `lanes` day assignments at once. */
export interface PairCounter {
  readonly kind: 'wasm-simd' | 'js';
  readonly lanes: number;
  /** Days of the lanes, event by event: lane q of event i at `i * lanes + q` (fill, then `count`). */
  readonly days: Int16Array;
  /**
   * Counts of the current days: entry `(c * F + f) * lanes + q` is the number of pairs of
   * distance column c whose gap |day i − day j| in lane q is below `thresholds[f]`.
   * The array is reused by the next call.
   */
  count(): Int32Array;
}

export type CounterKind = 'auto' | 'wasm-simd' | 'js';

/**
 * A counter over the segments for whole-day gap thresholds (increasing, 1 … 32,767; days in the
 * lanes must lie in 0 … 32,766). `auto` takes WebAssembly SIMD where the runtime has it.
 */
export function pairCounter(seg: PairSegments, n: number, thresholds: readonly number[], kind: CounterKind = 'auto'): PairCounter {
  for (let f = 0; f < thresholds.length; f++)
    if (!Number.isInteger(thresholds[f]) || thresholds[f] < 1 || thresholds[f] > 32767 || (f > 0 && thresholds[f] <= thresholds[f - 1]))
      throw new RangeError('Gap thresholds must be increasing whole numbers 1–32,767.');
  if (kind !== 'js') {
    const mod = thresholds.length ? simdModule(thresholds) : null;
    if (mod)
      try {
        return wasmCounter(mod, seg, n, thresholds.length);
      } catch (e) {
        // No WebAssembly memory of that size here: the JavaScript counter needs no copy of the pairs.
        if (kind === 'wasm-simd') throw e;
      }
    else if (kind === 'wasm-simd' && thresholds.length) throw new Error('WebAssembly SIMD is not available here.');
  }
  return jsCounter(seg, n, thresholds);
}

/** Whether this runtime compiles the SIMD counter. */
export function simdAvailable(): boolean {
  return simdModule([1]) !== null;
}

// ---------------------------------------------------------------- plain JavaScript, 4 lanes

function jsCounter(seg: PairSegments, n: number, thresholds: readonly number[]): PairCounter {
  const L = 4;
  const F = thresholds.length, C = seg.columns;
  const days = new Int16Array(n * L);
  const out = new Int32Array(C * F * L);
  // Gaps run −D … D with D ≤ 32,766: lookups are indexed by Δday + D.
  const D = 32766;
  const luts: Int32Array[] = [];
  for (let g0 = 0; g0 < F; g0 += 4) {
    const maxT = thresholds[Math.min(F, g0 + 4) - 1];
    const lut = new Int32Array(2 * D + 1);
    // Only |Δ| < the largest threshold of the group adds anything.
    for (let d = -Math.min(D, maxT); d <= Math.min(D, maxT); d++) {
      let v = 0;
      for (let f = g0; f < Math.min(F, g0 + 4); f++) if (Math.abs(d) < thresholds[f]) v |= 1 << (8 * (f - g0));
      lut[d + D] = v;
    }
    luts.push(lut);
  }
  const { colStart, segEvent, segStart, partner } = seg;
  const count = (): Int32Array => {
    out.fill(0);
    for (let grp = 0; grp < luts.length; grp++) {
      const lut = luts[grp], g0 = grp * 4, width = Math.min(F, g0 + 4) - g0;
      for (let c = 0; c < C; c++) {
        let acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0, pend = 0;
        const unpack = () => {
          for (let f = 0; f < width; f++) {
            const sh = 8 * f, o = (c * F + g0 + f) * L;
            out[o] += (acc0 >>> sh) & 255;
            out[o + 1] += (acc1 >>> sh) & 255;
            out[o + 2] += (acc2 >>> sh) & 255;
            out[o + 3] += (acc3 >>> sh) & 255;
          }
          acc0 = acc1 = acc2 = acc3 = pend = 0;
        };
        for (let g = colStart[c]; g < colStart[c + 1]; g++) {
          const i4 = segEvent[g] * L, e = segStart[g + 1];
          const a0 = days[i4] + D, a1 = days[i4 + 1] + D, a2 = days[i4 + 2] + D, a3 = days[i4 + 3] + D;
          let k = segStart[g];
          while (k < e) {
            // At most 255 pairs between unpacks: an 8-bit counter cannot overflow.
            const stop = Math.min(e, k + 255 - pend);
            pend += stop - k;
            for (; k < stop; k++) {
              const j = partner[k] * L;
              acc0 = (acc0 + lut[a0 - days[j]]) | 0;
              acc1 = (acc1 + lut[a1 - days[j + 1]]) | 0;
              acc2 = (acc2 + lut[a2 - days[j + 2]]) | 0;
              acc3 = (acc3 + lut[a3 - days[j + 3]]) | 0;
            }
            if (pend === 255) unpack();
          }
        }
        unpack();
      }
    }
    return out;
  };
  return { kind: 'js', lanes: L, days, count };
}

// ---------------------------------------------------------------- WebAssembly SIMD, 8 lanes

function wasmCounter(mod: WebAssembly.Module, seg: PairSegments, n: number, F: number): PairCounter {
  const L = 8, C = seg.columns;
  const segs = seg.segEvent.length;
  // Layout: colStart | segEvent | segStart | partner | days (16-byte aligned) | counts.
  const oCol = 0;
  const oSegEv = oCol + 4 * (C + 1);
  const oSegSt = oSegEv + 4 * segs;
  const oPart = oSegSt + 4 * (segs + 1);
  const oDays = align16(oPart + 4 * seg.partner.length);
  const oOut = align16(oDays + 2 * L * n);
  const bytes = oOut + 4 * C * F * L;
  const pages = Math.ceil(bytes / 65536) || 1;
  if (pages > 65536) throw new RangeError('Too many close pairs for one WebAssembly memory (4 GB).');
  const memory = new WebAssembly.Memory({ initial: pages });
  const run = new WebAssembly.Instance(mod, { k: { m: memory } }).exports.run as (...a: number[]) => void;
  const buf = memory.buffer;
  new Int32Array(buf, oCol, C + 1).set(seg.colStart);
  new Int32Array(buf, oSegEv, segs).set(seg.segEvent);
  new Int32Array(buf, oSegSt, segs + 1).set(seg.segStart);
  new Int32Array(buf, oPart, seg.partner.length).set(seg.partner);
  const days = new Int16Array(buf, oDays, L * n);
  const out = new Int32Array(buf, oOut, C * F * L);
  return {
    kind: 'wasm-simd', lanes: L, days,
    count() {
      out.fill(0);
      run(oCol, oSegEv, oSegSt, oPart, oDays, oOut, C);
      return out;
    },
  };
}

const align16 = (x: number) => Math.ceil(x / 16) * 16;

const modules = new Map<string, WebAssembly.Module | null>();

/** The compiled SIMD counter for these thresholds, or null where WebAssembly SIMD is unavailable. */
function simdModule(thresholds: readonly number[]): WebAssembly.Module | null {
  const key = thresholds.join(',');
  if (!modules.has(key)) {
    let mod: WebAssembly.Module | null = null;
    try {
      const bytes = simdCounterBytes(thresholds);
      if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) mod = new WebAssembly.Module(bytes);
    } catch {
      mod = null;
    }
    modules.set(key, mod);
  }
  return modules.get(key)!;
}

// Binary encoding (WebAssembly core spec 2.0, §5; SIMD opcodes after the 0xFD prefix).
const I32 = 0x7f, V128 = 0x7b, VOID = 0x40;
const Op = { Loop: 0x03, If: 0x04, End: 0x0b, BrIf: 0x0d, Select: 0x1b, Get: 0x20, Set: 0x21, Tee: 0x22, Load: 0x28, Const: 0x41, Eq: 0x46, LtU: 0x49, Add: 0x6a, Sub: 0x6b, Mul: 0x6c, Shl: 0x74 } as const;
const Simd = { Load: 0x00, Store: 0x0b, Const: 0x0c, I16Splat: 0x10, I16GtS: 0x31, I16Abs: 0x80, I16Sub: 0x91, I32ExtendLowU: 0xa9, I32ExtendHighU: 0xaa, I32Add: 0xae } as const;
type SimdOp = (typeof Simd)[keyof typeof Simd];

function uleb(v: number, out: number[]): void {
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
}

function sleb(v: number, out: number[]): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) return void out.push(b);
    out.push(b | 0x80);
  }
}

/** A function body being written. */
class Body {
  readonly b: number[] = [];
  op(...x: number[]): this { this.b.push(...x); return this; }
  get(l: number): this { this.b.push(Op.Get); uleb(l, this.b); return this; }
  set(l: number): this { this.b.push(Op.Set); uleb(l, this.b); return this; }
  tee(l: number): this { this.b.push(Op.Tee); uleb(l, this.b); return this; }
  i32(v: number): this { this.b.push(Op.Const); sleb(v, this.b); return this; }
  load(offset = 0): this { this.b.push(Op.Load, 2); uleb(offset, this.b); return this; }
  simd(op: SimdOp): this { this.b.push(0xfd); uleb(op, this.b); return this; }
  vload(offset = 0): this { this.simd(Simd.Load); this.b.push(4); uleb(offset, this.b); return this; }
  vstore(offset = 0): this { this.simd(Simd.Store); this.b.push(4); uleb(offset, this.b); return this; }
  vzero(): this { this.simd(Simd.Const); for (let i = 0; i < 16; i++) this.b.push(0); return this; }
}

/**
 * The module: imports memory `k.m`, exports `run(colStart, segEvent, segStart, partner, days,
 * out, columns)` (byte addresses). For each column: for each segment: A = the 8 days of its event;
 * for each partner: G = |A − days of the partner| (8 × i16); for each threshold f:
 * acc_f −= (t_f > G) (a true compare is −1). Every 32,767 pairs and at the column's end, acc_f
 * is widened to 8 × i32 and added to out[(c · F + f) · 8 …].
 */
export function simdCounterBytes(thresholds: readonly number[]): Uint8Array<ArrayBuffer> {
  const F = thresholds.length;
  const [pCol, pSegEv, pSegSt, pPart, pDays, pOut, pC] = [0, 1, 2, 3, 4, 5, 6];
  let next = 7;
  const c = next++, gA = next++, gEnd = next++, sA = next++, k = next++, e = next++, stop = next++, pend = next++, base = next++;
  const i32Locals = next - 7;
  const A = next++, G = next++;
  const acc = Array.from({ length: F }, () => next++);
  const thr = Array.from({ length: F }, () => next++);
  const LIMIT = 32767 * 4; // pairs between widenings, in bytes of partner indexes
  const x = new Body();
  for (let f = 0; f < F; f++) x.i32(thresholds[f]).simd(Simd.I16Splat).set(thr[f]);
  const flush = () => {
    x.get(pOut).get(c).i32(F * 32).op(Op.Mul).op(Op.Add).set(base);
    for (let f = 0; f < F; f++) {
      x.get(base).get(base).vload(f * 32).get(acc[f]).simd(Simd.I32ExtendLowU).simd(Simd.I32Add).vstore(f * 32);
      x.get(base).get(base).vload(f * 32 + 16).get(acc[f]).simd(Simd.I32ExtendHighU).simd(Simd.I32Add).vstore(f * 32 + 16);
      x.vzero().set(acc[f]);
    }
  };
  x.i32(0).set(c);
  x.op(Op.Loop, VOID); // columns
  for (let f = 0; f < F; f++) x.vzero().set(acc[f]);
  x.i32(0).set(pend);
  // gA = segEvent + 4 · colStart[c], gEnd = segEvent + 4 · colStart[c + 1], sA = segStart + 4 · colStart[c]
  x.get(pCol).get(c).i32(2).op(Op.Shl).op(Op.Add).tee(base);
  x.load(0).i32(2).op(Op.Shl).tee(k).get(pSegEv).op(Op.Add).set(gA);
  x.get(k).get(pSegSt).op(Op.Add).set(sA);
  x.get(base).load(4).i32(2).op(Op.Shl).get(pSegEv).op(Op.Add).set(gEnd);
  x.get(gA).get(gEnd).op(Op.LtU).op(Op.If, VOID);
  x.op(Op.Loop, VOID); // segments
  x.get(pDays).get(gA).load(0).i32(4).op(Op.Shl).op(Op.Add).vload(0).set(A);
  x.get(sA).load(0).i32(2).op(Op.Shl).get(pPart).op(Op.Add).set(k);
  x.get(sA).load(4).i32(2).op(Op.Shl).get(pPart).op(Op.Add).set(e);
  x.op(Op.Loop, VOID); // chunks of at most 32,767 pairs
  // stop = min(e, k + LIMIT − pend); pend += stop − k
  x.get(k).i32(LIMIT).op(Op.Add).get(pend).op(Op.Sub).tee(stop).get(e).get(stop).get(e).op(Op.LtU).op(Op.Select).set(stop);
  x.get(pend).get(stop).op(Op.Add).get(k).op(Op.Sub).set(pend);
  x.op(Op.Loop, VOID); // pairs
  x.get(A).get(pDays).get(k).load(0).i32(4).op(Op.Shl).op(Op.Add).vload(0).simd(Simd.I16Sub).simd(Simd.I16Abs).set(G);
  for (let f = 0; f < F; f++) x.get(acc[f]).get(thr[f]).get(G).simd(Simd.I16GtS).simd(Simd.I16Sub).set(acc[f]);
  x.get(k).i32(4).op(Op.Add).tee(k).get(stop).op(Op.LtU).op(Op.BrIf, 0);
  x.op(Op.End); // pairs
  x.get(pend).i32(LIMIT).op(Op.Eq).op(Op.If, VOID);
  flush();
  x.i32(0).set(pend);
  x.op(Op.End);
  x.get(k).get(e).op(Op.LtU).op(Op.BrIf, 0);
  x.op(Op.End); // chunks
  x.get(sA).i32(4).op(Op.Add).set(sA);
  x.get(gA).i32(4).op(Op.Add).tee(gA).get(gEnd).op(Op.LtU).op(Op.BrIf, 0);
  x.op(Op.End); // segments
  x.op(Op.End); // if
  flush();
  x.get(c).i32(1).op(Op.Add).tee(c).get(pC).op(Op.LtU).op(Op.BrIf, 0);
  x.op(Op.End); // columns
  x.op(Op.End); // function

  const locals: number[] = [];
  uleb(2, locals);
  uleb(i32Locals, locals);
  locals.push(I32);
  uleb(2 + 2 * F, locals);
  locals.push(V128);
  const body = [...locals, ...x.b];
  const code: number[] = [];
  uleb(body.length, code);
  code.push(...body);
  const vec = (items: number[][]) => { const o: number[] = []; uleb(items.length, o); for (const it of items) o.push(...it); return o; };
  const name = (s: string) => [s.length, ...Array.from(s, (ch) => ch.charCodeAt(0))];
  const section = (id: number, content: number[]) => { const o = [id]; uleb(content.length, o); return [...o, ...content]; };
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
    ...section(1, vec([[0x60, ...vec(Array.from({ length: 7 }, () => [I32])), 0x00]])), // type: (i32 × 7) → ()
    ...section(2, vec([[...name('k'), ...name('m'), 0x02, 0x00, 0x01]])), // import memory k.m, min 1 page
    ...section(3, vec([[0x00]])), // one function of type 0
    ...section(7, vec([[...name('run'), 0x00, 0x00]])), // export "run"
    ...section(10, vec([code])),
  ]);
}

// ---------------------------------------------------------------- seeded shuffle

/**
 * Shuffles the n elements `buf[off + stride · i]` in place exactly as `shuffle(a, rng(seed))`
 * of random.ts shuffles an array (sfc32 seeded through splitmix32, Fisher–Yates with unbiased
 * whole numbers by rejection); checked element for element against it in the tests.
 */
export function seededShuffle(buf: Int16Array, n: number, stride: number, off: number, seed: number): void {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return z ^ (z >>> 16);
  };
  let a = split(), b = split(), c = split(), d = split();
  for (let r = 0; r < 12; r++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); c = (c + t) | 0;
  }
  for (let i = n - 1; i > 0; i--) {
    const m = i + 1;
    let x: number;
    for (;;) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); c = (c + t) | 0;
      x = t >>> 0;
      // Rejected (rarely) when x ≥ 2³² − (2³² mod m), as random.ts does; x mod m otherwise.
      if (x < 4294967296 - m) break;
      const q0 = Math.floor(4294967296 / m);
      let r0 = 4294967296 - q0 * m;
      if (r0 >= m) r0 -= m;
      else if (r0 < 0) r0 += m;
      if (x < 4294967296 - r0) break;
    }
    const q = Math.floor(x / m);
    let j = x - q * m;
    if (j < 0) j += m;
    else if (j >= m) j -= m;
    const pi = off + stride * i, pj = off + stride * j;
    const tmp = buf[pi];
    buf[pi] = buf[pj];
    buf[pj] = tmp;
  }
}
