import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { booleanPointInPolygon, polygon } from '@turf/turf';
import { preparePolygons } from '../../src/lib/geo/point-in-polygon';

// A concave polygon with a hole, and a second disjoint polygon.
const outer = [[0, 0], [10, 0], [10, 10], [5, 4], [0, 10], [0, 0]];
const hole = [[2, 1], [4, 1], [4, 3], [2, 3], [2, 1]];
const other = [[20, 20], [25, 20], [22, 26], [20, 20]];

describe('banded point-in-polygon', () => {
  const prepared = preparePolygons([[outer, hole], [other]]);
  const p1 = polygon([outer, hole]);
  const p2 = polygon([other]);

  it('agrees with turf booleanPointInPolygon on random points', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 27, noNaN: true }), fc.double({ min: -2, max: 27, noNaN: true }), (x, y) => {
        const turf = booleanPointInPolygon([x, y], p1, { ignoreBoundary: true }) || booleanPointInPolygon([x, y], p2, { ignoreBoundary: true });
        const onEdge = booleanPointInPolygon([x, y], p1) !== booleanPointInPolygon([x, y], p1, { ignoreBoundary: true });
        fc.pre(!onEdge);
        expect(prepared.contains(x, y)).toBe(turf);
      }),
      { numRuns: 3000, seed: 1 },
    );
  });

  it('excludes the hole and the notch', () => {
    expect(prepared.contains(3, 2)).toBe(false);
    expect(prepared.contains(5, 8)).toBe(false);
    expect(prepared.contains(1, 5)).toBe(true);
    expect(prepared.bbox).toEqual([0, 0, 25, 26]);
  });

  it('refuses an empty boundary', () => {
    expect(() => preparePolygons([])).toThrow(/no polygon/);
  });
});
