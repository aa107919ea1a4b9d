/** Creates the engine in Node over DuckDB-wasm's blocking node bundle (CLI, tests, benchmarks). */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Engine } from './engine';
import { initParquetSync, readParquetTable } from './parquet';
import { IncidentService } from './service';

const require = createRequire(import.meta.url);

/** Starts a fresh in-memory DuckDB-wasm in this thread. */
export async function createNodeEngine(): Promise<Engine> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as typeof import('@duckdb/duckdb-wasm/blocking');
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({});
  return new Engine(db);
}

/** The incident service in Node, with parquet-wasm ready. */
export async function createNodeService(): Promise<IncidentService> {
  const wasm = path.join(path.dirname(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')), 'parquet_wasm_bg.wasm');
  initParquetSync(fs.readFileSync(wasm));
  return new IncidentService(await createNodeEngine(), { readParquet: readParquetTable });
}
