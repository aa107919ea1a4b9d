/**
 * The incident service: every operation of the engine protocol, over one synchronous Engine.
 * The browser's engine worker and Node (CLI, tests, benchmarks) run this same code.
 *
 * Tables: `import_raw` (the staged source rows, or a sample for Parquet); `incident_base` (every
 * source row's parsed fields, hour, ISO weekday and reject reason, 0 = kept) and `incident_cells`
 * (its H3 cells at resolutions 6–11 as UBIGINT, row for row); the view `incidents` (kept rows of
 * both, joined by position); `rejected` (rejected rows with all source columns); `study_r{res}`
 * (study-area cells at a resolution, built on first use).
 */
import { Table, Type, Utf8, makeVector, tableFromArrays, vectorFromArray, type Field, type Vector } from 'apache-arrow';
import type { FeatureCollection } from 'geojson';
import { polygonToCells } from 'h3-js';
import { Engine, str } from './engine';
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
import { detectMapping, mappingProblems } from '../import/detect';
import { nothingKeptMessage, rejectionNotes, type WithNotes } from '../import/advice';
import { typeProblems } from '../import/column-types';
import { isNumericDateFormat, textDateSql } from '../import/dates';
import { adjustCoordinates, chooseDateFormat, guessDateColumn } from '../import/guess';
import { dedupePairs } from '../import/dedupe';
import { epochMillis, floats, hourAndWeekday, typedFromArrow, type TypedRows } from '../import/typed';
import { filterSql } from '../query/filters';
import type { KnoxPermuter } from '../analysis/repeats/knox';
import { CUBE_ONLY_COUNTS, CubeQueries, loadCube, type CubeFile, type CubeReport } from './cube';
import { boundaryOf, dateTextSql, fieldSql, hexOf, res7Sql, timestampSql } from './bulk';
import { checkCapacity } from './capacity';

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

  /** The Parquet reader this service was made with (environment layers use it too). */
  get parquetReader(): ParquetReader {
    return this.readParquet;
  }
  private readonly indexer: CellIndexer;
  private staged: StagedSource | null = null;
  private boundaryFc: FeatureCollection | null = null;
  private studyBuilt = new Set<number>();
  private hasData = false;
  /** The open cube (counts only, cube.ts), while the data is a cube rather than incidents. */
  private cube: CubeQueries | null = null;
  private counts: { reason: number; n: number }[] = [];
  private rejectedFrom: Table | null = null;
  /** The mapping detected for the staged file and the notes on what detection repaired or guessed. */
  private detected: { mapping: string; notes: string[] } = { mapping: '', notes: [] };
  /** CRS of the kept projected x/y columns, or null when the source had none. */
  crs: string | null = null;

  /** Runs a Knox test's permutations in helper threads (the browser's compute workers); null: in this thread. */
  readonly knoxPermuter: KnoxPermuter | null;

  constructor(engine: Engine, deps: { readParquet: ParquetReader; indexer?: CellIndexer; knoxPermuter?: KnoxPermuter }) {
    this.engine = engine;
    this.readParquet = deps.readParquet;
    this.indexer = deps.indexer ?? inThreadIndexer;
    this.knoxPermuter = deps.knoxPermuter ?? null;
  }

  /**
   * Stages a file and detects its columns for the user to confirm. What was repaired or guessed
   * (encoding, swapped or projected coordinates, date formats) comes back in `notes`.
   */
  async stage(name: string, bytes: Uint8Array, force = false): Promise<Detection> {
    if (bytes.length === 0) throw new Error(`"${name}" is empty (0 bytes): choose the file again, or export it again if the export failed.`);
    // Before decoding: a file with more rows than the browser holds is refused with what to do.
    const capacityNote = await checkCapacity(name, bytes, force);
    const src = await stageSource(this.engine, name, bytes, this.readParquet);
    this.staged = src;
    const names = src.columns.map((c) => c.name);
    const samples = sampleValues(this.engine, names);
    const { preset, mapping } = detectMapping(names);
    const notes = [...src.notes];
    if (capacityNote) notes.push(capacityNote);
    const sampled = src.table ? Math.min(src.rows, 200) : src.rows;
    adjustCoordinates(this.engine, mapping, src.columns, sampled, notes);
    if (!mapping.datetime && !mapping.date) this.guessDateColumn(mapping, src);
    this.chooseDateFormat(mapping, src, notes);
    const det: WithNotes<Detection> = {
      name,
      format: src.format,
      rows: src.rows,
      columns: src.columns.map((c) => ({ ...c, sample: samples[c.name] ?? [] })),
      preset,
      mapping,
    };
    if (notes.length) det.notes = notes;
    this.detected = { mapping: sameMapping(mapping), notes };
    return det;
  }

  /** Without a date column by name, takes the first column whose values read as dates. */
  private guessDateColumn(m: ColumnMapping, src: StagedSource): void {
    guessDateColumn(this.engine, m, src.columns, src.table ? Math.min(src.rows, 200) : src.rows);
  }

  /** Keeps the preset's date format if it reads the samples, else picks the formats that read most. */
  private chooseDateFormat(m: ColumnMapping, src: StagedSource, notes: string[]): void {
    chooseDateFormat(this.engine, m, src.columns, src.table ? Math.min(src.rows, 200) : src.rows, dateTextSql(m), notes);
  }


  /** Imports the staged file under a confirmed mapping and reports what was kept and why not. */
  async import(mapping: ColumnMapping, boundary: FeatureCollection | null, clip: boolean, ctx: Ctx = NO_CTX): Promise<ValidationReport> {
    const src = this.staged;
    if (!src) throw new Error('No file is staged: choose a file first.');
    const names = src.columns.map((c) => c.name);
    const problems = mappingProblems(mapping, names);
    if (!problems.length) problems.push(...typeProblems(mapping, src.columns), ...this.formatProblems(mapping));
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
    const rows = (src.table && typedFromArrow(src.table, mapping)) || this.typedFromSql(src, mapping);
    const n = rows.n;
    const lat = rows.lat;
    const lon = rows.lon;

    ctx.progress('Checking coordinates', 0.3);
    await ctx.checkpoint();
    if (rows.x && rows.y && mapping.crs) {
      const { x, y } = rows;
      const todo: number[] = [];
      for (let i = 0; i < n; i++) if ((Number.isNaN(lat[i]) || Number.isNaN(lon[i])) && Number.isFinite(x[i]) && Number.isFinite(y[i])) todo.push(i);
      if (todo.length) {
        const xy = dedupePairs(Float64Array.from(todo, (i) => x[i]), Float64Array.from(todo, (i) => y[i]));
        const p = toLonLat(mapping.crs, xy.a, xy.b);
        todo.forEach((i, j) => { lon[i] = p.lon[xy.index[j]]; lat[i] = p.lat[xy.index[j]]; });
      }
    }
    // Checks and H3 run once per distinct place.
    const places = dedupePairs(lat, lon);
    const region = plausibleRegion(places.b, places.a, prepared);
    const status = classifyCoordinates(places.b, places.a, region, clip ? prepared : null);

    ctx.progress('Indexing H3 cells', 0.45);
    await ctx.checkpoint();
    const ok: number[] = [];
    for (let i = 0; i < status.length; i++) if (status[i] === COORD_OK) ok.push(i);
    // H3 runs in the compute workers (in the browser) while this thread builds the other columns.
    const cellsPending = this.indexer(Float64Array.from(ok, (i) => places.a[i]), Float64Array.from(ok, (i) => places.b[i]), INDEX_RESOLUTIONS);

    // Reason per row, as 1 + its index in REJECT_REASONS (0 = kept); duplicates are found in SQL.
    const ms = epochMillis(rows.ts);
    const { hour, dow } = hourAndWeekday(ms);
    const reason = new Uint8Array(n);
    const code = (r: RejectReason) => REJECT_REASONS.indexOf(r) + 1;
    const byStatus = [0, code('no_coordinates'), code('out_of_range'), code('swapped_lat_lon'), code('outside_boundary')];
    const UNPARSEABLE = code('unparseable_date');
    for (let i = 0; i < n; i++) {
      const st = status[places.index[i]];
      reason[i] = st !== COORD_OK && st !== COORD_OUTSIDE ? byStatus[st] : Number.isNaN(ms[i]) ? UNPARSEABLE : byStatus[st];
    }
    const base: Record<string, Vector> = { rn: makeVector(Int32Array.from({ length: n }, (_, i) => i)), ts: rows.ts };
    if (rows.id) base.id = rows.id;
    if (rows.offence) base.offence = rows.offence;
    if (rows.location) base.location = rows.location;
    Object.assign(base, { lat: makeVector(lat), lon: makeVector(lon), hour: makeVector(hour), dow: makeVector(dow), reason: makeVector(reason) });
    // The source's projected coordinates, kept for metric analyses (Knox distances) in its own CRS.
    if (rows.x && rows.y && mapping.crs) Object.assign(base, { x: makeVector(rows.x), y: makeVector(rows.y) });
    e.insertArrow('import_base', new Table(base));
    if (!rows.id) e.exec('ALTER TABLE import_base ADD COLUMN id VARCHAR');
    if (!rows.offence) e.exec('ALTER TABLE import_base ADD COLUMN offence VARCHAR');
    if (!rows.location) e.exec('ALTER TABLE import_base ADD COLUMN location VARCHAR');
    if (!(rows.x && rows.y && mapping.crs)) e.exec('ALTER TABLE import_base ADD COLUMN x DOUBLE; ALTER TABLE import_base ADD COLUMN y DOUBLE');
    this.crs = rows.x && rows.y && mapping.crs ? mapping.crs : null;
    e.exec(`UPDATE import_base SET offence = 'Unknown' WHERE offence IS NULL OR offence = ''`);
    // Duplicate ids among rows that passed the coordinate and date checks: the first is kept.
    const OUTSIDE = code('outside_boundary');
    e.exec(`UPDATE import_base SET reason = ${code('duplicate_id')} WHERE rn IN (
      WITH d AS (SELECT id FROM import_base WHERE reason IN (0, ${OUTSIDE}) AND id IS NOT NULL GROUP BY id HAVING count(*) > 1)
      SELECT rn FROM (SELECT a.rn, row_number() OVER (PARTITION BY a.id ORDER BY a.rn) AS k
        FROM import_base a JOIN d ON a.id = d.id WHERE a.reason IN (0, ${OUTSIDE})) WHERE k > 1)`);
    // Nothing usable: stop with what went wrong and what to do; the data already loaded stays.
    const counts = e.rows<{ reason: number; n: number }>('SELECT reason::INTEGER AS reason, count(*)::INTEGER AS n FROM import_base GROUP BY reason');
    const byReason = Object.fromEntries(REJECT_REASONS.map((r, i) => [r, counts.find((c) => c.reason === i + 1)?.n ?? 0])) as Record<RejectReason, number>;
    if (!counts.some((c) => c.reason === 0 && c.n > 0)) {
      cellsPending.catch(() => {});
      throw new Error(nothingKeptMessage(src.name, n, byReason, mapping));
    }
    // Detection's notes hold while its mapping is used unchanged; else only those on reading the file.
    const read = sameMapping(mapping) === this.detected.mapping ? this.detected.notes : src.notes;
    const notes = [...read, ...rejectionNotes(n, byReason, mapping), ...this.futureDates(mapping)];

    const cells = await cellsPending;
    await ctx.checkpoint();
    ctx.progress('Building tables', 0.75);
    const placeOf = new Int32Array(status.length).fill(-1);
    ok.forEach((p, j) => { placeOf[p] = j; });
    const rowCells = INDEX_RESOLUTIONS.map(() => new BigUint64Array(n));
    // Copy 64-bit cells as pairs of 32-bit words: reading a BigUint64Array allocates a BigInt.
    const dst = rowCells.map((a) => new Uint32Array(a.buffer));
    const srcCells = cells.map((a) => new Uint32Array(a.buffer, a.byteOffset, a.length * 2));
    for (let i = 0; i < n; i++) {
      const j = placeOf[places.index[i]];
      if (j >= 0)
        for (let r = 0; r < dst.length; r++) {
          dst[r][2 * i] = srcCells[r][2 * j];
          dst[r][2 * i + 1] = srcCells[r][2 * j + 1];
        }
    }
    e.insertArrow('import_cells', new Table(Object.fromEntries(INDEX_RESOLUTIONS.map((res, r) => [`c${res}`, makeVector(rowCells[r])]))));

    // Swap the new rows in: `incidents` is the kept rows of base ⨝ cells, joined by position.
    e.exec(`CREATE OR REPLACE TABLE import_rejects AS SELECT rn, reason FROM import_base WHERE reason <> 0 ORDER BY rn`);
    this.counts = counts;
    this.keepRejected(src);
    this.closeCube();
    e.exec('DROP VIEW IF EXISTS incidents');
    e.exec('DROP TABLE IF EXISTS incident_base');
    e.exec('DROP TABLE IF EXISTS incident_cells');
    e.exec('ALTER TABLE import_base RENAME TO incident_base');
    e.exec('ALTER TABLE import_cells RENAME TO incident_cells');
    e.exec('CREATE VIEW incidents AS SELECT * FROM incident_base POSITIONAL JOIN incident_cells WHERE reason = 0');

    for (const r of this.studyBuilt) e.exec(`DROP TABLE IF EXISTS study_r${r}`);
    this.studyBuilt.clear();
    this.hasData = true;
    this.boundaryFc = boundary ?? this.deriveBoundary();
    ctx.progress('Done', 1);
    const report: WithNotes<ValidationReport> = this.report(src.name, boundary ? 'imported' : 'derived', clip);
    if (notes.length) report.notes = notes;
    return report;
  }

  /** Problems with a text date format the user typed (DuckDB rejects unknown specifiers). */
  private formatProblems(m: ColumnMapping): string[] {
    if (!m.dateFormat || isNumericDateFormat(m.dateFormat)) return [];
    try {
      this.engine.query(`SELECT ${textDateSql("'2000-01-01'", m.dateFormat)} AS t`);
      return [];
    } catch (e) {
      return [`The date format "${m.dateFormat}" is not valid (${(e as Error).message.split('\n')[0]}): use strptime codes such as %Y-%m-%d %H:%M.`];
    }
  }

  /** A note on kept incidents dated after tomorrow: they are kept, but the date format may be wrong. */
  private futureDates(m: ColumnMapping): string[] {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const r = this.engine.rows<{ n: number; last: string | null }>(
      `SELECT count(*)::INTEGER AS n, strftime(max(ts), '%Y-%m-%d') AS last FROM import_base WHERE reason = 0 AND ts >= DATE ${str(tomorrow)}`,
    )[0];
    if (!r.n) return [];
    return [
      `${r.n} incident${r.n === 1 ? ' is' : 's are'} dated in the future (the latest ${r.last}). They were kept; check the date column "${m.datetime ?? m.date}" and its format${m.dateFormat ? ` (${m.dateFormat})` : ''}, for example day/month order.`,
    ];
  }

  /** Parses the mapped columns with DuckDB SQL (CSV, GeoJSON, Parquet with text fields). */
  private typedFromSql(src: StagedSource, m: ColumnMapping): TypedRows {
    const e = this.engine;
    if (src.table) {
      const cols = [...new Set(Object.entries(m).filter(([k, v]) => k !== 'dateFormat' && k !== 'crs' && v).map(([, v]) => v as string))];
      loadParquetColumns(e, src, cols);
    }
    const types = new Map(src.columns.map((c) => [c.name, c.type]));
    const { num, text } = fieldSql(src.format, types);
    const t = e.query(`SELECT ${text(m.id)} AS id, ${timestampSql(m, types)} AS ts, ${text(m.offence)} AS offence, ${text(m.location)} AS location,
      ${num(m.lat)} AS lat, ${num(m.lon)} AS lon, ${num(m.x)} AS x, ${num(m.y)} AS y FROM import_raw ORDER BY __rn`);
    const n = t.numRows;
    return {
      n, id: m.id ? t.getChild('id') : null, ts: t.getChild('ts')!, offence: m.offence ? t.getChild('offence') : null,
      location: m.location ? t.getChild('location') : null, lat: floats(t.getChild('lat'), n), lon: floats(t.getChild('lon'), n),
      x: m.x ? floats(t.getChild('x'), n) : null, y: m.y ? floats(t.getChild('y'), n) : null,
    };
  }

  /**
   * Keeps the rejected rows with every source column, so the user can fix and re-import them:
   * CSV and GeoJSON rows are copied out of `import_raw` now; a Parquet file's Arrow table is
   * kept and its rejected rows are written out when asked for.
   */
  private keepRejected(src: StagedSource): void {
    this.rejectedFrom = null;
    if (src.table) {
      this.rejectedFrom = src.table;
      this.engine.exec('DROP TABLE IF EXISTS rejected');
      return;
    }
    this.engine.exec(`CREATE OR REPLACE TABLE rejected AS SELECT r.* EXCLUDE (__rn), ${REASON_SQL} AS reject_reason
      FROM import_raw r JOIN import_rejects x ON r.__rn = x.rn ORDER BY r.__rn`);
  }

  /** The data's own footprint: resolution-7 cells holding incidents, grown by one ring. */
  private deriveBoundary(): FeatureCollection | null {
    return boundaryOf(this.engine.query(res7Sql('incidents', 'c7')));
  }

  private report(source: string, boundary: 'imported' | 'derived', clipped: boolean): ValidationReport {
    const e = this.engine;
    const rejected = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
    let kept = 0;
    let read = 0;
    for (const { reason, n } of this.counts) {
      read += n;
      if (reason === 0) kept += n;
      else rejected[REJECT_REASONS[reason - 1]] = n;
    }
    const span = e.rows<{ a: string | null; b: string | null }>(`SELECT strftime(min(ts), '%Y-%m-%dT%H:%M:%S') AS a, strftime(max(ts), '%Y-%m-%dT%H:%M:%S') AS b FROM incidents`)[0];
    return { source, read, kept, rejected, boundary, clipped, from: span.a, to: span.b, offences: this.offences('TRUE') };
  }

  private offences(where: string): { offence: string; count: number }[] {
    return this.engine.rows<{ offence: string; count: number }>(
      `SELECT offence, count(*)::INTEGER AS count FROM incidents WHERE ${where} GROUP BY offence ORDER BY count DESC, offence`,
    );
  }

  /**
   * Opens a pre-aggregated cube (Parquet files, hive folders allowed) in place of incidents: the
   * counts-only operations (aggregate, charts, hot spots) then run on it; the others say why not.
   */
  async openCube(files: CubeFile[], boundary: FeatureCollection | null, ctx: Ctx = NO_CTX): Promise<CubeReport> {
    ctx.progress('Reading the cube', 0.02);
    await ctx.checkpoint();
    const open = this.cube;
    const info = await loadCube(this.engine, files, this.readParquet, (f) => ctx.progress('Reading the cube', 0.02 + 0.9 * f));
    open?.drop();
    const cube = new CubeQueries(this.engine, info);
    cube.start(boundary);
    for (const r of this.studyBuilt) this.engine.exec(`DROP TABLE IF EXISTS study_r${r}`);
    this.studyBuilt.clear();
    this.engine.exec('DROP VIEW IF EXISTS incidents');
    this.hasData = false;
    this.cube = cube;
    this.boundaryFc = cube.boundary();
    ctx.progress('Done', 1);
    const name = files.length === 1 ? files[0].path : `cube of ${info.files} files`;
    return { ...cube.report(name), cube: info };
  }

  private closeCube(): void {
    if (!this.cube) return;
    this.cube.drop();
    this.engine.exec('DROP VIEW IF EXISTS cube_v; DROP TABLE IF EXISTS cube');
    this.cube = null;
  }

  private requireData(): void {
    if (this.cube) throw new Error(CUBE_ONLY_COUNTS);
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
    if (this.cube) return this.cube.aggregate(res, filter);
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
    if (this.cube) return this.cube.charts(filter);
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

  /**
   * The kept incidents under a filter, column by column in import order: id, time (ms since the
   * epoch, naive local time), lat/lon, the source's projected x/y (NaN when it had none; CRS in
   * `this.crs`), offence, location key and the H3 cell at `res` (hex).
   */
  incidentColumns(filter: Filter, res = 9): IncidentColumns {
    this.requireData();
    if (!Number.isInteger(res) || res < MIN_RES || res > MAX_RES) throw new RangeError(`Resolution must be ${MIN_RES}–${MAX_RES}, got ${res}`);
    const t = this.engine.query(`SELECT id::VARCHAR AS id, epoch_ms(ts)::DOUBLE AS ms, lat, lon, coalesce(x, 'NaN'::DOUBLE) AS x, coalesce(y, 'NaN'::DOUBLE) AS y,
      offence, location, (c${res} >> 32)::UINTEGER AS hi, (c${res} & 4294967295)::UINTEGER AS lo FROM incidents WHERE ${filterSql(filter)} ORDER BY rn`);
    const f = (k: string) => Float64Array.from(t.getChild(k)!.toArray() as Float64Array);
    const hi = t.getChild('hi')!.toArray() as Uint32Array;
    const lo = t.getChild('lo')!.toArray() as Uint32Array;
    return {
      n: t.numRows, crs: this.crs,
      id: t.getChild('id')!.toArray() as (string | null)[], ms: f('ms'), lat: f('lat'), lon: f('lon'), x: f('x'), y: f('y'),
      offence: t.getChild('offence')!.toArray() as string[], location: t.getChild('location')!.toArray() as (string | null)[],
      cell: Array.from(hi, (h, i) => hexOf(h, lo[i])),
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
    if (this.rejectedFrom && !e.hasTable('rejected')) {
      const t = this.rejectedFrom;
      const x = e.query('SELECT rn, reason::INTEGER AS reason FROM import_rejects ORDER BY rn');
      const rn = x.getChild('rn')!.toArray() as Int32Array;
      const rs = x.getChild('reason')!.toArray() as Int32Array;
      // Every source column as text, so nothing about a rejected row is lost or re-typed.
      const text = (f: Field, v: unknown): string | null => {
        if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
        if (f.type.typeId === Type.Timestamp) return new Date(Number(v)).toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
        return String(v);
      };
      const cols: Record<string, Vector> = {};
      for (const f of t.schema.fields) {
        const v = t.getChild(f.name)!;
        cols[f.name] = vectorFromArray(Array.from(rn, (r) => text(f, v.get(r))), new Utf8());
      }
      cols.reject_reason = vectorFromArray(Array.from(rs, (r) => REJECT_REASONS[r - 1]), new Utf8());
      if (rn.length) e.insertArrow('rejected', new Table(cols));
      else e.exec('CREATE TABLE rejected (reject_reason VARCHAR)');
    }
    return e.exportCsv('SELECT * FROM rejected');
  }
}

/** A mapping as text that ignores key order and empty roles, to compare two mappings. */
function sameMapping(m: ColumnMapping): string {
  return JSON.stringify(Object.entries(m).filter(([, v]) => v).sort(([a], [b]) => a.localeCompare(b)));
}

/** SQL for a reason code's name (codes are 1 + index in REJECT_REASONS). */
const REASON_SQL = `CASE x.reason ${REJECT_REASONS.map((r, i) => `WHEN ${i + 1} THEN '${r}'`).join(' ')} END`;

/** Kept incidents column by column (see IncidentService.incidentColumns). */
export interface IncidentColumns {
  n: number;
  crs: string | null;
  id: (string | null)[];
  ms: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  x: Float64Array;
  y: Float64Array;
  offence: string[];
  location: (string | null)[];
  cell: string[];
}

/** Hex H3 index of the two 32-bit halves. */
export { hexOf };
