/**
 * Knox test (src/lib/analysis/repeats/knox.ts): hand-checked small cases (band edges exactly at
 * a and b, the same-place band, the open bands), the fast counts against a brute-force count of
 * all pairs, permutation invariants, the exact permutation expectation, and reproducibility
 * (the table depends on the events and the seed only); the two pair counters (WebAssembly SIMD,
 * plain JavaScript) against each other and against a brute-force count of a permuted table; the
 * fast shuffle against random.ts; the permutations split over a pool of compute workers (stand-ins
 * running the workers' own task code) against the single-thread run, and a cancel. Issue #4.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KnoxRun, knoxTest, knoxTestAsync, permutationSeed, planKnox, type KnoxEvents, type KnoxResult } from '../../src/lib/analysis/repeats/knox';
import { timeColumnTotals } from '../../src/lib/analysis/repeats/time-gaps';
import { makeBands, bandColumn, gapLookup } from '../../src/lib/analysis/repeats/bands';
import { closePairs, closePairSegments, distance, spatialOrder, type Metric } from '../../src/lib/analysis/repeats/close-pairs';
import { seededShuffle, simdAvailable } from '../../src/lib/analysis/repeats/knox-kernels';
import { rng, shuffle } from '../../src/lib/analysis/random';
import { ComputePool, knoxTask, type ComputeCall, type ComputeReply, type KnoxJobs, type PoolWorker } from '../../src/lib/engine/compute-pool';

const plane = { kind: 'projected' as const, crs: 'EPSG:26971', description: 'test' };
const events = (pts: [number, number, number][]): KnoxEvents => ({
  x: Float64Array.from(pts, (p) => p[0]), y: Float64Array.from(pts, (p) => p[1]), day: Int32Array.from(pts, (p) => p[2]), plane,
});
const cell = (r: KnoxResult, s: number, t: number) => r.cells[t * r.spaceBands.length + s];
const table = (r: KnoxResult) => r.cells.map((c) => c.observed);

/** Observed counts of every cell by comparing all pairs (the definition). */
function bruteForce(ev: KnoxEvents, sb: number[], tb: number[], metric: Metric): number[] {
  const S = sb.length, T = tb.length;
  const out = new Array(S * T).fill(0);
  for (let i = 0; i < ev.x.length; i++)
    for (let j = i + 1; j < ev.x.length; j++) {
      const s = bandColumn(distance(metric, ev.x[i], ev.y[i], ev.x[j], ev.y[j]), sb) - 1;
      const t = bandColumn(Math.abs(ev.day[i] - ev.day[j]), tb) - 1;
      if (s >= 0 && t >= 0) out[t * S + s]++;
    }
  return out;
}

describe('bands', () => {
  it('labels [a, b) exactly, adds the open band and the same-place band', () => {
    expect(makeBands([0, 100, 200], 'm').map((b) => b.label)).toEqual(['[0, 100) m', '[100, 200) m', '[200, ∞) m']);
    const same = makeBands([0, 201, 401], 'm', 0.01);
    expect(same.map((b) => b.label)).toEqual(['same place [0, 0.01) m', '[0.01, 201) m', '[201, 401) m', '[401, ∞) m']);
    expect(same[0].samePlace).toBe(true);
    expect(same.at(-1)!.to).toBeNull();
    expect(() => makeBands([0, 5, 5], 'm')).toThrow(/increase/);
    expect(() => makeBands([10, 20], 'm', 1)).toThrow(/first break at 0/);
  });

  it('puts a value on a break into the band that starts there', () => {
    const b = [0, 8, 15];
    expect([0, 7, 8, 14, 15, 99].map((v) => bandColumn(v, b))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(bandColumn(-1, b)).toBe(0);
    expect(Array.from(gapLookup([1, 2.5]))).toEqual([0, 1, 1, 2]); // gap 2 < 2.5
  });
});

describe('Knox test: hand-checked cases', () => {
  // A (0,0) day 0; B (100,0) day 1; C (0,200) day 5; D (0,0) day 0.
  const ev = events([[0, 0, 0], [100, 0, 1], [0, 200, 5], [0, 0, 0]]);

  it('counts pairs on band edges into the band that starts there (Manhattan)', () => {
    const r = knoxTest(ev, { spaceBands: [0, 100, 200], timeBands: [0, 1, 5], permutations: 0 });
    // AB: 100 m, 1 day; AC: 200 m, 5 days; BC: 300 m, 4 days; AD: 0 m, 0 days; BD: 100 m, 1 day; CD: 200 m, 5 days.
    expect(r.spaceBands.map((b) => b.label)).toEqual(['[0, 100) m', '[100, 200) m', '[200, ∞) m']);
    expect(r.timeBands.map((b) => b.label)).toEqual(['[0, 1) days', '[1, 5) days', '[5, ∞) days']);
    expect(cell(r, 0, 0).observed).toBe(1); // AD
    expect(cell(r, 1, 1).observed).toBe(2); // AB, BD
    expect(cell(r, 2, 2).observed).toBe(2); // AC, CD
    expect(cell(r, 2, 1).observed).toBe(1); // BC
    expect(table(r).reduce((a, b) => a + b, 0)).toBe(6);
    expect(r.pairs).toBe(6);
  });

  it('measures Euclidean distance when asked', () => {
    const r = knoxTest(events([[0, 0, 0], [60, 80, 0], [0, 0, 3]]), { spaceBands: [0, 100], timeBands: [0, 1], metric: 'euclidean', permutations: 0 });
    // 100 m apart: not in [0, 100) but in [100, ∞); Manhattan would say 140.
    expect(cell(r, 1, 0).observed).toBe(1);
    expect(cell(r, 0, 1).observed).toBe(1);
    expect(r.metric).toBe('euclidean');
  });

  it('keeps a same-place band apart from the next one', () => {
    const r = knoxTest(ev, { spaceBands: [0, 150], timeBands: [0, 2], samePlace: 0.01, permutations: 0 });
    expect(r.spaceBands.map((b) => b.label)).toEqual(['same place [0, 0.01) m', '[0.01, 150) m', '[150, ∞) m']);
    expect(cell(r, 0, 0).observed).toBe(1); // AD
    expect(cell(r, 1, 0).observed).toBe(2); // AB, BD
    expect(cell(r, 2, 1).observed).toBe(3);
  });

  it('leaves out pairs below the first break, as R cut does', () => {
    const r = knoxTest(ev, { spaceBands: [50, 150], timeBands: [1, 3], permutations: 0 });
    // Only pairs ≥ 50 m and ≥ 1 day count: AB, BD (100 m, 1 d), AC, CD (200 m, 5 d), BC (300 m, 4 d).
    expect(table(r).reduce((a, b) => a + b, 0)).toBe(5);
    expect(cell(r, 0, 0).observed).toBe(2);
  });

  it('gives expected, ratios and p from the permutations', () => {
    const r = knoxTest(ev, { spaceBands: [0, 100, 200], timeBands: [0, 1, 5], permutations: 99, seed: 3 });
    for (const c of r.cells) {
      expect(c.p).toBeGreaterThanOrEqual(1 / 100);
      expect(c.p).toBeLessThanOrEqual(1);
      if (c.expected > 0) expect(c.knoxRatio).toBeCloseTo(c.observed / c.expected, 12);
    }
    // Every permutation keeps the 6 pairs: the expected counts add up to 6.
    expect(r.cells.reduce((a, c) => a + c.expected, 0)).toBeCloseTo(6, 9);
  });
});

describe('Knox test: properties', () => {
  const pointSet = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 20 })), { minLength: 2, maxLength: 60 });
  const breaks = (max: number) => fc.uniqueArray(fc.integer({ min: 1, max }), { minLength: 1, maxLength: 4 }).map((a) => [0, ...a.sort((p, q) => p - q)]);

  it('the fast observed counts equal a brute-force count of all pairs', () => {
    fc.assert(
      fc.property(pointSet, breaks(40), breaks(15), fc.constantFrom<Metric>('manhattan', 'euclidean'), fc.integer({ min: 1, max: 10 }), (pts, sb, tb, metric, scale) => {
        // Integer coordinates × scale: many distances fall exactly on the breaks.
        const ev = events(pts.map(([x, y, d]) => [x * scale, y * scale, d]));
        const s = sb.map((b) => b * scale);
        const r = knoxTest(ev, { spaceBands: s, timeBands: tb, metric, permutations: 0 });
        expect(table(r)).toEqual(bruteForce(ev, s, tb, metric));
      }),
      { numRuns: 300 },
    );
  });

  it('close pairs equal the pairs closer than the distance', () => {
    fc.assert(
      fc.property(pointSet, fc.integer({ min: 1, max: 40 }), fc.constantFrom<Metric>('manhattan', 'euclidean'), (pts, max, metric) => {
        const ev = events(pts);
        const cp = closePairs(ev.x, ev.y, [0, max], metric);
        let brute = 0;
        for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) if (distance(metric, ev.x[i], ev.y[i], ev.x[j], ev.y[j]) < max) brute++;
        expect(cp.count).toBe(brute);
      }),
      { numRuns: 200 },
    );
  });

  it('close pairs by distance column are the same pairs, in the same columns, as closePairs', () => {
    fc.assert(
      fc.property(pointSet, breaks(40), fc.constantFrom<Metric>('manhattan', 'euclidean'), (pts, sb, metric) => {
        const ev = events(pts);
        const cp = closePairs(ev.x, ev.y, sb, metric);
        const want: string[] = [];
        for (let i = 0; i < pts.length; i++) for (let k = cp.start[i]; k < cp.start[i + 1]; k++) want.push(`${cp.column[k]}:${i}-${cp.other[k]}`);
        const seg = closePairSegments(ev.x, ev.y, sb, metric);
        const got: string[] = [];
        for (let c = 0; c < seg.columns; c++)
          for (let g = seg.colStart[c]; g < seg.colStart[c + 1]; g++) {
            expect(seg.segStart[g + 1]).toBeGreaterThan(seg.segStart[g]);
            for (let k = seg.segStart[g]; k < seg.segStart[g + 1]; k++) got.push(`${c}:${seg.segEvent[g]}-${seg.partner[k]}`);
          }
        expect(got.sort()).toEqual(want.sort());
        expect(seg.count).toBe(cp.count);
        expect(Array.from(seg.perColumn).reduce((a, b) => a + b, 0)).toBe(cp.count);
      }),
      { numRuns: 200 },
    );
  });

  it('every permuted table keeps the distance-band totals and the time-band totals', () => {
    fc.assert(
      fc.property(pointSet, breaks(40), breaks(15), fc.integer(), (pts, sb, tb, seed) => {
        const ev = events(pts);
        const run = new KnoxRun(ev, { spaceBands: sb, timeBands: tb, permutations: 5, seed });
        const S = sb.length, T = tb.length;
        const obs = knoxTest(ev, { spaceBands: sb, timeBands: tb, permutations: 0 }).cells.map((c) => c.observed);
        const out = new Float64Array(S * T);
        for (let p = 0; p < 5; p++) {
          run.permute(p, out, 0);
          for (let s = 0; s < S; s++) {
            let a = 0, b = 0;
            for (let t = 0; t < T; t++) { a += out[t * S + s]; b += obs[t * S + s]; }
            expect(a).toBe(b);
          }
          for (let t = 0; t < T; t++) {
            let a = 0, b = 0;
            for (let s = 0; s < S; s++) { a += out[t * S + s]; b += obs[t * S + s]; }
            expect(a).toBe(b);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the mean of the permutations approaches the exact permutation expectation', () => {
    // Under random permutation of days, E[cell] = pairs in the distance band × pairs in the time band / all pairs.
    const pts: [number, number, number][] = Array.from({ length: 40 }, (_, i) => [(i * 37) % 23 * 10, (i * 11) % 17 * 10, (i * 7) % 13]);
    const ev = events(pts);
    const sb = [0, 50, 120], tb = [0, 2, 5];
    const r = knoxTest(ev, { spaceBands: sb, timeBands: tb, permutations: 4000, seed: 11 });
    const N = (40 * 39) / 2;
    for (const c of r.cells) {
      const sTot = r.cells.filter((d) => d.space === c.space).reduce((a, d) => a + d.observed, 0);
      const tTot = r.cells.filter((d) => d.time === c.time).reduce((a, d) => a + d.observed, 0);
      const exact = (sTot * tTot) / N;
      // Within 4 Poisson-scale standard errors of a mean of 4,000 permuted counts (seeded: deviations seen ≤ 1).
      expect(Math.abs(c.expected - exact)).toBeLessThan((4 * Math.sqrt(exact)) / Math.sqrt(4000));
    }
  });

  it('the table depends only on the events and the seed (not their order, nor how the run is sliced)', async () => {
    const pts: [number, number, number][] = Array.from({ length: 300 }, (_, i) => [(i * 7919) % 1000, (i * 104729) % 1000, (i * 31) % 90]);
    const opts = { spaceBands: [0, 1, 50, 100, 200], timeBands: [0, 3, 7, 14], permutations: 199, seed: 42 };
    const a = knoxTest(events(pts), opts);
    const b = knoxTest(events([...pts].reverse()), opts);
    const c = await knoxTestAsync(events(pts), { ...opts, sliceMs: 0 });
    const d = knoxTest(events(pts), { ...opts, seed: 43 });
    const strip = (r: KnoxResult) => r.cells;
    expect(strip(b)).toEqual(strip(a));
    expect(strip(c)).toEqual(strip(a));
    expect(strip(d).map((x) => x.expected)).not.toEqual(strip(a).map((x) => x.expected));
    expect(strip(d).map((x) => x.observed)).toEqual(strip(a).map((x) => x.observed));
    expect(a.seed).toBe(42);
    // Any range of permutations can run apart: permutation p alone gives the same counts.
    const run = new KnoxRun(events(pts), opts);
    const one = new Float64Array(a.cells.length), again = new Float64Array(a.cells.length);
    run.permute(17, one, 0);
    new KnoxRun(events([...pts].reverse()), opts).permute(17, again, 0);
    expect(Array.from(again)).toEqual(Array.from(one));
  });

  it('reports progress and stops when asked', async () => {
    const pts: [number, number, number][] = Array.from({ length: 200 }, (_, i) => [i % 20 * 10, Math.floor(i / 20) * 10, i % 30]);
    const seen: number[] = [];
    knoxTest(events(pts), { spaceBands: [0, 30], timeBands: [0, 5], permutations: 500, onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    let calls = 0;
    expect(() => knoxTest(events(pts), { spaceBands: [0, 30], timeBands: [0, 5], permutations: 500, shouldStop: () => ++calls > 10 })).toThrow(/cancelled/);
    const ac = new AbortController();
    const p = knoxTestAsync(events(pts), { spaceBands: [0, 30], timeBands: [0, 5], permutations: 100_000, sliceMs: 1, signal: ac.signal });
    setTimeout(() => ac.abort(), 5);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('counts all pairs per time band from the days alone', () => {
    const day = Int32Array.from([0, 0, 1, 3, 3, 3, 10]);
    // Gaps: 0 ×4 (0-0, 3-3 ×3), 1 ×2, 2 ×3, 3 ×6, 7 ×3, 9 ×1, 10 ×2 → total 21.
    const t = timeColumnTotals(day, 0, 10, [0, 1, 3], 4);
    expect(Array.from(t)).toEqual([0, 4, 5, 12]);
  });
});

/** A brute-force table of permutation p: the days in the canonical order, shuffled as the run shuffles them. */
function permutedBruteForce(ev: KnoxEvents, sb: number[], tb: number[], metric: Metric, seed: number, p: number, samePlace?: number): number[] {
  const breaks = makeBands(sb, 'm', samePlace).map((b) => b.from);
  const order = spatialOrder(ev.x, ev.y, breaks[breaks.length - 1], ev.day);
  const days = Int32Array.from(order, (i) => ev.day[i]);
  shuffle(days, rng(permutationSeed(seed, p)));
  const canon = { x: Float64Array.from(order, (i) => ev.x[i]), y: Float64Array.from(order, (i) => ev.y[i]), day: days, plane };
  return bruteForce(canon, breaks, tb, metric);
}

describe('Knox test: pair counters and shuffle', () => {
  it('the fast shuffle is exactly random.ts shuffle(rng(seed)), with any stride', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer(), fc.integer({ min: 1, max: 9 }), (n, seed, stride) => {
        const a = Int16Array.from({ length: n }, (_, i) => i % 30000);
        const b = new Int16Array(n * stride);
        const off = stride - 1;
        for (let i = 0; i < n; i++) b[i * stride + off] = a[i];
        shuffle(a, rng(seed));
        seededShuffle(b, n, stride, off, seed);
        expect(Array.from({ length: n }, (_, i) => b[i * stride + off])).toEqual(Array.from(a));
      }),
      { numRuns: 200 },
    );
  });

  it('WebAssembly SIMD is available in this runtime (so the tests below compare both counters)', () => {
    expect(simdAvailable()).toBe(true);
  });

  const cloud = fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 120 })), { minLength: 2, maxLength: 120 });
  const breaks = (max: number, most: number) => fc.uniqueArray(fc.integer({ min: 1, max }), { minLength: 1, maxLength: most }).map((a) => a.sort((p, q) => p - q));

  it('both counters give the brute-force table of each permutation (any bands, up to 9 time breaks)', () => {
    fc.assert(
      fc.property(
        cloud, breaks(50, 4), breaks(130, 9), fc.boolean(), fc.boolean(), fc.constantFrom<Metric>('manhattan', 'euclidean'), fc.integer(), fc.integer({ min: 0, max: 30 }),
        (pts, sb0, tb0, zeroS, zeroT, metric, seed, p) => {
          const ev = events(pts);
          // Breaks from 0, or not (pairs below the first break are in no band); time breaks also as halves (2.5 days).
          const sb = zeroS ? [0, ...sb0] : sb0;
          const tb = (zeroT ? [0, ...tb0] : tb0).map((b, i) => (i % 3 === 2 ? b - 0.5 : b)).filter((b, i, a) => b >= 0 && (i === 0 || b > a[i - 1]));
          const opts = { spaceBands: sb, timeBands: tb, metric, permutations: 31, seed };
          const want = permutedBruteForce(ev, sb, tb, metric, seed, p);
          for (const counter of ['js', 'wasm-simd'] as const) {
            const out = new Float64Array(sb.length * tb.length);
            new KnoxRun(ev, { ...opts, counter }).permute(p, out, 0);
            expect(Array.from(out)).toEqual(want);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts more than 65,535 pairs in one band and place (the 16-bit SIMD and 8-bit JavaScript counters are widened in time), same-place band', () => {
    // 400 events at one point (79,800 pairs in the same-place band) and 200 scattered, all within 16 days: in every permutation more than 65,535 same-place pairs are less than 30 days apart.
    const pts: [number, number, number][] = [
      ...Array.from({ length: 400 }, (_, i): [number, number, number] => [500, 500, (i * 37) % 10]),
      ...Array.from({ length: 200 }, (_, i): [number, number, number] => [(i * 53) % 900, (i * 97) % 900, (i * 11) % 16]),
    ];
    const ev = events(pts);
    const opts = { spaceBands: [0, 100, 300], timeBands: [0, 3, 7, 14, 30, 60], samePlace: 0.5, permutations: 17, seed: 9 };
    const a = knoxTest(ev, { ...opts, counter: 'js' });
    const b = knoxTest(ev, { ...opts, counter: 'wasm-simd' });
    expect(b.cells).toEqual(a.cells);
    const run = new KnoxRun(ev, { ...opts, counter: 'wasm-simd' });
    const out = new Float64Array(a.cells.length);
    run.permute(5, out, 0);
    expect(Array.from(out)).toEqual(permutedBruteForce(ev, [0, 100, 300], opts.timeBands, 'manhattan', 9, 5, 0.5));
    expect(out[0 * 4 + 0] + out[1 * 4 + 0] + out[2 * 4 + 0] + out[3 * 4 + 0] + out[4 * 4 + 0] + out[5 * 4 + 0]).toBeGreaterThanOrEqual((400 * 399) / 2);
  });
});

/** A stand-in for a compute worker: runs the worker's Knox task code on a structured clone of each message, later. */
class FakeWorker implements PoolWorker {
  onmessage: PoolWorker['onmessage'] = null;
  onerror: PoolWorker['onerror'] = null;
  readonly jobs: KnoxJobs = new Map();
  readonly seen: string[] = [];
  postMessage(msg: ComputeCall): void {
    const { call, task } = structuredClone(msg);
    this.seen.push(task.task);
    setTimeout(() => {
      let r: ComputeReply;
      try {
        if (!task.task.startsWith('knox')) throw new Error('not a Knox task');
        r = { call, ok: true, value: knoxTask(this.jobs, task as Parameters<typeof knoxTask>[1])[0] };
      } catch (e) {
        r = { call, ok: false, error: (e as Error).message };
      }
      (this.onmessage as (ev: MessageEvent) => void)({ data: structuredClone(r) } as MessageEvent);
    }, 0);
  }
}

describe('Knox test: permutations over a pool of compute workers', () => {
  const pts: [number, number, number][] = Array.from({ length: 400 }, (_, i) => [(i * 7919) % 800, (i * 104729) % 800, (i * 31) % 120]);
  const opts = { spaceBands: [0, 1, 50, 100, 200], timeBands: [0, 3, 7, 14, 21], permutations: 203, seed: 77 };

  it('gives the table of the single-thread run, whatever the chunk size', async () => {
    const want = knoxTest(events(pts), opts).cells;
    for (const chunk of [8, 24, 203]) {
      const workers: FakeWorker[] = [];
      const pool = new ComputePool(() => { const w = new FakeWorker(); workers.push(w); return w; }, 3);
      const run = new KnoxRun(events(pts), opts);
      const seen: number[] = [];
      await pool.knox(run.plan, chunk, (from, counts) => { seen.push(from); run.absorb(from, counts); });
      expect(run.done).toBe(203);
      expect(seen.length).toBe(Math.ceil(203 / chunk));
      expect(run.result().cells).toEqual(want);
      // Every worker that took the plan forgot it at the end.
      await new Promise((r) => setTimeout(r, 5));
      for (const w of workers) expect(w.jobs.size).toBe(0);
    }
  });

  it('stops handing out ranges on a cancel and rejects with it', async () => {
    const workers: FakeWorker[] = [];
    const pool = new ComputePool(() => { const w = new FakeWorker(); workers.push(w); return w; }, 2);
    const run = new KnoxRun(events(pts), opts);
    let chunks = 0;
    const cancel = pool.knox(run.plan, 8, () => {
      if (++chunks === 3) { const e = new Error('Cancelled'); e.name = 'AbortError'; throw e; }
    });
    await expect(cancel).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((r) => setTimeout(r, 10));
    const ranges = workers.flatMap((w) => w.seen).filter((t) => t === 'knox-range').length;
    expect(ranges).toBeLessThanOrEqual(4);
    for (const w of workers) expect(w.jobs.size).toBe(0);
    // The same pool then runs a whole test.
    const again = new KnoxRun(events(pts), opts);
    await pool.knox(again.plan, 16, (from, counts) => again.absorb(from, counts));
    expect(again.result().cells).toEqual(knoxTest(events(pts), opts).cells);
  });

  it('stops at once when its signal is aborted, without waiting for the ranges in progress', async () => {
    const workers: FakeWorker[] = [];
    const pool = new ComputePool(() => { const w = new FakeWorker(); workers.push(w); return w; }, 2);
    const run = new KnoxRun(events(pts), opts);
    const ac = new AbortController();
    let chunks = 0;
    const p = pool.knox(run.plan, 8, () => { if (++chunks === 2) queueMicrotask(() => { const e = new Error('Cancelled'); e.name = 'AbortError'; ac.abort(e); }); }, ac.signal);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    // Rejected before the next reply came in: at most the two ranges in flight (one per worker) are still out.
    expect(chunks).toBe(2);
    await new Promise((r) => setTimeout(r, 10));
    expect(workers.flatMap((w) => w.seen).filter((t) => t === 'knox-range').length).toBeLessThanOrEqual(4);
    for (const w of workers) expect(w.jobs.size).toBe(0);
    const aborted = new AbortController();
    aborted.abort(new Error('before'));
    await expect(pool.knox(run.plan, 8, () => {}, aborted.signal)).rejects.toThrow('before');
  });

  it('a plan carries everything: a run made from it gives the same permutations', () => {
    const plan = planKnox(events(pts), opts);
    const a = new KnoxRun(structuredClone(plan)).permuteRange(40, 61);
    const b = new KnoxRun(events(pts), opts).permuteRange(40, 61);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(() => new KnoxRun(plan).plan).toThrow(/made from a plan/);
  });
});
