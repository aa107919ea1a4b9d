/**
 * A small pool of compute workers (compute.worker.ts) for the two heavy steps of a load that
 * split cleanly: H3 indexing (h3-js does about 0.4–1.3 M points/s per core) and Parquet decoding
 * (by row groups). Each job is cut into one slice per worker and the results joined in order.
 */
import { tableFromIPC, Table } from 'apache-arrow';
import { indexPointsFast } from '../geo/h3bits';
import type { CellIndexer } from './service';

export type ComputeTask =
  | { task: 'h3'; lat: Float64Array; lon: Float64Array; resolutions: number[] }
  | { task: 'parquet'; bytes: Uint8Array; rowGroups: number[] };

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** A pool of `size` workers made on first use. */
export class ComputePool {
  private workers: Worker[] = [];
  constructor(private readonly make: () => Worker, readonly size: number) {}

  private run<T>(i: number, task: ComputeTask, transfer: Transferable[]): Promise<T> {
    if (this.workers.length === 0) this.workers = Array.from({ length: this.size }, this.make);
    const w = this.workers[i];
    return new Promise<T>((resolve, reject) => {
      w.onmessage = (ev: MessageEvent<Reply<T>>) => (ev.data.ok ? resolve(ev.data.value) : reject(new Error(ev.data.error)));
      w.onerror = (ev) => reject(new Error(`Compute worker failed: ${ev.message}`));
      w.postMessage(task, transfer);
    });
  }

  /** An H3 indexer over the pool; small jobs run in the calling thread. */
  indexer(minParallel = 50_000): CellIndexer {
    return async (lat, lon, resolutions) => {
      if (lat.length < minParallel || this.size < 2) return indexPointsFast(lat, lon, resolutions);
      const step = Math.ceil(lat.length / this.size);
      const parts = await Promise.all(
        Array.from({ length: this.size }, (_, i) => {
          const a = lat.slice(i * step, (i + 1) * step);
          const b = lon.slice(i * step, (i + 1) * step);
          return this.run<BigUint64Array[]>(i, { task: 'h3', lat: a, lon: b, resolutions: [...resolutions] }, [a.buffer, b.buffer]);
        }),
      );
      return resolutions.map((_, r) => {
        const out = new BigUint64Array(lat.length);
        parts.forEach((p, i) => out.set(p[r], i * step));
        return out;
      });
    };
  }

  /** Decodes Parquet row groups [0, groups) split over the pool, joined in order. */
  async readParquet(bytes: Uint8Array, groups: number): Promise<Table> {
    const n = Math.min(this.size, groups);
    const per = Math.ceil(groups / n);
    const parts = await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const rowGroups = Array.from({ length: Math.max(0, Math.min(groups, (i + 1) * per) - i * per) }, (_, k) => i * per + k);
        return this.run<Uint8Array>(i, { task: 'parquet', bytes, rowGroups }, []);
      }),
    );
    const tables = parts.map((p) => tableFromIPC(p));
    return new Table(tables.flatMap((t) => t.batches));
  }
}
