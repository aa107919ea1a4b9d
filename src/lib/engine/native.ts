/**
 * Native DuckDB (@duckdb/node-api) as a SqlRunner, for the CLI's `--engine native`: multi-threaded,
 * with a memory limit and a temporary folder to spill to, so inputs larger than memory work. Node
 * only. Arrow crosses through Parquet files in a private temporary folder (native DuckDB reads and
 * writes Parquet itself; parquet-wasm decodes and encodes on the JavaScript side), so every column
 * type maps the same way in both directions. Results that cross are small (distinct places,
 * reports, counts); bulk rows never leave DuckDB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { initParquetSync, readParquet, writeParquet } from './parquet';
import { OFFLINE_SETTINGS, str } from './engine';
import type { SqlRunner } from './sql-runner';

const require = createRequire(import.meta.url);

export interface NativeOptions {
  /** Worker threads (default: the machine's cores). */
  threads?: number;
  /** DuckDB's memory limit, e.g. '4GB' (default: DuckDB's, 80 % of RAM). */
  memoryLimit?: string;
}

export interface NativeRunner extends SqlRunner {
  readonly kind: 'native';
  /** The private temporary folder (spill files, Arrow hand-over files). */
  readonly tmp: string;
  /** Closes the database and removes the temporary folder. */
  close(): void;
}

/** Opens an in-memory native DuckDB. */
export async function createNativeRunner(opts: NativeOptions = {}): Promise<NativeRunner> {
  initParquetSync(fs.readFileSync(path.join(path.dirname(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')), 'parquet_wasm_bg.wasm')));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prevention-planner-native-'));
  const config: Record<string, string> = { threads: String(opts.threads ?? os.cpus().length), temp_directory: path.join(tmp, 'spill') };
  if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', config);
  const conn: DuckDBConnection = await instance.connect();
  for (const s of OFFLINE_SETTINGS) await conn.run(s);
  let seq = 0;
  const file = () => path.join(tmp, `x${++seq}.parquet`);
  return {
    kind: 'native',
    tmp,
    async exec(sql) {
      await conn.run(sql);
    },
    async query(sql) {
      const f = file();
      try {
        await conn.run(`COPY (${sql}) TO ${str(f)} (FORMAT parquet, COMPRESSION uncompressed)`);
        return tableFromIPC(readParquet(fs.readFileSync(f)));
      } finally {
        fs.rmSync(f, { force: true });
      }
    },
    async insert(name, table: Table) {
      const f = file();
      try {
        fs.writeFileSync(f, writeParquet(tableToIPC(table, 'stream')));
        await conn.run(`CREATE OR REPLACE TABLE "${name.replaceAll('"', '""')}" AS SELECT * FROM read_parquet(${str(f)})`);
      } finally {
        fs.rmSync(f, { force: true });
      }
    },
    close() {
      conn.closeSync();
      instance.closeSync();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
