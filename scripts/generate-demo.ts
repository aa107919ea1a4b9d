/**
 * generate-demo.ts: seeded generator of the embedded "synthetic demo city".
 *
 *   npx tsx scripts/generate-demo.ts [--seed 7919] [--out data/demo]   (also: npm run demo:generate)
 *   npx tsx scripts/generate-demo.ts --incidents N --file /tmp/city.parquet [--seed S]   (a larger synthetic city)
 *
 * The city is SYNTHETIC: it sits in open ocean (centre 40.0 N, 40.0 W, North Atlantic) so it can never
 * be mistaken for, or stigmatise, a real neighbourhood. Everything is drawn from one seeded PRNG
 * (mulberry32); there is no Date.now, no Math.random and no locale-dependent formatting, so the same
 * seed gives byte-identical files.
 *
 * Model, in order:
 *  1. Geometry in a local metric frame (x east, y north, metres from the centre; equirectangular, so
 *     lon/lat are a linear map of x/y): an irregular boundary, a rotated and warped 170 m street grid
 *     (every 3rd line a collector, every 6th an arterial), three diagonal avenues, a ring road and a
 *     river that only arterials bridge. Addresses sit 12 m either side of grid streets, 5 per block
 *     side, numbered like "1203 Harbour St" (odd/even sides, +100 per block).
 *  2. Environmental layers (bars, transit stops, vacant properties, schools, parks, CCTV, street
 *     lights); bars/vacant/schools/CCTV stand at addresses. Broken lights cluster in neglected zones.
 *  3. Background incidents per offence: the time comes from an hourly intensity over 2022-2024 (daily
 *     x weekly x weekend-night x seasonal x trend); the place is an address drawn with probability
 *     proportional to base density (centre and residential-ring kernels) x exp(sum of feature effects).
 *     A feature effect adds ln(RR) * min(1, sum_i max(0, 1 - d_i / radius)) to the log-intensity
 *     (RR at the feature, fading linearly to 1 at the radius, saturating for clusters), for the
 *     offences and hours (day 06-20 / night 20-06 / all) it applies to.
 *  4. Planted hot spots (persistent / emerging / fading), repeatedly victimised addresses, a Hawkes
 *     near-repeat process for burglary, and the Lantern Quarter lighting repair (2023-06-01), which
 *     removes 40 % of night-time street crime in its area from that date (independent thinning).
 *  5. Outputs: incidents.parquet (sorted by occurred_at), GeoJSON layers and ground_truth.json.
 *
 * As a module: `createCity(seed)` builds the city (steps 1-2) and returns `incidents(scale)` (steps 3-4 at
 * `scale` times the demo's rates; scale 1 is the demo) and `writeDemo(dir)` (step 5); `syntheticTable` and
 * `writeSyntheticParquet` grow a city of about N incidents (`npm run bench` section "scale" uses them). A city
 * larger than ROUND_MAX incidents is drawn in rounds of at most ROUND_MAX (each a full 2022-2024 sample of the
 * same city at a share of the rate, sorted within itself) so that memory stays bounded; the demo is one round.
 */
import { createWriteStream, mkdirSync, openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  Table as ArrowTable, TimestampMillisecond, Utf8, makeData, makeVector, tableFromIPC, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import * as pq from 'parquet-wasm/esm';

// ---------------------------------------------------------------- configuration
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEMO_SEED = 7919;
/** Incidents of the demo city (seed 7919, scale 1): the unit a scale is counted in. */
export const DEMO_INCIDENTS = 161_857;
/** The most incidents drawn in one round (bounds memory: about 1 GB per million while a round is built). */
export const ROUND_MAX = 2_000_000;
const DATASET = 'Synthetic demo city (synthetic data, not a real place)';
const LAT0 = 40.0, LON0 = -40.0, M_LAT = 111_035, M_LON = 85_395; // metres per degree at 40 N
const START = Date.UTC(2022, 0, 1), DAYS = 1096, DAY = 1440, HOURS = DAYS * 24, END_MIN = DAYS * DAY;
const S = 170, ROT = (8 * Math.PI) / 180; // grid spacing (m) and rotation
const NIGHT = (hod: number) => hod >= 20 || hod < 6;
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const lonlat = (x: number, y: number): [number, number] => [r6(LON0 + x / M_LON), r6(LAT0 + y / M_LAT)];
const dateMin = (iso: string) => (Date.parse(iso + 'T00:00:00Z') - START) / 60000;
const isoDay = (day: number) => new Date(START + day * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------- PRNG
function mulberry32(a: number) {
  return () => { a |= 0; a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
function bsearch(cum: Float64Array, u: number) { let lo = 0, hi = cum.length - 1; while (lo < hi) { const m = (lo + hi) >> 1; if (cum[m] > u) hi = m; else lo = m + 1; } return lo; }

/** The synthetic city: geometry, layers and risk model from `SEED`; incidents drawn on request. */
export function createCity(SEED = DEMO_SEED) {
  const rng = mulberry32(SEED);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const randInt = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const poisson = (l: number) => { let k = 0, p = Math.exp(-l), s = p; const u = rng(); while (u > s && k < 50) { k++; p *= l / k; s += p; } return k; };
  const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)];

  // ---------------------------------------------------------------- geometry
  const boundaryR = (th: number) => {
    const a = 5800, b = 4800, e = (a * b) / Math.hypot(b * Math.cos(th), a * Math.sin(th));
    return e * (1 + 0.07 * Math.sin(3 * th + 0.6) + 0.05 * Math.cos(5 * th + 1.9) + 0.03 * Math.sin(8 * th + 0.3));
  };
  const inCity = (x: number, y: number, margin = 0) => Math.hypot(x, y) < boundaryR(Math.atan2(y, x)) - margin;
  const riverY = (x: number) => -1300 + 500 * Math.sin(x / 1700 + 0.5) + 200 * Math.sin(x / 700 + 1.3);
  const nearRiver = (x: number, y: number, d: number) => Math.abs(y - riverY(x)) < d;
  const warp = (x: number, y: number): [number, number] => [
    x + 70 * Math.sin(y / 1400 + 0.4) + 30 * Math.sin(x / 1300 + 1.1), y + 70 * Math.sin(x / 1600 + 2.0) + 30 * Math.cos(y / 1500)];
  const grid = (u: number, v: number) => warp(u * Math.cos(ROT) - v * Math.sin(ROT), u * Math.sin(ROT) + v * Math.cos(ROT));
  const pip = (x: number, y: number, ring: number[][]) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  const WORDS = ('Harbour Mill Quarry Beacon Chapel Orchard Tanner Foundry Lantern Market Bridge Canal Anchor Willow Cedar Alder ' +
    'Birch Rowan Hazel Juniper Laurel Maple Poplar Spruce Elm Ash Oak Linden Thistle Heather Clover Fern Meadow Brook Ferry Dock ' +
    'Pier Wharf Rope Sail Mast Compass Tide Coral Pearl Shell Gull Heron Kestrel Falcon Swallow Wren Lark Finch Robin Sparrow ' +
    'Plover Tern Osprey Raven Cobalt Copper Silver Granite Slate Flint Amber Ivory Saffron Indigo Crimson Garnet Bramble Hollow ' +
    'Summit Ridge Vale Glen Harvest Sterling').split(' ');
  const ordinal = (n: number) => n + (n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');

  const boundaryRing = Array.from({ length: 97 }, (_, i) => { const th = ((i % 96) / 96) * 2 * Math.PI - Math.PI; const r = boundaryR(th); return [r * Math.cos(th), r * Math.sin(th)]; });

  // The intervention area ("Lantern Quarter"), a named irregular polygon north-east of the centre.
  const IA = { x: 1500, y: 1300 };
  const iaRing = Array.from({ length: 10 }, (_, i) => { const a = ((i % 9) / 9) * 2 * Math.PI; const r = 600 * (1 + 0.18 * Math.sin(3 * a + 0.7) + 0.1 * Math.cos(2 * a)); return [IA.x + r * Math.cos(a), IA.y + r * Math.sin(a)]; });
  const inIA = (x: number, y: number) => pip(x, y, iaRing);

  // Streets: each grid line is sampled every S/2 m; runs of samples inside the city (and, for non-arterials,
  // off the river) become LineStrings.
  type Run = { cls: string; name: string; pts: [number, number][] };
  const runs: Run[] = [];
  function addRuns(cls: string, name: string, pts: [number, number][], bridges: boolean) {
    let cur: [number, number][] = [];
    const flush = () => { if (cur.length >= 2) runs.push({ cls, name, pts: cur }); cur = []; };
    for (const p of pts) { if (inCity(p[0], p[1], 5) && (bridges || !nearRiver(p[0], p[1], 40))) cur.push(p); else flush(); }
    flush();
  }
  const LMIN = -45, LMAX = 45, UMIN = LMIN * S; // grid line indices; house numbers count blocks from UMIN
  const lineClass = (i: number) => (i % 6 === 0 ? 'arterial' : i % 3 === 0 ? 'collector' : 'street');
  const lineNames = new Map<string, string>();
  let ewCount = 0, nsCount = 0;
  for (const dir of ['ew', 'ns'] as const) for (let j = LMIN; j <= LMAX; j++) {
    const pts: [number, number][] = [];
    for (let k = LMIN * 2; k <= LMAX * 2; k++) pts.push(dir === 'ew' ? grid((k * S) / 2, j * S) : grid(j * S, (k * S) / 2));
    if (!pts.some((p) => inCity(p[0], p[1], 5))) continue;
    const name = dir === 'ew' ? `${WORDS[ewCount++ % WORDS.length]} St` : `${ordinal(++nsCount)} Ave`;
    lineNames.set(dir + j, name);
    addRuns(lineClass(j), name, pts, lineClass(j) === 'arterial');
  }
  for (const [name, px, py, deg] of [['Atlantic Avenue', -200, 150, 32], ['Meridian Avenue', 300, -100, 128], ['Gulfstream Boulevard', 0, 0, 74]] as const) {
    const c = Math.cos((deg * Math.PI) / 180), s = Math.sin((deg * Math.PI) / 180), pts: [number, number][] = [];
    for (let t = -9000; t <= 9000; t += 100) pts.push(warp(px + t * c, py + t * s));
    addRuns('arterial', name, pts, true);
  }
  {
    const ring: [number, number][] = [];
    for (let i = 0; i <= 180; i++) { const th = (i / 180) * 2 * Math.PI; const r = 3300 * (1 + 0.06 * Math.sin(2 * th + 0.3) + 0.04 * Math.cos(3 * th + 1)); ring.push([r * Math.cos(th), r * Math.sin(th)]); }
    addRuns('ring_road', 'Ring Road', ring, true);
    const river: [number, number][] = [];
    for (let x = -7000; x <= 7000; x += 100) river.push([x, riverY(x)]);
    addRuns('river', 'Demo River', river, true);
  }

  // Addresses: 5 per block side, 12 m off the centreline; odd numbers north/east side, even south/west.
  const ax: number[] = [], ay: number[] = [], aname: string[] = [];
  for (const dir of ['ew', 'ns'] as const) for (let j = LMIN; j <= LMAX; j++) {
    const name = lineNames.get(dir + j); if (!name) continue;
    for (let b = 0; b < (LMAX - LMIN) ; b++) for (let k = 0; k < 5; k++) for (const side of [1, -1]) {
      const along = UMIN + b * S + 17 + 34 * k, off = j * S + side * 12;
      const [x, y] = dir === 'ew' ? grid(along, off) : grid(off, along);
      if (!inCity(x, y, 40) || nearRiver(x, y, 60)) continue;
      ax.push(x); ay.push(y); aname.push(`${b * 100 + 2 * k + (side === 1 ? 1 : 2)} ${name}`);
    }
  }
  const NA = ax.length;
  const addrInIA = Uint8Array.from(ax, (x, i) => (inIA(x, ay[i]) ? 1 : 0));
  const CELL = 50, cellKey = (gx: number, gy: number) => (gx + 1000) * 4000 + (gy + 1000);
  const addrGrid = new Map<number, number[]>();
  for (let a = 0; a < NA; a++) { const key = cellKey(Math.floor(ax[a] / CELL), Math.floor(ay[a] / CELL)); (addrGrid.get(key) ?? addrGrid.set(key, []).get(key)!).push(a); }
  function nearestAddr(x: number, y: number, maxR = 300, exclude = -1) {
    const cx = Math.floor(x / CELL), cy = Math.floor(y / CELL), rc = Math.ceil(maxR / CELL);
    let best = -1, bd = maxR * maxR;
    for (let i = -rc; i <= rc; i++) for (let j = -rc; j <= rc; j++) for (const a of addrGrid.get(cellKey(cx + i, cy + j)) ?? []) {
      const d = (ax[a] - x) ** 2 + (ay[a] - y) ** 2; if (d < bd && a !== exclude) { bd = d; best = a; }
    }
    return best;
  }
  const centreK = (x: number, y: number) => Math.exp(-(x * x + y * y) / (2 * 1800 ** 2));
  const residK = (x: number, y: number) => Math.exp(-((Math.hypot(x, y) - 3000) ** 2) / (2 * 1500 ** 2));

  // ---------------------------------------------------------------- environmental layers
  type Feat = { x: number; y: number; props: Record<string, string | number | boolean> };
  const layers: Record<string, Feat[]> = { street_lights: [], bars: [], transit_stops: [], vacant: [], schools: [], parks: [], cctv: [] };
  const usedAddr = new Set<number>();
  function clusterAddrs(cx: number, cy: number, sigma: number, n: number, filter = (_a: number) => true) {
    const out: number[] = [];
    for (let tries = 0; out.length < n && tries < n * 50; tries++) {
      const a = nearestAddr(cx + sigma * gauss(), cy + sigma * gauss(), 250);
      if (a >= 0 && !usedAddr.has(a) && filter(a)) { usedAddr.add(a); out.push(a); }
    }
    return out;
  }
  function scatterAddrs(n: number, weight: (a: number) => number) {
    const out: number[] = [];
    while (out.length < n) { const a = Math.floor(rng() * NA); if (!usedAddr.has(a) && rng() < weight(a)) { usedAddr.add(a); out.push(a); } }
    return out;
  }
  const atAddr = (a: number, props: Feat['props']): Feat => ({ x: ax[a], y: ay[a], props: { ...props, address: aname[a] } });
  const pad = (n: number, w = 3) => String(n).padStart(w, '0');

  const NE = { x: 3000, y: 2600 }, SW = { x: -2800, y: -2600 }, RIVERSIDE = { x: -2500, y: riverY(-2500) + 300 }, NIGHTLIFE = { x: -300, y: 400 };
  const barAddrs = [...clusterAddrs(NIGHTLIFE.x, NIGHTLIFE.y, 350, 45), ...clusterAddrs(2200, riverY(2200) + 150, 300, 28),
    ...clusterAddrs(IA.x, IA.y, 220, 18), ...scatterAddrs(50, (a) => 0.2 + centreK(ax[a], ay[a]))];
  barAddrs.forEach((a, i) => { const u = rng(); layers.bars.push(atAddr(a, { id: `BAR-${pad(i + 1)}`, name: `Bar ${pad(i + 1)}`, kind: u < 0.7 ? 'bar' : u < 0.8 ? 'nightclub' : 'liquor_store', late_licence: u >= 0.6 && u < 0.8 ? true : rng() < 0.3 })); });
  const vacAddrs = [...clusterAddrs(NE.x, NE.y, 450, 110), ...clusterAddrs(RIVERSIDE.x, RIVERSIDE.y, 400, 90), ...scatterAddrs(90, () => 1)];
  vacAddrs.forEach((a, i) => layers.vacant.push(atAddr(a, { id: `VAC-${pad(i + 1)}`, kind: rng() < 0.55 ? 'vacant_building' : 'vacant_lot' })));
  scatterAddrs(28, (a) => 0.1 + residK(ax[a], ay[a])).forEach((a, i) => {
    const kind = rng() < 0.7 ? 'primary' : 'secondary';
    layers.schools.push(atAddr(a, { id: `SCH-${pad(i + 1)}`, name: `${WORDS[(i * 7) % WORDS.length]} ${kind === 'primary' ? 'Primary' : 'Secondary'} School`, kind }));
  });
  for (let i = 0, tries = 0; i < 18 && tries < 10000; tries++) {
    const x = (rng() * 2 - 1) * 6000, y = (rng() * 2 - 1) * 5000;
    if (!inCity(x, y, 300) || nearRiver(x, y, 100) || layers.parks.some((p) => Math.hypot(p.x - x, p.y - y) < 900)) continue;
    layers.parks.push({ x, y, props: { id: `PRK-${pad(i + 1)}`, name: `${WORDS[(i * 11 + 5) % WORDS.length]} Park`, area_ha: Math.round((1 + 24 * rng() ** 2) * 10) / 10 } }); i++;
  }
  // Transit stops every ~400 m along arterials and the ring road; six of them are rail stations.
  for (const run of runs) if (run.cls === 'arterial' || run.cls === 'ring_road') {
    let acc = 250;
    for (let i = 1; i < run.pts.length; i++) {
      acc += Math.hypot(run.pts[i][0] - run.pts[i - 1][0], run.pts[i][1] - run.pts[i - 1][1]);
      const [x, y] = run.pts[i];
      if (acc >= 400 && !layers.transit_stops.some((s) => Math.hypot(s.x - x, s.y - y) < 200)) { acc = 0; layers.transit_stops.push({ x, y, props: {} }); }
    }
  }
  const railAt = [[0, 0], [IA.x - 600, IA.y + 400], [-3000, 800], [2600, -1400], [-900, -2900], [3600, 1900]];
  const railIdx = railAt.map(([x, y]) => { let best = 0; layers.transit_stops.forEach((s, i) => { if (Math.hypot(s.x - x, s.y - y) < Math.hypot(layers.transit_stops[best].x - x, layers.transit_stops[best].y - y)) best = i; }); return best; });
  layers.transit_stops.forEach((s, i) => {
    const r = railIdx.indexOf(i);
    s.props = r >= 0 ? { id: `TRN-${pad(i + 1)}`, name: `${WORDS[(r * 13 + 3) % WORDS.length]} Station`, kind: 'rail' } : { id: `TRN-${pad(i + 1)}`, name: `Stop ${pad(i + 1)}`, kind: 'bus' };
  });
  const cctvAddrs = [...clusterAddrs(0, 0, 700, 50), ...railIdx.flatMap((i) => clusterAddrs(layers.transit_stops[i].x, layers.transit_stops[i].y, 120, 3)), ...scatterAddrs(22, () => 1)];
  cctvAddrs.forEach((a, i) => layers.cctv.push(atAddr(a, { id: `CAM-${pad(i + 1)}`, operator: rng() < 0.6 ? 'council' : 'private' })));
  // Street lights: every sample on arterials/collectors/ring road, 35 % of samples on streets.
  const REPAIR_DATE = '2023-06-01';
  let repairedLights = 0;
  for (const run of runs) if (run.cls !== 'river') for (const [x, y] of run.pts) {
    if (run.cls === 'street' && rng() >= 0.35) continue;
    const zone = Math.hypot(x - NE.x, y - NE.y) < 800 ? 0.4 : Math.hypot(x - SW.x, y - SW.y) < 700 ? 0.35 : 0.04;
    const props: Feat['props'] = { id: '', road_class: run.cls, working: true };
    if (inIA(x, y)) { if (rng() < 0.6) { props.repaired = REPAIR_DATE; repairedLights++; } } else if (rng() < zone) props.working = false;
    layers.street_lights.push({ x, y, props });
  }
  layers.street_lights.forEach((l, i) => { l.props.id = `SL-${pad(i + 1, 5)}`; });

  // ---------------------------------------------------------------- offences, time model, risk terrain
  type Offence = { name: string; perYear: number; hours: number[]; week: number[]; weekendNight: number; season: [number, number]; trend: number; centre: number; resid: number };
  const O = (name: string, perYear: number, hours: string, week: string, weekendNight: number, season: [number, number], trend: number, centre: number, resid: number): Offence =>
    ({ name, perYear, hours: hours.split(' ').map(Number), week: week.split(' ').map(Number), weekendNight, season, trend, centre, resid });
  const OFFENCES: Offence[] = [
    O('Burglary', 4800, '3 2.5 2 1.8 1.6 1.8 2.5 3.5 5 6.5 7 7 6.5 6.5 7 7 6.5 6 5.5 5 4.5 4 3.5 3.2', '1.1 1.1 1.1 1.1 1.05 0.8 0.75', 1, [0.12, 330], -0.04, 0.3, 1.0),
    O('Theft from vehicle', 11000, '7 7 6 5 4 3 2 2 2 2 2 2 2.5 2.5 2.5 2.5 3 3.5 4 5 6 7 8 8', '1 1 1 1 1.05 1.1 1', 1.15, [0.08, 220], -0.02, 0.8, 0.7),
    O('Assault', 7500, '9 8 6 4 2.5 1.5 1 1 1.2 1.5 2 2.5 3 3 3 3.5 4 4.5 5 5.5 6.5 7.5 8.5 9', '0.9 0.9 0.9 0.95 1.1 1.3 1', 2.2, [0.2, 196], 0.02, 1.3, 0.4),
    O('Robbery', 3400, '5 4.5 3.5 2.5 1.5 1 0.8 0.8 1 1.2 1.5 2 2.3 2.5 2.8 3.2 3.6 4 4.6 5 5.5 6 6 5.5', '1 1 1 1 1.1 1.15 1', 1.5, [0.08, 350], 0.01, 1.4, 0.35),
    O('Criminal damage', 8500, '4 3 2.2 1.6 1.2 1 1 1.3 1.8 2 2.2 2.4 2.6 2.8 3 3.5 4 4.5 5 5.5 6 6 5.5 5', '0.95 0.95 0.95 0.95 1.05 1.15 1.05', 1.4, [0.12, 200], -0.03, 0.8, 0.8),
    O('Street theft / pickpocket', 9500, '1.5 1 0.7 0.4 0.3 0.3 0.6 1.5 3 4.5 6 7.5 8.5 8.5 8.5 8.5 8.5 8 7 5.5 4.5 3.5 2.8 2', '0.9 0.9 0.95 1 1.15 1.3 0.85', 1.1, [0.1, 345], 0.03, 2.0, 0.2),
    O('Vehicle theft', 3300, '6 6 5.5 5 4 3 2.5 2.5 2 2 2 2 2 2 2 2.2 2.5 3 3.5 4 4.5 5 5.5 6', '1 1 1 1 1.05 1.05 0.95', 1.1, [0.06, 320], -0.06, 0.6, 0.9),
    O('Drug offences', 3200, '3 2 1.5 1 0.6 0.4 0.4 0.6 1 1.5 2 2.5 3 3.5 4 4.5 5 5.5 5.5 5.5 5 4.5 4 3.5', '0.95 1 1 1 1.1 1.1 0.85', 1.3, [0.1, 190], 0.05, 1.2, 0.4),
  ];
  const OFF = Object.fromEntries(OFFENCES.map((o, i) => [o.name, i])) as Record<string, number>;
  const STREET_CRIME = ['Robbery', 'Street theft / pickpocket', 'Theft from vehicle', 'Assault'];
  function hourWeight(o: Offence, h: number) {
    const day = Math.floor(h / 24), hod = h % 24, dow = (day + 5) % 7; // 2022-01-01 was a Saturday; Mon = 0
    let w = o.hours[hod] * o.week[dow];
    const eve = hod < 6 ? (dow + 6) % 7 : dow; // the evening a night hour belongs to
    if (NIGHT(hod) && (eve === 4 || eve === 5)) w *= o.weekendNight;
    return w * (1 + o.season[0] * Math.cos((2 * Math.PI * (day - o.season[1])) / 365.25)) * (1 + o.trend) ** (day / 365.25);
  }
  const timeCum = OFFENCES.map((o) => { const c = new Float64Array(HOURS); let s = 0; for (let h = 0; h < HOURS; h++) c[h] = s += hourWeight(o, h); return c; });
  const hodCum = OFFENCES.map((o) => { const c = new Float64Array(24); let s = 0; o.hours.forEach((w, h) => (c[h] = s += w)); return c; });
  const minuteOf = () => (rng() < 0.3 ? 0 : Math.floor(rng() * 60)); // 30 % of records are rounded to the hour
  const sampleTime = (off: number) => { const c = timeCum[off]; return bsearch(c, rng() * c[HOURS - 1]) * 60 + minuteOf(); };

  type Effect = { layer: string; where?: [string, string | boolean]; offences: string[]; when: 'day' | 'night' | 'all'; radius_m: number; relative_risk: number };
  const EFFECTS: Effect[] = [
    { layer: 'bars', offences: ['Assault'], when: 'night', radius_m: 250, relative_risk: 3.0 },
    { layer: 'bars', offences: ['Assault'], when: 'day', radius_m: 250, relative_risk: 1.5 },
    { layer: 'bars', offences: ['Robbery'], when: 'night', radius_m: 250, relative_risk: 2.2 },
    { layer: 'bars', offences: ['Criminal damage'], when: 'night', radius_m: 200, relative_risk: 1.6 },
    { layer: 'bars', offences: ['Drug offences'], when: 'all', radius_m: 300, relative_risk: 1.8 },
    { layer: 'street_lights', where: ['working', false], offences: [...STREET_CRIME, 'Vehicle theft'], when: 'night', radius_m: 120, relative_risk: 1.8 },
    { layer: 'vacant', where: ['kind', 'vacant_building'], offences: ['Burglary'], when: 'all', radius_m: 250, relative_risk: 1.8 },
    { layer: 'vacant', offences: ['Criminal damage'], when: 'all', radius_m: 200, relative_risk: 2.5 },
    { layer: 'vacant', where: ['kind', 'vacant_building'], offences: ['Drug offences'], when: 'all', radius_m: 200, relative_risk: 2.5 },
    { layer: 'transit_stops', offences: ['Street theft / pickpocket'], when: 'all', radius_m: 150, relative_risk: 2.5 },
    { layer: 'transit_stops', offences: ['Robbery'], when: 'night', radius_m: 200, relative_risk: 1.8 },
    { layer: 'schools', offences: ['Criminal damage'], when: 'all', radius_m: 250, relative_risk: 1.5 },
    { layer: 'schools', offences: ['Street theft / pickpocket'], when: 'day', radius_m: 200, relative_risk: 1.3 },
    { layer: 'parks', offences: ['Drug offences'], when: 'all', radius_m: 300, relative_risk: 2.0 },
    { layer: 'parks', offences: ['Robbery'], when: 'night', radius_m: 250, relative_risk: 1.5 },
    { layer: 'cctv', offences: ['Robbery', 'Street theft / pickpocket', 'Theft from vehicle', 'Criminal damage', 'Vehicle theft'], when: 'all', radius_m: 100, relative_risk: 0.8 },
  ];
  function exposure(e: Effect) { // min(1, sum of linear kernels) at every address
    const feats = layers[e.layer].filter((f) => !e.where || f.props[e.where[0]] === e.where[1]);
    const g = new Map<number, Feat[]>(), R = e.radius_m, E = new Float64Array(NA);
    for (const f of feats) { const k = cellKey(Math.floor(f.x / R), Math.floor(f.y / R)); (g.get(k) ?? g.set(k, []).get(k)!).push(f); }
    for (let a = 0; a < NA; a++) {
      const cx = Math.floor(ax[a] / R), cy = Math.floor(ay[a] / R); let s = 0;
      for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) for (const f of g.get(cellKey(cx + i, cy + j)) ?? []) s += Math.max(0, 1 - Math.hypot(f.x - ax[a], f.y - ay[a]) / R);
      E[a] = Math.min(1, s);
    }
    return E;
  }
  // logW[off][0 = day, 1 = night][address]; cumulative sampling tables per offence and day/night.
  const logW = OFFENCES.map((o) => [0, 1].map(() => Float64Array.from(ax, (x, a) => Math.log(0.15 + o.centre * centreK(x, ay[a]) + o.resid * residK(x, ay[a])))));
  for (const e of EFFECTS) {
    const E = exposure(e), l = Math.log(e.relative_risk);
    for (const name of e.offences) for (const dn of e.when === 'all' ? [0, 1] : [e.when === 'night' ? 1 : 0]) { const w = logW[OFF[name]][dn]; for (let a = 0; a < NA; a++) w[a] += l * E[a]; }
  }
  const placeCum = logW.map((pair) => pair.map((w) => { const c = new Float64Array(NA); let s = 0; for (let a = 0; a < NA; a++) c[a] = s += Math.exp(w[a]); return c; }));
  const samplePlace = (off: number, t: number) => { const c = placeCum[off][NIGHT(Math.floor(t / 60) % 24) ? 1 : 0]; return bsearch(c, rng() * c[NA - 1]); };

  // ---------------------------------------------------------------- incidents
  let T: number[] = [], OF: number[] = [], AD: number[] = [], SRC: number[] = [], PARENT: number[] = [];
  const SOURCES = ['background', 'hot_spot', 'repeat_address', 'near_repeat'];
  const INTERVENTION = { date: REPAIR_DATE, startMin: dateMin(REPAIR_DATE), reduction: 0.4, offences: STREET_CRIME };
  let thinned = 0, truncated = 0;
  function emit(t: number, off: number, a: number, src: number, parent = -1) {
    if (t < 0 || t >= END_MIN) return -1;
    if (addrInIA[a] && t >= INTERVENTION.startMin && NIGHT(Math.floor(t / 60) % 24) && INTERVENTION.offences.includes(OFFENCES[off].name) && rng() < INTERVENTION.reduction) { thinned++; return -1; }
    T.push(t); OF.push(off); AD.push(a); SRC.push(src); PARENT.push(parent); return T.length - 1;
  }
  type HotSpot = { id: string; class: 'persistent' | 'emerging' | 'fading'; label: string; x: number; y: number; radius_m: number; offences: Record<string, number>; extra_per_year: number; profile: [string, number][] };
  const HOT: HotSpot[] = [
    { id: 'HS-P1', class: 'persistent', label: 'Nightlife strip', x: -300, y: 400, radius_m: 300, offences: { Assault: 0.5, Robbery: 0.2, 'Street theft / pickpocket': 0.3 }, extra_per_year: 400, profile: [['2022-01-01', 1], ['2025-01-01', 1]] },
    { id: 'HS-P2', class: 'persistent', label: 'Riverside car parks', x: -2600, y: riverY(-2600) + 350, radius_m: 250, offences: { 'Theft from vehicle': 0.75, 'Vehicle theft': 0.25 }, extra_per_year: 300, profile: [['2022-01-01', 1], ['2025-01-01', 1]] },
    { id: 'HS-P3', class: 'persistent', label: 'South-east housing estate', x: 2800, y: -2800, radius_m: 300, offences: { Burglary: 1 }, extra_per_year: 150, profile: [['2022-01-01', 1], ['2025-01-01', 1]] },
    { id: 'HS-E1', class: 'emerging', label: 'North-west shopping parade', x: -1800, y: 2300, radius_m: 250, offences: { Robbery: 0.3, 'Street theft / pickpocket': 0.4, 'Drug offences': 0.3 }, extra_per_year: 350, profile: [['2024-01-01', 0], ['2024-01-02', 1]] },
    { id: 'HS-E2', class: 'emerging', label: 'East side terraces', x: 3300, y: 300, radius_m: 250, offences: { Burglary: 0.6, 'Criminal damage': 0.4 }, extra_per_year: 300, profile: [['2024-03-01', 0], ['2024-07-01', 1]] },
    { id: 'HS-F1', class: 'fading', label: 'Southern underpass', x: 600, y: -2600, radius_m: 250, offences: { 'Drug offences': 0.6, Assault: 0.4 }, extra_per_year: 350, profile: [['2023-01-01', 1], ['2023-07-01', 0]] },
    { id: 'HS-F2', class: 'fading', label: 'Western retail park', x: -3800, y: 1200, radius_m: 250, offences: { 'Theft from vehicle': 1 }, extra_per_year: 300, profile: [['2022-10-01', 1], ['2023-10-01', 0]] },
  ];
  const level = (p: [string, number][], day: number) => {
    const ks = p.map(([d, v]) => [dateMin(d) / DAY, v]);
    if (day <= ks[0][0]) return ks[0][1];
    for (let i = 1; i < ks.length; i++) if (day <= ks[i][0]) return ks[i - 1][1] + ((ks[i][1] - ks[i - 1][1]) * (day - ks[i - 1][0])) / (ks[i][0] - ks[i - 1][0]);
    return ks[ks.length - 1][1];
  };
  type Repeat = { address: number; kind: string; offences: Record<string, number>; planted: number; ids: number[]; scale?: number };
  const REPEATS: Repeat[] = [];
  const NR = { branching_ratio: 0.25, lag_mean_days: 5, distance_mean_m: 50 };
  const burg = OFF.Burglary;
  let backgroundPlanned: Record<string, number> = {}, hotPlanted: number[][] = [], rounds = 0;
  let N = 0, order: number[] = [], rank = new Int32Array(0), lat = new Float64Array(0), lon = new Float64Array(0), ts = new BigInt64Array(0);
  const idOf = (i: number) => `SDC-${rounds > 1 ? `${rounds}-` : ''}${pad(rank[i] + 1, 7)}`;

  /** Draws one round of incidents at `scale` times the demo rates (the first round at scale 1 is the demo). */
  function incidents(scale = 1) {
    T = []; OF = []; AD = []; SRC = []; PARENT = []; thinned = 0; truncated = 0; rounds++;
    // 1. Background (risk-terrain) incidents; perYear is the annualised rate at the start of 2022.
    backgroundPlanned = {};
    OFFENCES.forEach((o, off) => {
      let years = 0; for (let d = 0; d < DAYS; d++) years += (1 + o.trend) ** (d / 365.25) / 365.25;
      const n = (backgroundPlanned[o.name] = Math.round(o.perYear * scale * years));
      for (let i = 0; i < n; i++) { const t = sampleTime(off); emit(t, off, samplePlace(off, t), 0); }
    });
    // 2. Planted hot spots. profile: piecewise-linear strength knots [date, level], clamped outside.
    hotPlanted = HOT.map((h) => {
      let years = 0; for (let d = 0; d < DAYS; d++) years += level(h.profile, d + 0.5) / 365.25;
      const n = Math.round(h.extra_per_year * scale * years), offs = Object.entries(h.offences), ids: number[] = [];
      while (ids.length < n) {
        let u = rng(), name = offs[offs.length - 1][0]; for (const [k, s] of offs) { if (u < s) { name = k; break; } u -= s; }
        const off = OFF[name], t = sampleTime(off);
        if (rng() >= level(h.profile, t / DAY)) continue;
        let a = -1; while (a < 0) { const dx = (h.radius_m / 2) * gauss(), dy = (h.radius_m / 2) * gauss(); if (Math.hypot(dx, dy) <= h.radius_m) a = nearestAddr(h.x + dx, h.y + dy, 60); }
        const id = emit(t, off, a, 1); if (id >= 0) ids.push(id);
      }
      return ids;
    });
    // 3. Repeatedly victimised addresses (kept outside the intervention area).
    // The addresses are chosen in the first round; later rounds plant again at the same ones.
    if (rounds > 1) for (const r of REPEATS) { r.planted = Math.round(r.planted / r.scale! * scale); r.scale = scale; r.ids = []; }
    else {
      const addRepeat = (a: number, kind: string, offences: Record<string, number>, lo: number, hi: number) => { if (a >= 0) REPEATS.push({ address: a, kind, offences, planted: Math.round(randInt(lo, hi) * scale), ids: [], scale }); };
      layers.bars.filter((b) => b.props.late_licence && b.props.kind !== 'liquor_store' && !inIA(b.x, b.y)).sort((p, q) => Math.hypot(p.x, p.y) - Math.hypot(q.x, q.y)).slice(0, 5)
        .forEach((b) => addRepeat(nearestAddr(b.x, b.y, 1), 'bar', { Assault: 0.7, 'Criminal damage': 0.3 }, 45, 70));
      railIdx.filter((i) => !inIA(layers.transit_stops[i].x, layers.transit_stops[i].y)).slice(0, 4)
        .forEach((i) => addRepeat(clusterAddrs(layers.transit_stops[i].x, layers.transit_stops[i].y, 60, 1)[0] ?? -1, 'car park', { 'Theft from vehicle': 0.8, 'Vehicle theft': 0.2 }, 50, 80));
      clusterAddrs(0, -300, 900, 5, (a) => !addrInIA[a]).forEach((a) => addRepeat(a, 'shop', { 'Street theft / pickpocket': 0.6, Robbery: 0.25, 'Criminal damage': 0.15 }, 30, 50));
      scatterAddrs(8, (a) => (Math.hypot(ax[a], ay[a]) > 2000 && !addrInIA[a] ? 1 : 0)).forEach((a) => addRepeat(a, 'home', { Burglary: 1 }, 6, 10));
      clusterAddrs(NE.x, NE.y, 400, 3).forEach((a) => addRepeat(a, 'problem premises', { 'Drug offences': 0.7, 'Criminal damage': 0.3 }, 25, 40));
    }
    for (const r of REPEATS) {
      const offs = Object.entries(r.offences);
      while (r.ids.length < r.planted) {
        let u = rng(), name = offs[offs.length - 1][0]; for (const [k, s] of offs) { if (u < s) { name = k; break; } u -= s; }
        const id = emit(sampleTime(OFF[name]), OFF[name], r.address, 2); if (id >= 0) r.ids.push(id);
      }
    }
    // 4. Near-repeat burglary (Hawkes): every burglary (any source, offspring included) triggers Poisson(BRANCHING)
    // follow-ups; time lag ~ Exp(mean LAG_DAYS), then the clock time is redrawn from the burglary daily profile;
    // displacement ~ Exp(mean DIST_M) in a uniform direction, snapped to the nearest OTHER address (exact repeats
    // at the same address are what the repeat-address set plants).
    for (let i = 0; i < T.length; i++) {
      if (OF[i] !== burg) continue;
      for (let k = poisson(NR.branching_ratio); k > 0; k--) {
        const lag = -Math.log(1 - rng()) * NR.lag_mean_days * DAY, day = Math.floor((T[i] + lag) / DAY);
        let t = day * DAY + bsearch(hodCum[burg], rng() * hodCum[burg][23]) * 60 + minuteOf();
        if (t < T[i]) t += DAY;
        const d = -Math.log(1 - rng()) * NR.distance_mean_m, th = 2 * Math.PI * rng();
        const a = nearestAddr(ax[AD[i]] + d * Math.cos(th), ay[AD[i]] + d * Math.sin(th), 300, AD[i]);
        if (a < 0 || t >= END_MIN) { truncated++; continue; }
        emit(t, burg, a, 3, i);
      }
    }

    // Sort by time; ids by rank.
    N = T.length;
    order = Array.from({ length: N }, (_, i) => i).sort((p, q) => T[p] - T[q] || p - q);
    rank = new Int32Array(N); order.forEach((i, r) => (rank[i] = r));
    lat = new Float64Array(N); lon = new Float64Array(N); ts = new BigInt64Array(N);
    order.forEach((i, r) => { const [x, y] = lonlat(ax[AD[i]], ay[AD[i]]); lon[r] = x; lat[r] = y; ts[r] = BigInt(START + T[i] * 60000); });
    return table();
  }

  /** The last round as an Arrow table (the columns of incidents.parquet). */
  function table() {
    return new ArrowTable({
      incident_id: vectorFromArray(order.map(idOf), new Utf8()),
      occurred_at: makeVector(makeData({ type: new TimestampMillisecond(), length: N, nullCount: 0, data: ts })),
      offence: vectorFromArray(order.map((i) => OFFENCES[OF[i]].name), new Utf8()),
      address: vectorFromArray(order.map((i) => aname[AD[i]]), new Utf8()),
      latitude: makeVector(lat), longitude: makeVector(lon),
    });
  }

  /** Writes the demo files (incidents.parquet, GeoJSON layers, ground_truth.json) of the last round to `OUT`. */
  function writeDemo(OUT: string) {
    mkdirSync(path.join(OUT, 'environment'), { recursive: true });
    initParquet();
    const arrow = table();
    const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).setMaxRowGroupSize(65536).setCreatedBy('prevention-planner scripts/generate-demo.ts')
      .setKeyValueMetadata(new Map([['dataset', DATASET], ['seed', String(SEED)], ['occurred_at', 'local wall-clock time, no time zone']])).build();
    const parquetBytes = pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(arrow, 'stream')), props);
    writeFileSync(path.join(OUT, 'incidents.parquet'), parquetBytes);
    { // read back and check
      const back = tableFromIPC(pq.readParquet(parquetBytes).intoIPCStream());
      const col = back.getChild('occurred_at')!, last = N - 1;
      if (back.numRows !== N || col.get(0) !== Number(ts[0]) || col.get(last) !== Number(ts[last]) || back.getChild('address')!.get(last) !== aname[AD[order[last]]])
        throw new Error('parquet read-back mismatch');
    }


    // ---------------------------------------------------------------- GeoJSON layers
    const fc = (name: string, features: object[]) =>
      `{"type":"FeatureCollection","name":${JSON.stringify(name)},"dataset":${JSON.stringify(DATASET)},"synthetic":true,"seed":${SEED},"features":[\n` +
      features.map((f) => JSON.stringify(f)).join(',\n') + '\n]}\n';
    const pt = (f: Feat) => ({ type: 'Feature', properties: f.props, geometry: { type: 'Point', coordinates: lonlat(f.x, f.y) } });
    const polygon = (ring: number[][]) => ({ type: 'Polygon', coordinates: [ring.map(([x, y]) => lonlat(x, y))] });
    const areaKm2 = (ring: number[][]) => Math.abs(ring.slice(1).reduce((s, p, i) => s + ring[i][0] * p[1] - p[0] * ring[i][1], 0)) / 2e6;
    writeFileSync(path.join(OUT, 'boundary.geojson'), fc('boundary', [{ type: 'Feature', properties: { name: DATASET, synthetic: true, area_km2: Math.round(areaKm2(boundaryRing) * 10) / 10 }, geometry: polygon(boundaryRing) }]));
    writeFileSync(path.join(OUT, 'streets.geojson'), fc('streets', runs.map((r) => ({ type: 'Feature', properties: { class: r.cls, name: r.name }, geometry: { type: 'LineString', coordinates: r.pts.map(([x, y]) => lonlat(x, y)) } }))));
    for (const [name, feats] of Object.entries(layers)) writeFileSync(path.join(OUT, 'environment', `${name}.geojson`), fc(name, feats.map(pt)));

    // ---------------------------------------------------------------- ground truth
    const yearOf = (t: number) => new Date(START + t * 60000).getUTCFullYear();
    const byYear = (ids: number[]) => { const c: Record<string, number> = { 2022: 0, 2023: 0, 2024: 0 }; for (const i of ids) c[yearOf(T[i])]++; return c; };
    const addrCount = new Map<number, number>(); for (const a of AD) addrCount.set(a, (addrCount.get(a) ?? 0) + 1);
    const iv = { area_before: 0, area_after: 0, control_before: 0, control_after: 0 };
    for (let i = 0; i < N; i++) if (NIGHT(Math.floor(T[i] / 60) % 24) && STREET_CRIME.includes(OFFENCES[OF[i]].name)) {
      const k = `${addrInIA[AD[i]] ? 'area' : 'control'}_${T[i] >= INTERVENTION.startMin ? 'after' : 'before'}` as keyof typeof iv; iv[k]++;
    }
    const did = iv.area_after / iv.area_before / (iv.control_after / iv.control_before);
    const offspring = order.filter((i) => SRC[i] === 3);
    const nrDist = offspring.map((i) => Math.hypot(ax[AD[i]] - ax[AD[PARENT[i]]], ay[AD[i]] - ay[AD[PARENT[i]]]));
    const nrLag = offspring.map((i) => (T[i] - T[PARENT[i]]) / DAY);
    const counts = (xs: number[]) => Object.fromEntries(OFFENCES.map((o, k) => [o.name, xs.filter((v) => v === k).length]));
    const truth = {
      dataset: DATASET, synthetic: true, seed: SEED, generator: 'scripts/generate-demo.ts',
      note: 'Everything here was planted by the generator. The place, the streets, the features and the incidents are invented; the city lies in open ocean.',
      city: {
        centre: { lat: LAT0, lon: LON0 }, projection: { metres_per_degree_lat: M_LAT, metres_per_degree_lon: M_LON, note: 'local x/y metres -> lon = -40 + x/m_lon, lat = 40 + y/m_lat' },
        extent_m: { x: [Math.round(Math.min(...boundaryRing.map((p) => p[0]))), Math.round(Math.max(...boundaryRing.map((p) => p[0])))], y: [Math.round(Math.min(...boundaryRing.map((p) => p[1]))), Math.round(Math.max(...boundaryRing.map((p) => p[1])))] },
        area_km2: Math.round(areaKm2(boundaryRing) * 10) / 10, period: { from: '2022-01-01', to: '2024-12-31' }, night_hours: '20:00-06:00', grid_spacing_m: S, grid_rotation_deg: 8,
        addresses: NA, street_features: runs.length, incidents: N, incidents_by_source: Object.fromEntries(SOURCES.map((s, k) => [s, SRC.filter((v) => v === k).length])),
        incidents_by_offence: counts(OF), incidents_by_year: byYear(order), layer_counts: Object.fromEntries(Object.entries(layers).map(([k, v]) => [k, v.length])),
      },
      offences: OFFENCES.map((o) => ({ name: o.name, background_per_year_2022: o.perYear, background_planned: backgroundPlanned[o.name], trend_per_year: o.trend, seasonal_amplitude: o.season[0], seasonal_peak_day_of_year: o.season[1], weekend_night_factor: o.weekendNight, hour_weights: o.hours, weekday_weights_mon_to_sun: o.week, base_density: { centre_kernel: o.centre, residential_ring_kernel: o.resid, constant: 0.15 } })),
      base_density: { centre_kernel: 'exp(-r^2 / (2 * 1800^2)), r = metres from centre', residential_ring_kernel: 'exp(-(r - 3000)^2 / (2 * 1500^2))' },
      feature_effects: { kernel: 'log-intensity += ln(relative_risk) * min(1, sum over features of max(0, 1 - d / radius_m)); day = 06:00-20:00, night = 20:00-06:00; street_lights effect uses the end-of-period state (working = false)', effects: EFFECTS },
      hot_spots: HOT.map((h, k) => ({ id: h.id, class: h.class, label: h.label, centre: { lat: lonlat(h.x, h.y)[1], lon: lonlat(h.x, h.y)[0] }, radius_m: h.radius_m, offences: h.offences, extra_per_year_at_full_strength: h.extra_per_year,
        profile: h.profile, active_from: isoDay(Array.from({ length: DAYS }, (_, d) => d).find((d) => level(h.profile, d + 0.5) > 0)!), active_to: isoDay(DAYS - 1 - Array.from({ length: DAYS }, (_, d) => d).find((d) => level(h.profile, DAYS - d - 0.5) > 0)!),
        planted: hotPlanted[k].length, planted_by_year: byYear(hotPlanted[k]), placement: 'Gaussian offset (sigma = radius/2, truncated at radius) snapped to the nearest address' })),
      repeat_addresses: REPEATS.map((r) => ({ address: aname[r.address], kind: r.kind, lat: lonlat(ax[r.address], ay[r.address])[1], lon: lonlat(ax[r.address], ay[r.address])[0], offences: r.offences, planted: r.ids.length, total_incidents_at_address: addrCount.get(r.address) })),
      near_repeat: { offence: 'Burglary', process: 'Hawkes: each burglary (background, planted or offspring) triggers Poisson(branching_ratio) offspring', ...NR,
        time_kernel: 'lag ~ Exponential(mean lag_mean_days); clock time redrawn from the burglary hour profile (kept after the parent)', space_kernel: 'distance ~ Exponential(mean distance_mean_m), uniform direction, snapped to the nearest address other than the parent address',
        offspring: offspring.length, burglaries_total: OF.filter((v) => v === burg).length, dropped_after_period_end: truncated,
        offspring_within_200m_and_14d: offspring.filter((_, k) => nrDist[k] <= 200 && nrLag[k] <= 14).length, offspring_at_parent_address: offspring.filter((_, k) => nrDist[k] === 0).length,
        offspring_pairs_child_parent: offspring.map((i) => [idOf(i), idOf(PARENT[i])]) },
      intervention: { name: 'Lantern Quarter street-lighting repair', area_name: 'Lantern Quarter', area: polygon(iaRing), area_km2: Math.round(areaKm2(iaRing) * 100) / 100, date: REPAIR_DATE, hours: '20:00-06:00', offences: STREET_CRIME,
        stated_reduction: INTERVENTION.reduction, mechanism: 'from the date on, each night-time incident of these offences at an address inside the area is removed with probability stated_reduction (no displacement)',
        lights_repaired: repairedLights, street_lights_layer: 'state at the END of the period; the repaired lights are working: true with repaired: "2023-06-01"',
        incidents_removed: thinned, share_removed_after: Math.round((thinned / (thinned + iv.area_after)) * 1e4) / 1e4, realised: { ...iv, before: '2022-01-01..2023-05-31', after: '2023-06-01..2024-12-31', difference_in_differences_ratio: Math.round(did * 1e4) / 1e4, realised_reduction: Math.round((1 - did) * 1e4) / 1e4 } },
    };
    const pretty = JSON.stringify(truth, null, 2).replace(/\[\s+([^[\]{}]*?)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);
    writeFileSync(path.join(OUT, 'ground_truth.json'), pretty + '\n');
    console.log(`synthetic demo city, seed ${SEED}: ${N} incidents, ${NA} addresses, ${runs.length} street features, ` +
      `${Object.entries(layers).map(([k, v]) => `${k} ${v.length}`).join(', ')}; intervention DiD ratio ${did.toFixed(3)}; written to ${OUT}`);
  }

  return { incidents, writeDemo, get rounds() { return rounds; } };
}

let pqReady = false;
function initParquet() {
  if (pqReady) return;
  pq.initSync({ module: readFileSync(createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')) });
  pqReady = true;
}

/** How a city of about `n` incidents is drawn: the number of rounds and each round's scale. */
export function roundsFor(n: number): { rounds: number; scale: number } {
  if (!(n > 0)) throw new RangeError(`The number of incidents must be positive, got ${n}`);
  const rounds = Math.ceil(n / ROUND_MAX);
  return { rounds, scale: n / rounds / DEMO_INCIDENTS };
}

/** A synthetic city of about `n` incidents (one round) as an Arrow table, in memory. */
export function syntheticTable(n: number, seed = DEMO_SEED): ArrowTable {
  const { rounds, scale } = roundsFor(n);
  if (rounds > 1) throw new RangeError(`${n} incidents is more than one round (${ROUND_MAX}): use writeSyntheticParquet`);
  return createCity(seed).incidents(scale);
}

/**
 * Writes a synthetic city of about `n` incidents to a Parquet file, round by round (row groups of
 * 65,536 rows, ZSTD), so that memory stays bounded whatever `n`. Returns the rows written.
 */
export async function writeSyntheticParquet(file: string, n: number, seed = DEMO_SEED, onRound?: (round: number, rounds: number, rows: number) => void): Promise<number> {
  initParquet();
  const { rounds, scale } = roundsFor(n);
  const city = createCity(seed);
  let round = 0;
  let rows = 0;
  const batches = new ReadableStream({
    pull(controller) {
      if (round === rounds) { controller.close(); return; }
      const t = city.incidents(scale);
      round++;
      rows += t.numRows;
      onRound?.(round, rounds, rows);
      const w = pq.Table.fromIPCStream(tableToIPC(t, 'stream'));
      for (const b of w.recordBatches()) controller.enqueue(b);
      // The batches hold their own data; without this the table keeps every round alive in
      // parquet-wasm's memory until it runs out (and the file ends early).
      w.free();
    },
  });
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).setMaxRowGroupSize(65536).setCreatedBy('prevention-planner scripts/generate-demo.ts')
    .setKeyValueMetadata(new Map([['dataset', `${DATASET}, about ${n} incidents`], ['seed', String(seed)], ['occurred_at', 'local wall-clock time, no time zone']])).build();
  const bytes = await pq.transformParquetStream(batches, props);
  await (bytes as ReadableStream<Uint8Array>).pipeTo(Writable.toWeb(createWriteStream(file)));
  // Check the footer: a writer that stopped early must not pass for a whole city.
  const f = await pq.ParquetFile.fromFile(await openAsBlob(file));
  const written = f.metadata().fileMetadata().numRows();
  f.free();
  if (written !== rows) throw new Error(`${file}: ${written} rows written of ${rows} drawn`);
  return rows;
}

/** Synthetic-city rows as Parquet bytes (one round, in memory). */
export function syntheticParquet(n: number, seed = DEMO_SEED): Uint8Array {
  initParquet();
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).setMaxRowGroupSize(65536).build();
  return pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(syntheticTable(n, seed), 'stream')), props);
}

// ---------------------------------------------------------------- command line
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const argOf = (k: string) => { const i = args.findIndex((a) => a === k || a.startsWith(k + '=')); return i < 0 ? undefined : args[i].includes('=') ? args[i].split('=')[1] : args[i + 1]; };
  const seed = Number(argOf('--seed') ?? DEMO_SEED);
  const n = argOf('--incidents');
  if (n !== undefined) {
    const file = argOf('--file');
    if (!file) throw new Error('--incidents N needs --file OUT.parquet');
    const t0 = performance.now();
    const rows = await writeSyntheticParquet(path.resolve(file), Number(n), seed, (r, k, rows) => process.stderr.write(`round ${r}/${k}: ${rows} incidents\n`));
    console.log(`synthetic city, seed ${seed}: ${rows} incidents written to ${path.resolve(file)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    const city = createCity(seed);
    city.incidents(1);
    city.writeDemo(path.resolve(argOf('--out') ?? path.join(HERE, '..', 'data', 'demo')));
  }
}
