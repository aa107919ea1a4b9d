/**
 * Issue #5 item 2: per-cell terms against brute force on small synthetic layers — k-ring counts
 * (points binned by their own H3 cell, lines and polygons once per disk), nearest distances
 * through the grid index (exact against all pairs), quartic kernel density — and the grid index
 * itself (fast-check property: nearest equals the brute-force nearest).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellToLatLng, gridDisk, latLngToCell, polygonToCells } from 'h3-js';
import { LINE, LayerBuilder, POLYGON, pointLayer } from '../../src/lib/environment/layer';
import { computeTerms } from '../../src/lib/analysis/risk/terms';
import { GridIndex } from '../../src/lib/analysis/risk/spatial-index';
import { EARTH_RADIUS_M, haversine } from '../../src/lib/analysis/risk/study-area';
import { rng } from '../../src/lib/analysis/random';

const centre = latLngToCell(41.88, -87.63, 9);
const cells = gridDisk(centre, 6); // 127 res-9 cells
const r = rng(5);
const jitter = (n: number, spread: number) => {
  const lon = new Float64Array(n), lat = new Float64Array(n);
  for (let i = 0; i < n; i++) { lon[i] = -87.63 + (r.next() - 0.5) * spread; lat[i] = 41.88 + (r.next() - 0.5) * spread * 0.75; }
  return { lon, lat };
};

describe('risk terms against brute force', () => {
  const pts = jitter(400, 0.05); // some points fall outside the study area
  const layer = pointLayer('bar', 'test', pts.lon, pts.lat);

  it('counts points in each cell’s k-ring disk, features outside the study area included', () => {
    for (const k of [0, 1, 2]) {
      const t = computeTerms(cells, [layer], { k, kinds: ['count'] });
      const bin = Array.from(pts.lat, (la, i) => latLngToCell(la, pts.lon[i], 9));
      cells.forEach((c, i) => {
        const disk = new Set(gridDisk(c, k));
        expect(t.layers[0].count![i]).toBe(bin.filter((b) => disk.has(b)).length);
      });
    }
  });

  it('measures the distance to the nearest point exactly (great circle)', () => {
    const t = computeTerms(cells, [layer], { kinds: ['distance'] });
    cells.forEach((c, i) => {
      const [la, lo] = cellToLatLng(c);
      let best = Infinity;
      for (let j = 0; j < layer.n; j++) best = Math.min(best, haversine(lo, la, pts.lon[j], pts.lat[j]));
      // The index finds the nearest in the local plane; over 5 km its ranking error is < 0.1 %.
      expect(Math.abs(t.layers[0].distance![i] - best)).toBeLessThan(1e-3 * best + 1e-6);
    });
  });

  it('sums the quartic kernel within the bandwidth (features per km²)', () => {
    const h = 500;
    const t = computeTerms(cells, [layer], { kinds: ['density'], bandwidthM: h });
    cells.forEach((c, i) => {
      const [la, lo] = cellToLatLng(c);
      let s = 0;
      for (let j = 0; j < layer.n; j++) {
        const d = haversine(lo, la, pts.lon[j], pts.lat[j]);
        if (d < h) s += (3 / (Math.PI * h * h)) * (1 - (d * d) / (h * h)) ** 2;
      }
      expect(t.layers[0].density![i]).toBeCloseTo(s * 1e6, 1);
    });
  });

  it('counts a line once per disk it touches and measures to its segments', () => {
    const b = new LayerBuilder();
    // A line straight through the study area, and a second one far away.
    b.feature(LINE, [[[-87.66, 41.88], [-87.60, 41.885]]], 'a');
    b.feature(LINE, [[[-87.0, 41.0], [-87.01, 41.01]]], 'b');
    const lines = b.build('street', 'test');
    const t = computeTerms(cells, [lines], { k: 1, kinds: ['count', 'distance'] });
    const lineCells = new Set<string>();
    for (let s = 0; s <= 2000; s++) lineCells.add(latLngToCell(41.88 + (0.005 * s) / 2000, -87.66 + (0.06 * s) / 2000, 9));
    cells.forEach((c, i) => {
      const touches = gridDisk(c, 1).some((d) => lineCells.has(d));
      expect(t.layers[0].count![i]).toBe(touches ? 1 : 0);
      // Distance to the segment against a dense sampling of it.
      const [la, lo] = cellToLatLng(c);
      let best = Infinity;
      for (let s = 0; s <= 20000; s++) best = Math.min(best, haversine(lo, la, -87.66 + (0.06 * s) / 20000, 41.88 + (0.005 * s) / 20000));
      expect(Math.abs(t.layers[0].distance![i] - best)).toBeLessThan(1e-3 * best + 0.5);
    });
  });

  it('gives distance 0 inside a polygon (and honours its hole) and counts it in the cells it covers', () => {
    const [la, lo] = cellToLatLng(centre);
    const ring = (d: number) => [[lo - d, la - d], [lo + d, la - d], [lo + d, la + d], [lo - d, la + d], [lo - d, la - d]];
    const b = new LayerBuilder();
    b.feature(POLYGON, [ring(0.012), ring(0.003)], 'park');
    const parks = b.build('park', 'test');
    const t = computeTerms(cells, [parks], { k: 0, kinds: ['count', 'distance'] });
    const outer = new Set(polygonToCells([ring(0.012)], 9, true));
    const hole = new Set(polygonToCells([ring(0.003)], 9, true));
    cells.forEach((c, i) => {
      if (outer.has(c) && !hole.has(c)) { expect(t.layers[0].distance![i]).toBe(0); expect(t.layers[0].count![i]).toBe(1); }
      if (hole.has(c)) expect(t.layers[0].distance![i]).toBeGreaterThan(0);
    });
    expect(t.layers[0].distance![cells.indexOf(centre)]).toBeGreaterThan(0); // the centre cell is in the hole
  });
});

describe('grid index', () => {
  it('finds the same nearest point as a scan of all pairs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -5000, max: 5000, noNaN: true }), fc.double({ min: -5000, max: 5000, noNaN: true })), { minLength: 1, maxLength: 60 }),
        fc.tuple(fc.double({ min: -9000, max: 9000, noNaN: true }), fc.double({ min: -9000, max: 9000, noNaN: true })),
        (points, [qx, qy]) => {
          const x = Float64Array.from(points, (p) => p[0]), y = Float64Array.from(points, (p) => p[1]);
          const ix = new GridIndex(x, y, x, y);
          let best = Infinity;
          for (let i = 0; i < x.length; i++) best = Math.min(best, Math.hypot(x[i] - qx, y[i] - qy));
          expect(ix.nearest(qx, qy).distance).toBeCloseTo(best, 9);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('is empty-safe', () => {
    const e = new Float64Array(0);
    expect(new GridIndex(e, e, e, e).nearest(0, 0).distance).toBe(Infinity);
    expect(EARTH_RADIUS_M).toBeGreaterThan(6.37e6);
  });
});
