import { describe, expect, it } from 'vitest';
import { classifyCoordinates, plausibleRegion, COORD_MISSING, COORD_OK, COORD_OUTSIDE, COORD_RANGE, COORD_SWAPPED } from '../../src/lib/import/coordinates';
import { preparePolygons } from '../../src/lib/geo/point-in-polygon';

describe('coordinate checks', () => {
  // 40 points around Chicago, then: missing, 0/0, lon out of range, swapped (lat −87.6 is valid but
  // implausible here), lat out of range with an implausible swap, a point far east but not swapped.
  const n = 40;
  const lon = Float64Array.from([...Array.from({ length: n }, (_, i) => -87.6 - (i % 8) * 0.03), NaN, 0, -200, 41.8, -87.62, 12]);
  const lat = Float64Array.from([...Array.from({ length: n }, (_, i) => 41.8 + (i % 6) * 0.03), 41.8, 0, 41.8, -87.6, 95, 41.8]);

  it('finds missing, 0/0, out of range and swapped coordinates', () => {
    const region = plausibleRegion(lon, lat, null);
    const s = classifyCoordinates(lon, lat, region, null);
    expect(s.subarray(0, n).every((v) => v === COORD_OK)).toBe(true);
    expect([...s.subarray(n)]).toEqual([COORD_MISSING, COORD_RANGE, COORD_RANGE, COORD_SWAPPED, COORD_RANGE, COORD_OK]);
  });

  it('flags points outside the boundary only when clipping', () => {
    const box = preparePolygons([[[[-87.8, 41.7], [-87.5, 41.7], [-87.5, 42], [-87.8, 42], [-87.8, 41.7]]]]);
    const region = plausibleRegion(lon, lat, box);
    const s = classifyCoordinates(lon, lat, region, box);
    expect(s[0]).toBe(COORD_OK);
    expect(s[n + 5]).toBe(COORD_OUTSIDE);
    expect(classifyCoordinates(lon, lat, region, null)[n + 5]).toBe(COORD_OK);
  });

  it('flags a valid but swapped pair when the swap lands in the data region', () => {
    // 40 points near (lon 10, lat 50); the last given as (lon 50, lat 10).
    const x = Float64Array.from({ length: 41 }, (_, i) => (i === 40 ? 50 : 10 + (i % 7) * 0.05));
    const y = Float64Array.from({ length: 41 }, (_, i) => (i === 40 ? 10 : 50 + (i % 5) * 0.05));
    const s = classifyCoordinates(x, y, plausibleRegion(x, y, null), null);
    expect(s[40]).toBe(COORD_SWAPPED);
    expect(s.subarray(0, 40).every((v) => v === COORD_OK)).toBe(true);
  });
});
