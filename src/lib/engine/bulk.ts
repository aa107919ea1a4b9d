/**
 * The import's rules for inputs of any size, in SQL on either engine (sql-runner.ts): rows stay in
 * DuckDB, and only the distinct places (and distinct projected x/y pairs) come out to JavaScript,
 * where the import's own functions judge and index them: `toLonLat`, `plausibleRegion`,
 * `classifyCoordinates` and `indexPointsFast`, in the same first-seen order as IncidentService.
 * The parsing SQL is the IncidentService's (typed Parquet columns as they are; everything else
 * through `numberSql`, `textDateSql`/`numericDateSql`), and reasons, duplicate ids, the report, the
 * study area and the counts per cell follow it line for line, so `import` and `aggregate` give the
 * same answer on either engine (tests: test/integration/cube-engines.test.ts; Chicago in the bench).
 *
 * Used by the CLI's `--engine native` (import, aggregate) and by the cube builder (cube-build.ts),
 * which feeds the source in chunks (row groups) when it runs on DuckDB-wasm.
 */
import { Table, makeVector, tableFromArrays } from 'apache-arrow';
import type { FeatureCollection } from 'geojson';
import { cellsToMultiPolygon, gridDisk, polygonToCells } from 'h3-js';
import { ident, str } from './engine';
import { REJECT_REASONS, type CellCounts, type ColumnMapping, type Filter, type RejectReason, type SourceFormat, type ValidationReport } from './protocol';
import type { SqlRunner } from './sql-runner';
import { INDEX_RESOLUTIONS, MAX_RES, MIN_RES, cellToHalves, indexPointsFast } from '../geo/h3bits';
import { polygonsOf, preparePolygons, type PreparedPolygons } from '../geo/point-in-polygon';
import { classifyCoordinates, plausibleRegion, COORD_OK } from '../import/coordinates';
import { toLonLat } from '../import/crs';
import { isNumericDateFormat, numericDateSql, textDateSql } from '../import/dates';
import { numberSql } from '../import/guess';
import { mappingProblems } from '../import/detect';
import { typeProblems } from '../import/column-types';
import { nothingKeptMessage } from '../import/advice';
import { filterSql } from '../query/filters';

/** Columns of a source relation (name and DuckDB type), without the row number `__rn`. */
export type SourceColumns = { name: string; type: string }[];

/** A source: an SQL relation with the source columns and `__rn` (0-based row number in the file). */
export interface BulkSource {
  relation: string;
  format: SourceFormat;
  columns: SourceColumns;
}

/** Columns and types of a relation, without `__rn`. */
export async function describeSource(r: SqlRunner, relation: string): Promise<SourceColumns> {
  const t = await r.query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation})`);
  const names = t.getChild('column_name')!.toArray() as string[];
  const types = t.getChild('column_type')!.toArray() as string[];
  return names.map((name, i) => ({ name, type: types[i] })).filter((c) => c.name !== '__rn');
}

const TEXT = (t: string) => t === 'VARCHAR';
const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|U?TINYINT|U?SMALLINT|U?INTEGER|U?BIGINT|U?HUGEINT)$/;
const INTEGER = /^(U?TINYINT|U?SMALLINT|U?INTEGER|U?BIGINT|U?HUGEINT)$/;
const NAIVE_TS = /^TIMESTAMP(_MS|_NS|_S)?$/;

/**
 * Whether IncidentService takes these columns straight from Arrow (`typedFromArrow`): a Parquet
 * file with a naive timestamp, numeric coordinates, text offence and location, text or integer id.
 */
function typedColumns(format: SourceFormat, m: ColumnMapping, types: Map<string, string>): boolean {
  if (format !== 'parquet' || !m.datetime || m.time) return false;
  const t = (c?: string) => (c ? types.get(c) ?? '' : '');
  if (!NAIVE_TS.test(t(m.datetime))) return false;
  for (const k of ['lat', 'lon', 'x', 'y'] as const) if (m[k] && !NUMERIC.test(t(m[k]))) return false;
  for (const k of ['offence', 'location'] as const) if (m[k] && !TEXT(t(m[k]))) return false;
  if (m.id && !(TEXT(t(m.id)) || INTEGER.test(t(m.id)))) return false;
  return true;
}

/**
 * SQL selecting the parsed fields of every source row: rn, id, ts, offence, location, lat, lon, x,
 * y, with missing coordinates as NaN (JavaScript's reading of them). As IncidentService.typedFromSql
 * (or typedFromArrow for typed Parquet columns).
 */
export function parsedSql(src: BulkSource, m: ColumnMapping): string {
  const types = new Map(src.columns.map((c) => [c.name, c.type]));
  const nan = (e: string) => `coalesce(${e}, 'NaN'::DOUBLE)`;
  if (typedColumns(src.format, m, types)) {
    const col = (c?: string) => (c ? ident(c) : 'NULL');
    const num = (c?: string) => nan(c ? `${ident(c)}::DOUBLE` : 'NULL::DOUBLE');
    return `SELECT __rn AS rn, ${col(m.id)} AS id, ${ident(m.datetime!)}::TIMESTAMP AS ts, ${col(m.offence)}::VARCHAR AS offence, ${col(m.location)}::VARCHAR AS location,
      ${num(m.lat)} AS lat, ${num(m.lon)} AS lon, ${num(m.x)} AS x, ${num(m.y)} AS y FROM ${src.relation}`;
  }
  const f = fieldSql(src.format, types);
  const num = (c?: string) => nan(f.num(c));
  const text = f.text;
  return `SELECT __rn AS rn, ${text(m.id)} AS id, ${timestampSql(m, types)} AS ts, ${text(m.offence)} AS offence, ${text(m.location)} AS location,
    ${num(m.lat)} AS lat, ${num(m.lon)} AS lon, ${num(m.x)} AS x, ${num(m.y)} AS y FROM ${src.relation}`;
}

/**
 * SQL of a mapped number or text column, as the import reads it (shared with IncidentService):
 * numbers through `numberSql`; text trimmed in CSV (typed sources taken as they are), empty as NULL.
 */
export function fieldSql(format: SourceFormat, types: Map<string, string>): { num: (c?: string) => string; text: (c?: string) => string } {
  const textOf = format === 'csv' ? (c: string) => `NULLIF(trim(${ident(c)}), '')` : (c: string) => `NULLIF(${ident(c)}, '')`;
  return {
    num: (c) => (c ? numberSql(c, types.get(c) ?? 'VARCHAR') : 'NULL::DOUBLE'),
    text: (c) => (c ? (types.get(c) === 'VARCHAR' ? textOf(c) : `${ident(c)}::VARCHAR`) : 'NULL::VARCHAR'),
  };
}

/** SQL text of the date(-time), joining separate date and time columns (shared with IncidentService). */
export function dateTextSql(m: ColumnMapping): string {
  if (m.datetime) return `trim(${ident(m.datetime)}::VARCHAR)`;
  if (!m.date) return 'NULL';
  if (!m.time) return `trim(${ident(m.date)}::VARCHAR)`;
  return `trim(${ident(m.date)}::VARCHAR) || ' ' || coalesce(trim(${ident(m.time)}::VARCHAR), '00:00:00')`;
}

/** SQL parsing the mapped date(-time) into a TIMESTAMP, NULL when unreadable (shared with IncidentService). */
export function timestampSql(m: ColumnMapping, types: Map<string, string>): string {
  const col = m.datetime ?? m.date;
  if (!col) return 'NULL::TIMESTAMP';
  const type = types.get(col) ?? 'VARCHAR';
  if (isNumericDateFormat(m.dateFormat)) return numericDateSql(numberSql(col, type), m.dateFormat);
  if (type !== 'VARCHAR' && !m.time) return `try_cast(${ident(col)} AS TIMESTAMP)`;
  const text = dateTextSql(m);
  return m.dateFormat ? textDateSql(text, m.dateFormat) : `try_cast(${text} AS TIMESTAMP)`;
}

/** Reason code of a name (1 + its index in REJECT_REASONS; 0 = kept). */
const code = (r: RejectReason) => REJECT_REASONS.indexOf(r) + 1;
const BY_STATUS = [0, code('no_coordinates'), code('out_of_range'), code('swapped_lat_lon'), code('outside_boundary')];

/**
 * The distinct places of a source, gathered chunk by chunk in first-seen order, then judged and
 * indexed once: the table `bulk_places` (lat, lon, status, c6 … c11), plus `bulk_xy` (x, y →
 * plat, plon) for rows that had only projected coordinates.
 */
export class PlaceIndex {
  /** The places so far (distinct), and — once a second chunk comes — their index by value. */
  private lat: number[] = [];
  private lon: number[] = [];
  private first: number[] = [];
  private byValue: Map<string, number> | null = null;
  private readonly xy = new Map<string, true>();
  private xyRows = 0;

  constructor(private readonly r: SqlRunner, private readonly m: ColumnMapping) {}

  /** Starts empty tables (call once before the first chunk). */
  async start(): Promise<void> {
    await this.r.exec('CREATE OR REPLACE TABLE bulk_xy (x DOUBLE, y DOUBLE, plat DOUBLE, plon DOUBLE)');
  }

  /** The chunk's rows with projected coordinates filled in where lat/lon were missing. */
  rowsSql(parsed: string): string {
    if (!(this.m.x && this.m.y && this.m.crs)) return parsed;
    return `SELECT p.* REPLACE (
        CASE WHEN q.x IS NOT NULL THEN q.plat ELSE p.lat END AS lat,
        CASE WHEN q.x IS NOT NULL THEN q.plon ELSE p.lon END AS lon)
      FROM (${parsed}) p LEFT JOIN bulk_xy q ON (isnan(p.lat) OR isnan(p.lon)) AND p.x = q.x AND p.y = q.y`;
  }

  /** Adds one chunk's places (its parsed rows as SQL). */
  async add(parsed: string): Promise<void> {
    if (this.m.x && this.m.y && this.m.crs) {
      const t = await this.r.query(`SELECT x, y FROM (${parsed}) WHERE (isnan(lat) OR isnan(lon)) AND isfinite(x) AND isfinite(y) GROUP BY x, y`);
      const xs = t.getChild('x')!.toArray() as Float64Array;
      const ys = t.getChild('y')!.toArray() as Float64Array;
      const nx: number[] = [];
      const ny: number[] = [];
      for (let i = 0; i < xs.length; i++) {
        const k = `${xs[i]},${ys[i]}`;
        if (!this.xy.has(k)) { this.xy.set(k, true); nx.push(xs[i]); ny.push(ys[i]); }
      }
      if (nx.length) {
        const x = Float64Array.from(nx);
        const y = Float64Array.from(ny);
        const p = toLonLat(this.m.crs, x, y);
        await this.r.insert('bulk_xy_new', tableFromArrays({ x, y, plat: p.lat, plon: p.lon }));
        await this.r.exec('INSERT INTO bulk_xy SELECT x, y, plat, plon FROM bulk_xy_new; DROP TABLE bulk_xy_new');
        this.xyRows += nx.length;
      }
    }
    // NaN pairs are one place and −0 is 0, as in dedupePairs.
    const t = await this.r.query(`SELECT lat, lon, min(rn)::DOUBLE AS first FROM (
        SELECT rn, CASE WHEN isnan(lat) OR isnan(lon) THEN 'NaN'::DOUBLE ELSE lat + 0.0 END AS lat,
          CASE WHEN isnan(lat) OR isnan(lon) THEN 'NaN'::DOUBLE ELSE lon + 0.0 END AS lon FROM (${this.rowsSql(parsed)})) GROUP BY lat, lon`);
    const lat = t.getChild('lat')!.toArray() as Float64Array;
    const lon = t.getChild('lon')!.toArray() as Float64Array;
    const first = t.getChild('first')!.toArray() as Float64Array;
    // One chunk (native DuckDB reads the whole file as one) is distinct already; later chunks are
    // merged by value (a JavaScript Map holds up to about 16 million places).
    if (this.lat.length === 0) {
      for (let i = 0; i < lat.length; i++) { this.lat.push(lat[i]); this.lon.push(lon[i]); this.first.push(first[i]); }
      return;
    }
    if (!this.byValue) {
      this.byValue = new Map();
      for (let i = 0; i < this.lat.length; i++) this.byValue.set(`${this.lat[i]},${this.lon[i]}`, i);
    }
    for (let i = 0; i < lat.length; i++) {
      const k = `${lat[i]},${lon[i]}`;
      const j = this.byValue.get(k);
      if (j === undefined) {
        this.byValue.set(k, this.lat.length);
        this.lat.push(lat[i]); this.lon.push(lon[i]); this.first.push(first[i]);
      } else if (first[i] < this.first[j]) this.first[j] = first[i];
    }
  }

  /** Number of distinct places so far. */
  get size(): number {
    return this.lat.length;
  }

  /**
   * Judges every place (IncidentService.import's coordinate checks) and indexes the good ones at
   * `resolutions`; writes `bulk_places`.
   */
  async finish(boundary: FeatureCollection | null, clip: boolean, resolutions: readonly number[]): Promise<void> {
    let prepared: PreparedPolygons | null = null;
    if (boundary) {
      const polys = polygonsOf(boundary);
      if (polys.length === 0) throw new Error('The boundary file has no Polygon or MultiPolygon.');
      prepared = preparePolygons(polys);
    }
    if (clip && !prepared) throw new Error('Clipping needs a boundary: import a boundary GeoJSON or turn clipping off.');
    const order = Array.from(this.first.keys()).sort((a, b) => this.first[a] - this.first[b]);
    const lat = Float64Array.from(order, (i) => this.lat[i]);
    const lon = Float64Array.from(order, (i) => this.lon[i]);
    this.byValue = null;
    const region = plausibleRegion(lon, lat, prepared);
    const status = classifyCoordinates(lon, lat, region, clip ? prepared : null);
    const ok: number[] = [];
    for (let i = 0; i < status.length; i++) if (status[i] === COORD_OK) ok.push(i);
    const cells = indexPointsFast(Float64Array.from(ok, (i) => lat[i]), Float64Array.from(ok, (i) => lon[i]), resolutions);
    const cols: Record<string, ReturnType<typeof makeVector>> = { lat: makeVector(lat), lon: makeVector(lon), status: makeVector(status) };
    resolutions.forEach((res, r) => {
      const c = new BigUint64Array(order.length);
      ok.forEach((i, j) => { c[i] = cells[r][j]; });
      cols[`c${res}`] = makeVector(c);
    });
    await this.r.insert('bulk_places', new Table(cols));
  }

  /**
   * SQL of every row of a chunk with its reason (duplicate ids not yet marked), hour, ISO weekday
   * and cells, as IncidentService.import builds `incident_base` ⨝ `incident_cells`.
   */
  judgedSql(parsed: string, resolutions: readonly number[]): string {
    const st = (s: string) => `CASE ${s} ${BY_STATUS.map((c, i) => `WHEN ${i} THEN ${c}`).join(' ')} END`;
    return `SELECT r.rn, r.id, r.ts, coalesce(NULLIF(r.offence, ''), 'Unknown') AS offence, r.location, r.lat, r.lon, r.x, r.y,
        hour(r.ts)::UTINYINT AS hour, isodow(r.ts)::UTINYINT AS dow,
        (CASE WHEN p.status NOT IN (0, 4) THEN ${st('p.status')} WHEN r.ts IS NULL THEN ${code('unparseable_date')} ELSE ${st('p.status')} END)::UTINYINT AS reason,
        ${resolutions.map((res) => `p.c${res}`).join(', ')}
      FROM (SELECT * REPLACE (CASE WHEN isnan(lat) OR isnan(lon) THEN 'NaN'::DOUBLE ELSE lat + 0.0 END AS lat,
          CASE WHEN isnan(lat) OR isnan(lon) THEN 'NaN'::DOUBLE ELSE lon + 0.0 END AS lon) FROM (${this.rowsSql(parsed)})) r
      JOIN bulk_places p ON r.lat = p.lat AND r.lon = p.lon`;
  }
}

/**
 * A whole import on a runner (the CLI's `--engine native`): the table `bulk_rows` (every source
 * row, judged), the view `incidents` (kept rows) and the operations the CLI needs from them.
 */
export class BulkIncidents {
  private studyBuilt = new Set<number>();
  private boundaryFc: FeatureCollection | null = null;
  private counts: { reason: number; n: number }[] = [];
  private source = '';
  private clipped = false;
  private boundaryKind: 'imported' | 'derived' = 'derived';

  constructor(readonly runner: SqlRunner) {}

  /** Imports `src` under a confirmed mapping (IncidentService.import's rules) and reports. */
  async import(name: string, src: BulkSource, m: ColumnMapping, boundary: FeatureCollection | null, clip: boolean, progress: (stage: string) => void = () => {}): Promise<ValidationReport> {
    const problems = mappingProblems(m, src.columns.map((c) => c.name));
    if (!problems.length) problems.push(...typeProblems(m, src.columns));
    if (problems.length) throw new Error(problems.join(' '));
    const r = this.runner;
    const parsed = parsedSql(src, m);
    const places = new PlaceIndex(r, m);
    await places.start();
    progress('Finding distinct places');
    await places.add(parsed);
    progress(`Checking and indexing ${places.size} places`);
    await places.finish(boundary, clip, INDEX_RESOLUTIONS);
    progress('Judging rows');
    await r.exec(`CREATE OR REPLACE TABLE bulk_rows AS ${places.judgedSql(parsed, INDEX_RESOLUTIONS)}`);
    const OUTSIDE = code('outside_boundary');
    await r.exec(`UPDATE bulk_rows SET reason = ${code('duplicate_id')} WHERE rn IN (
      WITH d AS (SELECT id FROM bulk_rows WHERE reason IN (0, ${OUTSIDE}) AND id IS NOT NULL GROUP BY id HAVING count(*) > 1)
      SELECT rn FROM (SELECT a.rn, row_number() OVER (PARTITION BY a.id ORDER BY a.rn) AS k
        FROM bulk_rows a JOIN d ON a.id = d.id WHERE a.reason IN (0, ${OUTSIDE})) WHERE k > 1)`);
    const t = await r.query('SELECT reason::INTEGER AS reason, count(*)::INTEGER AS n FROM bulk_rows GROUP BY reason');
    const reasons = t.getChild('reason')!.toArray() as Int32Array;
    const ns = t.getChild('n')!.toArray() as Int32Array;
    this.counts = Array.from(reasons, (reason, i) => ({ reason, n: ns[i] }));
    const read = ns.reduce((a, b) => a + b, 0);
    if (!this.counts.some((c) => c.reason === 0 && c.n > 0)) {
      const byReason = Object.fromEntries(REJECT_REASONS.map((x, i) => [x, this.counts.find((c) => c.reason === i + 1)?.n ?? 0])) as Record<RejectReason, number>;
      throw new Error(nothingKeptMessage(name, read, byReason, m));
    }
    await r.exec(`CREATE OR REPLACE VIEW incidents AS SELECT * FROM bulk_rows WHERE reason = 0`);
    for (const res of this.studyBuilt) await r.exec(`DROP TABLE IF EXISTS study_r${res}`);
    this.studyBuilt.clear();
    this.source = name;
    this.clipped = clip;
    this.boundaryKind = boundary ? 'imported' : 'derived';
    this.boundaryFc = boundary ?? (await deriveBoundary(r, 'incidents', 'c7'));
    return this.report();
  }

  /** The validation report (IncidentService.report). */
  async report(): Promise<ValidationReport> {
    const rejected = Object.fromEntries(REJECT_REASONS.map((x) => [x, 0])) as Record<RejectReason, number>;
    let kept = 0;
    let read = 0;
    for (const { reason, n } of this.counts) {
      read += n;
      if (reason === 0) kept += n;
      else rejected[REJECT_REASONS[reason - 1]] = n;
    }
    const span = (await this.runner.query(`SELECT strftime(min(ts), '%Y-%m-%dT%H:%M:%S') AS a, strftime(max(ts), '%Y-%m-%dT%H:%M:%S') AS b FROM incidents`)).toArray()[0].toJSON() as { a: string | null; b: string | null };
    return { source: this.source, read, kept, rejected, boundary: this.boundaryKind, clipped: this.clipped, from: span.a, to: span.b, offences: await offences(this.runner, 'incidents', 'count(*)', 'TRUE') };
  }

  /** Counts per study-area cell (IncidentService.aggregate). */
  async aggregate(res: number, filter: Filter): Promise<CellCounts> {
    const study = await studyTable(this.runner, res, this.boundaryFc, this.studyBuilt, `SELECT DISTINCT c${res} FROM incidents`);
    return countsPerCell(this.runner, study, `SELECT c${res} AS cell, count(*)::UINTEGER AS n FROM incidents WHERE ${filterSql(filter)} GROUP BY 1`, res);
  }

  /** The boundary in use. */
  boundary(): FeatureCollection | null {
    return this.boundaryFc;
  }
}

// The study area, counts and lists below are shared with the cube (cube.ts), which runs them
// synchronously on the app's engine: each is its SQL plus a pure function of the result.

/** SQL of the offences with their counts under a WHERE clause, largest first (IncidentService.offences). */
export const offencesSql = (table: string, count: string, where: string) =>
  `SELECT offence, ${count}::INTEGER AS count FROM ${table} WHERE ${where} GROUP BY offence ORDER BY count DESC, offence`;

export function offencesOf(t: Table): { offence: string; count: number }[] {
  const o = t.getChild('offence')!.toArray() as string[];
  const c = t.getChild('count')!.toArray() as Int32Array;
  return Array.from(c, (count, i) => ({ offence: o[i], count }));
}

export async function offences(r: SqlRunner, table: string, count: string, where: string): Promise<{ offence: string; count: number }[]> {
  return offencesOf(await r.query(offencesSql(table, count, where)));
}

/** SQL of the distinct res-7 cells (as halves) of a table's cell expression. */
export const res7Sql = (table: string, c7: string) => `SELECT DISTINCT (${c7} >> 32)::UINTEGER AS hi, (${c7} & 4294967295)::UINTEGER AS lo FROM ${table}`;

/** The data's own footprint: res-7 cells holding incidents, grown by one ring (IncidentService.deriveBoundary). */
export function boundaryOf(rows: Table): FeatureCollection | null {
  const hi = rows.getChild('hi')!.toArray() as Uint32Array;
  const lo = rows.getChild('lo')!.toArray() as Uint32Array;
  if (hi.length === 0) return null;
  const set = new Set<string>();
  for (let i = 0; i < hi.length; i++) for (const n of gridDisk(hexOf(hi[i], lo[i]), 1)) set.add(n);
  const polys = cellsToMultiPolygon([...set], true);
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { name: 'Study area derived from the data (res-7 cells with incidents, grown by one ring)' }, geometry: { type: 'MultiPolygon', coordinates: polys } }],
  };
}

export async function deriveBoundary(r: SqlRunner, table: string, c7: string): Promise<FeatureCollection | null> {
  return boundaryOf(await r.query(res7Sql(table, c7)));
}

/**
 * The study area at `res` (IncidentService.studyTable): the boundary's cells (centre inside) as a
 * table of halves to insert as `${name}_b`, and the SQL that makes `name` of them ∪ `incidentCells`.
 */
export function studyParts(res: number, boundary: FeatureCollection | null, name: string, incidentCells: string): { cells: Table; sql: string[] } {
  if (!Number.isInteger(res) || res < MIN_RES || res > MAX_RES) throw new RangeError(`Resolution must be ${MIN_RES}–${MAX_RES}, got ${res}`);
  const cells = new Set<string>();
  if (boundary) for (const poly of polygonsOf(boundary)) for (const c of polygonToCells(poly, res, true)) cells.add(c);
  const hi = new Uint32Array(cells.size);
  const lo = new Uint32Array(cells.size);
  let i = 0;
  for (const c of cells) { [hi[i], lo[i]] = cellToHalves(c); i++; }
  return {
    cells: tableFromArrays({ hi, lo }),
    sql: [`CREATE OR REPLACE TABLE ${name} AS
    SELECT ((hi::UBIGINT << 32) | lo::UBIGINT) AS cell FROM ${name}_b
    UNION SELECT * FROM (${incidentCells})`, `DROP TABLE ${name}_b`],
  };
}

export async function studyTable(r: SqlRunner, res: number, boundary: FeatureCollection | null, built: Set<number>, incidentCells: string, prefix = 'study_r'): Promise<string> {
  const name = `${prefix}${res}`;
  if (built.has(res)) return name;
  const p = studyParts(res, boundary, name, incidentCells);
  await r.insert(`${name}_b`, p.cells);
  for (const sql of p.sql) await r.exec(sql);
  built.add(res);
  return name;
}

/** SQL of the counts per study cell, zeros included, ordered by cell (IncidentService.aggregate's query). */
export const countsSql = (study: string, counts: string) => `
    WITH c AS (${counts})
    SELECT (s.cell >> 32)::UINTEGER AS hi, (s.cell & 4294967295)::UINTEGER AS lo, coalesce(c.n, 0)::UINTEGER AS n
    FROM ${study} s LEFT JOIN c ON s.cell = c.cell ORDER BY s.cell`;

export function cellCountsOf(t: Table, res: number): CellCounts {
  const hi = t.getChild('hi')!.toArray() as Uint32Array;
  const lo = t.getChild('lo')!.toArray() as Uint32Array;
  const counted = Uint32Array.from(t.getChild('n')!.toArray() as Uint32Array);
  const cells = new Array<string>(hi.length);
  let total = 0;
  for (let i = 0; i < hi.length; i++) {
    cells[i] = hexOf(hi[i], lo[i]);
    total += counted[i];
  }
  return { res, cells, counts: counted, total };
}

export async function countsPerCell(r: SqlRunner, study: string, counts: string, res: number): Promise<CellCounts> {
  return cellCountsOf(await r.query(countsSql(study, counts)), res);
}

/** Hex H3 index of the two 32-bit halves. */
export function hexOf(hi: number, lo: number): string {
  return hi.toString(16) + lo.toString(16).padStart(8, '0');
}

export { str };
