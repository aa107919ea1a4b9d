/**
 * Issue 7, item 2: property-based tests (fast-check) of the pure core, on random inputs:
 * - H3: the fast indexer gives exactly h3-js `latLngToCell` at every resolution, for points
 *   spread over the globe and for points crowded on cell edges in a city;
 * - point-in-polygon: the banded even–odd test agrees with turf on random star-shaped polygons
 *   with holes and multipolygons (points on an edge, where conventions differ, are skipped);
 * - de-duplication groups exactly the equal coordinate pairs (NaN with NaN, −0 with 0);
 * - seeded randomness: the same seed gives the same draws and shuffles, draws stay in range.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { booleanPointInPolygon, multiPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import { latLngToCell } from 'h3-js';
import { cellToBigInt, indexPointsFast } from '../../src/lib/geo/h3bits';
import { preparePolygons } from '../../src/lib/geo/point-in-polygon';
import { dedupePairs } from '../../src/lib/import/dedupe';
import { rng, shuffle } from '../../src/lib/analysis/random';

describe('H3 fast indexer (property)', () => {
  const resolutions = fc.uniqueArray(fc.integer({ min: 6, max: 11 }), { minLength: 1, maxLength: 6 });
  const check = (lat: number[], lon: number[], res: number[]) => {
    const got = indexPointsFast(Float64Array.from(lat), Float64Array.from(lon), res);
    res.forEach((r, k) => lat.forEach((y, i) => expect(got[k][i], `${y},${lon[i]} r${r}`).toBe(cellToBigInt(latLngToCell(y, lon[i], r)))));
  };

  it('equals latLngToCell for points anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -85, max: 85, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true })), { minLength: 1, maxLength: 40 }), resolutions, (pts, res) =>
        check(pts.map((p) => p[0]), pts.map((p) => p[1]), res),
      ),
      { numRuns: 150 },
    );
  });

  it('equals latLngToCell for crowded city points, down to a millimetre apart', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -60, max: 70, noNaN: true }), fc.double({ min: -179, max: 179, noNaN: true })),
        fc.array(fc.tuple(fc.integer({ min: -20_000, max: 20_000 }), fc.integer({ min: -20_000, max: 20_000 })), { minLength: 1, maxLength: 80 }),
        resolutions,
        ([y0, x0], offs, res) => check(offs.map((o) => y0 + o[0] * 1e-8 * (1 + Math.abs(o[0]) / 100)), offs.map((o) => x0 + o[1] * 1e-8 * (1 + Math.abs(o[1]) / 100)), res),
      ),
      { numRuns: 150 },
    );
  });
});

/** A star-shaped ring around (cx, cy): vertices at increasing angles, radii in [r0, r1]. */
const ringArb = (cx: number, cy: number, r0: number, r1: number) =>
  fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: r0, max: r1, noNaN: true })), { minLength: 3, maxLength: 24 }).map((vs) => {
    const n = vs.length;
    const ring: Position[] = vs.map(([a, r], i) => {
      const t = ((i + 0.1 + 0.8 * a) / n) * 2 * Math.PI;
      return [cx + r * Math.cos(t), cy + r * Math.sin(t)];
    });
    return [...ring, ring[0]];
  });

/** One or two polygons (apart from each other), each with an optional hole inside its inner radius. */
const polygonsArb = fc
  .array(fc.tuple(ringArb(0, 0, 0.5, 1), fc.option(ringArb(0, 0, 0.1, 0.45), { nil: undefined })), { minLength: 1, maxLength: 2 })
  .map((ps) => ps.map(([outer, hole], k) => [outer, ...(hole ? [hole] : [])].map((ring) => ring.map(([x, y]) => [x + 3 * k - 87.6, y + 41.8]))));

describe('point-in-polygon (property)', () => {
  it('agrees with turf booleanPointInPolygon off the edges', () => {
    fc.assert(
      fc.property(polygonsArb, fc.array(fc.tuple(fc.double({ min: -89, max: -83.5, noNaN: true }), fc.double({ min: 40.6, max: 43, noNaN: true })), { minLength: 1, maxLength: 60 }), (polys, pts) => {
        const prepared = preparePolygons(polys);
        const turf = multiPolygon(polys);
        for (const [x, y] of pts) {
          const inside = booleanPointInPolygon([x, y], turf, { ignoreBoundary: true });
          if (inside !== booleanPointInPolygon([x, y], turf)) continue; // on an edge
          expect(prepared.contains(x, y), `${x},${y}`).toBe(inside);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('de-duplication of coordinate pairs (property)', () => {
  const pool = [0, -0, 1.5, -87.6, 41.8, NaN, 1e-300, -1e-300, Infinity, 41.800000000000004];
  const key = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? 'NaN' : `${a === 0 ? 0 : a},${b === 0 ? 0 : b}`);

  it('puts two rows in one group exactly when their pairs are equal', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...pool), fc.constantFrom(...pool)), { maxLength: 300 }), (pairs) => {
        const a = Float64Array.from(pairs.map((p) => p[0]));
        const b = Float64Array.from(pairs.map((p) => p[1]));
        const d = dedupePairs(a, b);
        expect(d.index.length).toBe(pairs.length);
        const groups = new Map<string, number>();
        pairs.forEach(([x, y], i) => {
          const k = key(x, y);
          if (!groups.has(k)) groups.set(k, d.index[i]);
          expect(d.index[i], `row ${i}`).toBe(groups.get(k));
          expect(key(d.a[d.index[i]], d.b[d.index[i]])).toBe(k);
        });
        expect(d.a.length).toBe(groups.size);
      }),
      { numRuns: 500 },
    );
  });
});

describe('seeded randomness (property)', () => {
  it('repeats draws and shuffles for a seed, and draws stay in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 50 }), (seed, n, len) => {
        const a = rng(seed);
        const b = rng(seed);
        expect(a.seed).toBe(seed);
        for (let i = 0; i < 20; i++) {
          const x = a.next();
          expect(b.next()).toBe(x);
          expect(x >= 0 && x < 1).toBe(true);
          const k = a.int(n);
          expect(b.int(n)).toBe(k);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
        const xs = Array.from({ length: len }, (_, i) => i);
        const s1 = shuffle([...xs], rng(seed));
        expect(shuffle([...xs], rng(seed))).toEqual(s1);
        expect([...s1].sort((p, q) => p - q)).toEqual(xs);
      }),
      { numRuns: 300 },
    );
    expect(() => rng(1.5)).toThrow(RangeError);
  });
});
