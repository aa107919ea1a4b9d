/// <reference lib="webworker" />
/**
 * A helper worker of the engine: indexes a slice of points into H3 cells, decodes a range of a
 * Parquet file's row groups, or runs ranges of a Knox test's permutations, so that these spread
 * over the machine's cores (compute-pool.ts numbers the calls; each reply carries its number).
 */
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { indexPointsFast } from '../geo/h3bits';
import { initParquet, readParquet } from './parquet';
import { knoxTask, type ComputeCall, type ComputeReply, type KnoxJobs } from './compute-pool';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const knoxJobs: KnoxJobs = new Map();
const reply = (r: ComputeReply, transfer: Transferable[] = []) => scope.postMessage(r, transfer);

scope.onmessage = async (ev: MessageEvent<ComputeCall>) => {
  const { call, task: t } = ev.data;
  try {
    if (t.task === 'h3') {
      const out = indexPointsFast(t.lat, t.lon, t.resolutions);
      reply({ call, ok: true, value: out }, out.map((a) => a.buffer));
    } else if (t.task === 'parquet') {
      await initParquet(parquetWasm);
      const ipc = readParquet(t.bytes, { rowGroups: t.rowGroups, batchSize: 1 << 24 });
      reply({ call, ok: true, value: ipc }, [ipc.buffer]);
    } else {
      const [value, transfer] = knoxTask(knoxJobs, t);
      reply({ call, ok: true, value }, transfer);
    }
  } catch (e) {
    reply({ call, ok: false, error: (e as Error).message });
  }
};
