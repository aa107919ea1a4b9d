/**
 * Checks the embedded synthetic demo city (data/demo, written by scripts/generate-demo.ts) for the
 * properties the app and its docs rely on: size and shape of incidents.parquet, labelling, geometry,
 * temporal rhythms, and that what ground_truth.json says was planted is really in the data.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import * as pq from 'parquet-wasm/esm';
import { booleanPointInPolygon } from '@turf/turf';

const DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));
const LABEL = 'Synthetic demo city';
const M_LAT = 111_035, M_LON = 85_395; // metres per degree at 40 N, as in the generator
const readJson = (f: string) => JSON.parse(readFileSync(DIR + f, 'utf8'));
const LAYERS = ['street_lights', 'bars', 'transit_stops', 'vacant', 'schools', 'parks', 'cctv'];
const YEAR0 = Date.UTC(2022, 0, 1), YEAR_MS = [2022, 2023, 2024, 2025].map((y) => Date.UTC(y, 0, 1));
const NIGHT = (ms: number) => { const h = new Date(ms).getUTCHours(); return h >= 20 || h < 6; };

let n = 0;
let ids: string[], offence: string[], address: string[], t: Float64Array, lat: Float64Array, lon: Float64Array;
let truth: any, boundary: any;
let tsType: any, metadata: Map<string, string>;

beforeAll(() => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm'));
  pq.initSync({ module: wasm });
  const table = tableFromIPC(pq.readParquet(readFileSync(DIR + 'incidents.parquet')).intoIPCStream());
  n = table.numRows;
  metadata = table.schema.metadata;
  tsType = table.getChild('occurred_at')!.type;
  ids = table.getChild('incident_id')!.toArray() as string[];
  offence = table.getChild('offence')!.toArray() as string[];
  address = table.getChild('address')!.toArray() as string[];
  t = Float64Array.from(table.getChild('occurred_at')!.toArray() as BigInt64Array, Number);
  lat = table.getChild('latitude')!.toArray() as Float64Array;
  lon = table.getChild('longitude')!.toArray() as Float64Array;
  truth = readJson('ground_truth.json');
  boundary = readJson('boundary.geojson');
});

/** Incidents within radius_m of a lat/lon, counted per calendar year 2022..2024. */
function countsByYear(c: { lat: number; lon: number }, radius: number, filter = (_i: number) => true) {
  const out = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const dx = (lon[i] - c.lon) * M_LON, dy = (lat[i] - c.lat) * M_LAT;
    if (dx * dx + dy * dy <= radius * radius && filter(i)) out[new Date(t[i]).getUTCFullYear() - 2022]++;
  }
  return out;
}

describe('synthetic demo city: files and labelling', () => {
  it('has every output file, within the size budgets', () => {
    for (const f of ['incidents.parquet', 'boundary.geojson', 'streets.geojson', 'ground_truth.json', 'README.md', ...LAYERS.map((l) => `environment/${l}.geojson`)])
      expect(existsSync(DIR + f), f).toBe(true);
    expect(statSync(DIR + 'incidents.parquet').size).toBeLessThan(8 * 1024 * 1024);
    expect(statSync(DIR + 'streets.geojson').size).toBeLessThan(3 * 1024 * 1024);
  });

  it('is labelled "synthetic demo city" everywhere', () => {
    expect(truth.dataset).toContain(LABEL);
    expect(truth.synthetic).toBe(true);
    expect(metadata.get('dataset')).toContain(LABEL);
    expect(boundary.features[0].properties.name).toContain(LABEL);
    for (const f of ['boundary.geojson', 'streets.geojson', ...LAYERS.map((l) => `environment/${l}.geojson`)]) {
      const fc = readJson(f);
      expect(fc.dataset, f).toContain(LABEL);
      expect(fc.synthetic, f).toBe(true);
    }
    expect(readFileSync(DIR + 'README.md', 'utf8').toLowerCase()).toContain('synthetic demo city');
  });

  it('lies in open ocean near 40 N 40 W, with an irregular boundary about 12 km x 10 km', () => {
    const ring: number[][] = boundary.features[0].geometry.coordinates[0];
    expect(ring.length).toBeGreaterThan(20); // not a rectangle
    const xs = ring.map((p) => (p[0] + 40) * M_LON), ys = ring.map((p) => (p[1] - 40) * M_LAT);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(10_000);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(14_000);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(8_000);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(12_000);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });
});

describe('synthetic demo city: incidents.parquet', () => {
  it('has the documented columns and a millisecond timestamp without time zone', () => {
    expect(tsType.unit).toBe(1); // TimeUnit.MILLISECOND
    expect(tsType.timezone ?? null).toBeNull();
    expect(ids[0]).toMatch(/^SDC-\d{7}$/);
  });

  it('has >= 150,000 incidents, >= 6 offence types, unique ids, sorted over >= 3 full years', () => {
    expect(n).toBeGreaterThanOrEqual(150_000);
    expect(new Set(ids).size).toBe(n);
    const types = new Map<string, number>();
    for (const o of offence) types.set(o, (types.get(o) ?? 0) + 1);
    expect(types.size).toBeGreaterThanOrEqual(6);
    for (const [o, c] of types) expect(c, o).toBeGreaterThan(1000);
    for (let i = 1; i < n; i++) if (t[i] < t[i - 1]) throw new Error(`not sorted at row ${i}`);
    expect(t[0]).toBeGreaterThanOrEqual(YEAR0);
    expect(t[0] - YEAR0).toBeLessThan(86_400_000); // starts on 2022-01-01
    expect(t[n - 1]).toBeLessThan(YEAR_MS[3]);
    expect(YEAR_MS[3] - t[n - 1]).toBeLessThan(86_400_000); // ends on 2024-12-31
    const perYear = [0, 1, 2].map((y) => t.filter((v) => v >= YEAR_MS[y] && v < YEAR_MS[y + 1]).length);
    for (const c of perYear) expect(c).toBeGreaterThan(45_000);
  });

  it('puts every incident inside the boundary, and one address always at one coordinate', () => {
    const at = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      const key = `${lon[i]},${lat[i]}`, prev = at.get(address[i]);
      if (prev === undefined) at.set(address[i], key);
      else if (prev !== key) throw new Error(`address ${address[i]} has two coordinates`);
    }
    expect(at.size).toBeGreaterThan(20_000);
    const poly = boundary.features[0];
    let outside = 0;
    for (const key of new Set(at.values())) if (!booleanPointInPolygon(key.split(',').map(Number), poly)) outside++;
    expect(outside).toBe(0);
    for (const a of at.keys()) expect(a).toMatch(/^\d+ [A-Z0-9][A-Za-z0-9 ]+ (St|Ave)$/);
  });

  it('has realistic daily, weekly and seasonal rhythms', () => {
    const hourly = (o: string) => { const h = new Array(24).fill(0); for (let i = 0; i < n; i++) if (offence[i] === o) h[new Date(t[i]).getUTCHours()]++; return h; };
    const share = (h: number[], night: boolean) => h.filter((_, k) => (k >= 20 || k < 6) === night).reduce((a, b) => a + b, 0) / h.reduce((a, b) => a + b, 0);
    const assault = hourly('Assault');
    expect(share(assault, true)).toBeGreaterThan(share(assault, false)); // night (10 h) holds more assaults than day (14 h)
    expect(share(assault, true) / 10).toBeGreaterThan((1.5 * share(assault, false)) / 14); // per-hour rate
    expect(share(hourly('Burglary'), false)).toBeGreaterThan(0.6); // burglary is a daytime offence
    const tfv = hourly('Theft from vehicle');
    expect(share(tfv, true) / 10).toBeGreaterThan(share(tfv, false) / 14); // theft from vehicle overnight
    // Weekend nights (Fri/Sat 20:00 to 06:00 next day) carry more assaults per night than Mon-Thu nights.
    let wk = 0, we = 0;
    for (let i = 0; i < n; i++) if (offence[i] === 'Assault' && NIGHT(t[i])) {
      const eve = new Date(t[i] - 6 * 3_600_000).getUTCDay(); // day of the evening the night began on
      if (eve === 5 || eve === 6) we++; else if (eve >= 1 && eve <= 4) wk++;
    }
    expect(we / 2).toBeGreaterThan((1.5 * wk) / 4);
    // Violence peaks in summer (Jun-Aug) over winter (Dec-Feb).
    let summer = 0, winter = 0;
    for (let i = 0; i < n; i++) if (offence[i] === 'Assault') { const m = new Date(t[i]).getUTCMonth(); if (m >= 5 && m <= 7) summer++; else if (m === 11 || m <= 1) winter++; }
    expect(summer).toBeGreaterThan(1.15 * winter);
  });
});

describe('synthetic demo city: ground truth is really in the data', () => {
  it('lists persistent, emerging and fading hot spots, the intervention, effects and near-repeat parameters', () => {
    const classes = new Set(truth.hot_spots.map((h: any) => h.class));
    for (const c of ['persistent', 'emerging', 'fading']) expect(classes.has(c), c).toBe(true);
    for (const h of truth.hot_spots) {
      expect(h.centre.lat).toBeTypeOf('number');
      expect(h.radius_m).toBeGreaterThan(0);
      expect(Object.keys(h.offences).length).toBeGreaterThan(0);
      expect(h.active_from <= h.active_to).toBe(true);
    }
    const iv = truth.intervention;
    expect(iv.area.type).toBe('Polygon');
    expect(iv.date).toBe('2023-06-01');
    expect(iv.hours).toBe('20:00-06:00');
    expect(iv.stated_reduction).toBeGreaterThan(0);
    expect(iv.offences.length).toBeGreaterThan(0);
    expect(truth.feature_effects.effects.length).toBeGreaterThan(8);
    expect(truth.near_repeat.branching_ratio).toBeGreaterThan(0);
    expect(truth.repeat_addresses.length).toBeGreaterThan(10);
    expect(truth.city.incidents).toBe(n);
  });

  // Thresholds: each planted hot spot adds 300-350 incidents a year at full strength inside its radius, on
  // top of roughly 100-250 a year of background there (Poisson noise about +-10 %), so the planted change
  // is a factor of 2.5-3.5; 1.5 leaves wide room for other seeds while still failing on a missing plant.
  it('emerging hot spots rise in the last year and fading ones fall', () => {
    for (const h of truth.hot_spots) {
      const [y22, y23, y24] = countsByYear(h.centre, h.radius_m);
      if (h.class === 'emerging') { expect(y24, h.id).toBeGreaterThan(1.5 * y22); expect(y24, h.id).toBeGreaterThan(1.5 * y23); }
      if (h.class === 'fading') expect(y22, h.id).toBeGreaterThan(1.5 * y24);
      if (h.class === 'persistent') expect(Math.min(y22, y23, y24), h.id).toBeGreaterThan(0.75 * Math.max(y22, y23, y24));
    }
  });

  // Difference in differences: (area after / area before) / (control after / control before) for night-time
  // street crime. Its log has standard error sqrt(sum of 1/count) (about 0.07 here, dominated by the few
  // hundred incidents in the area), so the realised ratio must lie within 3 standard errors of 1 - stated
  // reduction in log terms, and must show a clear drop (< 0.8).
  it('night-time street crime in the intervention area dropped by about the stated share after the date', () => {
    const iv = truth.intervention, poly = { type: 'Feature', properties: {}, geometry: iv.area };
    const start = Date.parse(iv.date + 'T00:00:00Z'), offs = new Set(iv.offences);
    const inArea = new Map<string, boolean>();
    const c = { area_before: 0, area_after: 0, control_before: 0, control_after: 0 };
    for (let i = 0; i < n; i++) {
      if (!offs.has(offence[i]) || !NIGHT(t[i])) continue;
      let a = inArea.get(address[i]);
      if (a === undefined) inArea.set(address[i], (a = booleanPointInPolygon([lon[i], lat[i]], poly as any)));
      c[`${a ? 'area' : 'control'}_${t[i] >= start ? 'after' : 'before'}` as keyof typeof c]++;
    }
    for (const k of Object.keys(c) as (keyof typeof c)[]) expect(c[k], k).toBe(iv.realised[k]);
    expect(c.area_before).toBeGreaterThan(200);
    const ratio = c.area_after / c.area_before / (c.control_after / c.control_before);
    const se = Math.sqrt(1 / c.area_before + 1 / c.area_after + 1 / c.control_before + 1 / c.control_after);
    expect(Math.abs(Math.log(ratio) - Math.log(1 - iv.stated_reduction))).toBeLessThan(3 * se);
    expect(ratio).toBeLessThan(0.8);
    // Lights repaired on the date are in the area and marked in the end-of-period lights layer.
    const repaired = readJson('environment/street_lights.geojson').features.filter((f: any) => f.properties.repaired === iv.date);
    expect(repaired.length).toBe(iv.lights_repaired);
    for (const f of repaired) { expect(f.properties.working).toBe(true); expect(booleanPointInPolygon(f.geometry.coordinates, poly as any)).toBe(true); }
  });

  it('repeat addresses carry their planted incidents at one location', () => {
    const byAddr = new Map<string, number>();
    for (const a of address) byAddr.set(a, (byAddr.get(a) ?? 0) + 1);
    for (const r of truth.repeat_addresses) {
      expect(r.planted, r.address).toBeGreaterThanOrEqual(6);
      expect(byAddr.get(r.address), r.address).toBe(r.total_incidents_at_address);
      expect(r.total_incidents_at_address, r.address).toBeGreaterThanOrEqual(r.planted);
    }
  });

  it('near-repeat burglary offspring follow their parents closely in space and time', () => {
    const row = new Map<string, number>(ids.map((id, i) => [id, i]));
    const pairs: [string, string][] = truth.near_repeat.offspring_pairs_child_parent;
    expect(pairs.length).toBe(truth.near_repeat.offspring);
    expect(pairs.length).toBeGreaterThan(1000);
    let close = 0;
    for (const [child, parent] of pairs) {
      const i = row.get(child)!, j = row.get(parent)!;
      expect(offence[i]).toBe('Burglary');
      expect(offence[j]).toBe('Burglary');
      expect(t[i]).toBeGreaterThanOrEqual(t[j]);
      const d = Math.hypot((lon[i] - lon[j]) * M_LON, (lat[i] - lat[j]) * M_LAT);
      if (d <= 200 && t[i] - t[j] <= 14 * 86_400_000) close++;
    }
    expect(close / pairs.length).toBeGreaterThan(0.85); // Exp(mean 50 m) and Exp(mean 5 d) put ~92 % there
  });

  it('has environmental layers with useful properties', () => {
    const need: Record<string, string[]> = { street_lights: ['id', 'working'], bars: ['id', 'kind'], transit_stops: ['id', 'kind'], vacant: ['id', 'kind'], schools: ['id', 'kind'], parks: ['id', 'area_ha'], cctv: ['id'] };
    for (const l of LAYERS) {
      const feats = readJson(`environment/${l}.geojson`).features;
      expect(feats.length, l).toBeGreaterThan(10);
      for (const f of feats) { expect(f.geometry.type).toBe('Point'); for (const k of need[l]) expect(f.properties[k], `${l}.${k}`).toBeDefined(); }
    }
    const lights = readJson('environment/street_lights.geojson').features;
    expect(lights.length).toBeGreaterThan(3000);
    expect(lights.filter((f: any) => f.properties.working === false).length).toBeGreaterThan(100);
    const vacantKinds = new Set(readJson('environment/vacant.geojson').features.map((f: any) => f.properties.kind));
    expect([...vacantKinds].sort()).toEqual(['vacant_building', 'vacant_lot']);
    const classes = new Set(readJson('streets.geojson').features.map((f: any) => f.properties.class));
    for (const c of ['arterial', 'collector', 'street', 'ring_road', 'river']) expect(classes.has(c), c).toBe(true);
  });
});
