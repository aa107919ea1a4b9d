/**
 * Parquet through parquet-wasm (Rust, compiled to wasm) and Arrow IPC. Initialised once per
 * thread: from the wasm bytes in Node, from the app-served wasm URL in the browser.
 */
import * as pq from 'parquet-wasm/esm';
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

/** Reads Parquet bytes into an Arrow IPC stream. */
export const readParquet: ParquetReader = (bytes, opts = {}) => {
  if (!ready) throw new Error('parquet-wasm is not initialised');
  const t = pq.readParquet(bytes, { batchSize: opts.batchSize, limit: opts.limit });
  return t.intoIPCStream();
};

/** Writes an Arrow IPC stream as Parquet (ZSTD-compressed). */
export function writeParquet(ipc: Uint8Array): Uint8Array {
  if (!ready) throw new Error('parquet-wasm is not initialised');
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).build();
  return pq.writeParquet(pq.Table.fromIPCStream(ipc), props);
}
