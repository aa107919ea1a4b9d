/**
 * Runs protocol requests against an IncidentService: one at a time, in arrival order, with
 * progress events and cancellation at the service's checkpoints. Used by the browser worker;
 * Node tests drive it directly to check the protocol without a browser.
 */
import type { CancelMessage, RequestMessage, ToWorkerMessage, WorkerMessage } from './protocol';
import type { Ctx, IncidentService } from './service';
import { runHotspots, runScale } from './analyses/hotspots';
import { runKnox, runRepeats, runZones } from './analyses/knox';
import { runEmerging, runForecast, runKde } from './analyses/hotspot-time';
import { runLoadLayers, runRisk, runWhatIf } from './analyses/risk';
import { runPlannerEvaluate, runPlannerOptimise, runPlannerScore } from './analyses/planner';

/** Where results go, with the buffers to transfer. */
export type Post = (msg: WorkerMessage, transfer?: Transferable[]) => void;

/** Fetches a URL's bytes (the worker's fetch; tests can pass a file reader). */
export type Fetcher = (url: string) => Promise<Uint8Array>;

function abort(): Error {
  const e = new Error('Cancelled');
  e.name = 'AbortError';
  return e;
}

/** Serialises requests and answers each with one result or error. */
export class Dispatcher {
  private chain: Promise<void> = Promise.resolve();
  private readonly cancelled = new Set<number>();

  constructor(
    private readonly service: Promise<IncidentService>,
    private readonly post: Post,
    private readonly fetcher: Fetcher,
  ) {}

  /** Accepts one message from the client. */
  receive(msg: ToWorkerMessage): void {
    if (msg.kind === 'cancel') {
      this.cancel(msg);
      return;
    }
    this.chain = this.chain.then(() => this.run(msg));
  }

  private cancel(msg: CancelMessage): void {
    this.cancelled.add(msg.id);
  }

  private async run(msg: RequestMessage): Promise<void> {
    const id = msg.id;
    const ctx: Ctx = {
      progress: (stage, fraction) => this.post({ kind: 'progress', id, stage, fraction }),
      checkpoint: async () => {
        await new Promise((r) => setTimeout(r, 0));
        if (this.cancelled.has(id)) throw abort();
      },
    };
    try {
      if (this.cancelled.has(id)) throw abort();
      const s = await this.service;
      const [result, transfer] = await this.handle(s, msg, ctx);
      this.post({ kind: 'result', id, result }, transfer);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.post({ kind: 'error', id, error: { name: e.name, message: e.message, stack: e.stack } });
    } finally {
      this.cancelled.delete(id);
    }
  }

  private async handle(s: IncidentService, msg: RequestMessage, ctx: Ctx): Promise<[unknown, Transferable[]]> {
    switch (msg.type) {
      case 'stage':
        ctx.progress('Reading file', null);
        return [await s.stage(msg.params.name, msg.params.bytes), []];
      case 'stage-url': {
        ctx.progress('Downloading', null);
        const bytes = await this.fetcher(msg.params.url);
        await ctx.checkpoint();
        ctx.progress('Reading file', null);
        const name = msg.params.name ?? (decodeURIComponent(msg.params.url.split(/[?#]/)[0].split('/').pop() || 'data'));
        return [await s.stage(name, bytes), []];
      }
      case 'import':
        return [await s.import(msg.params.mapping, msg.params.boundary, msg.params.clip, ctx), []];
      case 'aggregate': {
        const r = s.aggregate(msg.params.res, msg.params.filter);
        return [r, [r.counts.buffer]];
      }
      case 'charts':
        return [s.charts(msg.params.filter), []];
      case 'points': {
        const p = s.points(msg.params.filter, msg.params.bbox, msg.params.limit);
        return [p, [p.lat.buffer, p.lon.buffer, p.offence.buffer]];
      }
      case 'boundary':
        return [s.boundary(), []];
      case 'hotspots': {
        const h = await runHotspots(s, msg.params, ctx);
        const r = h.result;
        return [h, [...new Set([r.x, r.value, r.z, r.p, r.pAdjusted, r.classCode, ...(r.pSim ? [r.pSim] : [])].map((a) => a.buffer))]];
      }
      case 'env-load':
        return [await runLoadLayers(s, s.parquetReader, this.fetcher, msg.params.sources, ctx), []];
      case 'risk':
        return [await runRisk(s, msg.params, ctx), []];
      case 'what-if':
        return [runWhatIf(msg.params.edit), []];
      case 'scale':
        return [await runScale(s, msg.params, ctx), []];
      case 'emerging':
        return [await runEmerging(s, msg.params, ctx), []];
      case 'kde': {
        const k = await runKde(s, msg.params, ctx);
        return [k, [k.density.buffer]];
      }
      case 'forecast':
        return [await runForecast(s, msg.params, ctx), []];
      case 'repeats':
        return [runRepeats(s, msg.params), []];
      case 'zones':
        return [runZones(s, msg.params), []];
      case 'knox':
        return [await runKnox(s, msg.params, ctx), []];
      case 'planner-score':
        return [await runPlannerScore(s, msg.params, ctx), []];
      case 'planner-optimise':
        return [await runPlannerOptimise(s, msg.params, ctx), []];
      case 'planner-evaluate':
        return [await runPlannerEvaluate(s, msg.params, ctx), []];
      case 'rejected-csv': {
        const b = s.rejectedCsv();
        return [b, [b.buffer]];
      }
    }
  }
}

/** Fetches a URL with a clear message when it fails. */
export const fetchBytes: Fetcher = async (url) => {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`Could not download ${url}: ${(e as Error).message}. Check the address and your connection.`);
  }
  if (!res.ok) throw new Error(`Could not download ${url}: the server answered ${res.status} ${res.statusText}.`);
  return new Uint8Array(await res.arrayBuffer());
};
