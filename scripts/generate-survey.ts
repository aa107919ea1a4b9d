/**
 * generate-survey.ts: seeded generator of the demo city's perceived-safety survey (issue 9).
 *
 *   npx tsx scripts/generate-survey.ts [--seed 9029] [--demo data/demo]
 *
 * Writes data/demo/survey.csv and data/demo/survey_truth.json. Everything is SYNTHETIC: invented
 * answers from invented respondents about the synthetic demo city (open ocean, 40 N 40 W). The
 * survey is drawn from the demo's own files — ground_truth.json (hot spots), the incidents
 * (recorded crime per H3 cell), the boundary and the environment layers — with one seeded
 * generator (src/lib/analysis/random.ts); no clock, no Math.random, so a seed gives identical files.
 *
 * Design (recorded in survey_truth.json):
 *  - Background respondents: half at the places of randomly drawn incidents (busy places), half
 *    uniformly inside the boundary (people everywhere). Their chance of feeling unsafe rises for
 *    women, after dark, near broken street lights at night, and mildly with the recorded crime of
 *    their H3 resolution-8 cell.
 *  - Planted places, each the centre of one resolution-8 cell with respondents within 150 m:
 *      feared_and_recorded  (two persistent crime hot spots: people feel unsafe there too),
 *      feared_not_recorded  (three dark, isolated parks in cells with little recorded crime),
 *      recorded_not_feared  (a busy hot spot where people feel safe).
 *    So the fear–crime gap has both overlap and difference to find.
 *  - A few rows without an answer or coordinates, which an import must reject.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellToLatLng, latLngToCell, polygonToCells } from 'h3-js';
import type { FeatureCollection, Point, Polygon } from 'geojson';
import { rng, type Rng } from '../src/lib/analysis/random';
import { tableFromIPC } from 'apache-arrow';
import { initParquetSync, readParquet } from '../src/lib/engine/parquet';
import { preparePolygons } from '../src/lib/geo/point-in-polygon';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SURVEY_SEED = 9029;
export const RES = 8;
const DATASET = 'Synthetic demo survey (synthetic data, not real people)';
const M_LAT = 111_035, M_LON = 85_395;
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

interface Args { seed: number; demo: string }
function args(argv: string[]): Args {
  const a: Args = { seed: SURVEY_SEED, demo: path.join(HERE, '../data/demo') };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--seed') a.seed = Number(argv[i + 1]);
    else if (argv[i] === '--demo') a.demo = argv[i + 1];
    else throw new Error(`Unknown option ${argv[i]} (use --seed N, --demo DIR)`);
  }
  if (!Number.isInteger(a.seed)) throw new Error('--seed must be a whole number');
  return a;
}

const metres = (lat1: number, lon1: number, lat2: number, lon2: number) => Math.hypot((lat1 - lat2) * M_LAT, (lon1 - lon2) * M_LON);

function pick<T>(r: Rng, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = r.next() * total;
  for (let i = 0; i < items.length; i++) if ((u -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
}

interface Planted {
  id: string;
  kind: 'feared_and_recorded' | 'feared_not_recorded' | 'recorded_not_feared';
  name: string;
  description: string;
  lat: number;
  lon: number;
  cell: string;
  radius_m: number;
  respondents: number;
  p_unsafe: { day: number; dark: number };
  share_after_dark: number;
  recorded_incidents_in_cell: number;
}

/** Grid of [lat, lon] points inside the boundary, for uniform background respondents. */
function uniformInside(r: Rng, boundary: FeatureCollection, n: number): [number, number][] {
  const poly = (boundary.features[0].geometry as Polygon).coordinates;
  const prep = preparePolygons([poly]);
  const [x0, y0, x1, y1] = prep.bbox;
  const out: [number, number][] = [];
  while (out.length < n) {
    const lon = x0 + r.next() * (x1 - x0), lat = y0 + r.next() * (y1 - y0);
    if (prep.contains(lon, lat)) out.push([lat, lon]);
  }
  return out;
}

export function generate(a: Args): { csv: string; truth: unknown } {
  const r = rng(a.seed);
  const read = (f: string) => readFileSync(path.join(a.demo, f), 'utf8');
  const gt = JSON.parse(read('ground_truth.json'));
  const boundary = JSON.parse(read('boundary.geojson')) as FeatureCollection;
  const layer = (f: string) => (JSON.parse(read(`environment/${f}`)) as FeatureCollection).features;
  const parks = layer('parks.geojson').map((f) => ({ name: String(f.properties!.name), lon: (f.geometry as Point).coordinates[0], lat: (f.geometry as Point).coordinates[1] }));
  const stops = layer('transit_stops.geojson').map((f) => (f.geometry as Point).coordinates);
  const broken = layer('street_lights.geojson').filter((f) => f.properties!.working === false).map((f) => (f.geometry as Point).coordinates);

  // Recorded crime per res-8 cell over the study area (boundary cells ∪ cells with incidents), as the app counts it.
  const require = createRequire(import.meta.url);
  initParquetSync(readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')));
  const table = readParquetTableSync(readFileSync(path.join(a.demo, 'incidents.parquet')));
  const ilat = table.lat, ilon = table.lon;
  const counts = new Map<string, number>();
  for (const c of polygonToCells((boundary.features[0].geometry as Polygon).coordinates, RES, true)) counts.set(c, 0);
  for (let i = 0; i < ilat.length; i++) {
    const c = latLngToCell(ilat[i], ilon[i], RES);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const sorted = [...counts.values()].sort((x, y) => x - y);
  const pct = (p: number) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
  const p80 = pct(80), median = pct(50);
  const logs = [...counts.values()].map((v) => Math.log1p(v));
  const meanLog = logs.reduce((s, v) => s + v, 0) / logs.length;
  const sdLog = Math.sqrt(logs.reduce((s, v) => s + (v - meanLog) ** 2, 0) / logs.length);
  const countAt = (lat: number, lon: number) => counts.get(latLngToCell(lat, lon, RES)) ?? 0;

  // Planted places, snapped to the centre of their res-8 cell so all their respondents fall in it.
  const snap = (lat: number, lon: number) => {
    const cell = latLngToCell(lat, lon, RES);
    const [clat, clon] = cellToLatLng(cell);
    return { cell, lat: r6(clat), lon: r6(clon) };
  };
  const hot = (gt.hot_spots as { id: string; class: string; centre: { lat: number; lon: number } }[]).map((h) => ({ ...h, ...snap(h.centre.lat, h.centre.lon) }));
  const hotRanked = hot.filter((h) => h.class !== 'fading').map((h) => ({ ...h, n: counts.get(h.cell) ?? 0 })).filter((h) => h.n >= p80).sort((x, y) => y.n - x.n || x.id.localeCompare(y.id));
  if (hotRanked.length < 2) throw new Error(`Only ${hotRanked.length} persistent or emerging hot spots reach the 80th percentile of cell counts at res ${RES}: the design needs 2.`);
  const planted: Planted[] = [];
  for (const h of hotRanked.slice(0, 2))
    planted.push({
      id: `FEAR-${h.id}`, kind: 'feared_and_recorded', name: `Around crime hot spot ${h.id}`,
      description: `Respondents feel unsafe at the planted ${h.class} crime hot spot ${h.id}: fear and recorded crime agree.`,
      lat: h.lat, lon: h.lon, cell: h.cell, radius_m: 150, respondents: 55, p_unsafe: { day: 0.7, dark: 0.9 }, share_after_dark: 0.55, recorded_incidents_in_cell: h.n,
    });
  // The busiest cell away from those hot spots: a crowded centre where people feel watched over.
  const taken = planted.map((p) => p);
  const busiest = [...counts].filter(([c]) => taken.every((p) => { const [la, lo] = cellToLatLng(c); return metres(la, lo, p.lat, p.lon) > 1500; })).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0];
  const [blat, blon] = cellToLatLng(busiest[0]);
  planted.push({
    id: 'SAFE-CENTRE', kind: 'recorded_not_feared', name: 'Busy shopping street',
    description: 'The cell with the most recorded crime away from the feared hot spots (theft in crowds, a busy night-time economy), where respondents feel safe: many people around, good lighting.',
    lat: r6(blat), lon: r6(blon), cell: busiest[0], radius_m: 150, respondents: 40, p_unsafe: { day: 0.05, dark: 0.15 }, share_after_dark: 0.5, recorded_incidents_in_cell: busiest[1],
  });
  // Dark, isolated parks with little recorded crime, away from every hot spot and from each other.
  const quiet = parks
    .map((p) => ({ ...p, ...snap(p.lat, p.lon) }))
    .map((p) => ({ ...p, n: counts.get(p.cell) ?? 0, far: Math.min(...hot.map((h) => metres(p.lat, p.lon, h.centre.lat, h.centre.lon))) }))
    .filter((p) => p.n < median && p.far > 1500)
    .sort((x, y) => x.n - y.n || x.name.localeCompare(y.name));
  const chosen: typeof quiet = [];
  for (const p of quiet) if (chosen.length < 3 && chosen.every((c) => c.cell !== p.cell && metres(c.lat, c.lon, p.lat, p.lon) > 1500)) chosen.push(p);
  if (chosen.length < 3) throw new Error('Fewer than 3 quiet parks found for the feared-but-not-recorded places.');
  chosen.forEach((p, i) =>
    planted.push({
      id: `DARK-${i + 1}`, kind: 'feared_not_recorded', name: `Unlit path through ${p.name}`,
      description: `A dark, isolated path through ${p.name} (synthetic): respondents, women especially, feel unsafe after dark although little crime is recorded in its cell.`,
      lat: p.lat, lon: p.lon, cell: p.cell, radius_m: 150, respondents: 40, p_unsafe: { day: 0.5, dark: 0.9 }, share_after_dark: 0.7, recorded_incidents_in_cell: p.n,
    }),
  );

  // ------------------------------------------------------------- respondents
  const header = ['respondent_id', 'latitude', 'longitude', 'feel_safe', 'time_of_day', 'gender', 'age_band', 'place_type', 'harassment_experienced', 'reasons', 'comment', 'source', 'dataset'];
  const rows: string[][] = [];
  const AGES = ['16-24', '25-34', '35-44', '45-54', '55-64', '65+', ''];
  const AGE_W = [15, 20, 18, 17, 14, 12, 4];
  const near = (pts: number[][], lat: number, lon: number, m: number) => pts.some((q) => Math.abs(q[1] - lat) * M_LAT < m && Math.abs(q[0] - lon) * M_LON < m && metres(lat, lon, q[1], q[0]) < m);
  const nearPark = (lat: number, lon: number) => parks.some((p) => metres(lat, lon, p.lat, p.lon) < 250);
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const COMMENTS: Record<string, string[]> = {
    'poor lighting': ['Synthetic comment: the street lights here are often out.', 'Synthetic comment: too dark to see who is ahead.'],
    isolated: ['Synthetic comment: nobody would hear you call for help.', 'Synthetic comment: a long path with no way off it.'],
    'no people around': ['Synthetic comment: empty after the shops close.'],
    'groups hanging around': ['Synthetic comment: groups gather by the corner at night.'],
    'harassment experienced': ['Synthetic comment: I was followed and shouted at here.'],
    'drugs or alcohol': ['Synthetic comment: people drinking and dealing near the entrance.'],
    'hiding places': ['Synthetic comment: overgrown bushes along the path.'],
    traffic: ['Synthetic comment: cars drive too fast here.'],
  };

  const respond = (lat: number, lon: number, ctx: { planted?: Planted; source: string }) => {
    const p = ctx.planted;
    const gender = pick(r, ['woman', 'man', 'non-binary', ''], p?.kind === 'feared_not_recorded' ? [65, 32, 2, 1] : [52, 44, 2, 2]);
    const dark = r.next() < (p ? p.share_after_dark : 0.45);
    const cellN = countAt(lat, lon);
    const darkLights = dark && near(broken, lat, lon, 120);
    let pUnsafe: number;
    if (p) pUnsafe = (dark ? p.p_unsafe.dark : p.p_unsafe.day) + (gender === 'woman' ? 0.05 : gender === 'man' ? -0.05 : 0);
    else {
      const z = sdLog > 0 ? (Math.log1p(cellN) - meanLog) / sdLog : 0;
      pUnsafe = sigmoid(-2.0 + (gender === 'woman' ? 0.7 : gender === 'non-binary' ? 0.4 : 0) + (dark ? 1.0 : 0) + 0.35 * z + (darkLights ? 0.4 : 0));
    }
    pUnsafe = Math.min(0.97, Math.max(0.02, pUnsafe));
    const u = r.next();
    const feel = u < pUnsafe ? 'unsafe' : u < pUnsafe + 0.15 * (1 - pUnsafe) ? 'neither' : 'safe';
    const strong = r.next() < 0.4;
    const label = feel === 'unsafe' ? (strong ? 'Very unsafe' : 'Fairly unsafe') : feel === 'safe' ? (strong ? 'Very safe' : 'Fairly safe') : 'Neither safe nor unsafe';
    const atStop = near(stops, lat, lon, 150);
    const place = p?.kind === 'feared_not_recorded' ? pick(r, ['park', 'footpath'], [70, 30])
      : p?.kind === 'recorded_not_feared' ? pick(r, ['shops', 'street'], [60, 40])
      : atStop && r.next() < 0.5 ? pick(r, ['bus stop', 'station'], [80, 20])
      : nearPark(lat, lon) && r.next() < 0.4 ? 'park'
      : pick(r, ['street', 'residential', 'shops', 'car park'], [55, 25, 15, 5]);
    let pHarass = 0.04 * (gender === 'woman' ? 3 : gender === 'non-binary' ? 2 : 1) * (dark ? 1.5 : 1) * (/bus|station/.test(place) ? 1.5 : 1);
    if (p?.kind === 'feared_not_recorded' || p?.kind === 'feared_and_recorded') pHarass *= 2;
    const harassed = r.next() < Math.min(0.6, pHarass);
    const reasons = new Set<string>();
    if (feel !== 'safe') {
      if (harassed) reasons.add('harassment experienced');
      const pool: [string, number][] = [
        ['poor lighting', (dark ? 3 : 1) + (darkLights ? 4 : 0) + (p?.kind === 'feared_not_recorded' ? 6 : 0)],
        ['isolated', 1 + (p?.kind === 'feared_not_recorded' ? 5 : 0) + (place === 'park' ? 2 : 0)],
        ['no people around', (dark ? 2 : 1) + (p?.kind === 'feared_not_recorded' ? 4 : 0)],
        ['hiding places', 0.5 + (place === 'park' || place === 'footpath' ? 3 : 0)],
        ['groups hanging around', 1 + (cellN >= p80 ? 3 : 0) + (p?.kind === 'feared_and_recorded' ? 4 : 0)],
        ['drugs or alcohol', 0.5 + (cellN >= p80 ? 2 : 0) + (p?.kind === 'feared_and_recorded' ? 3 : 0)],
        ['traffic', p?.kind === 'recorded_not_feared' ? 4 : 0.7],
      ];
      const k = 1 + r.int(3);
      for (let i = 0; i < k; i++) reasons.add(pick(r, pool.map((q) => q[0]), pool.map((q) => q[1])));
    }
    const list = [...reasons];
    const comment = list.length && r.next() < 0.1 ? pick(r, COMMENTS[list[0]] ?? [''], (COMMENTS[list[0]] ?? ['']).map(() => 1)) : '';
    const tform = r.next();
    const time = tform < 0.1 ? '' : tform < 0.3 ? (dark ? `${String(pick(r, [20, 21, 22, 23, 0, 1], [3, 3, 2, 1, 1, 1])).padStart(2, '0')}:${pick(r, ['00', '15', '30', '45'], [1, 1, 1, 1])}` : `${String(8 + r.int(11)).padStart(2, '0')}:${pick(r, ['00', '30'], [1, 1])}`) : dark ? 'after dark' : 'daytime';
    return [label, time, gender, pick(r, AGES, AGE_W), place, harassed ? 'yes' : 'no', list.join('; '), comment, ctx.source];
  };

  // Background: half at incident places (jittered up to 40 m), half uniform inside the boundary.
  const N_BACKGROUND = 2400;
  const bg: [number, number][] = [];
  for (let i = 0; i < N_BACKGROUND / 2; i++) {
    const j = r.int(ilat.length);
    bg.push([ilat[j] + ((r.next() - 0.5) * 80) / M_LAT, ilon[j] + ((r.next() - 0.5) * 80) / M_LON]);
  }
  bg.push(...uniformInside(r, boundary, N_BACKGROUND / 2));
  const all: { lat: number; lon: number; planted?: Planted }[] = bg.map(([lat, lon]) => ({ lat, lon }));
  for (const p of planted)
    for (let i = 0; i < p.respondents; i++) {
      const d = p.radius_m * Math.sqrt(r.next()), th = 2 * Math.PI * r.next();
      all.push({ lat: p.lat + (d * Math.sin(th)) / M_LAT, lon: p.lon + (d * Math.cos(th)) / M_LON, planted: p });
    }
  // Shuffle (Fisher–Yates) so planted answers are not in one block.
  for (let i = all.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  all.forEach((a2, i) => {
    const source = a2.planted ? 'safety audit walk' : r.next() < 0.8 ? 'online survey' : 'street survey';
    rows.push([`SRV-${String(i + 1).padStart(5, '0')}`, String(r6(a2.lat)), String(r6(a2.lon)), ...respond(a2.lat, a2.lon, { planted: a2.planted, source }), DATASET]);
  });
  // Rows an import must reject: no answer, no coordinates.
  const bad = { no_answer: 10, no_coordinates: 3 };
  for (let i = 0; i < bad.no_answer; i++) {
    const j = r.int(rows.length);
    rows[j] = [...rows[j]];
    rows[j][3] = '';
  }
  for (let i = 0; i < bad.no_coordinates; i++) {
    const j = r.int(rows.length);
    rows[j] = [...rows[j]];
    if (rows[j][3] === '') continue;
    rows[j][1] = '';
    rows[j][2] = '';
  }
  const noAnswer = rows.filter((x) => x[3] === '').length;
  const noCoords = rows.filter((x) => x[1] === '' && x[3] !== '').length;

  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const csv = [header, ...rows].map((row) => row.map(q).join(',')).join('\n') + '\n';
  const truth = {
    dataset: DATASET,
    synthetic: true,
    seed: a.seed,
    generator: 'scripts/generate-survey.ts',
    note: 'Everything here is invented: the respondents, their answers and the places (the synthetic demo city lies in open ocean). Not a representative sample of anyone.',
    rows: rows.length,
    respondents: all.length,
    rejected: { no_answer: noAnswer, no_coordinates: noCoords },
    resolution: RES,
    crime_cells: { cells: counts.size, median, p80, note: 'Incidents per res-8 cell over boundary cells and cells with incidents, all offences and dates.' },
    answer_model: {
      background: 'logit P(unsafe) = -2.0 + 0.7 woman (0.4 non-binary) + 1.0 after dark + 0.35 z(log(1 + recorded incidents in the res-8 cell)) + 0.4 after dark within 120 m of a broken street light',
      planted: 'P(unsafe) as listed per place, ±0.05 for women/men; neither = 15 % of the rest',
      after_dark: '20:00–05:59 (times given as clock times) or "after dark"',
    },
    planted,
  };
  return { csv, truth };
}

/** Reads the demo incidents' coordinates. */
function readParquetTableSync(bytes: Uint8Array): { lat: Float64Array; lon: Float64Array } {
  const t = tableFromIPC(readParquet(bytes));
  return { lat: Float64Array.from(t.getChild('latitude')!.toArray() as Float64Array), lon: Float64Array.from(t.getChild('longitude')!.toArray() as Float64Array) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const a = args(process.argv.slice(2));
  const { csv, truth } = generate(a);
  writeFileSync(path.join(a.demo, 'survey.csv'), csv);
  writeFileSync(path.join(a.demo, 'survey_truth.json'), JSON.stringify(truth, null, 2) + '\n');
  console.log(`Wrote ${path.join(a.demo, 'survey.csv')} and survey_truth.json`);
}
