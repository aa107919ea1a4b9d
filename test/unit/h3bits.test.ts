import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellToParent, latLngToCell } from 'h3-js';
import { bigIntToCell, cellToBigInt, cellToHalves, halvesToCell, indexPoints, indexPointsFast, parentBits } from '../../src/lib/geo/h3bits';
import { hexOf } from '../../src/lib/engine/service';

const point = fc.record({ lat: fc.double({ min: -85, max: 85, noNaN: true }), lon: fc.double({ min: -180, max: 179.999, noNaN: true }) });

describe('H3 bit arithmetic', () => {
  it('derives the same parent as h3-js cellToParent at every coarser resolution', () => {
    fc.assert(
      fc.property(point, fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 15 }), ({ lat, lon }, fine, coarse) => {
        fc.pre(coarse <= fine);
        const cell = latLngToCell(lat, lon, fine);
        expect(bigIntToCell(parentBits(cellToBigInt(cell), coarse))).toBe(cellToParent(cell, coarse));
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('round-trips halves and hex, and hexOf agrees', () => {
    fc.assert(
      fc.property(point, fc.integer({ min: 0, max: 15 }), ({ lat, lon }, res) => {
        const cell = latLngToCell(lat, lon, res);
        const [hi, lo] = cellToHalves(cell);
        expect(halvesToCell(hi, lo)).toBe(cell);
        expect(hexOf(hi, lo)).toBe(cell);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('indexPoints writes latLngToCell at each resolution as 64-bit integers, NaN as 0', () => {
    const lat = Float64Array.from([41.88, NaN, -33.9, 40.0]);
    const lon = Float64Array.from([-87.63, 1, 151.2, -40.0]);
    const [r6, r9] = indexPoints(lat, lon, [6, 9]);
    for (const i of [0, 2, 3]) {
      expect(bigIntToCell(r6[i])).toBe(latLngToCell(lat[i], lon[i], 6));
      expect(bigIntToCell(r9[i])).toBe(latLngToCell(lat[i], lon[i], 9));
    }
    expect(r6[1]).toBe(0n);
  });
});

describe('indexPointsFast', () => {
  it('gives exactly latLngToCell at every resolution (city-scale and worldwide points)', () => {
    let s = 99;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const n = 20000;
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const city = i < n / 2;
      lat[i] = city ? 41.65 + 0.37 * rnd() : -80 + 160 * rnd();
      lon[i] = city ? -87.9 + 0.37 * rnd() : -180 + 360 * rnd();
    }
    lat[5] = NaN;
    const R = [6, 7, 8, 9, 10, 11];
    const slow = indexPoints(lat, lon, R);
    const fast = indexPointsFast(lat, lon, R);
    for (let r = 0; r < R.length; r++) expect(fast[r]).toEqual(slow[r]);
    expect(fast[0][5]).toBe(0n);
  });
});
