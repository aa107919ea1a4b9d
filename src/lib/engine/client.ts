/**
 * Main-thread side of the engine protocol: one promise per request id, progress callbacks and
 * cancellation through an AbortSignal. Views never talk to the worker directly; the app state does.
 */
import type {
  ProgressEvent,
  RequestType,
  Requests,
  ToWorkerMessage,
  WorkerMessage,
} from './protocol';

/** Options of one call. */
export interface CallOptions {
  onProgress?: (p: ProgressEvent) => void;
  signal?: AbortSignal;
  transfer?: Transferable[];
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: ProgressEvent) => void;
}

/** A typed client over any worker-like port. */
export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly port: Worker;

  constructor(port: Worker) {
    this.port = port;
    port.onmessage = (ev: MessageEvent<WorkerMessage>) => this.receive(ev.data);
    port.onerror = (ev: ErrorEvent) => {
      const err = new Error(`Engine worker failed: ${ev.message}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  /** Sends a request and resolves with its result. */
  call<K extends RequestType>(
    type: K,
    params: Requests[K]['params'],
    opts: CallOptions = {},
  ): Promise<Requests[K]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(abortError());
        return;
      }
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress });
      opts.signal?.addEventListener('abort', () => this.post({ kind: 'cancel', id }), { once: true });
      this.post({ kind: 'request', id, type, params } as ToWorkerMessage, opts.transfer);
    });
  }

  /** Stops the worker; pending calls fail. */
  terminate(): void {
    this.port.terminate();
    for (const p of this.pending.values()) p.reject(new Error('Engine stopped'));
    this.pending.clear();
  }

  private post(msg: ToWorkerMessage, transfer: Transferable[] = []): void {
    this.port.postMessage(msg, transfer);
  }

  private receive(msg: WorkerMessage): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.kind === 'result') p.resolve(msg.result);
    else {
      const e = new Error(msg.error.message);
      e.name = msg.error.name;
      if (msg.error.stack) e.stack = msg.error.stack;
      p.reject(e);
    }
  }
}

/** The error a cancelled request ends with. */
export function abortError(): Error {
  const e = new Error('Cancelled');
  e.name = 'AbortError';
  return e;
}
