/**
 * Builds the incident cube (cube.ts) from an incident file, on either engine, with the import's
 * rules for which rows count (bulk.ts: the same parsing SQL, the same place checks and H3 cells).
 * Node only (it reads and writes files).
 *
 * native — one pass of SQL over the whole file (read_parquet / read_csv), multi-threaded, spilling
 *   to disk; the cube is written by DuckDB's partitioned COPY.
 * wasm — DuckDB-wasm holds at most 4 GiB, so a Parquet file is read a few row groups at a time
 *   (parquet-wasm, lazily from disk): a first pass gathers the distinct places, a second counts each
 *   chunk and spills its partial counts per partition to Parquet; each partition is then summed and
 *   written. Partial counts add up, so the result is the same as counting everything at once.
 *
 * Both write the same rows (sorted by every key column) in the same hive layout
 * (`year=2016/part-0.parquet`, `cell_r3=…/part-0.parquet`, or one `part-0.parquet`), with the same
 * column types. Rows count when their coordinates pass the import's checks and their date reads;
 * unlike the import, repeated ids are not dropped (that needs every id in memory at once).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as pq from 'parquet-wasm/esm';
import { Writable } from 'node:stream';
import { Table, tableFromIPC, tableToIPC, makeVector, type Vector } from 'apache-arrow';
import type { FeatureCollection } from 'geojson';
import { str } from './engine';
import { REJECT_REASONS, type ColumnMapping, type RejectReason, type SourceFormat } from './protocol';
import { PlaceIndex, describeSource, parsedSql, type BulkSource, type SourceColumns } from './bulk';
import { cubeColumns, parentSql } from './cube';
import { readParquet, writeParquet } from './parquet';
import type { SqlRunner } from './sql-runner';
import { MIN_RES } from '../geo/h3bits';

/** How to split the cube into folders. */
export type CubePartition = { kind: 'year' } | { kind: 'cell'; res: number } | { kind: 'none' };

export interface CubeOptions {
  /** The finest resolution (default 11). */
  res: number;
  /** Also a column per coarser resolution down to 6, each indexed directly (default true). */
  allLevels: boolean;
  /** Count per hour of day too (default true). */
  hour: boolean;
  partition: CubePartition;
  /** Rows per chunk on DuckDB-wasm (default 2,000,000). */
  chunkRows?: number;
}

export interface CubeSummary {
  engine: 'wasm' | 'native';
  source: string;
  read: number;
  counted: number;
  dropped: Partial<Record<RejectReason, number>>;
  places: number;
  cubeRows: number;
  columns: string[];
  partition: string;
  files: string[];
  seconds: number;
}

/** An incident file as a sequence of chunks, each an SQL relation with `__rn`. */
export interface ChunkedSource {
  name: string;
  format: SourceFormat;
  columns: SourceColumns;
  chunks: number;
  /** Makes chunk `i` available and returns its relation (`columns`: those needed, a hint). */
  load(i: number, columns: string[]): Promise<string>;
  release(): Promise<void>;
}

/** A Parquet or CSV file read by native DuckDB as one chunk. */
export async function nativeFileSource(r: SqlRunner, file: string): Promise<ChunkedSource> {
  const format = formatOf(file);
  const relation =
    format === 'parquet'
      ? `(SELECT * EXCLUDE (file_row_number), file_row_number::BIGINT AS __rn FROM read_parquet(${str(file)}, file_row_number = true))`
      : `(SELECT (row_number() OVER () - 1)::BIGINT AS __rn, * FROM read_csv(${str(file)}, all_varchar = true, null_padding = true, header = true))`;
  const columns = await describeSource(r, relation);
  return { name: path.basename(file), format, columns, chunks: 1, load: async () => relation, release: async () => {} };
}

/** A Parquet file read by parquet-wasm a few row groups at a time into DuckDB-wasm's `bulk_chunk`. */
export async function wasmParquetSource(r: SqlRunner, file: string, chunkRows = 2_000_000): Promise<ChunkedSource> {
  const blob = await fs.openAsBlob(file);
  const pf = await pq.ParquetFile.fromFile(blob);
  const meta = pf.metadata();
  const groups = meta.rowGroups().map((g) => g.numRows());
  const plan: { groups: number[]; offset: number }[] = [];
  let offset = 0;
  for (let g = 0; g < groups.length; g++) {
    const last = plan[plan.length - 1];
    if (!last || last.groups.reduce((s, k) => s + groups[k], 0) + groups[g] > chunkRows) plan.push({ groups: [g], offset });
    else last.groups.push(g);
    offset += groups[g];
  }
  const first = tableFromIPC((await pf.read({ rowGroups: [0], limit: 1 })).intoIPCStream());
  await r.insert('bulk_chunk', withRowNumbers(first, 0));
  const columns = await describeSource(r, 'bulk_chunk');
  return {
    name: path.basename(file), format: 'parquet', columns, chunks: plan.length,
    async load(i) {
      // Every column: parquet-wasm 0.7's column projection on ParquetFile.read yields IPC that
      // Arrow cannot read (its schema keeps the other columns).
      const t = tableFromIPC((await pf.read({ rowGroups: plan[i].groups, batchSize: 1 << 24 })).intoIPCStream());
      await r.insert('bulk_chunk', withRowNumbers(t, plan[i].offset));
      return 'bulk_chunk';
    },
    async release() {
      await r.exec('DROP TABLE IF EXISTS bulk_chunk');
      pf.free();
    },
  };
}

function withRowNumbers(t: Table, offset: number): Table {
  const rn = new BigInt64Array(t.numRows);
  for (let i = 0; i < rn.length; i++) rn[i] = BigInt(offset + i);
  const cols: Record<string, Vector> = { __rn: makeVector(rn) };
  for (const f of t.schema.fields) cols[f.name] = t.getChild(f.name)!;
  return new Table(cols);
}

export function formatOf(file: string): SourceFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  throw new Error(`"${path.basename(file)}" is neither Parquet nor CSV (by its name): the cube is built from a .parquet or .csv incident file.`);
}

/** Columns of the source the mapping uses. */
function mappedColumns(m: ColumnMapping): string[] {
  return [...new Set(Object.entries(m).filter(([k, v]) => k !== 'dateFormat' && k !== 'crs' && v).map(([, v]) => v as string))];
}

/** The cube's key columns and the SQL of its partition key (null: no folders). */
function layout(o: CubeOptions): { levels: number[]; keys: string[]; part: { name: string; sql: string } | null } {
  const levels = o.allLevels ? Array.from({ length: o.res - MIN_RES + 1 }, (_, i) => MIN_RES + i) : [o.res];
  const keys = cubeColumns(levels, o.hour).map((c) => c.name).filter((c) => c !== 'n');
  const part =
    o.partition.kind === 'year' ? { name: 'year', sql: 'year(day)' }
    : o.partition.kind === 'cell' ? { name: `cell_r${o.partition.res}`, sql: o.partition.res >= MIN_RES && levels.includes(o.partition.res) ? `c${o.partition.res}` : parentSql(`c${o.res}`, o.partition.res) }
    : null;
  return { levels, keys, part };
}

/**
 * Builds the cube of `src` into the folder `out` (which must not exist or be empty). `progress`
 * gets a line per stage.
 */
export async function buildCube(r: SqlRunner, src: ChunkedSource, m: ColumnMapping, boundary: FeatureCollection | null, clip: boolean, o: CubeOptions, out: string, progress: (line: string) => void = () => {}): Promise<CubeSummary> {
  const t0 = performance.now();
  if (fs.existsSync(out) && fs.readdirSync(out).length) throw new Error(`The output folder "${out}" is not empty: choose a new folder (the cube is written as several files inside it).`);
  if (r.kind === 'native' && src.chunks !== 1) throw new Error('Native DuckDB reads the whole file at once');
  const { levels, keys, part } = layout(o);
  const cols = mappedColumns(m);
  const places = new PlaceIndex(r, m);
  await places.start();
  const source = (rel: string): BulkSource => ({ relation: rel, format: src.format, columns: src.columns });
  // The first pass parses only the coordinates (numberSql reads them as the full parse does).
  const coords: ColumnMapping = Object.fromEntries(Object.entries(m).filter(([k, v]) => ['lat', 'lon', 'x', 'y', 'crs'].includes(k) && v));
  for (let i = 0; i < src.chunks; i++) {
    progress(`places: chunk ${i + 1} of ${src.chunks}`);
    await places.add(parsedSql(source(await src.load(i, mappedColumns(coords))), coords));
  }
  progress(`checking and indexing ${places.size} distinct places`);
  await places.finish(boundary, clip, levels);

  const byReason = new Map<number, number>();
  const cellCols = levels.map((res) => `c${res}::BIGINT AS c${res}`).join(', ');
  const counted = (judged: string) => `SELECT ${cellCols}, ts::DATE AS day, ${o.hour ? 'hour::TINYINT AS hour, ' : ''}offence, count(*)::INTEGER AS n
    FROM (${judged}) WHERE reason = 0 GROUP BY ALL`;
  const order = keys.join(', ');
  const files: string[] = [];
  fs.mkdirSync(out, { recursive: true });
  let cubeRows = 0;
  if (r.kind === 'native') {
    const judged = places.judgedSql(parsedSql(source(await src.load(0, cols)), m), levels);
    progress('counting rows by reason');
    await countReasons(r, judged, byReason);
    progress('writing the cube');
    await r.exec(`CREATE OR REPLACE TABLE cube_out AS ${counted(judged)}`);
    cubeRows = await count(r, 'cube_out');
    // One ordered COPY per partition: DuckDB's PARTITION_BY writes do not keep the ORDER BY
    // across its threads, and a cube file is sorted by its key columns.
    const values = part ? ((await r.query(`SELECT DISTINCT (${part.sql})::VARCHAR AS p FROM cube_out ORDER BY ${part.sql}`)).getChild('p')!.toArray() as string[]) : [''];
    for (const p of values) {
      const dir = part ? path.join(out, `${part.name}=${p}`) : out;
      fs.mkdirSync(dir, { recursive: true });
      progress(part ? `writing ${part.name}=${p}` : 'writing');
      await r.exec(`COPY (SELECT * FROM cube_out ${part ? `WHERE ${part.sql} = ${p}` : ''} ORDER BY ${order}) TO ${str(path.join(dir, 'part-0.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
    }
    await r.exec('DROP TABLE cube_out');
  } else {
    // Partial counts per chunk, spilled to Parquet beside the output by partition and by bucket:
    // the res-6 cell, a prefix of the sort order (cells of one parent are contiguous integers),
    // so that each bucket is summed alone and the buckets, in order, make a sorted partition.
    const spill = path.join(out, '_partial');
    const bucket = levels.includes(6) ? 'c6' : parentSql(`c${levels[0]}`, 6);
    for (let i = 0; i < src.chunks; i++) {
      progress(`counting: chunk ${i + 1} of ${src.chunks}`);
      const judged = places.judgedSql(parsedSql(source(await src.load(i, cols)), m), levels);
      await r.exec(`CREATE OR REPLACE TABLE bulk_judged AS ${judged}`);
      await countReasons(r, 'SELECT * FROM bulk_judged', byReason);
      await r.exec(`CREATE OR REPLACE TABLE cube_partial AS SELECT *, ${part ? part.sql : '0'} AS __part, ${bucket} AS __bucket FROM (${counted('SELECT * FROM bulk_judged')})`);
      await r.exec('DROP TABLE bulk_judged');
      const pb = await r.query('SELECT DISTINCT __part::VARCHAR AS p, __bucket::VARCHAR AS b FROM cube_partial');
      const ps = pb.getChild('p')!.toArray() as string[];
      const bs = pb.getChild('b')!.toArray() as string[];
      for (let k = 0; k < ps.length; k++) {
        const t = await r.query(`SELECT * EXCLUDE (__part, __bucket) FROM cube_partial WHERE __part = ${ps[k]} AND __bucket = ${bs[k]}`);
        const dir = path.join(spill, ps[k], bs[k]);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `chunk-${i}.parquet`), writeParquet(tableToIPC(t, 'stream')));
      }
      await r.exec('DROP TABLE cube_partial');
    }
    await src.release();
    const byNumber = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
    const parts = fs.existsSync(spill) ? fs.readdirSync(spill).sort(byNumber) : [];
    for (const p of parts) {
      progress(`summing partition ${part ? `${part.name}=${p}` : ''}`);
      const buckets = fs.readdirSync(path.join(spill, p)).sort(byNumber);
      const dest = part ? path.join(out, `${part.name}=${p}`) : out;
      fs.mkdirSync(dest, { recursive: true });
      let b = 0;
      let rows = 0;
      // One Parquet file per partition, written bucket by bucket (parquet-wasm's streaming writer).
      const batches = new ReadableStream({
        pull: async (controller) => {
          if (b === buckets.length) { controller.close(); return; }
          const dir = path.join(spill, p, buckets[b++]);
          let first = true;
          for (const f of fs.readdirSync(dir).sort()) {
            await r.insert('cube_chunk', tableFromIPC(readParquet(fs.readFileSync(path.join(dir, f)))));
            await r.exec(first ? 'CREATE OR REPLACE TABLE cube_sum AS SELECT * FROM cube_chunk' : 'INSERT INTO cube_sum SELECT * FROM cube_chunk');
            first = false;
          }
          await r.exec('DROP TABLE IF EXISTS cube_chunk');
          const t = await r.query(`SELECT ${keys.join(', ')}, sum(n)::INTEGER AS n FROM cube_sum GROUP BY ALL ORDER BY ${order}`);
          await r.exec('DROP TABLE cube_sum');
          fs.rmSync(dir, { recursive: true, force: true });
          cubeRows += t.numRows;
          rows += t.numRows;
          const w = pq.Table.fromIPCStream(tableToIPC(t, 'stream'));
          for (const batch of w.recordBatches()) controller.enqueue(batch);
          w.free(); // the batches hold their own data; the table would keep it all alive
        },
      });
      const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).build();
      const bytes = (await pq.transformParquetStream(batches, props)) as ReadableStream<Uint8Array>;
      const file = path.join(dest, 'part-0.parquet');
      await bytes.pipeTo(Writable.toWeb(fs.createWriteStream(file)));
      // A streaming writer that stopped early must not pass for a whole partition.
      const pf = await pq.ParquetFile.fromFile(await fs.openAsBlob(file));
      const written = pf.metadata().fileMetadata().numRows();
      pf.free();
      if (written !== rows) throw new Error(`${file}: ${written} rows written of ${rows}`);
    }
    fs.rmSync(spill, { recursive: true, force: true });
  }
  for (const f of walk(out)) files.push(path.relative(out, f));
  const read = [...byReason.values()].reduce((a, b) => a + b, 0);
  const dropped: Partial<Record<RejectReason, number>> = {};
  for (const [reason, n] of byReason) if (reason > 0) dropped[REJECT_REASONS[reason - 1]] = n;
  return {
    engine: r.kind, source: src.name, read, counted: byReason.get(0) ?? 0, dropped, places: places.size, cubeRows,
    columns: cubeColumns(levels, o.hour).map((c) => c.name), partition: part?.name ?? 'none', files: files.sort(), seconds: (performance.now() - t0) / 1000,
  };
}

async function countReasons(r: SqlRunner, judged: string, into: Map<number, number>): Promise<void> {
  const t = await r.query(`SELECT reason::INTEGER AS reason, count(*)::DOUBLE AS n FROM (${judged}) GROUP BY 1`);
  const rs = t.getChild('reason')!.toArray() as Int32Array;
  const ns = t.getChild('n')!.toArray() as Float64Array;
  rs.forEach((reason, i) => into.set(reason, (into.get(reason) ?? 0) + ns[i]));
}

async function count(r: SqlRunner, table: string): Promise<number> {
  return Number((await r.query(`SELECT count(*)::DOUBLE AS n FROM ${table}`)).getChild('n')!.get(0));
}


function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Reads a cube folder (or one file) from disk as CubeFiles for loadCube. */
export function readCubeFiles(dirOrFile: string): { path: string; bytes: Uint8Array }[] {
  if (!fs.existsSync(dirOrFile)) throw new Error(`"${dirOrFile}" does not exist.`);
  if (fs.statSync(dirOrFile).isFile()) return [{ path: path.basename(dirOrFile), bytes: fs.readFileSync(dirOrFile) }];
  return walk(dirOrFile).map((f) => ({ path: path.relative(dirOrFile, f).split(path.sep).join('/'), bytes: fs.readFileSync(f) }));
}
