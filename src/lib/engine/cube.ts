/**
 * The pre-aggregated incident cube: counts per H3 cell × day (× hour) × offence, a plain Parquet
 * dataset (one file, or hive-style folders such as `year=2016/part-0.parquet`) that the CLI's
 * `cube` command writes (cube-build.ts), that Spark with Sedona can write (docs/scale.md), and that
 * the app opens directly for everything that needs only counts: aggregation, the charts and the
 * hot-spot statistics.
 *
 * Columns (names are the contract; types are read leniently):
 *   c6 … c15   H3 cells as 64-bit integers (BIGINT); at least one. The finest is the cube's
 *              resolution; coarser columns, when present, hold the cell the point itself falls in
 *              (latLngToCell at that resolution), exactly as an import indexes it.
 *   day        DATE (local calendar day)
 *   hour       hour of day 0–23 (optional: without it, no hour filter and no hour × weekday chart)
 *   offence    text
 *   n          count (> 0)
 * A column missing from a file may come from its folder names (`offence=THEFT/part-0.parquet`),
 * as Spark and DuckDB write partition columns; other folder keys (`year=`, `cell_r3=`) are ignored.
 * A resolution without its own column is rolled up from the finest by H3's parent arithmetic, which
 * differs from indexing the points themselves for points near cell edges; the app says so.
 */
import { Table, type Vector } from 'apache-arrow';
import type { FeatureCollection } from 'geojson';
import { ident, str, type Engine } from './engine';
import type { CellCounts, ChartData, Filter, ValidationReport } from './protocol';
import { REJECT_REASONS, type RejectReason } from './protocol';
import { boundaryOf, cellCountsOf, countsSql, offencesOf, offencesSql, res7Sql, studyParts } from './bulk';
import type { ParquetReader } from './sources';
import { MAX_RES, MIN_RES, parentMasks } from '../geo/h3bits';
import { parquetRows } from './capacity';
import { filterSql } from '../query/filters';

/** One file of a cube: its path inside the dataset (folders carry partition keys) and its bytes. */
export interface CubeFile {
  path: string;
  bytes: Uint8Array;
}

/** What an opened cube holds. */
export interface CubeInfo {
  files: number;
  rows: number;
  /** Incidents counted (the sum of n). */
  incidents: number;
  /** Resolutions with their own column, finest last. */
  levels: number[];
  hour: boolean;
  from: string | null;
  to: string | null;
}

/** The cube's column names and SQL types, in file order. */
export function cubeColumns(levels: readonly number[], hour: boolean): { name: string; type: string }[] {
  return [
    ...[...levels].sort((a, b) => a - b).map((r) => ({ name: `c${r}`, type: 'BIGINT' })),
    { name: 'day', type: 'DATE' },
    ...(hour ? [{ name: 'hour', type: 'TINYINT' }] : []),
    { name: 'offence', type: 'VARCHAR' },
    { name: 'n', type: 'INTEGER' },
  ];
}

/** SQL of an H3 cell's parent at `res` by bit arithmetic (a BIGINT expression). */
export function parentSql(cell: string, res: number): string {
  const { keep, set } = parentMasks(res);
  return `((${cell} & ${BigInt.asIntN(64, keep)}::BIGINT) | ${BigInt.asIntN(64, set)}::BIGINT)`;
}

/** Hive partition keys of a path: `a=1/b=x%20y/part-0.parquet` → {a: '1', b: 'x y'}. */
export function hiveKeys(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const seg of path.split('/').slice(0, -1)) {
    const i = seg.indexOf('=');
    if (i > 0) {
      let v = seg.slice(i + 1);
      try { v = decodeURIComponent(v); } catch { /* keep as written */ }
      out[seg.slice(0, i)] = v;
    }
  }
  return out;
}

const CELL_COL = /^c(\d{1,2})$/;

/** What opening a cube reports: an import's report (every counted incident kept) and the cube. */
export type CubeReport = ValidationReport & { cube: CubeInfo };

/**
 * Reads cube files into the table `cube` (c{r} UBIGINT…, day DATE, hour UTINYINT, offence, n
 * UINTEGER) and the view `cube_v` (with ts and dow for the filters). Throws a message naming the
 * file and the problem when a file is not a cube or does not match the others; an open cube is
 * replaced only once the new one has been read.
 */
export async function loadCube(engine: Engine, files: CubeFile[], readParquet: ParquetReader, progress: (fraction: number) => void = () => {}): Promise<CubeInfo> {
  try {
    return await readCube(engine, files, readParquet, progress);
  } catch (e) {
    engine.exec('DROP TABLE IF EXISTS cube_load; DROP TABLE IF EXISTS cube_part');
    throw e;
  }
}

async function readCube(engine: Engine, files: CubeFile[], readParquet: ParquetReader, progress: (fraction: number) => void): Promise<CubeInfo> {
  const parquet = files.filter((f) => /\.parquet$/i.test(f.path) && !/(^|\/)[._]/.test(f.path));
  if (parquet.length === 0)
    throw new Error(`No Parquet files among the ${files.length} chosen${files.length ? ` (${files.slice(0, 3).map((f) => `"${f.path}"`).join(', ')}${files.length > 3 ? ', …' : ''})` : ''}: choose the cube's folder, or its .parquet files.`);
  // Before decoding anything: the rows from the files' footers against what the engine holds.
  let total = 0;
  for (const f of parquet) {
    try {
      total += await parquetRows(f.bytes);
    } catch {
      /* a damaged file: reading it below says so */
    }
  }
  if (total > MAX_CUBE_ROWS) throw new Error(tooLarge(parquet.length, null, total));
  let shape: { levels: number[]; hour: boolean; from: string } | null = null;
  engine.exec('DROP TABLE IF EXISTS cube_load');
  parquet.sort((a, b) => a.path.localeCompare(b.path));
  for (let i = 0; i < parquet.length; i++) {
    const f = parquet[i];
    let t: Table;
    try {
      t = await readParquet(f.bytes);
    } catch (e) {
      throw new Error(`"${f.path}" could not be read as Parquet (${(e as Error).message}). It may be cut short: write or copy the cube again.`);
    }
    const keys = hiveKeys(f.path);
    const names = t.schema.fields.map((x) => x.name);
    const has = (c: string) => names.includes(c) || c in keys;
    const levels = [...new Set([...names, ...Object.keys(keys)].map((c) => CELL_COL.exec(c)).filter((m): m is RegExpExecArray => !!m).map((m) => Number(m[1])))]
      .filter((r) => r >= 0 && r <= 15)
      .sort((a, b) => a - b);
    const missing = ['day', 'offence', 'n'].filter((c) => !has(c));
    if (levels.length === 0) missing.unshift('an H3 cell column (c6 … c15)');
    if (missing.length)
      throw new Error(`"${f.path}" is not an incident cube: it has no ${missing.join(', ')} (its columns: ${names.join(', ') || 'none'}). A cube has H3 cell columns c6 … c15, day, offence, n and optionally hour; build one with the CLI's cube command.`);
    const hour = has('hour');
    const label = `${levels.map((r) => `c${r}`).join(', ')}${hour ? ', hour' : ''}`;
    if (!shape) shape = { levels, hour, from: f.path };
    else if (shape.levels.join() !== levels.join() || shape.hour !== hour) {
      engine.exec('DROP TABLE IF EXISTS cube_load');
      throw new Error(`"${f.path}" has different columns (${label}) from "${shape.from}" (${shape.levels.map((r) => `c${r}`).join(', ')}${shape.hour ? ', hour' : ''}): all files of a cube must come from the same cube.`);
    }
    // Drop columns DuckDB-wasm does not need (and might not read) before inserting.
    const keep = names.filter((c) => CELL_COL.test(c) || ['day', 'hour', 'offence', 'n'].includes(c));
    const cols: Record<string, Vector> = {};
    for (const c of keep) cols[c] = t.getChild(c)!;
    engine.insertArrow('cube_part', new Table(cols));
    const val = (c: string, type: string) => (names.includes(c) ? `${ident(c)}` : `${str(keys[c])}`) + `::${type}`;
    const cells = levels.map((r) => `${val(`c${r}`, 'BIGINT')}::UBIGINT AS c${r}`);
    const select = `SELECT ${cells.join(', ')}, ${val('day', 'DATE')} AS day, ${hour ? val('hour', 'UTINYINT') : 'NULL::UTINYINT'} AS hour,
      ${val('offence', 'VARCHAR')} AS offence, ${val('n', 'BIGINT')}::UINTEGER AS n FROM cube_part`;
    try {
      engine.exec(i === 0 ? `CREATE TABLE cube_load AS ${select}` : `INSERT INTO cube_load ${select}`);
    } catch (e) {
      engine.exec('DROP TABLE IF EXISTS cube_load');
      if (/out of memory/i.test((e as Error).message)) throw new Error(tooLarge(parquet.length, i));
      throw new Error(`"${f.path}" has values the cube cannot hold (${(e as Error).message.split('\n')[0]}): cells must be 64-bit H3 integers, day a date, hour 0–23, n a positive count.`);
    } finally {
      engine.exec('DROP TABLE IF EXISTS cube_part');
    }
    progress((i + 1) / parquet.length);
  }
  const s = shape!;
  const fail = (msg: string): never => {
    engine.exec('DROP TABLE IF EXISTS cube_load');
    throw new Error(msg);
  };
  // Every cell column must hold cells of its resolution.
  for (const r of s.levels) {
    const bad = engine.rows<{ n: number; res: number | null }>(`SELECT count(*)::INTEGER AS n, any_value(((c${r} >> 52) & 15)::INTEGER) AS res FROM cube_load WHERE c${r} IS NULL OR ((c${r} >> 52) & 15) <> ${r} OR (c${r} >> 59) <> 1`)[0];
    if (bad.n > 0) fail(`Column c${r} of the cube should hold H3 cells of resolution ${r}, but ${bad.n} rows do not (${bad.res === null ? 'empty' : `resolution ${bad.res}`}). Write the cube again with cells from latLngToCell at resolution ${r}.`);
  }
  const bad = engine.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM cube_load WHERE n IS NULL OR n = 0 OR day IS NULL OR offence IS NULL ${s.hour ? 'OR hour IS NULL OR hour > 23' : ''}`)[0];
  if (bad.n > 0) fail(`${bad.n} rows of the cube have an empty day, offence or count${s.hour ? ', or an hour outside 0–23' : ''}: the cube is damaged; write it again.`);
  engine.exec('DROP VIEW IF EXISTS cube_v; DROP TABLE IF EXISTS cube; ALTER TABLE cube_load RENAME TO cube');
  engine.exec(`CREATE OR REPLACE VIEW cube_v AS SELECT *, day::TIMESTAMP AS ts, isodow(day)::UTINYINT AS dow FROM cube`);
  const sum = engine.rows<{ rows: number; n: number; a: string | null; b: string | null }>(
    `SELECT count(*)::DOUBLE AS rows, coalesce(sum(n), 0)::DOUBLE AS n, strftime(min(day), '%Y-%m-%d') AS a, strftime(max(day), '%Y-%m-%d') AS b FROM cube`,
  )[0];
  return { files: parquet.length, rows: sum.rows, incidents: sum.n, levels: s.levels, hour: s.hour, from: sum.a, to: sum.b };
}

/**
 * An opened cube: the counts the app needs, from the table `cube` (loadCube), synchronously on the
 * app's engine with the import's SQL (bulk.ts). Aggregates match an import of the same incidents
 * at every resolution with its own column.
 */
export class CubeQueries {
  private readonly studyBuilt = new Set<number>();
  private boundaryFc: FeatureCollection | null = null;

  constructor(private readonly engine: Engine, readonly info: CubeInfo) {}

  /** Takes `boundary`, or derives the study area (res-7 cells holding incidents, grown by one ring). */
  start(boundary: FeatureCollection | null): void {
    this.drop();
    this.boundaryFc = boundary ?? boundaryOf(this.engine.query(res7Sql('cube', this.cellSql(7))));
  }

  /** Drops the study-area tables. */
  drop(): void {
    for (const res of this.studyBuilt) this.engine.exec(`DROP TABLE IF EXISTS cube_study_r${res}`);
    this.studyBuilt.clear();
  }

  get finest(): number {
    return this.info.levels[this.info.levels.length - 1];
  }

  /** SQL of the cell at `res`: its own column, or the finest cell's parent. */
  cellSql(res: number): string {
    if (this.info.levels.includes(res)) return `c${res}`;
    if (res > this.finest) throw new RangeError(`This cube counts incidents in H3 cells of resolution ${this.finest} at the finest: choose resolution ${this.finest} or coarser, or build a finer cube.`);
    return `${parentSql(`c${this.finest}::BIGINT`, res)}::UBIGINT`;
  }

  /** Whether counts at `res` are rolled up through H3's parent arithmetic (not indexed directly). */
  rolledUp(res: number): boolean {
    return !this.info.levels.includes(res);
  }

  private where(f: Filter): string {
    if (f.hours && f.hours.length > 0 && f.hours.length < 24 && !this.info.hour)
      throw new RangeError('This cube has no hour of day (it was built without it), so it cannot be filtered by hour: clear the hour filter, or build the cube with hours.');
    return filterSql(f);
  }

  /** A report shaped like an import's: every counted incident kept. */
  report(source: string): ValidationReport {
    const rejected = Object.fromEntries(REJECT_REASONS.map((x) => [x, 0])) as Record<RejectReason, number>;
    const n = this.info.incidents;
    return {
      source, read: n, kept: n, rejected, boundary: 'derived', clipped: false,
      from: this.info.from ? `${this.info.from}T00:00:00` : null,
      to: this.info.to ? `${this.info.to}T23:59:59` : null,
      offences: offencesOf(this.engine.query(offencesSql('cube', 'sum(n)', 'TRUE'))),
    };
  }

  /** Counts per study-area cell (as IncidentService.aggregate). */
  aggregate(res: number, filter: Filter): CellCounts {
    if (!Number.isInteger(res) || res < MIN_RES || res > MAX_RES) throw new RangeError(`Resolution must be ${MIN_RES}–${MAX_RES}, got ${res}`);
    const cell = this.cellSql(res);
    const where = this.where(filter);
    const study = `cube_study_r${res}`;
    if (!this.studyBuilt.has(res)) {
      const p = studyParts(res, this.boundaryFc, study, `SELECT DISTINCT ${cell} FROM cube`);
      this.engine.insertArrow(`${study}_b`, p.cells);
      for (const sql of p.sql) this.engine.exec(sql);
      this.studyBuilt.add(res);
    }
    return cellCountsOf(this.engine.query(countsSql(study, `SELECT ${cell} AS cell, sum(n)::UINTEGER AS n FROM cube_v WHERE ${where} GROUP BY 1`)), res);
  }

  /** Weekly series, hour × weekday matrix (empty without hours) and offence mix. */
  charts(filter: Filter): ChartData {
    const where = this.where(filter);
    const weeks = this.engine.rows<{ week: string; count: number }>(
      `SELECT strftime(date_trunc('week', ts), '%Y-%m-%d') AS week, sum(n)::INTEGER AS count FROM cube_v WHERE ${where} GROUP BY 1 ORDER BY 1`,
    );
    const hourByWeekday: number[] = [];
    if (this.info.hour) {
      hourByWeekday.push(...new Array<number>(7 * 24).fill(0));
      for (const r of this.engine.rows<{ dow: number; hour: number; n: number }>(`SELECT dow::INTEGER AS dow, hour::INTEGER AS hour, sum(n)::INTEGER AS n FROM cube_v WHERE ${where} GROUP BY 1, 2`))
        hourByWeekday[(r.dow - 1) * 24 + r.hour] = r.n;
    }
    return { weeks, hourByWeekday, offences: offencesOf(this.engine.query(offencesSql('cube_v', 'sum(n)', where))) };
  }

  boundary(): FeatureCollection | null {
    return this.boundaryFc;
  }
}

/** Rows of a cube the browser's engine holds (measured: docs/scale.md, `npm run bench` section scale). */
export const MAX_CUBE_ROWS = 12_000_000;

function tooLarge(files: number, at: number | null, rows?: number): string {
  return (
    `This cube is too large for the browser${rows ? ` (${(rows / 1e6).toFixed(1)} million rows; about ${(MAX_CUBE_ROWS / 1e6).toFixed(0)} million fit)` : ` (the engine ran out of memory reading file ${(at ?? 0) + 1} of ${files})`}. ` +
    'Build a smaller one: fewer rows come from coarser cells and no hour (npm run cli -- cube … --res 9 --hour no), or open only the folders you need (some years, or one region with --partition cell:R).'
  );
}

/** The message for analyses that need individual incidents while a cube is open. */
export const CUBE_ONLY_COUNTS =
  'A cube is open: it holds counts per cell, day and offence, not individual incidents. This analysis needs the incidents themselves (their places and times): import the incident file, or a part of it (one year, one offence), to run it.';
