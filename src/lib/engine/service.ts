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
import { INDEX_RESOLUTIONS, MAX_RES, MIN_RES, cellToHalves, indexPointsFast } from '../geo/h3bits';
import { polygonsOf, preparePolygons, type PreparedPolygons } from '../geo/point-in-polygon';
import { classifyCoordinates, plausibleRegion, COORD_OK, COORD_OUTSIDE } from '../import/coordinates';
import { toLonLat } from '../import/crs';
import { DATE_FORMATS, detectMapping, mappingProblems } from '../import/detect';
import { dedupePairs } from '../import/dedupe';
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

const inThreadIndexer: CellIndexer = async (lat, lon, resolutions) => indexPointsFast(lat, lon, resolutions);

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
      loadParquetColumns(e, src, cols);
    }
    const types = new Map(src.columns.map((c) => [c.name, c.type]));
    const num = (c?: string) => (c ? (types.get(c) === 'DOUBLE' ? `coalesce(${ident(c)}, 'NaN'::DOUBLE)` : `coalesce(try_cast(${ident(c)} AS DOUBLE), 'NaN'::DOUBLE)`) : `'NaN'::DOUBLE`);
    // CSV text is trimmed; typed sources (Parquet, GeoJSON) are taken as they are.
    const textOf = src.format === 'csv' ? (c: string) => `NULLIF(trim(${ident(c)}), '')` : (c: string) => `NULLIF(${ident(c)}, '')`;
    const text = (c?: string) => (c ? (types.get(c) === 'VARCHAR' ? textOf(c) : `${ident(c)}::VARCHAR`) : 'NULL::VARCHAR');

    // Coordinates go to JavaScript by row number: projection, checks and H3 run once per place.
    const c = e.query(`SELECT __rn, ${num(mapping.lat)} AS lat, ${num(mapping.lon)} AS lon, ${num(mapping.x)} AS x, ${num(mapping.y)} AS y FROM import_raw`);
    const n = c.numRows;
    const rn = c.getChild('__rn')!.toArray() as BigInt64Array;
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    {
      const la = c.getChild('lat')!.toArray() as Float64Array;
      const lo = c.getChild('lon')!.toArray() as Float64Array;
      for (let i = 0; i < n; i++) { const r = Number(rn[i]); lat[r] = la[i]; lon[r] = lo[i]; }
    }
    ctx.progress('Checking coordinates', 0.3);
    await ctx.checkpoint();
    if (mapping.x && mapping.y && mapping.crs) {
      const xs = c.getChild('x')!.toArray() as Float64Array;
      const ys = c.getChild('y')!.toArray() as Float64Array;
      const rows: number[] = [];
      for (let i = 0; i < n; i++) { const r = Number(rn[i]); if ((Number.isNaN(lat[r]) || Number.isNaN(lon[r])) && Number.isFinite(xs[i]) && Number.isFinite(ys[i])) rows.push(i); }
      if (rows.length) {
        const xy = dedupePairs(Float64Array.from(rows, (i) => xs[i]), Float64Array.from(rows, (i) => ys[i]));
        const p = toLonLat(mapping.crs, xy.a, xy.b);
        rows.forEach((i, j) => { const r = Number(rn[i]); lon[r] = p.lon[xy.index[j]]; lat[r] = p.lat[xy.index[j]]; });
      }
    }
    const places = dedupePairs(lat, lon);
    const region = plausibleRegion(places.b, places.a, prepared);
    const status = classifyCoordinates(places.b, places.a, region, clip ? prepared : null);

    ctx.progress('Indexing H3 cells', 0.45);
    await ctx.checkpoint();
    const ok: number[] = [];
    for (let i = 0; i < status.length; i++) if (status[i] === COORD_OK) ok.push(i);
    const cells = await this.indexer(Float64Array.from(ok, (i) => places.a[i]), Float64Array.from(ok, (i) => places.b[i]), INDEX_RESOLUTIONS);
    await ctx.checkpoint();

    ctx.progress('Building tables', 0.75);
    const placeOf = new Int32Array(status.length).fill(-1);
    ok.forEach((p, j) => { placeOf[p] = j; });
    const rowStatus = new Uint8Array(n);
    const cols: Record<string, ArrayLike<unknown>> = { rn: Int32Array.from({ length: n }, (_, i) => i), status: rowStatus, glat: lat, glon: lon };
    const rowCells = INDEX_RESOLUTIONS.map(() => new BigUint64Array(n));
    for (let i = 0; i < n; i++) {
      const p = places.index[i];
      rowStatus[i] = status[p];
      const j = placeOf[p];
      if (j >= 0) for (let r = 0; r < rowCells.length; r++) rowCells[r][i] = cells[r][j];
    }
    INDEX_RESOLUTIONS.forEach((res, r) => { cols[`c${res}`] = rowCells[r]; });
    e.insertArrow('import_geo', tableFromArrays(cols as never));
    await ctx.checkpoint();

    // Every row gets its first failing check as reason; the rest become incidents. import_raw
    // and import_geo are both in row-number order, so they are joined by position (checked).
    const aligned = e.rows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM import_raw POSITIONAL JOIN import_geo WHERE __rn <> rn')[0].n === 0;
    const join = aligned ? 'import_raw r POSITIONAL JOIN import_geo g' : 'import_raw r JOIN import_geo g ON r.__rn = g.rn';
    const ts = this.tsSql(mapping, types);
    e.exec(`CREATE OR REPLACE TABLE import_checked AS
      SELECT g.rn, ${text(mapping.id)} AS id, g.status,
        CASE g.status WHEN 1 THEN 'no_coordinates' WHEN 2 THEN 'out_of_range' WHEN 3 THEN 'swapped_lat_lon'
          ELSE CASE WHEN ${ts} IS NULL THEN 'unparseable_date' END END AS reason
      FROM ${join}`);
    // Duplicate ids among rows that passed so far: the first (by row) is kept.
    e.exec(`CREATE OR REPLACE TABLE import_dups AS
      WITH d AS (SELECT id FROM import_checked WHERE reason IS NULL AND id IS NOT NULL GROUP BY id HAVING count(*) > 1)
      SELECT rn FROM (SELECT c.rn, row_number() OVER (PARTITION BY c.id ORDER BY c.rn) AS k
        FROM import_checked c JOIN d ON c.id = d.id WHERE c.reason IS NULL) WHERE k > 1`);
    e.exec(`UPDATE import_checked SET reason = 'duplicate_id' WHERE rn IN (SELECT rn FROM import_dups)`);
    e.exec(`UPDATE import_checked SET reason = 'outside_boundary' WHERE reason IS NULL AND status = ${COORD_OUTSIDE}`);
    e.exec(`CREATE OR REPLACE TABLE incidents AS SELECT *, hour(ts)::UTINYINT AS hour, isodow(ts)::UTINYINT AS dow FROM (
      SELECT g.rn, k.id, ${ts} AS ts, coalesce(${text(mapping.offence)}, 'Unknown') AS offence, ${text(mapping.location)} AS location,
        g.glat AS lat, g.glon AS lon, ${INDEX_RESOLUTIONS.map((r) => `g.c${r}`).join(', ')}
      FROM ${join} ${aligned ? 'POSITIONAL JOIN import_checked k' : 'JOIN import_checked k ON k.rn = g.rn'} WHERE k.reason IS NULL)`);
    // Rejected rows keep every source column, so the user can fix and re-import them.
    e.exec(`CREATE OR REPLACE TABLE rejected AS SELECT r.* EXCLUDE (__rn), c.reason AS reject_reason
      FROM import_raw r JOIN import_checked c ON r.__rn = c.rn WHERE c.reason IS NOT NULL ORDER BY r.__rn`);
    for (const t of ['import_geo', 'import_dups']) e.exec(`DROP TABLE IF EXISTS ${t}`);

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
