/**
 * Writes export Parquet off the page: parquet-wasm's glue evaluates a string (to find the global
 * object), which the page's Content-Security-Policy forbids; a worker runs under its own script's
 * policy, as the engine worker does. Receives an Arrow IPC stream, answers Parquet bytes (or an
 * error message).
 */
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { initParquet, writeParquet } from '../engine/parquet';

self.onmessage = async (e: MessageEvent<{ id: number; ipc: Uint8Array }>) => {
  const { id, ipc } = e.data;
  try {
    await initParquet(parquetWasm);
    const bytes = writeParquet(ipc);
    (self as unknown as Worker).postMessage({ id, bytes }, [bytes.buffer]);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
