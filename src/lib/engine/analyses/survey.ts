/**
 * Community voice (issue 9) in the engine: perceived-safety surveys and safety audits beside the
 * incidents. A survey file is staged and detected like an incident file (CSV by DuckDB, Parquet by
 * parquet-wasm, GeoJSON points or areas in JavaScript), imported under a confirmed mapping into
 * the table `survey` (kept answers with H3 cells at resolutions 6–11) and `survey_rejected`
 * (rejected rows with every source column and a `reject_reason`): read = kept + rejected.
 *
 * Analyses: where people feel unsafe (per-cell shares with small-cell suppression), the fear–crime
 * gap against the incidents, SDG 16.1.4/11.7.2-style indicators and the gender lens's breakdowns.
 * Only figures that pass suppression leave this module (see analysis/community/suppression.ts).
 *
 * The survey lives beside the incident service (one store per service) and never touches the
 * incident tables: while a survey is staged, a staged incident file (`import_raw`) is set aside.
 */
import { Table, Utf8, makeVector, vectorFromArray, type Vector } from 'apache-arrow';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { ident, str } from '../engine';
import type { Filter, RequestMessage } from '../protocol';
import { hexOf, type Ctx, type IncidentService } from '../service';
import { sniffFormat, stageSource, type StagedSource } from '../sources';
import { INDEX_RESOLUTIONS, MAX_RES, MIN_RES, indexPointsFast } from '../../geo/h3bits';
import { polygonsOf, preparePolygons, type PreparedPolygons } from '../../geo/point-in-polygon';
import { classifyCoordinates, plausibleRegion, COORD_MISSING, COORD_OK, COORD_OUTSIDE, COORD_RANGE, COORD_SWAPPED } from '../../import/coordinates';
import { toLonLat } from '../../import/crs';
import { adjustCoordinates, numberSql } from '../../import/guess';
import {
  DARK_HOURS, DAY_HOURS, NO_ANSWER, SAFE, UNREADABLE, UNSAFE, NEITHER,
  ageOf, answerRule, detectAnswer, surveyMappingProblems, detectSurveyMapping, feelOf, reasonsOf, reasonsUseCommas, sexOf, timeOf, yesNoOf,
  SURVEY_REJECT_REASONS, SURVEY_REASON_LABELS, type SurveyRejectReason, type SurveyMapping, type TimeBand,
} from '../../import/survey';
import { placeTypeOf, looksLikeDescriptions } from '../../analysis/community/place-type';
import { publishCells, type PublishedCells } from '../../analysis/community/perception';
import { checkThreshold } from '../../analysis/community/suppression';
import { GAP_CLASSES, crimeThreshold, gapClasses, gapRule } from '../../analysis/community/fear-gap';
import {
  NOT_REPRESENTATIVE, REPRESENTATIVE, SDG_11_7_2, SDG_16_1_4, publishOverall, publishPartition,
  type GroupCount, type Indicator, type PublishedShare,
} from '../../analysis/community/indicators';
import { filterSql } from '../../query/filters';

// ------------------------------------------------------------------ types

export { SURVEY_REJECT_REASONS, SURVEY_REASON_LABELS, type SurveyRejectReason } from '../../import/survey';

/** What was found in a staged survey file, for the user to confirm. */
export interface SurveyDetection {
  name: string;
  format: 'csv' | 'parquet' | 'geojson';
  rows: number;
  columns: { name: string; type: string; sample: string[] }[];
  mapping: SurveyMapping;
  notes: string[];
}

/** The validation report of a survey import: read = kept + Σ rejected. */
export interface SurveyReport {
  source: string;
  read: number;
  kept: number;
  rejected: Record<SurveyRejectReason, number>;
  clipped: boolean;
  /** How the answers were read, in words. */
  rule: string;
  answers: { unsafe: number; neither: number; safe: number };
  /** Answers about the day, after dark, or with no time of day. */
  bands: { day: number; dark: number; unknown: number };
  /** Which optional fields the data have. */
  fields: { time: boolean; sex: boolean; age: boolean; placeType: boolean; harassed: boolean; reasons: boolean; text: boolean };
  notes: string[];
}

/** A selection of respondents: empty or absent fields mean everyone. */
export interface SurveyGroup {
  sex?: string[] | null;
  age?: string[] | null;
  band?: TimeBand | null;
}

export interface PerceptionParams {
  res: number;
  /** Minimum respondents per shown cell or group (default 5). */
  k: number;
  group: SurveyGroup;
}

/** One row of the time-of-day × sex breakdown. */
export interface BreakdownRow extends PublishedShare {
  band: TimeBand | 'unknown';
  sex: string;
}

export interface PerceptionOutcome {
  res: number;
  k: number;
  group: SurveyGroup;
  cells: PublishedCells;
  /** Share feeling unsafe by time of day × sex (all respondents of the age selection). */
  byTime: BreakdownRow[];
  /** Reasons given by the respondents who feel unsafe (null when fewer than k of them). */
  reasons: { reason: string; n: number }[] | null;
  reasonsBase: number | null;
  /** Respondents in the selection, all cells (null under k). */
  respondents: number | null;
  /** Groups offered as filters: only those with at least k respondents. */
  options: { sex: string[]; age: string[]; bands: TimeBand[] };
}

export interface GapParams extends PerceptionParams {
  /** Incident filter for the recorded side (the view's, or the gender lens's offences). */
  filter: Filter;
  /** Fear is high at or above this share unsafe (0–1, default 0.5). */
  fearThreshold: number;
  /** Crime is high at or above this percentile of study-area cell counts (default 80). */
  crimePercentile: number;
}

export interface GapOutcome {
  perception: PerceptionOutcome;
  /** Recorded incidents per shown cell (same order as perception.cells.cells). */
  crime: Uint32Array;
  crimeCut: number;
  classCode: Uint8Array;
  classCounts: { code: number; key: string; label: string; cells: number }[];
  rule: string;
  /** The incident filter used, with the time-of-day hours when a band was chosen. */
  crimeFilter: Filter;
  studyCells: number;
}

export interface IndicatorParams {
  k: number;
  representative: boolean;
}

export interface IndicatorOutcome {
  sdg1614: Indicator;
  sdg1172: Indicator;
}

export interface GenderLensParams {
  offences: string[];
  filter: Filter;
}

export interface GenderLensOutcome {
  offences: string[];
  total: number;
  /** Incidents per hour of day 0–23. */
  hours: number[];
  bands: { day: number; dark: number };
  /** Incidents by type of place, or null when the data have no place descriptions. */
  placeTypes: { type: string; n: number }[] | null;
  placeNote: string;
}

// ------------------------------------------------------------------ store

interface Store {
  staged: (StagedSource & { columnsAll: { name: string; type: string }[] }) | null;
  report: SurveyReport | null;
  /** Harassment from a yes/no column, from the reasons, or not available. */
  harassment: 'column' | 'reasons' | null;
}

const stores = new WeakMap<IncidentService, Store>();
function store(s: IncidentService): Store {
  let st = stores.get(s);
  if (!st) stores.set(s, (st = { staged: null, report: null, harassment: null }));
  return st;
}

/** The last survey report of this service, or null. */
export function surveyReport(s: IncidentService): SurveyReport | null {
  return store(s).report;
}

// ------------------------------------------------------------------ staging

/** A point inside an area: its area-weighted centroid when inside, else a point on a ring's inner side. */
export function pointInArea(polys: Position[][][]): [number, number] | null {
  let a = 0, cx = 0, cy = 0;
  for (const poly of polys)
    poly.forEach((ring, r) => {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i], [x2, y2] = ring[i + 1];
        const c = x1 * y2 - x2 * y1;
        const sgn = r === 0 ? 1 : -1;
        a += (sgn * c) / 2;
        cx += (sgn * (x1 + x2) * c) / 6;
        cy += (sgn * (y1 + y2) * c) / 6;
      }
    });
  let prepared: PreparedPolygons;
  try {
    prepared = preparePolygons(polys);
  } catch {
    return null;
  }
  if (a !== 0) {
    const p: [number, number] = [cx / a, cy / a];
    if (prepared.contains(p[0], p[1])) return p;
  }
  // Scan the middle latitude of the box for the widest inside stretch.
  const [x0, y0, x1, y1] = prepared.bbox;
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
    const y = y0 + f * (y1 - y0);
    let best: [number, number] | null = null, run = 0, start = 0;
    const steps = 200;
    for (let i = 0; i <= steps; i++) {
      const x = x0 + ((x1 - x0) * i) / steps;
      if (prepared.contains(x, y)) {
        if (run === 0) start = x;
        run++;
        if (!best || run > (best[1] as number)) best = [(start + x) / 2, run];
      } else run = 0;
    }
    if (best) return [best[0], y];
  }
  return null;
}

/** GeoJSON areas (polygons) become points inside them, so each answer still has one place. */
function areasToPoints(bytes: Uint8Array): { bytes: Uint8Array; note: string | null } {
  let root: unknown;
  try {
    root = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { bytes, note: null }; // the shared reader gives the message
  }
  const fc = root as FeatureCollection;
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) return { bytes, note: null };
  let areas = 0, failed = 0;
  const features = fc.features.map((f: Feature) => {
    const g = f?.geometry as Geometry | null;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return f;
    const p = pointInArea(polygonsOf({ type: 'FeatureCollection', features: [f] }));
    if (!p) { failed++; return f; }
    areas++;
    return { ...f, geometry: { type: 'Point', coordinates: p } } as Feature;
  });
  if (!areas) return { bytes, note: null };
  const note = `${areas} answer${areas === 1 ? ' is' : 's are'} about an area (a polygon, e.g. an audited street or park); each was placed at a point inside its area${failed ? `; ${failed} area${failed === 1 ? '' : 's'} could not be placed` : ''}.`;
  return { bytes: new TextEncoder().encode(JSON.stringify({ ...fc, features })), note };
}

const RAW = 'survey_raw';

function describe(s: IncidentService, table: string): { name: string; type: string }[] {
  return s.engine.rows<{ column_name: string; column_type: string }>(`DESCRIBE ${table}`).filter((r) => r.column_name !== '__rn').map((r) => ({ name: r.column_name, type: r.column_type }));
}

/** Stages a survey or audit file and detects its columns, leaving any staged incident file alone. */
export async function stageSurvey(s: IncidentService, name: string, bytes: Uint8Array): Promise<SurveyDetection> {
  if (bytes.length === 0) throw new Error(`"${name}" is empty (0 bytes): choose the survey file again.`);
  const e = s.engine;
  const notes: string[] = [];
  if (sniffFormat(name, bytes) === 'geojson') {
    const a = areasToPoints(bytes);
    bytes = a.bytes;
    if (a.note) notes.push(a.note);
  }
  const held = e.hasTable('import_raw');
  if (held) e.exec('ALTER TABLE import_raw RENAME TO import_raw_held');
  let src: StagedSource;
  const mapping: SurveyMapping = {};
  let sample: Record<string, string[]> = {};
  try {
    src = await stageSource(e, name, bytes, s.parquetReader);
    if (src.table) {
      // A survey is small: the whole Parquet table is staged, not a sample.
      const rn = new BigInt64Array(src.table.numRows);
      for (let i = 0; i < rn.length; i++) rn[i] = BigInt(i);
      const cols: Record<string, Vector> = { __rn: makeVector(rn) };
      for (const f of src.table.schema.fields) cols[f.name] = src.table.getChild(f.name)!;
      e.insertArrow('import_raw', new Table(cols));
    }
    const columns = describe(s, 'import_raw');
    Object.assign(mapping, detectSurveyMapping(columns.map((c) => c.name)));
    // Coordinates are checked and repaired exactly as for incidents.
    const coords: import('../protocol').ColumnMapping = { lat: mapping.lat, lon: mapping.lon, x: mapping.x, y: mapping.y };
    adjustCoordinates(e, coords, columns, src.rows, notes);
    for (const k of ['lat', 'lon', 'x', 'y'] as const) {
      if (coords[k]) mapping[k] = coords[k];
      else delete mapping[k];
    }
    if (columns.length) {
      const t = e.query(`SELECT ${columns.map((c, i) => `${ident(c.name)}::VARCHAR AS c${i}`).join(', ')} FROM import_raw ORDER BY __rn LIMIT 200`);
      sample = Object.fromEntries(columns.map((c, i) => [c.name, (t.getChild(`c${i}`)!.toArray() as (string | null)[]).filter((v): v is string => !!v).slice(0, 5)]));
    }
    e.exec(`DROP TABLE IF EXISTS ${RAW}`);
    e.exec(`ALTER TABLE import_raw RENAME TO ${RAW}`);
    notes.unshift(...src.notes);
    // The staged survey shares `notes`, so what the answer detection adds below is kept too.
    store(s).staged = { ...src, table: undefined, notes, columnsAll: columns };
  } finally {
    e.exec('DROP TABLE IF EXISTS import_raw');
    if (held) e.exec('ALTER TABLE import_raw_held RENAME TO import_raw');
  }
  if (mapping.answer) {
    const values = e.rows<{ v: string }>(`SELECT DISTINCT ${ident(mapping.answer)}::VARCHAR AS v FROM ${RAW} WHERE ${ident(mapping.answer)} IS NOT NULL LIMIT 200`).map((r) => r.v);
    const how = detectAnswer(values, mapping.answer);
    if (how) Object.assign(mapping, how);
    else notes.push(`How to read the answers in "${mapping.answer}" could not be told from its values (${values.slice(0, 4).map((v) => `"${v}"`).join(', ')}): choose yes/no, a scale or labels.`);
  } else notes.push('No column looks like a perceived-safety answer (a name with "safe", "fear" or "feel"): choose it.');
  const st = store(s).staged!;
  return {
    name: st.name, format: st.format, rows: st.rows,
    columns: st.columnsAll.map((c) => ({ ...c, sample: sample[c.name] ?? [] })),
    mapping, notes: [...st.notes],
  };
}

// ------------------------------------------------------------------ import

const code = (r: SurveyRejectReason) => SURVEY_REJECT_REASONS.indexOf(r) + 1;

/** Imports the staged survey under a confirmed mapping; the survey already loaded stays if this fails. */
export async function importSurvey(s: IncidentService, m: SurveyMapping, clip: boolean, ctx: Ctx, boundary?: FeatureCollection | null): Promise<SurveyReport> {
  const st = store(s);
  const src = st.staged;
  if (!src) throw new Error('No survey file is staged: choose a survey or audit file first.');
  const columns = src.columnsAll;
  const problems = surveyMappingProblems(m, columns.map((c) => c.name));
  if (problems.length) throw new Error(problems.join(' '));
  const e = s.engine;
  // The study area: a boundary given with the survey, else the incidents' (imported or derived).
  const boundaryFc = boundary ?? s.boundary();
  if (boundary && polygonsOf(boundary).length === 0) throw new Error('The boundary file has no Polygon or MultiPolygon.');
  const prepared = boundaryFc && polygonsOf(boundaryFc).length ? preparePolygons(polygonsOf(boundaryFc)) : null;
  if (clip && !prepared) throw new Error('Keeping only answers inside the study area needs a study area: load incidents (or a boundary) first, or turn the option off.');

  ctx.progress('Reading answers', 0.1);
  await ctx.checkpoint();
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const text = (c?: string) => (c ? `NULLIF(trim(${ident(c)}::VARCHAR), '')` : 'NULL::VARCHAR');
  const numSql = (c?: string) => (c ? numberSql(c, types.get(c) ?? 'VARCHAR') : 'NULL::DOUBLE');
  const t = e.query(`SELECT ${text(m.id)} AS id, ${numSql(m.lat)} AS lat, ${numSql(m.lon)} AS lon, ${numSql(m.x)} AS x, ${numSql(m.y)} AS y,
    ${text(m.answer)} AS answer, ${text(m.time)} AS tod, ${text(m.sex)} AS sex, ${text(m.age)} AS age, ${text(m.placeType)} AS place,
    ${text(m.harassed)} AS harassed, ${text(m.reasons)} AS reasons, ${text(m.text)} AS comment FROM ${RAW} ORDER BY __rn`);
  const n = t.numRows;
  const col = (k: string) => t.getChild(k)!.toArray() as (string | null)[];
  const f64 = (k: string) => {
    const v = t.getChild(k)!;
    const out = Float64Array.from(v.toArray() as ArrayLike<number>, Number);
    if (v.nullCount > 0) for (let i = 0; i < n; i++) if (!v.isValid(i)) out[i] = NaN;
    return out;
  };
  const lat = f64('lat'), lon = f64('lon');
  if (m.x && m.y && m.crs) {
    const x = f64('x'), y = f64('y');
    const todo: number[] = [];
    for (let i = 0; i < n; i++) if ((Number.isNaN(lat[i]) || Number.isNaN(lon[i])) && Number.isFinite(x[i]) && Number.isFinite(y[i])) todo.push(i);
    if (todo.length) {
      const p = toLonLat(m.crs, Float64Array.from(todo, (i) => x[i]), Float64Array.from(todo, (i) => y[i]));
      todo.forEach((i, j) => { lon[i] = p.lon[j]; lat[i] = p.lat[j]; });
    }
  }

  ctx.progress('Checking places and answers', 0.35);
  await ctx.checkpoint();
  const region = plausibleRegion(lon, lat, prepared);
  const status = classifyCoordinates(lon, lat, region, clip ? prepared : null);
  const ids = col('id'), answers = col('answer'), tods = col('tod'), sexes = col('sex'), ages = col('age'), places = col('place');
  const harass = col('harassed'), reasonsRaw = col('reasons'), comments = col('comment');
  const commas = reasonsUseCommas(reasonsRaw);
  const reason = new Uint8Array(n);
  const feel = new Int8Array(n);
  const seen = new Set<string>();
  const byStatus: Record<number, number> = { [COORD_MISSING]: code('no_coordinates'), [COORD_RANGE]: code('out_of_range'), [COORD_SWAPPED]: code('swapped_lat_lon') };
  for (let i = 0; i < n; i++) {
    const stt = status[i];
    if (stt !== COORD_OK && stt !== COORD_OUTSIDE) { reason[i] = byStatus[stt]; continue; }
    const f = feelOf(answers[i], m);
    feel[i] = f;
    if (f === NO_ANSWER) { reason[i] = code('no_answer'); continue; }
    if (f === UNREADABLE) { reason[i] = code('unreadable_answer'); continue; }
    const id = ids[i];
    if (id !== null && seen.has(id)) { reason[i] = code('duplicate_id'); continue; }
    if (id !== null) seen.add(id);
    if (stt === COORD_OUTSIDE) reason[i] = code('outside_boundary');
  }
  const rejected = Object.fromEntries(SURVEY_REJECT_REASONS.map((r) => [r, 0])) as Record<SurveyRejectReason, number>;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (reason[i] === 0) keep.push(i);
    else rejected[SURVEY_REJECT_REASONS[reason[i] - 1]]++;
  }
  if (keep.length === 0) {
    const parts = SURVEY_REJECT_REASONS.filter((r) => rejected[r] > 0).map((r) => `${SURVEY_REASON_LABELS[r].toLowerCase()}: ${rejected[r]}`);
    const top = SURVEY_REJECT_REASONS.reduce((a, b) => (rejected[b] > rejected[a] ? b : a));
    throw new Error(`None of the ${n} rows of "${src.name}" could be imported (${parts.join('; ')}). ${surveyAdvice(top, m)}`);
  }

  ctx.progress('Indexing H3 cells', 0.6);
  await ctx.checkpoint();
  const kl = Float64Array.from(keep, (i) => lat[i]), ko = Float64Array.from(keep, (i) => lon[i]);
  const cells = indexPointsFast(kl, ko, INDEX_RESOLUTIONS);
  const band = new Array<string | null>(keep.length), hour = new Int16Array(keep.length).fill(-1);
  const counts = { unsafe: 0, neither: 0, safe: 0 }, bands = { day: 0, dark: 0, unknown: 0 };
  const harassed = new Int8Array(keep.length).fill(-1);
  keep.forEach((i, j) => {
    const tm = timeOf(tods[i]);
    band[j] = tm.band;
    if (tm.hour !== null) hour[j] = tm.hour;
    bands[tm.band ?? 'unknown']++;
    const f = feel[i];
    if (f === UNSAFE) counts.unsafe++;
    else if (f === NEITHER) counts.neither++;
    else if (f === SAFE) counts.safe++;
    const h = yesNoOf(harass[i]);
    if (h !== null) harassed[j] = h ? 1 : 0;
  });
  const cols: Record<string, Vector> = {
    rn: makeVector(Int32Array.from(keep)),
    id: vectorFromArray(keep.map((i) => ids[i]), new Utf8()),
    lat: makeVector(kl), lon: makeVector(ko),
    feel: makeVector(Int8Array.from(keep, (i) => feel[i])),
    band: vectorFromArray(band, new Utf8()),
    hour: makeVector(hour),
    sex: vectorFromArray(keep.map((i) => sexOf(sexes[i])), new Utf8()),
    age: vectorFromArray(keep.map((i) => ageOf(ages[i])), new Utf8()),
    place_type: vectorFromArray(keep.map((i) => placeTypeOf(places[i])), new Utf8()),
    harassed: makeVector(harassed),
    reasons: vectorFromArray(keep.map((i) => reasonsOf(reasonsRaw[i], commas).join('|')), new Utf8()),
    comment: vectorFromArray(keep.map((i) => (comments[i] ? comments[i]!.slice(0, 2000) : null)), new Utf8()),
  };
  INDEX_RESOLUTIONS.forEach((r, k) => { cols[`c${r}`] = makeVector(cells[k]); });

  ctx.progress('Building tables', 0.85);
  await ctx.checkpoint();
  e.insertArrow('survey_new', new Table(cols));
  e.insertArrow('survey_rejects', new Table({ rn: makeVector(Int32Array.from({ length: n }, (_, i) => i)), reason: makeVector(reason) }));
  const reasonName = `CASE x.reason ${SURVEY_REJECT_REASONS.map((r, i) => `WHEN ${i + 1} THEN ${str(r)}`).join(' ')} END`;
  e.exec(`CREATE OR REPLACE TABLE survey_rejected AS SELECT r.* EXCLUDE (__rn), ${reasonName} AS reject_reason
    FROM ${RAW} r JOIN survey_rejects x ON r.__rn = x.rn WHERE x.reason <> 0 ORDER BY r.__rn`);
  e.exec('DROP TABLE survey_rejects');
  e.exec('DROP TABLE IF EXISTS survey');
  e.exec('ALTER TABLE survey_new RENAME TO survey');
  st.harassment = m.harassed ? 'column' : m.reasons ? 'reasons' : null;

  const notes = [...src.notes];
  notes.push(answerRule(m));
  if (m.time && bands.unknown) notes.push(`${bands.unknown} kept answer${bands.unknown === 1 ? ' has' : 's have'} no readable time of day ("${m.time}"); they count as "time not stated".`);
  if (!m.time) notes.push('No time-of-day column: answers cannot be split into day and after dark, and the SDG 16.1.4-style indicator uses every answer.');
  for (const r of SURVEY_REJECT_REASONS)
    if (r !== 'outside_boundary' && rejected[r] > 0 && rejected[r] >= 0.2 * n) notes.push(`${rejected[r]} of ${n} rows were rejected (${SURVEY_REASON_LABELS[r].toLowerCase()}). ${surveyAdvice(r, m)}`);
  const report: SurveyReport = {
    source: src.name, read: n, kept: keep.length, rejected, clipped: clip, rule: answerRule(m), answers: counts, bands,
    fields: { time: !!m.time, sex: !!m.sex, age: !!m.age, placeType: !!m.placeType, harassed: !!m.harassed, reasons: !!m.reasons, text: !!m.text },
    notes,
  };
  st.report = report;
  ctx.progress('Done', 1);
  return report;
}

/** What to do about rows rejected for a reason. */
function surveyAdvice(r: SurveyRejectReason, m: SurveyMapping): string {
  const where = m.lat && m.lon ? `"${m.lat}"/"${m.lon}"` : m.x && m.y ? `"${m.x}"/"${m.y}"` : 'the coordinate columns';
  switch (r) {
    case 'no_coordinates': return `Check that ${where} are the coordinate columns and hold numbers.`;
    case 'out_of_range': return `The values in ${where} are not latitudes/longitudes: if they are metres or feet, choose them as projected X/Y with their CRS.`;
    case 'swapped_lat_lon': return 'Latitude and longitude look swapped: exchange the two columns.';
    case 'no_answer': return `Many rows have no answer in "${m.answer}": check that it is the perceived-safety question.`;
    case 'unreadable_answer': return `The answers in "${m.answer}" do not fit the reading chosen (${m.answerKind}${m.answerKind === 'scale' ? ` ${m.scaleMin}–${m.scaleMax}` : ''}): choose another answer type or scale.`;
    case 'duplicate_id': return `Several rows share an id: check that "${m.id}" identifies one answer, or choose no id column.`;
    case 'outside_boundary': return 'No answer lies inside the study area: check that the survey covers the same place as the incidents, or turn the option off.';
  }
}

/** Rejected survey rows with all their source columns and a `reject_reason`, as CSV bytes. */
export function surveyRejectedCsv(s: IncidentService): Uint8Array {
  requireSurvey(s);
  return s.engine.exportCsv('SELECT * FROM survey_rejected');
}

function requireSurvey(s: IncidentService): void {
  if (!store(s).report || !s.engine.hasTable('survey')) throw new Error('No survey or audit data are loaded yet: import a survey file in the Community tab.');
}

// ------------------------------------------------------------------ where people feel unsafe

function checkRes(res: number): void {
  if (!Number.isInteger(res) || res < MIN_RES || res > MAX_RES) throw new RangeError(`Resolution must be ${MIN_RES}–${MAX_RES}, got ${res}`);
}

type Dim = 'sex' | 'age' | 'band';

/** SQL conditions of a selection, per dimension (values quoted). */
function conditions(g: SurveyGroup): Partial<Record<Dim, string>> {
  const out: Partial<Record<Dim, string>> = {};
  if (g.sex && g.sex.length) out.sex = `sex IN (${g.sex.map(str).join(', ')})`;
  if (g.age && g.age.length) out.age = `age IN (${g.age.map(str).join(', ')})`;
  if (g.band) {
    if (g.band !== 'day' && g.band !== 'dark') throw new RangeError(`Time of day must be "day" or "dark", got ${String(g.band)}`);
    out.band = `band = ${str(g.band)}`;
  }
  return out;
}

const whereOf = (c: Partial<Record<Dim, string>>, drop: readonly Dim[] = []) => {
  const parts = (Object.entries(c) as [Dim, string][]).filter(([d]) => !drop.includes(d)).map(([, v]) => v);
  return parts.length ? parts.join(' AND ') : 'TRUE';
};

/** Every non-empty subset of the active dimensions (the coarser selections to check against). */
function coarser(dims: Dim[]): Dim[][] {
  const out: Dim[][] = [];
  for (let mask = 1; mask < 1 << dims.length; mask++) out.push(dims.filter((_, i) => mask & (1 << i)));
  return out;
}

/** Share feeling unsafe per cell (suppressed under k), with the breakdown by time and sex and the reasons. */
export function perception(s: IncidentService, p: PerceptionParams): PerceptionOutcome {
  requireSurvey(s);
  checkRes(p.res);
  const k = checkThreshold(p.k);
  const e = s.engine;
  const cond = conditions(p.group);
  const where = whereOf(cond);
  const c = `c${p.res}`;
  const t = e.query(`SELECT ${c} AS cell, count(*)::UINTEGER AS n, count(*) FILTER (WHERE feel = ${UNSAFE})::UINTEGER AS unsafe,
    count(*) FILTER (WHERE feel = ${NEITHER})::UINTEGER AS neither, count(*) FILTER (WHERE feel = ${SAFE})::UINTEGER AS safe
    FROM survey WHERE ${where} GROUP BY 1 ORDER BY 1`);
  const cellBig = t.getChild('cell')!.toArray() as BigUint64Array;
  const keys = Array.from(cellBig, (v) => v.toString());
  const cells = Array.from(cellBig, (v) => hexOf(Number(v >> 32n), Number(v & 0xffffffffn)));
  const parents = coarser(Object.keys(cond) as Dim[]).map((drop) => {
    const m = new Map(e.rows<{ cell: bigint; n: number }>(`SELECT ${c} AS cell, count(*)::INTEGER AS n FROM survey WHERE ${whereOf(cond, drop)} GROUP BY 1`).map((r) => [String(r.cell), r.n]));
    return Uint32Array.from(keys, (key) => m.get(key) ?? 0);
  });
  const u = (k2: string) => t.getChild(k2)!.toArray() as Uint32Array;
  const published = publishCells({ cells, n: u('n'), unsafe: u('unsafe'), neither: u('neither'), safe: u('safe'), parents }, k);

  // Time of day × sex over the age selection: one partition of those respondents.
  const ageWhere = cond.age ?? 'TRUE';
  const rows = e.rows<{ band: string | null; sex: string | null; n: number; yes: number }>(
    `SELECT band, sex, count(*)::INTEGER AS n, count(*) FILTER (WHERE feel = ${UNSAFE})::INTEGER AS yes FROM survey WHERE ${ageWhere} GROUP BY 1, 2`,
  );
  const sexLabel = (x: string | null) => x ?? 'not stated';
  const cross = new Map<string, { band: TimeBand | 'unknown'; sex: string; n: number; yes: number }>();
  for (const r of rows) {
    const key = `${r.band ?? 'unknown'}\u0000${sexLabel(r.sex)}`;
    const v = cross.get(key) ?? { band: (r.band ?? 'unknown') as TimeBand | 'unknown', sex: sexLabel(r.sex), n: 0, yes: 0 };
    v.n += r.n;
    v.yes += r.yes;
    cross.set(key, v);
  }
  const list = [...cross.values()];
  const pub = publishPartition(list.map((v) => ({ group: `${v.band}\u0000${v.sex}`, n: v.n, yes: v.yes })), k);
  const byTime: BreakdownRow[] = pub.map((r) => {
    const [band, sex] = r.group.split('\u0000');
    return { ...r, group: `${band === 'dark' ? 'After dark' : band === 'day' ? 'Day' : 'Time not stated'}, ${sex}`, band: band as BreakdownRow['band'], sex };
  });

  // Reasons of those feeling unsafe in the selection; each reason under k is folded into one line.
  const base = e.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM survey WHERE ${where} AND feel = ${UNSAFE}`)[0].n;
  let reasons: PerceptionOutcome['reasons'] = null;
  if (base >= k) {
    const rr = e.rows<{ reason: string; n: number }>(
      `SELECT reason, count(*)::INTEGER AS n FROM (SELECT unnest(string_split(reasons, '|')) AS reason FROM survey WHERE ${where} AND feel = ${UNSAFE} AND reasons <> '')
       GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    reasons = rr.filter((r) => r.n >= k);
    const rest = rr.filter((r) => r.n < k).reduce((a, r) => a + r.n, 0);
    if (rest > 0) reasons.push({ reason: `other reasons (each named by fewer than ${k})`, n: rest });
  }
  const total = e.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM survey WHERE ${where}`)[0].n;
  const opt = (dim: 'sex' | 'age') =>
    e.rows<{ v: string }>(`SELECT ${dim} AS v FROM survey WHERE ${dim} IS NOT NULL GROUP BY 1 HAVING count(*) >= ${k} ORDER BY count(*) DESC, 1`).map((r) => r.v);
  const bandsPresent = e.rows<{ v: string }>(`SELECT band AS v FROM survey WHERE band IS NOT NULL GROUP BY 1 HAVING count(*) >= ${k} ORDER BY 1`).map((r) => r.v as TimeBand);
  return {
    res: p.res, k, group: p.group, cells: published, byTime, reasons, reasonsBase: base >= k ? base : null,
    respondents: total >= k ? total : null,
    options: { sex: opt('sex'), age: opt('age'), bands: bandsPresent },
  };
}

/** What respondents wrote about one published cell (issue 9: free text is shown, never published). */
export interface CommentsParams extends PerceptionParams {
  /** The cell, as the perception result names it (hex H3 index at `res`). */
  cell: string;
  /** At most this many comments (default 30, at most 200). */
  limit?: number;
}

export interface CommentsOutcome {
  cell: string;
  /** Whether the cell is published for this selection (only then are comments returned). */
  published: boolean;
  /** Respondents of the selection in the cell who wrote something. */
  total: number;
  comments: { text: string; feel: 'unsafe' | 'neither' | 'safe' | null; band: TimeBand | null }[];
}

/**
 * Free-text answers of one cell, for reading in the app. Only for a cell the perception map
 * publishes for the same selection and threshold (at least k respondents, and not removed by
 * secondary suppression), so a comment never points to a cell the map hides; in file order,
 * capped. Comments are never part of an export: they may name people or places.
 */
export function surveyComments(s: IncidentService, p: CommentsParams): CommentsOutcome {
  const per = perception(s, p);
  const i = per.cells.cells.indexOf(p.cell);
  if (i < 0) return { cell: p.cell, published: false, total: 0, comments: [] };
  const limit = Math.max(1, Math.min(200, Math.floor(p.limit ?? 30)));
  const c = `c${p.res}`;
  const where = `${whereOf(conditions(p.group))} AND ${c} = ${BigInt(`0x${p.cell}`).toString()}::UBIGINT AND comment IS NOT NULL AND trim(comment) <> ''`;
  const total = s.engine.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM survey WHERE ${where}`)[0].n;
  const rows = s.engine.rows<{ text: string; feel: number; band: string | null }>(`SELECT comment AS text, feel, band FROM survey WHERE ${where} ORDER BY rn LIMIT ${limit}`);
  const feelOf = (f: number) => (f === UNSAFE ? 'unsafe' : f === NEITHER ? 'neither' : f === SAFE ? 'safe' : null);
  return { cell: p.cell, published: true, total, comments: rows.map((r) => ({ text: r.text, feel: feelOf(Number(r.feel)), band: (r.band as TimeBand | null) ?? null })) };
}

// ------------------------------------------------------------------ fear–crime gap

/** The incident filter for a time band: the view's hours intersected with the band's. */
export function bandFilter(filter: Filter, band: TimeBand | null | undefined): Filter {
  if (!band) return filter;
  const bandHours = band === 'dark' ? DARK_HOURS : DAY_HOURS;
  const hours = filter.hours && filter.hours.length ? filter.hours.filter((h) => bandHours.includes(h)) : [...bandHours];
  if (hours.length === 0) throw new Error(`The hours chosen in the filters include none of the ${band === 'dark' ? 'after-dark (20:00–05:59)' : 'daytime (06:00–19:59)'} hours: widen the hours or choose another time of day.`);
  return { ...filter, hours };
}

/** Perceived unsafety against recorded crime per shown cell, in four classes. */
export function fearGap(s: IncidentService, p: GapParams): GapOutcome {
  if (!(p.fearThreshold > 0 && p.fearThreshold <= 1)) throw new RangeError(`The fear threshold must be a share between 0 and 1 (e.g. 0.5 for half), got ${p.fearThreshold}`);
  if (!(p.crimePercentile >= 1 && p.crimePercentile <= 99)) throw new RangeError(`The crime percentile must be 1–99, got ${p.crimePercentile}`);
  const per = perception(s, p);
  const crimeFilter = bandFilter(p.filter, p.group.band);
  let agg;
  try {
    agg = s.aggregate(p.res, crimeFilter);
  } catch (e) {
    if (/No incidents/.test((e as Error).message)) throw new Error('The fear–crime gap needs recorded incidents: load an incident file (or the demo) first.');
    throw e;
  }
  const byCell = new Map(agg.cells.map((c, i) => [c, agg.counts[i]]));
  const crime = Uint32Array.from(per.cells.cells, (c) => byCell.get(c) ?? 0);
  const crimeCut = crimeThreshold(agg.counts, p.crimePercentile);
  const classCode = gapClasses(per.cells.share, crime, p.fearThreshold, crimeCut);
  const classCounts = GAP_CLASSES.map((g) => ({ code: g.code, key: g.key, label: g.label, cells: classCode.filter((x) => x === g.code).length }));
  return { perception: per, crime, crimeCut, classCode, classCounts, rule: gapRule(p.fearThreshold, p.crimePercentile, crimeCut, per.k), crimeFilter, studyCells: agg.cells.length };
}

// ------------------------------------------------------------------ indicators

function groupCounts(s: IncidentService, dim: string, label: (v: string | null) => string, yesSql: string, where: string): GroupCount[] {
  const rows = s.engine.rows<{ g: string | null; n: number; yes: number }>(
    `SELECT ${dim} AS g, count(*)::INTEGER AS n, count(*) FILTER (WHERE ${yesSql})::INTEGER AS yes FROM survey WHERE ${where} GROUP BY 1`,
  );
  const m = new Map<string, GroupCount>();
  for (const r of rows) {
    const g = label(r.g);
    const v = m.get(g) ?? { group: g, n: 0, yes: 0 };
    v.n += r.n;
    v.yes += r.yes;
    m.set(g, v);
  }
  // Age bands in their own order; other breakdowns largest first; "not stated" last.
  const last = (g: GroupCount) => (g.group === 'not stated' ? 1 : 0);
  return [...m.values()].sort((a, b) => last(a) - last(b) || (dim === 'age' ? a.group.localeCompare(b.group, 'en', { numeric: true }) : b.n - a.n || a.group.localeCompare(b.group)));
}

/** SDG 16.1.4- and 11.7.2-style indicators with definitions, breakdowns and the caveat. */
export function indicators(s: IncidentService, p: IndicatorParams): IndicatorOutcome {
  requireSurvey(s);
  const k = checkThreshold(p.k);
  const st = store(s);
  const rep = st.report!;
  const caveat = p.representative ? REPRESENTATIVE : NOT_REPRESENTATIVE;
  const notStated = (v: string | null) => v ?? 'not stated';
  const one = (where: string, yes: string): GroupCount => {
    const r = s.engine.rows<{ n: number; yes: number }>(`SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE ${yes})::INTEGER AS yes FROM survey WHERE ${where}`)[0];
    return { group: 'all respondents', n: r.n, yes: r.yes };
  };

  const dark = rep.bands.dark > 0;
  const w16 = dark ? "band = 'dark'" : 'TRUE';
  const safe = `feel = ${SAFE}`;
  const sdg1614: Indicator = {
    ...SDG_16_1_4,
    basis: dark
      ? `${rep.bands.dark} answers about the time after dark.`
      : rep.fields.time
        ? 'No answer is about the time after dark: the figure uses every answer, whatever the time (not comparable with 16.1.4).'
        : 'The data have no time of day: the figure uses every answer, whatever the time (not comparable with 16.1.4).',
    available: true,
    overall: publishOverall(one(w16, safe), k),
    breakdowns: [
      ...(rep.fields.sex ? [{ by: 'Sex', rows: publishPartition(groupCounts(s, 'sex', notStated, safe, w16), k) }] : []),
      ...(rep.fields.age ? [{ by: 'Age band', rows: publishPartition(groupCounts(s, 'age', notStated, safe, w16), k) }] : []),
    ],
    caveat,
  };

  const src = st.harassment;
  const yesH = src === 'column' ? 'harassed = 1' : "list_contains(string_split(reasons, '|'), 'harassment experienced')";
  const wH = src === 'column' ? 'harassed >= 0' : 'TRUE';
  const sdg1172: Indicator = {
    ...SDG_11_7_2,
    basis:
      src === 'column'
        ? 'Respondents who answered the harassment question (yes or no). The period asked about is the survey’s own, not necessarily the previous 12 months.'
        : src === 'reasons'
          ? 'All respondents; harassment counted when named among the reasons for feeling unsafe. It was not asked of everyone, so the share is a lower bound.'
          : 'Not available: the data have neither a harassment (yes/no) column nor reasons.',
    available: src !== null,
    overall: src ? publishOverall(one(wH, yesH), k) : null,
    breakdowns: src
      ? [
          ...(rep.fields.sex ? [{ by: 'Sex', rows: publishPartition(groupCounts(s, 'sex', notStated, yesH, wH), k) }] : []),
          ...(rep.fields.age ? [{ by: 'Age band', rows: publishPartition(groupCounts(s, 'age', notStated, yesH, wH), k) }] : []),
          ...(rep.fields.placeType ? [{ by: 'Type of place', rows: publishPartition(groupCounts(s, 'place_type', notStated, yesH, wH), k) }] : []),
        ]
      : [],
    caveat,
  };
  return { sdg1614, sdg1172 };
}

// ------------------------------------------------------------------ gender lens

/** Recorded incidents of the chosen offences by hour, day/after dark and type of place. */
export function genderLens(s: IncidentService, p: GenderLensParams): GenderLensOutcome {
  if (!p.offences.length) throw new Error('Map at least one offence category to violence against women and girls, sexual offences or harassment first.');
  const f: Filter = { ...p.filter, offences: p.offences };
  const e = s.engine;
  let hoursRows: { hour: number; n: number }[];
  try {
    hoursRows = e.rows<{ hour: number; n: number }>(`SELECT hour::INTEGER AS hour, count(*)::INTEGER AS n FROM incidents WHERE ${filterSql(f)} GROUP BY 1`);
  } catch {
    throw new Error('The gender lens needs recorded incidents: load an incident file (or the demo) first.');
  }
  const hours = new Array<number>(24).fill(0);
  for (const r of hoursRows) hours[r.hour] = r.n;
  const total = hours.reduce((a, b) => a + b, 0);
  const dark = DARK_HOURS.reduce((a, h) => a + hours[h], 0);
  const locs = e.rows<{ value: string; count: number }>(`SELECT location AS value, count(*)::INTEGER AS count FROM incidents WHERE ${filterSql(f)} AND location IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 501`);
  let placeTypes: GenderLensOutcome['placeTypes'] = null;
  let placeNote: string;
  if (locs.length === 0) placeNote = 'The incident data have no place column, so there is no breakdown by type of place.';
  else if (!looksLikeDescriptions(locs)) placeNote = 'The incident data’s place column holds addresses or blocks, not types of place (street, transit, park): types of place come from the survey only.';
  else {
    const m = new Map<string, number>();
    for (const l of locs) {
      const t = placeTypeOf(l.value) ?? 'other';
      m.set(t, (m.get(t) ?? 0) + l.count);
    }
    placeTypes = [...m].map(([type, n]) => ({ type, n })).sort((a, b) => b.n - a.n);
    placeNote = 'Types of place from the incident data’s place descriptions, by keywords (street, transit, park, …).';
  }
  return { offences: [...p.offences].sort(), total, hours, bands: { day: total - dark, dark }, placeTypes, placeNote };
}

// ------------------------------------------------------------------ protocol

export type SurveyRequestType = 'survey-stage' | 'survey-stage-url' | 'survey-import' | 'perception' | 'survey-comments' | 'fear-gap' | 'survey-indicators' | 'gender-lens' | 'survey-rejected-csv';

/** Runs one community-voice request (the dispatcher hands these over as they are). */
export async function runSurveyRequest(
  s: IncidentService,
  msg: Extract<RequestMessage, { type: SurveyRequestType }>,
  fetcher: (url: string) => Promise<Uint8Array>,
  ctx: Ctx,
): Promise<[unknown, Transferable[]]> {
  switch (msg.type) {
    case 'survey-stage':
      ctx.progress('Reading survey', null);
      return [await stageSurvey(s, msg.params.name, msg.params.bytes), []];
    case 'survey-stage-url': {
      ctx.progress('Downloading survey', null);
      const bytes = await fetcher(msg.params.url);
      await ctx.checkpoint();
      const name = msg.params.name ?? (decodeURIComponent(msg.params.url.split(/[?#]/)[0].split('/').pop() || 'survey'));
      return [await stageSurvey(s, name, bytes), []];
    }
    case 'survey-import':
      return [await importSurvey(s, msg.params.mapping, msg.params.clip, ctx, msg.params.boundary ?? null), []];
    case 'perception':
      return [perception(s, msg.params), []];
    case 'survey-comments':
      return [surveyComments(s, msg.params), []];
    case 'fear-gap':
      return [fearGap(s, msg.params), []];
    case 'survey-indicators':
      return [indicators(s, msg.params), []];
    case 'gender-lens':
      return [genderLens(s, msg.params), []];
    case 'survey-rejected-csv': {
      const b = surveyRejectedCsv(s);
      return [b, [b.buffer]];
    }
  }
}
