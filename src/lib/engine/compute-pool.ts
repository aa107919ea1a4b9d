/**
 * A small pool of compute workers (compute.worker.ts) for the heavy steps that split cleanly:
 * H3 indexing (h3-js does about 0.4–1.3 M points/s per core), Parquet decoding (by row groups),
 * and the permutations of a Knox test (by ranges of permutations; each permutation has its own
 * seeded generator, so the table is the same however they are split). Calls carry a number and
 * replies are matched to it, so several calls may be in flight on one worker.
 */
import { tableFromIPC, Table } from 'apache-arrow';
import { indexPointsFast } from '../geo/h3bits';
import { KnoxRun, type KnoxPermuter, type KnoxPlan } from '../analysis/repeats/knox';
import type { CellIndexer } from './service';

export type ComputeTask =
  | { task: 'h3'; lat: Float64Array; lon: Float64Array; resolutions: number[] }
  | { task: 'parquet'; bytes: Uint8Array; rowGroups: number[] }
  /** Keep a prepared Knox test under `job` for the ranges that follow. */
  | { task: 'knox-plan'; job: number; plan: KnoxPlan }
  /** Permutations [from, to) of Knox test `job`: their counts, cell by cell (`KnoxRun.permuteRange`). */
  | { task: 'knox-range'; job: number; from: number; to: number }
  /** Forget Knox test `job`. */
  | { task: 'knox-drop'; job: number };

/** A task as posted to a worker, numbered. */
export interface ComputeCall {
  call: number;
  task: ComputeTask;
}

export type ComputeReply = { call: number; ok: true; value: unknown } | { call: number; ok: false; error: string };

/** The Knox tests a compute worker holds (one at a time in practice). */
export type KnoxJobs = Map<number, KnoxRun>;

/**
 * The Knox tasks of a compute worker (compute.worker.ts; tests drive it directly): returns the
 * value to post back and the buffers to transfer.
 */
export function knoxTask(jobs: KnoxJobs, t: Extract<ComputeTask, { task: `knox-${string}` }>): [unknown, Transferable[]] {
  if (t.task === 'knox-plan') {
    jobs.clear();
    jobs.set(t.job, new KnoxRun(t.plan));
    return [null, []];
  }
  if (t.task === 'knox-drop') {
    jobs.delete(t.job);
    return [null, []];
  }
  const run = jobs.get(t.job);
  if (!run) throw new Error(`Knox test ${t.job} is not held by this worker.`);
  const counts = run.permuteRange(t.from, t.to);
  return [counts, [counts.buffer]];
}

/** The worker interface the pool uses (a Web Worker, or a stand-in in tests). */
export type PoolWorker = Pick<Worker, 'postMessage' | 'onmessage' | 'onerror'>;

interface Pending {
  worker: number;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** A pool of `size` workers made on first use. */
export class ComputePool {
  private workers: PoolWorker[] = [];
  private readonly pending = new Map<number, Pending>();
  private calls = 0;
  private jobs = 0;
  constructor(private readonly make: () => PoolWorker, readonly size: number) {}

  private worker(i: number): PoolWorker {
    if (this.workers.length === 0)
      this.workers = Array.from({ length: this.size }, (_, w) => {
        const worker = this.make();
        worker.onmessage = (ev: MessageEvent<ComputeReply>) => {
          const r = ev.data, p = this.pending.get(r.call);
          if (!p) return;
          this.pending.delete(r.call);
          if (r.ok) p.resolve(r.value);
          else p.reject(new Error(r.error));
        };
        worker.onerror = (ev: ErrorEvent) => {
          for (const [call, p] of this.pending)
            if (p.worker === w) {
              this.pending.delete(call);
              p.reject(new Error(`Compute worker failed: ${ev.message}`));
            }
        };
        return worker;
      });
    return this.workers[i];
  }

  private run<T>(i: number, task: ComputeTask, transfer: Transferable[] = []): Promise<T> {
    const w = this.worker(i);
    const call = ++this.calls;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(call, { worker: i, resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ call, task } satisfies ComputeCall, transfer);
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
        return this.run<Uint8Array>(i, { task: 'parquet', bytes, rowGroups });
      }),
    );
    const tables = parts.map((p) => tableFromIPC(p));
    return new Table(tables.flatMap((t) => t.batches));
  }

  /**
   * The permutations of a prepared Knox test over the pool: every worker receives the plan once
   * (a copy), then takes ranges of `chunk` permutations from one queue, so a worker slowed by
   * other work takes fewer. Each range's counts go to `onChunk` in this thread; when it throws,
   * or `signal` is aborted (a cancel), no further range is handed out, the call rejects with that
   * error at once, and the ranges still running finish and are dropped. The workers forget the
   * plan at the end.
   * Resolves with the number of workers used.
   */
  knox: KnoxPermuter = (plan, chunk, onChunk, signal) => {
    const job = ++this.jobs;
    const P = plan.permutations;
    const size = Math.max(1, Math.min(this.size, Math.ceil(P / chunk)));
    let next = 0, failed = false, active = size;
    return new Promise<number>((resolve, reject) => {
      const fail = (e: unknown) => {
        if (!failed) { failed = true; reject(e); }
      };
      if (signal?.aborted) return fail(signal.reason);
      signal?.addEventListener('abort', () => fail(signal.reason), { once: true });
      const lane = async (w: number) => {
        try {
          await this.run(w, { task: 'knox-plan', job, plan });
          while (!failed && next < P) {
            const from = next, to = Math.min(P, from + chunk);
            next = to;
            const counts = await this.run<Float64Array>(w, { task: 'knox-range', job, from, to });
            if (failed) break;
            await onChunk(from, counts);
          }
        } catch (e) {
          fail(e);
        } finally {
          this.run(w, { task: 'knox-drop', job }).catch(() => {});
          if (--active === 0 && !failed) resolve(size);
        }
      };
      for (let w = 0; w < size; w++) void lane(w);
    });
  };
}
