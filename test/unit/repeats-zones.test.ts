/**
 * Near-repeat risk zones (src/lib/analysis/repeats/risk-zones.ts): the significant extent read
 * from a Knox table, zones and their merging, the day-by-day evaluation on a hand-made set, the
 * GeoJSON, and the metric plane they are drawn in. Issue #4.
 */
import { describe, expect, it } from 'vitest';
import { spaceTimeEvents } from '../../src/lib/analysis/repeats/events';
import { metricPlane, metresPerUnit } from '../../src/lib/analysis/repeats/metric-plane';
import { evaluateRiskZones, riskZones, significantExtent } from '../../src/lib/analysis/repeats/risk-zones';
import { riskZonesGeoJson } from '../../src/lib/analysis/repeats/zone-geojson';
import { makeBands } from '../../src/lib/analysis/repeats/bands';
import type { KnoxResult } from '../../src/lib/analysis/repeats/knox';
import { Raster } from '../../src/lib/analysis/repeats/raster';

const DAY = 86_400_000;
const day0 = Date.UTC(2024, 0, 1) / DAY;

/** Events in a projected plane (EPSG:26971, metres) from [x, y, day] rows. */
function ev(rows: [number, number, number][]) {
  const n = rows.length;
  return spaceTimeEvents({
    ms: Float64Array.from(rows, (r) => (day0 + r[2]) * DAY + 36e5), lat: new Float64Array(n).fill(NaN), lon: new Float64Array(n).fill(NaN),
    x: Float64Array.from(rows, (r) => 350000 + r[0]), y: Float64Array.from(rows, (r) => 580000 + r[1]), crs: 'EPSG:26971',
  });
}

function table(ratio: number[][], p: number[][]): KnoxResult {
  const spaceBands = makeBands([0, 1, 101, 201, 301], 'm'), timeBands = makeBands([0, 8, 15, 22], 'days');
  const cells = [];
  for (let t = 0; t < timeBands.length; t++)
    for (let s = 0; s < spaceBands.length; s++) cells.push({ space: s, time: t, observed: 10, expected: 10 / ratio[t][s], knoxRatio: ratio[t][s], knoxRatioMedian: ratio[t][s], p: p[t][s] });
  return { statistic: 'knox', n: 100, pairs: 4950, closePairs: 0, permutations: 999, seed: 1, metric: 'manhattan', plane: { kind: 'local', crs: '', description: '' }, spaceBands, timeBands, cells, nullHypothesis: '', elapsedMs: 0 };
}

describe('significant extent of a Knox table', () => {
  it('takes the elevated run of distance bands from the first near band, time band by time band', () => {
    const ratio = [[3, 1.5, 1.3, 0.9, 1], [2, 1.4, 1.0, 1.3, 1], [2, 1.0, 1.5, 1, 1], [1, 1, 1, 1, 1]];
    const p = [[0.001, 0.001, 0.01, 0.5, 1], [0.01, 0.02, 0.4, 0.01, 1], [0.01, 0.3, 0.01, 0.5, 1], [1, 1, 1, 1, 1]];
    // [0, 1) is the same place and is skipped; week 1: [1, 201) elevated; week 2: [1, 101) (then a gap); week 3: none.
    expect(significantExtent(table(ratio, p))).toMatchObject({ distance: 201, days: 15, metric: 'manhattan' });
  });

  it('is null when the first week shows no near repeat, and needs a ratio of 1.2', () => {
    const ones = Array.from({ length: 5 }, () => [1, 1, 1, 1, 1]);
    const small = [[1, 0.01, 0.01, 1, 1], ...ones.slice(1)];
    expect(significantExtent(table([[5, 1.1, 1.1, 1, 1], ...ones.slice(1)], small))).toBeNull();
    expect(significantExtent(table([[5, 1.25, 1.1, 1, 1], ...ones.slice(1)], small))).toMatchObject({ distance: 101, days: 8 });
  });
});

describe('risk zones', () => {
  const params = { distance: 100, days: 8, metric: 'euclidean' as const };
  // Two incidents 150 m apart (zones touch) on days 0 and 2, one far away on day 5, one old one.
  const e = ev([[0, 0, 10], [150, 0, 12], [5000, 0, 15], [0, 3000, 1]]);

  it('draws zones still in force, merged where they touch, with their end date', () => {
    const z = riskZones(e, params, { asOf: '2024-01-16' });
    expect(z.asOf).toBe('2024-01-16');
    expect(z.zones.map((q) => [q.incidents, q.firstIncident, q.lastIncident, q.until])).toEqual([
      [2, '2024-01-11', '2024-01-13', '2024-01-20'],
      [1, '2024-01-16', '2024-01-16', '2024-01-23'],
    ]);
    // Counted on a raster of 1/16 of the radius: within 2 % of π r².
    expect(Math.abs(z.zones[1].areaKm2 / (Math.PI * 0.01) - 1)).toBeLessThan(0.02);
    // The two discs overlap: less than twice a disc.
    expect(z.zones[0].areaKm2).toBeLessThan(2 * Math.PI * 0.01);
    expect(z.zones[0].areaKm2).toBeGreaterThan(1.5 * Math.PI * 0.01);
    expect(z.plane.kind).toBe('projected');
    const gj = riskZonesGeoJson(z, e.toLonLat);
    expect(gj.features).toHaveLength(2);
    expect(gj.features[0].geometry.type).toBe('Polygon');
    expect(gj.features[0].properties.label).toBe('Heightened risk until 2024-01-20 (2 incidents, within 100 m)');
    const [lon, lat] = gj.features[1].geometry.coordinates[0][0] as number[];
    expect(lon).toBeGreaterThan(-88);
    expect(lat).toBeGreaterThan(41);
  });

  it('evaluates day by day: incidents inside zones in force vs the area covered', () => {
    // The zone of (0,0) on day 0 is in force on days 1…7. Later: day 3 at 50 m (hit), day 4 at 500 m (miss),
    // day 5 at (0,60) (hit), day 8 at (−80,−30): 85 m from (0,0) but that zone has ended, and over 100 m from
    // the zones of days 3–5 (miss). Four corners (day 0) make the study area a 4 km square.
    const corners: [number, number, number][] = [[-2000, -2000, 0], [2000, -2000, 0], [2000, 2000, 0], [-2000, 2000, 0]];
    const e2 = ev([[0, 0, 0], [50, 0, 3], [500, 0, 4], [0, 60, 5], [-80, -30, 8], ...corners]);
    const r = evaluateRiskZones(e2, { distance: 100, days: 8, metric: 'euclidean' }, { from: '2024-01-02', to: '2024-01-09' });
    expect(r.days).toBe(8);
    expect(r.incidents).toBe(4);
    expect(r.hits).toBe(2);
    expect(r.hitShare).toBe(0.5);
    expect(r.studyArea).toBe('convex hull of the incidents');
    expect(r.studyAreaKm2).toBeCloseTo(16, 6);
    // At most 5 discs of π·0.01 km² in force on a day, each day at least the disc of (0,0) or its successors.
    expect(r.areaShare).toBeGreaterThan(0.01 * Math.PI / 16 / 2);
    expect(r.areaShare).toBeLessThan((5 * 0.01 * Math.PI) / 16);
    expect(r.pai).toBeCloseTo(r.hitShare / r.areaShare, 12);
  });

  it('refuses a window with no day after the incident', () => {
    expect(() => riskZones(e, { distance: 100, days: 1, metric: 'euclidean' })).toThrow(/over 1 day/);
  });
});

describe('metric plane', () => {
  it('uses the projected x/y in metres, converting feet', () => {
    expect(metresPerUnit('+proj=tmerc +units=us-ft')).toBeCloseTo(0.3048006096, 9);
    expect(metresPerUnit('+proj=longlat +datum=WGS84')).toBeNull();
    const p = metricPlane({ x: Float64Array.from([1000]), y: Float64Array.from([2000]), crs: 'EPSG:3435', lat: Float64Array.from([NaN]), lon: Float64Array.from([NaN]) });
    expect(p.kind).toBe('projected');
    expect(p.x[0]).toBeCloseTo(304.8006096, 6);
  });

  it('projects latitude/longitude locally when there is no projected CRS, with distances in metres', () => {
    // Two points 0.01° of latitude apart at 40° N: about 1,110 m.
    const p = metricPlane({ lat: Float64Array.from([40, 40.01]), lon: Float64Array.from([-40, -40]) });
    expect(p.kind).toBe('local');
    expect(Math.hypot(p.x[1] - p.x[0], p.y[1] - p.y[0])).toBeCloseTo(1110.35, 0);
    const [lon, lat] = p.toLonLat(p.x[1], p.y[1]);
    expect(lon).toBeCloseTo(-40, 9);
    expect(lat).toBeCloseTo(40.01, 9);
  });

  it('fills a raster mask by the even-odd rule', () => {
    const r = new Raster([0, 0, 100, 100], 10);
    r.fillRings([[[0, 0], [100, 0], [100, 100], [0, 100]], [[20, 20], [60, 20], [60, 60], [20, 60]]]);
    expect(r.studyCells).toBe(100 - 16);
  });
});
