/**
 * The incident service: every operation of the engine protocol, over one synchronous Engine.
 * The browser's engine worker and Node (CLI, tests, benchmarks) run this same code.
 *
 * Tables: `import_raw` (source rows) → `import_typed` (parsed fields) → `import_checked` (with a
 * reject reason or none) → `incidents` (kept rows, one H3 index per incident at resolution 15,
 * indexed directly at each resolution 6–11, stored as UBIGINT) and `study_r{res}` (the
 * study-area cells at each resolution, built on first use).
 */
import { tableFromArrays } from 'apache-arrow';
import type { FeatureCollection } from 'geojson';
import { cellsToMultiPolygon, gridDisk, polygonToCells } from 'h3-js';
import { Engine, ident, str } from './engine';
import {
  REJECT_REASONS,
  type CellCounts,
  type ChartData,
  type ColumnMapping,
  type Detection,
  type Filter,
  type Points,
  type RejectReason,
  type ValidationReport,
} from './protocol';
import { loadParquetColumns, sampleValues, stageSource, type ParquetReader, type StagedSource } from './sources';
import { INDEX_RESOLUTIONS, MAX_RES, MIN_RES, cellToHalves, indexPoints } from '../geo/h3bits';
import { polygonsOf, preparePolygons, type PreparedPolygons } from '../geo/point-in-polygon';
import { classifyCoordinates, plausibleRegion, COORD_OK, COORD_OUTSIDE } from '../import/coordinates';
import { toLonLat } from '../import/crs';
import { DATE_FORMATS, detectMapping, mappingProblems } from '../import/detect';
import { filterSql } from '../query/filters';

/** Indexes points into H3 cells at several resolutions (in this thread, or spread over workers). */
export type CellIndexer = (lat: Float64Array, lon: Float64Array, resolutions: readonly number[]) => Promise<BigUint64Array[]>;

/** Progress and cancellation of one request. */
export interface Ctx {
  progress(stage: string, fraction: number | null): void;
  /** Lets other messages (a cancel) through; throws an AbortError if the request was cancelled. */
  checkpoint(): Promise<void>;
}

export const NO_CTX: Ctx = { progress: () => {}, checkpoint: async () => {} };

const inThreadIndexer: CellIndexer = async (lat, lon, resolutions) => indexPoints(lat, lon, resolutions);

export class IncidentService {
  readonly engine: Engine;
  private readonly readParquet: ParquetReader;
  private readonly indexer: CellIndexer;
  private staged: StagedSource | null = null;
  private boundaryFc: FeatureCollection | null = null;
  private studyBuilt = new Set<number>();
  private hasData = false;

  constructor(engine: Engine, deps: { readParquet: ParquetReader; indexer?: CellIndexer }) {
    this.engine = engine;
    this.readParquet = deps.readParquet;
    this.indexer = deps.indexer ?? inThreadIndexer;
  }

  /** Stages a file and detects its columns for the user to confirm. */
  stage(name: string, bytes: Uint8Array): Detection {
    if (bytes.length === 0) throw new Error(`"${name}" is empty.`);
    const src = stageSource(this.engine, name, bytes, this.readParquet);
    this.staged = src;
    const names = src.columns.map((c) => c.name);
    const samples = sampleValues(this.engine, names);
    const { preset, mapping } = detectMapping(names);
    if (!mapping.datetime && !mapping.date) this.guessDateColumn(mapping, src);
    this.chooseDateFormat(mapping, src);
    return {
      name,
      format: src.format,
      rows: src.rows,
      columns: src.columns.map((c) => ({ ...c, sample: samples[c.name] ?? [] })),
      preset,
      mapping,
    };
  }

  /** Without a date column by name, takes the first text column whose samples read as dates. */
  private guessDateColumn(m: ColumnMapping, src: StagedSource): void {
    const used = new Set(Object.values(m));
    for (const c of src.columns) {
      if (used.has(c.name)) continue;
      if (c.type.startsWith('TIMESTAMP') || c.type === 'DATE') { m.datetime = c.name; return; }
      if (c.type !== 'VARCHAR') continue;
      const v = `trim(${ident(c.name)})`;
      const parsed = DATE_FORMATS.map((f) => `try_strptime(${v}, ${str(f)})`).join(', ');
      const r = this.engine.rows<{ n: number; ok: number }>(
        `SELECT count(*)::INTEGER AS n, count(coalesce(${parsed}))::INTEGER AS ok FROM (SELECT ${ident(c.name)} FROM import_raw WHERE ${ident(c.name)} IS NOT NULL ORDER BY __rn LIMIT 200)`,
      )[0];
      if (r.n > 0 && r.ok >= 0.8 * r.n) { m.datetime = c.name; return; }
    }
  }

  /** Keeps the preset's date format if it reads the samples, else picks the one that reads most. */
  private chooseDateFormat(m: ColumnMapping, src: StagedSource): void {
    const col = m.datetime ?? m.date;
    if (!col) return;
    const type = src.columns.find((c) => c.name === col)?.type ?? 'VARCHAR';
    if (type !== 'VARCHAR') {
      delete m.dateFormat;
      return;
    }
    const text = this.dateText(m);
    const score = (fmt: string) =>
      this.engine.rows<{ n: number }>(
        `SELECT count(try_strptime(v, ${str(fmt)}))::INTEGER AS n FROM (SELECT ${text} AS v FROM import_raw WHERE ${ident(col)} IS NOT NULL ORDER BY __rn LIMIT 200)`,
      )[0].n;
    if (m.dateFormat && score(m.dateFormat) > 0) return;
    let best = '';
    let bestN = 0;
    for (const f of DATE_FORMATS) {
      const n = score(f);
      if (n > bestN) [best, bestN] = [f, n];
    }
    if (best) m.dateFormat = best;
    else delete m.dateFormat;
  }

  /** SQL text of the date(-time), joining separate date and time columns. */
  private dateText(m: ColumnMapping): string {
    if (m.datetime) return `trim(${ident(m.datetime)}::VARCHAR)`;
    if (!m.date) return 'NULL';
    if (!m.time) return `trim(${ident(m.date)}::VARCHAR)`;
    return `trim(${ident(m.date)}::VARCHAR) || ' ' || coalesce(trim(${ident(m.time)}::VARCHAR), '00:00:00')`;
  }

  /** SQL expression parsing the mapped date(-time) into a TIMESTAMP, NULL when unreadable. */
  private tsSql(m: ColumnMapping, types: Map<string, string>): string {
    const col = m.datetime ?? m.date;
    if (!col) return 'NULL::TIMESTAMP';
    const type = types.get(col) ?? 'VARCHAR';
    if (type !== 'VARCHAR' && !m.time) return `try_cast(${ident(col)} AS TIMESTAMP)`;
    const text = this.dateText(m);
    return m.dateFormat ? `try_strptime(${text}, ${str(m.dateFormat)})` : `try_cast(${text} AS TIMESTAMP)`;
  }

  /** Imports the staged file under a confirmed mapping and reports what was kept and why not. */
  async import(mapping: ColumnMapping, boundary: FeatureCollection | null, clip: boolean, ctx: Ctx = NO_CTX): Promise<ValidationReport> {
    const src = this.staged;
    if (!src) throw new Error('No file is staged: choose a file first.');
    const names = src.columns.map((c) => c.name);
    const problems = mappingProblems(mapping, names);
    if (problems.length) throw new Error(problems.join(' '));
    let prepared: PreparedPolygons | null = null;
    if (boundary) {
      const polys = polygonsOf(boundary);
      if (polys.length === 0) throw new Error('The boundary file has no Polygon or MultiPolygon.');
      prepared = preparePolygons(polys);
    }
    if (clip && !prepared) throw new Error('Clipping needs a boundary: import a boundary GeoJSON or turn clipping off.');
    const e = this.engine;

    ctx.progress('Reading columns', 0.05);
    await ctx.checkpoint();
    if (src.format === 'parquet') {
      const cols = [...new Set(Object.entries(mapping).filter(([k, v]) => k !== 'dateFormat' && k !== 'crs' && v).map(([, v]) => v as string))];
      loadParquetColumns(e, src, cols, this.readParquet);
    }
    const types = new Map(src.columns.map((c) => [c.name, c.type]));
    const num = (c?: string) => (c ? `coalesce(try_cast(${ident(c)} AS DOUBLE), 'NaN'::DOUBLE)` : `'NaN'::DOUBLE`);
    const text = (c?: string) => (c ? `NULLIF(trim(${ident(c)}::VARCHAR), '')` : 'NULL::VARCHAR');
    e.exec(`CREATE OR REPLACE TABLE import_typed AS
      SELECT __rn AS rn, ${text(mapping.id)} AS id, ${this.tsSql(mapping, types)} AS ts,
        coalesce(${text(mapping.offence)}, 'Unknown') AS offence, ${text(mapping.location)} AS location,
        lat0 AS lat, lon0 AS lon,
        CASE WHEN isnan(lat0) OR isnan(lon0) THEN x0 ELSE 'NaN'::DOUBLE END AS x,
        CASE WHEN isnan(lat0) OR isnan(lon0) THEN y0 ELSE 'NaN'::DOUBLE END AS y
      FROM (SELECT *, ${num(mapping.lat)} AS lat0, ${num(mapping.lon)} AS lon0, ${num(mapping.x)} AS x0, ${num(mapping.y)} AS y0 FROM import_raw)`);
    e.exec(`CREATE OR REPLACE TABLE import_coords AS
      SELECT (row_number() OVER () - 1)::INTEGER AS k, lat, lon, x, y FROM (SELECT DISTINCT lat, lon, x, y FROM import_typed)`);

    ctx.progress('Checking coordinates', 0.3);
    await ctx.checkpoint();
    const c = e.query('SELECT lat, lon, x, y FROM import_coords ORDER BY k');
    const lat = Float64Array.from(c.getChild('lat')!.toArray() as Float64Array);
    const lon = Float64Array.from(c.getChild('lon')!.toArray() as Float64Array);
    const xs = c.getChild('x')!.toArray() as Float64Array;
    const ys = c.getChild('y')!.toArray() as Float64Array;
    const needProj: number[] = [];
    for (let i = 0; i < lat.length; i++) if ((Number.isNaN(lat[i]) || Number.isNaN(lon[i])) && Number.isFinite(xs[i]) && Number.isFinite(ys[i])) needProj.push(i);
    if (needProj.length && mapping.crs) {
      const p = toLonLat(mapping.crs, Float64Array.from(needProj, (i) => xs[i]), Float64Array.from(needProj, (i) => ys[i]));
      needProj.forEach((i, j) => { lon[i] = p.lon[j]; lat[i] = p.lat[j]; });
    }
    const region = plausibleRegion(lon, lat, prepared);
    const status = classifyCoordinates(lon, lat, region, clip ? prepared : null);

    ctx.progress('Indexing H3 cells', 0.45);
    await ctx.checkpoint();
    const ok: number[] = [];
    for (let i = 0; i < status.length; i++) if (status[i] === COORD_OK) ok.push(i);
    const okLat = Float64Array.from(ok, (i) => lat[i]);
    const okLon = Float64Array.from(ok, (i) => lon[i]);
    const cells = await this.indexer(okLat, okLon, INDEX_RESOLUTIONS);
    await ctx.checkpoint();
    const cols: Record<string, ArrayLike<unknown>> = { k: Int32Array.from(status, (_, i) => i), glat: lat, glon: lon, status };
    INDEX_RESOLUTIONS.forEach((res, r) => {
      const full = new BigUint64Array(status.length);
      ok.forEach((i, j) => { full[i] = cells[r][j]; });
      cols[`c${res}`] = full;
    });
    e.insertArrow('import_coord_res', tableFromArrays(cols as never));

    ctx.progress('Building tables', 0.75);
    await ctx.checkpoint();
    e.exec(`CREATE OR REPLACE TABLE import_checked AS
      WITH a AS (
        SELECT t.rn, t.id, t.ts, t.offence, t.location, r.glat, r.glon, r.status, r.c6, r.c7, r.c8, r.c9, r.c10, r.c11,
          CASE r.status WHEN 1 THEN 'no_coordinates' WHEN 2 THEN 'out_of_range' WHEN 3 THEN 'swapped_lat_lon'
            ELSE CASE WHEN t.ts IS NULL THEN 'unparseable_date' END END AS reason0
        FROM import_typed t JOIN import_coords c ON t.lat = c.lat AND t.lon = c.lon AND t.x = c.x AND t.y = c.y
        JOIN import_coord_res r ON r.k = c.k),
      b AS (SELECT *, CASE WHEN reason0 IS NULL AND id IS NOT NULL
              THEN row_number() OVER (PARTITION BY reason0 IS NULL, id ORDER BY rn) END AS dup FROM a)
      SELECT rn, id, ts, offence, location, glat AS lat, glon AS lon, c6, c7, c8, c9, c10, c11,
        coalesce(reason0, CASE WHEN dup > 1 THEN 'duplicate_id' WHEN status = ${COORD_OUTSIDE} THEN 'outside_boundary' END) AS reason
      FROM b`);
    e.exec(`CREATE OR REPLACE TABLE incidents AS
      SELECT rn, id, ts, offence, location, lat, lon, c6, c7, c8, c9, c10, c11,
        hour(ts)::UTINYINT AS hour, isodow(ts)::UTINYINT AS dow
      FROM import_checked WHERE reason IS NULL ORDER BY rn`);
    // Rejected rows keep every source column, so the user can fix and re-import them.
    e.exec(`CREATE OR REPLACE TABLE rejected AS SELECT r.* EXCLUDE (__rn), c.reason AS reject_reason
      FROM import_raw r JOIN import_checked c ON r.__rn = c.rn WHERE c.reason IS NOT NULL ORDER BY r.__rn`);
    for (const t of ['import_typed', 'import_coords', 'import_coord_res']) e.exec(`DROP TABLE IF EXISTS ${t}`);

    for (const r of this.studyBuilt) e.exec(`DROP TABLE IF EXISTS study_r${r}`);
    this.studyBuilt.clear();
    this.hasData = true;
    this.boundaryFc = boundary ?? this.deriveBoundary();
    ctx.progress('Done', 1);
    return this.report(src.name, boundary ? 'imported' : 'derived', clip);
  }

  /** The data's own footprint: resolution-7 cells holding incidents, grown by one ring. */
  private deriveBoundary(): FeatureCollection | null {
    const rows = this.engine.query(`SELECT DISTINCT (c7 >> 32)::UINTEGER AS hi, (c7 & 4294967295)::UINTEGER AS lo FROM incidents`);
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

  private report(source: string, boundary: 'imported' | 'derived', clipped: boolean): ValidationReport {
    const e = this.engine;
    const counts = e.rows<{ reason: string | null; n: number }>('SELECT reason, count(*)::INTEGER AS n FROM import_checked GROUP BY reason');
    const rejected = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
    let kept = 0;
    let read = 0;
    for (const { reason, n } of counts) {
      read += n;
      if (reason === null) kept += n;
      else rejected[reason as RejectReason] = n;
    }
    const span = e.rows<{ a: string | null; b: string | null }>(`SELECT strftime(min(ts), '%Y-%m-%dT%H:%M:%S') AS a, strftime(max(ts), '%Y-%m-%dT%H:%M:%S') AS b FROM incidents`)[0];
    return { source, read, kept, rejected, boundary, clipped, from: span.a, to: span.b, offences: this.offences('TRUE') };
  }

  private offences(where: string): { offence: string; count: number }[] {
    return this.engine.rows<{ offence: string; count: number }>(
      `SELECT offence, count(*)::INTEGER AS count FROM incidents WHERE ${where} GROUP BY offence ORDER BY count DESC, offence`,
    );
  }

  private requireData(): void {
    if (!this.hasData) throw new Error('No incidents are loaded yet.');
  }

  /** Builds `study_r{res}`: boundary cells (centre inside) ∪ cells holding any kept incident. */
  private studyTable(res: number): string {
    if (!Number.isInteger(res) || res < MIN_RES || res > MAX_RES) throw new RangeError(`Resolution must be ${MIN_RES}–${MAX_RES}, got ${res}`);
    const name = `study_r${res}`;
    if (this.studyBuilt.has(res)) return name;
    const cells = new Set<string>();
    if (this.boundaryFc) for (const poly of polygonsOf(this.boundaryFc)) for (const c of polygonToCells(poly, res, true)) cells.add(c);
    const hi = new Uint32Array(cells.size);
    const lo = new Uint32Array(cells.size);
    let i = 0;
    for (const c of cells) { [hi[i], lo[i]] = cellToHalves(c); i++; }
    this.engine.insertArrow(`${name}_b`, tableFromArrays({ hi, lo }));
    this.engine.exec(`CREATE OR REPLACE TABLE ${name} AS
      SELECT ((hi::UBIGINT << 32) | lo::UBIGINT) AS cell FROM ${name}_b
      UNION SELECT DISTINCT c${res} FROM incidents`);
    this.engine.exec(`DROP TABLE ${name}_b`);
    this.studyBuilt.add(res);
    return name;
  }

  /** Counts per study-area cell at `res` under a filter, zeros included, ordered by cell. */
  aggregate(res: number, filter: Filter): CellCounts {
    this.requireData();
    const study = this.studyTable(res);
    const t = this.engine.query(`
      WITH c AS (SELECT c${res} AS cell, count(*)::UINTEGER AS n FROM incidents WHERE ${filterSql(filter)} GROUP BY 1)
      SELECT (s.cell >> 32)::UINTEGER AS hi, (s.cell & 4294967295)::UINTEGER AS lo, coalesce(c.n, 0)::UINTEGER AS n
      FROM ${study} s LEFT JOIN c ON s.cell = c.cell ORDER BY s.cell`);
    const hi = t.getChild('hi')!.toArray() as Uint32Array;
    const lo = t.getChild('lo')!.toArray() as Uint32Array;
    const counts = Uint32Array.from(t.getChild('n')!.toArray() as Uint32Array);
    const cells = new Array<string>(hi.length);
    let total = 0;
    for (let i = 0; i < hi.length; i++) {
      cells[i] = hexOf(hi[i], lo[i]);
      total += counts[i];
    }
    return { res, cells, counts, total };
  }

  /** Weekly series, hour × weekday matrix and offence mix under a filter. */
  charts(filter: Filter): ChartData {
    this.requireData();
    const where = filterSql(filter);
    const weeks = this.engine.rows<{ week: string; count: number }>(
      `SELECT strftime(date_trunc('week', ts), '%Y-%m-%d') AS week, count(*)::INTEGER AS count FROM incidents WHERE ${where} GROUP BY 1 ORDER BY 1`,
    );
    const hourByWeekday = new Array<number>(7 * 24).fill(0);
    for (const r of this.engine.rows<{ dow: number; hour: number; n: number }>(
      `SELECT dow::INTEGER AS dow, hour::INTEGER AS hour, count(*)::INTEGER AS n FROM incidents WHERE ${where} GROUP BY 1, 2`,
    ))
      hourByWeekday[(r.dow - 1) * 24 + r.hour] = r.n;
    return { weeks, hourByWeekday, offences: this.offences(where) };
  }

  /** Up to `limit` incident points inside a lon/lat box. */
  points(filter: Filter, bbox: [number, number, number, number], limit: number): Points {
    this.requireData();
    if (!bbox.every(Number.isFinite)) throw new RangeError('The box must be four finite numbers');
    const n = Math.max(0, Math.min(1_000_000, Math.floor(limit)));
    const t = this.engine.query(`SELECT lat, lon, offence FROM incidents WHERE ${filterSql(filter)}
      AND lon BETWEEN ${bbox[0]} AND ${bbox[2]} AND lat BETWEEN ${bbox[1]} AND ${bbox[3]} LIMIT ${n + 1}`);
    const m = Math.min(n, t.numRows);
    const names = t.getChild('offence')!.toArray() as string[];
    const offences: string[] = [];
    const index = new Map<string, number>();
    const offence = new Uint16Array(m);
    for (let i = 0; i < m; i++) {
      let k = index.get(names[i]);
      if (k === undefined) { k = offences.length; offences.push(names[i]); index.set(names[i], k); }
      offence[i] = k;
    }
    return {
      lat: Float64Array.from((t.getChild('lat')!.toArray() as Float64Array).subarray(0, m)),
      lon: Float64Array.from((t.getChild('lon')!.toArray() as Float64Array).subarray(0, m)),
      offence, offences, truncated: t.numRows > n,
    };
  }

  /** The boundary in use (imported or derived from the data). */
  boundary(): FeatureCollection | null {
    return this.boundaryFc;
  }

  /** Rejected rows of the last import, with all their source columns and a `reject_reason`. */
  rejectedCsv(): Uint8Array {
    this.requireData();
    const e = this.engine;
    e.exec(`COPY rejected TO 'rejected.csv' (HEADER, DELIMITER ',')`);
    const bytes = e.readFile('rejected.csv');
    e.dropFile('rejected.csv');
    return bytes;
  }
}

/** Hex H3 index of the two 32-bit halves. */
export function hexOf(hi: number, lo: number): string {
  return hi.toString(16) + lo.toString(16).padStart(8, '0');
}
