/// <reference lib="webworker" />
/**
 * The engine worker: DuckDB-wasm (blocking build, run synchronously in this worker), parquet-wasm
 * and the incident service behind the typed protocol. All wasm is served by the app itself.
 */
import * as duckdb from 'duckdb-browser-blocking';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { Engine } from './engine';
import { initParquet, readParquetTable, rowGroupCount } from './parquet';
import { IncidentService } from './service';
import { Dispatcher, fetchBytes } from './dispatch';
import { ComputePool } from './compute-pool';
import type { ToWorkerMessage, WorkerMessage } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function start(): Promise<IncidentService> {
  const bundles = { mvp: { mainModule: mvpWasm, mainWorker: '' }, eh: { mainModule: ehWasm, mainWorker: '' } };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.BROWSER_RUNTIME);
  await db.instantiate(() => {});
  db.open({});
  await initParquet(parquetWasm);
  const cores = Math.max(2, Math.min(4, navigator.hardwareConcurrency || 2));
  const pool = new ComputePool(() => new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module' }), cores);
  // Files under ~8 MB decode faster here than the workers start and copy them.
  const readParquet = async (bytes: Uint8Array) => {
    const groups = bytes.length > 8 << 20 ? await rowGroupCount(bytes) : 1;
    return groups > 1 ? pool.readParquet(bytes, groups) : readParquetTable(bytes);
  };
  return new IncidentService(new Engine(db), { readParquet, indexer: pool.indexer(), knoxPermuter: pool.knox });
}

const dispatcher = new Dispatcher(start(), (msg: WorkerMessage, transfer: Transferable[] = []) => scope.postMessage(msg, transfer), fetchBytes);
scope.onmessage = (ev: MessageEvent<ToWorkerMessage>) => dispatcher.receive(ev.data);

// While this worker lives it holds a Web Lock; the app asks for the same lock and so hears at once
// when the worker dies (closed, crashed, killed), which no worker event reports.
const lock = `prevention-planner:engine:${crypto.randomUUID()}`;
void navigator.locks?.request(lock, () => {
  scope.postMessage({ kind: 'alive', id: 0, lock } satisfies WorkerMessage);
  return new Promise<never>(() => {});
});
