/**
 * Issue 7, item 2: property-based tests (fast-check) of the Knox test (issue 4) on random small
 * inputs, including the degenerate ones (all events at one place, all on one day, both):
 * - the observed counts of all cells add up to all pairs, n(n − 1)/2, when the breaks start at 0;
 * - so does every permuted table, hence the expected counts (within rounding);
 * - every p lies in [1/(permutations + 1), 1], every expected count is finite and ≥ 0;
 * - when the table cannot change under permutation (one place, or one day), expected = observed
 *   and p = 1 in every cell;
 * - both pair counters (WebAssembly SIMD, JavaScript) give the same table.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { knoxTest, type KnoxEvents, type KnoxResult } from '../../src/lib/analysis/repeats/knox';
import type { Metric } from '../../src/lib/analysis/repeats/close-pairs';

const plane = { kind: 'projected' as const, crs: 'EPSG:26971', description: 'test' };
const events = (pts: readonly (readonly [number, number, number])[]): KnoxEvents => ({
  x: Float64Array.from(pts, (p) => p[0]), y: Float64Array.from(pts, (p) => p[1]), day: Int32Array.from(pts, (p) => p[2]), plane,
});
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Increasing breaks from 0 (every pair then falls in a band). */
const breaksFrom0 = (max: number) => fc.uniqueArray(fc.integer({ min: 1, max }), { maxLength: 4 }).map((a) => [0, ...a.sort((p, q) => p - q)]);
const metric = fc.constantFrom<Metric>('manhattan', 'euclidean');
const coord = fc.integer({ min: 0, max: 400 });
const dayOf = fc.integer({ min: 0, max: 60 });

/** Random events: scattered, or all at one place, or all on one day, or both. */
const eventSets = fc.oneof(
  fc.array(fc.tuple(coord, coord, dayOf), { minLength: 2, maxLength: 70 }),
  fc.tuple(coord, coord, fc.array(dayOf, { minLength: 2, maxLength: 70 })).map(([x, y, days]) => days.map((d) => [x, y, d] as const)),
  fc.tuple(dayOf, fc.array(fc.tuple(coord, coord), { minLength: 2, maxLength: 70 })).map(([d, xy]) => xy.map(([x, y]) => [x, y, d] as const)),
  fc.tuple(coord, coord, dayOf, fc.integer({ min: 2, max: 70 })).map(([x, y, d, n]) => Array.from({ length: n }, () => [x, y, d] as const)),
);

function checkTable(r: KnoxResult, n: number): void {
  const all = (n * (n - 1)) / 2;
  expect(r.pairs).toBe(all);
  expect(sum(r.cells.map((c) => c.observed))).toBe(all);
  expect(sum(r.cells.map((c) => c.expected))).toBeCloseTo(all, 6);
  for (const c of r.cells) {
    expect(Number.isFinite(c.expected)).toBe(true);
    expect(c.expected).toBeGreaterThanOrEqual(0);
    expect(c.p).toBeGreaterThanOrEqual(1 / (r.permutations + 1));
    expect(c.p).toBeLessThanOrEqual(1);
    expect(Number.isInteger(c.observed) && c.observed >= 0).toBe(true);
  }
}

describe('Knox test (property)', () => {
  it('observed and expected counts add up to n(n − 1)/2; p in (0, 1]; expected finite', () => {
    fc.assert(
      fc.property(eventSets, breaksFrom0(300), breaksFrom0(40), metric, fc.boolean(), fc.integer({ min: 1, max: 60 }), fc.integer(), (pts, sb, tb, m, same, permutations, seed) => {
        const samePlace = same && (sb.length < 2 || sb[1] > 0.5) ? 0.5 : undefined;
        const r = knoxTest(events(pts), { spaceBands: sb, timeBands: tb, samePlace, metric: m, permutations, seed });
        checkTable(r, pts.length);
      }),
      { numRuns: 300 },
    );
  });

  it('at one place, or on one day, no permutation changes the table: expected = observed, p = 1', () => {
    const oneOf = fc.oneof(
      fc.tuple(coord, coord, fc.array(dayOf, { minLength: 2, maxLength: 60 })).map(([x, y, days]) => days.map((d) => [x, y, d] as const)),
      fc.tuple(dayOf, fc.array(fc.tuple(coord, coord), { minLength: 2, maxLength: 60 })).map(([d, xy]) => xy.map(([x, y]) => [x, y, d] as const)),
    );
    fc.assert(
      fc.property(oneOf, breaksFrom0(300), breaksFrom0(40), metric, fc.integer({ min: 1, max: 40 }), fc.integer(), (pts, sb, tb, m, permutations, seed) => {
        const r = knoxTest(events(pts), { spaceBands: sb, timeBands: tb, metric: m, permutations, seed });
        checkTable(r, pts.length);
        for (const c of r.cells) {
          expect(c.expected).toBe(c.observed);
          expect(c.p).toBe(1);
          if (c.observed > 0) expect(c.knoxRatio).toBe(1);
          else expect(c.knoxRatio).toBeNaN();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('all events at one place on one day: every pair in the first distance band and the first time band', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), breaksFrom0(300), breaksFrom0(40), fc.boolean(), (n, sb, tb, same) => {
        const samePlace = same && (sb.length < 2 || sb[1] > 0.5) ? 0.5 : undefined;
        const r = knoxTest(events(Array.from({ length: n }, () => [7, 7, 3] as const)), { spaceBands: sb, timeBands: tb, samePlace, permutations: 9 });
        checkTable(r, n);
        for (const c of r.cells) expect(c.observed).toBe(c.space === 0 && c.time === 0 ? (n * (n - 1)) / 2 : 0);
      }),
      { numRuns: 60 },
    );
  });

  it('both pair counters give the same table', () => {
    fc.assert(
      fc.property(eventSets, breaksFrom0(300), breaksFrom0(40), metric, fc.integer(), (pts, sb, tb, m, seed) => {
        const opts = { spaceBands: sb, timeBands: tb, metric: m, permutations: 19, seed };
        expect(knoxTest(events(pts), { ...opts, counter: 'wasm-simd' }).cells).toEqual(knoxTest(events(pts), { ...opts, counter: 'js' }).cells);
      }),
      { numRuns: 150 },
    );
  });
});
