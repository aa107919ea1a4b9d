/// <reference lib="webworker" />
/**
 * A helper worker of the engine: indexes a slice of points into H3 cells, or decodes a range of
 * a Parquet file's row groups, so that both spread over the machine's cores.
 */
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { indexPointsFast } from '../geo/h3bits';
import { initParquet, readParquet } from './parquet';
import type { ComputeTask } from './compute-pool';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (ev: MessageEvent<ComputeTask>) => {
  const t = ev.data;
  try {
    if (t.task === 'h3') {
      const out = indexPointsFast(t.lat, t.lon, t.resolutions);
      scope.postMessage({ ok: true, value: out }, out.map((a) => a.buffer));
    } else {
      await initParquet(parquetWasm);
      const ipc = readParquet(t.bytes, { rowGroups: t.rowGroups, batchSize: 1 << 24 });
      scope.postMessage({ ok: true, value: ipc }, [ipc.buffer]);
    }
  } catch (e) {
    scope.postMessage({ ok: false, error: (e as Error).message });
  }
};
