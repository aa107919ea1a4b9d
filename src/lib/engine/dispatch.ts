/**
 * Runs protocol requests against an IncidentService: one at a time, in arrival order, with
 * progress events and cancellation at the service's checkpoints. Used by the browser worker;
 * Node tests drive it directly to check the protocol without a browser.
 */
import type { CancelMessage, RequestMessage, ToWorkerMessage, WorkerMessage } from './protocol';
import type { Ctx, IncidentService } from './service';
import { describeFailure } from './failure';
import { checkSourceSize, limitOf, sizeMessage } from '../import/limits';
import { runHotspots, runScale } from './analyses/hotspots';
import { runKnox, runRepeats, runZones } from './analyses/knox';
import { runEmerging, runForecast, runKde } from './analyses/hotspot-time';
import { removeLayer, runLoadLayers, runRisk, runRiskAccuracy, runWhatIf } from './analyses/risk';
import { runPlannerEvaluate, runPlannerOptimise, runPlannerScore } from './analyses/planner';
import { runSurveyRequest } from './analyses/survey';

/** Where results go, with the buffers to transfer. */
export type Post = (msg: WorkerMessage, transfer?: Transferable[]) => void;

/** Fetches a URL's bytes (the worker's fetch; tests can pass a file reader); `ctx` for progress and Cancel. */
export type Fetcher = (url: string, ctx?: Ctx) => Promise<Uint8Array>;

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
      this.post({ kind: 'error', id, error: describeFailure(err, msg.type) });
    } finally {
      this.cancelled.delete(id);
    }
  }

  private async handle(s: IncidentService, msg: RequestMessage, ctx: Ctx): Promise<[unknown, Transferable[]]> {
    switch (msg.type) {
      case 'stage':
        ctx.progress('Reading file', null);
        return [await s.stage(msg.params.name, msg.params.bytes, msg.params.force), []];
      case 'stage-url': {
        ctx.progress('Downloading', null);
        const bytes = await this.fetcher(msg.params.url, ctx);
        await ctx.checkpoint();
        ctx.progress('Reading file', null);
        const name = msg.params.name ?? urlName(msg.params.url);
        const det = await s.stage(name, bytes, msg.params.force);
        // Staging copies what it keeps, so the downloaded bytes can go back to be saved.
        return msg.params.keep && bytes.byteLength ? [{ ...det, bytes }, [bytes.buffer]] : [det, []];
      }
      case 'import':
        return [await s.import(msg.params.mapping, msg.params.boundary, msg.params.clip, ctx), []];
      case 'open-cube':
        return [await s.openCube(msg.params.files, msg.params.boundary, ctx), []];
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
      case 'env-remove':
        return [removeLayer(msg.params.type), []];
      case 'what-if':
        return [runWhatIf(msg.params.edits), []];
      case 'risk-accuracy':
        return [await runRiskAccuracy(s, msg.params, ctx), []];
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
      case 'survey-stage':
      case 'survey-stage-url':
      case 'survey-import':
      case 'perception':
      case 'survey-comments':
      case 'fear-gap':
      case 'survey-indicators':
      case 'gender-lens':
      case 'survey-rejected-csv':
        return runSurveyRequest(s, msg, this.fetcher, ctx);
      case 'rejected-csv': {
        const b = s.rejectedCsv();
        return [b, [b.buffer]];
      }
    }
  }
}

/** Fetches a URL with a clear message when it fails. */
/** The file name at the end of a URL's path. */
export function urlName(url: string): string {
  const last = url.split(/[?#]/)[0].split('/').pop() || 'data';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Fetches a URL with a clear message when it fails. The size the server announces is checked
 * against the file limits before anything is read, and a download without one stops as soon as
 * it passes the limit. With `ctx`: progress (a fraction when the size is known) and Cancel.
 */
export const fetchBytes: Fetcher = async (url, ctx) => {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`Could not download ${url}: ${(e as Error).message}. Check the address and your connection.`);
  }
  if (!res.ok) throw new Error(`Could not download ${url}: the server answered ${res.status} ${res.statusText}.`);
  const name = urlName(url);
  const length = Number(res.headers.get('content-length')) || 0;
  if (length > 0) {
    try {
      checkSourceSize(name, length);
    } catch (e) {
      await res.body?.cancel().catch(() => {});
      throw e;
    }
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const limit = limitOf(name);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let got = 0;
  let next = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      got += value.length;
      // No size announced (or a wrong one): stop as soon as the download passes the limit.
      if (got > limit) throw new RangeError(sizeMessage(name, got, limit));
      if (ctx && got >= next) {
        ctx.progress('Downloading', length > 0 ? Math.min(1, got / length) : null);
        next = got + Math.max(1 << 20, length / 100);
        await ctx.checkpoint();
      }
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(got);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
