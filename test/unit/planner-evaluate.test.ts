/**
 * Issue 6, item 7: WDQ, total net effect and WDD with its standard error, checked by hand on
 * worked examples (../shared/EVIDENCE.md gives the formulas but no worked numbers, so the
 * arithmetic is written out below), and the counting of incidents in areas and buffer rings.
 */
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { evaluateCounts, normalCdf } from '../../src/lib/planner/evaluate';
import { countAreas, grow } from '../../src/lib/planner/area-counts';

describe('WDQ, TNE and WDD', () => {
  it('example 1, a gain with some diffusion', () => {
    // Rb 100 → Ra 70, Db 80 → Da 76, Cb 200 → Ca 210, CDb 150 → CDa 152.
    const r = evaluateCounts({ Rb: 100, Ra: 70, Db: 80, Da: 76, Cb: 200, Ca: 210, CDb: 150, CDa: 152 });
    // WDQ = (76/210 − 80/200) / (70/210 − 100/200) = (−8/210) / (−35/210) = 8/35.
    expect(r.wdq).toBeCloseTo(8 / 35, 12);
    // TNE = [100·1.05 − 70] + [80·1.05 − 76] = 35 + 8 = 43.
    expect(r.tne).toBeCloseTo(43, 12);
    // WDD = (70 − 100) − (210 − 200) + (76 − 80) − (152 − 150) = −30 − 10 − 4 − 2 = −46.
    expect(r.wdd).toBe(-46);
    // SE = √(100 + 70 + 80 + 76 + 200 + 210 + 150 + 152) = √1038 ≈ 32.218.
    expect(r.wddStandardError).toBeCloseTo(Math.sqrt(1038), 12);
    expect(r.wddStandardError).toBeCloseTo(32.218, 3);
    expect(r.wddZ).toBeCloseTo(-46 / Math.sqrt(1038), 12);
    // Relative effect (70/100)/(210/200) = 2/3.
    expect(r.relativeEffect).toBeCloseTo(2 / 3, 12);
    const lse = Math.sqrt(1 / 70 + 1 / 100 + 1 / 210 + 1 / 200);
    expect(r.relativeEffectInterval![0]).toBeCloseTo((2 / 3) * Math.exp(-1.96 * lse), 12);
  });

  it('example 2, displacement smaller than the gain', () => {
    // Rb 50 → Ra 30, Db 40 → Da 50, control 100 → 100, CD 60 → 60.
    const r = evaluateCounts({ Rb: 50, Ra: 30, Db: 40, Da: 50, Cb: 100, Ca: 100, CDb: 60, CDa: 60 });
    // WDQ = (0.5 − 0.4) / (0.3 − 0.5) = −0.5; TNE = (50 − 30) + (40 − 50) = 10; WDD = −20 − 0 + 10 − 0 = −10.
    expect(r.wdq).toBeCloseTo(-0.5, 12);
    expect(r.tne).toBeCloseTo(10, 12);
    expect(r.wdd).toBe(-10);
    expect(r.wddStandardError).toBeCloseTo(Math.sqrt(490), 12);
  });

  it('WDQ is null where its denominator is not negative', () => {
    const worse = evaluateCounts({ Rb: 50, Ra: 60, Db: 40, Da: 30, Cb: 100, Ca: 100, CDb: 0, CDa: 0 });
    expect(worse.wdq).toBeNull();
    expect(worse.wdqNote).toMatch(/denominator not negative/);
    // Exactly zero: the treated share did not change.
    expect(evaluateCounts({ Rb: 50, Ra: 50, Db: 1, Da: 9, Cb: 100, Ca: 100, CDb: 0, CDa: 0 }).wdq).toBeNull();
    const noControl = evaluateCounts({ Rb: 5, Ra: 1, Db: 1, Da: 1, Cb: 0, Ca: 3, CDb: 0, CDa: 0 });
    expect(noControl.wdq).toBeNull();
    expect(noControl.tne).toBeNull();
    expect(() => evaluateCounts({ Rb: -1, Ra: 0, Db: 0, Da: 0, Cb: 1, Ca: 1, CDb: 0, CDa: 0 })).toThrow(/whole number/);
  });

  it('uses a normal CDF accurate to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 6);
  });
});

describe('counting incidents in areas and buffer rings', () => {
  // Two 0.01° squares far apart near 40° N (about 850 m × 1,110 m).
  const square = (x: number, y: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] });
  const treated = square(-40, 40), control = square(-39.9, 40);
  const at = (d: string) => Date.parse(d + 'T21:00:00Z');
  // [lon, lat, date]: inside R, in R's 200 m ring (about 85 m east of its edge), beyond the ring, inside C, in C's ring.
  const pts: [number, number, string][] = [
    [-39.995, 40.005, '2023-01-10'], [-39.995, 40.005, '2023-02-10'], [-39.995, 40.005, '2023-08-01'],
    [-39.989, 40.005, '2023-03-01'], [-39.989, 40.005, '2023-07-01'], [-39.989, 40.005, '2023-07-02'],
    [-39.96, 40.005, '2023-01-01'],
    [-39.895, 40.005, '2023-05-31'], [-39.895, 40.005, '2023-06-01'],
    [-39.901, 40.005, '2023-06-15'],
  ];
  const rows = { n: pts.length, lon: Float64Array.from(pts, (p) => p[0]), lat: Float64Array.from(pts, (p) => p[1]), ms: Float64Array.from(pts, (p) => at(p[2])) };

  it('gives the eight counts before and after the date', () => {
    const r = countAreas(rows, { treated, control, bufferM: 200, date: '2023-06-01' });
    expect(r.counts).toEqual({ Rb: 2, Ra: 1, Db: 1, Da: 2, Cb: 1, Ca: 1, CDb: 0, CDa: 1 });
    expect(r.overlaps).toBe(0);
    expect(r.periods.before.to).toBe('2023-05-31');
    expect(r.periods.after.from).toBe('2023-06-01');
  });

  it('honours a window of days and a zero buffer', () => {
    const r = countAreas(rows, { treated, control, bufferM: 0, date: '2023-06-01', windowDays: 60 });
    expect(r.counts).toEqual({ Rb: 0, Ra: 0, Db: 0, Da: 0, Cb: 1, Ca: 1, CDb: 0, CDa: 0 });
    expect(r.warnings.some((w) => w.includes('little power'))).toBe(true);
  });

  it('reports overlapping treated and control sides', () => {
    const r = countAreas(rows, { treated, control: square(-39.995, 40), bufferM: 200, date: '2023-06-01' });
    expect(r.overlaps).toBeGreaterThan(0);
    expect(r.warnings[0]).toMatch(/both the treated side and the control side/);
  });

  it('grows buffers in metres (geodesic)', () => {
    const g = grow(treated, 200)!;
    const ring = g.features[0].geometry as Polygon;
    const xs = ring.coordinates[0].map((p) => p[0]);
    // 200 m at 40° N is about 0.00234° of longitude.
    expect(Math.max(...xs) - -39.99).toBeCloseTo(200 / 85_395, 4);
  });
});
