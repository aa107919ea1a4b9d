/**
 * Parquet through parquet-wasm (Rust, compiled to wasm) and Arrow IPC. Initialised once per
 * thread: from the wasm bytes in Node, from the app-served wasm URL in the browser.
 */
import * as pq from 'parquet-wasm/esm';
import { tableFromIPC } from 'apache-arrow';
import type { ParquetReader } from './sources';

let ready = false;

/** Initialises parquet-wasm from its wasm bytes (Node) — idempotent. */
export function initParquetSync(wasm: Uint8Array): void {
  if (ready) return;
  pq.initSync({ module: wasm });
  ready = true;
}

/** Initialises parquet-wasm from a URL (browser) — idempotent. */
export async function initParquet(url: string): Promise<void> {
  if (ready) return;
  await pq.default({ module_or_path: url });
  ready = true;
}

/**
 * Decodes Parquet bytes (optionally some row groups) into an Arrow IPC stream. Batches are made
 * large: parquet-wasm's default of 1,024 rows makes decoding and the DuckDB insert several
 * times slower.
 */
export function readParquet(bytes: Uint8Array, opts: { rowGroups?: number[]; batchSize?: number } = {}): Uint8Array {
  if (!ready) throw new Error('parquet-wasm is not initialised');
  return pq.readParquet(bytes, { rowGroups: opts.rowGroups, batchSize: opts.batchSize ?? 1 << 24 }).intoIPCStream();
}

/** Decodes a whole file in this thread. */
export const readParquetTable: ParquetReader = async (bytes) => tableFromIPC(readParquet(bytes));

/** The number of row groups of a Parquet file (from its footer). */
export async function rowGroupCount(bytes: Uint8Array): Promise<number> {
  const f = await pq.ParquetFile.fromFile(new Blob([bytes as BlobPart]));
  return f.metadata().numRowGroups();
}

/** Writes an Arrow IPC stream as Parquet (ZSTD-compressed). */
export function writeParquet(ipc: Uint8Array): Uint8Array {
  if (!ready) throw new Error('parquet-wasm is not initialised');
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).build();
  return pq.writeParquet(pq.Table.fromIPCStream(ipc), props);
}
