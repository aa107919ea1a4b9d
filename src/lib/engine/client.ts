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

/**
 * A typed client over any worker-like port. A worker that dies (an uncaught error, a fatal engine
 * error, or gone without a word — noticed through the Web Lock it holds while alive) fails every
 * pending call and calls `onCrash` once, so the app can start a new one.
 */
export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly port: Worker;
  private ended = false;
  /** Told once when the worker has died or is broken; the client is then unusable. */
  onCrash: ((reason: string) => void) | null = null;

  constructor(port: Worker) {
    this.port = port;
    port.onmessage = (ev: MessageEvent<WorkerMessage>) => this.receive(ev.data);
    port.onerror = (ev: ErrorEvent) => {
      ev.preventDefault?.();
      this.crash(`an error the engine did not catch (${ev.message || 'the worker could not start'})`);
    };
    port.onmessageerror = () => this.crash('a message from the engine could not be read');
  }

  /** Fails every pending call and reports the crash (once). */
  private crash(reason: string, failWith?: Error): void {
    if (this.ended) return;
    this.ended = true;
    const err = failWith ?? new Error(`The data engine stopped: ${reason}. It is being restarted and your project loaded again; run the last step again when that is done.`);
    if (!failWith) err.name = 'EngineCrash';
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.onCrash?.(reason);
  }

  /** Sends a request and resolves with its result. */
  call<K extends RequestType>(
    type: K,
    params: Requests[K]['params'],
    opts: CallOptions = {},
  ): Promise<Requests[K]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.ended) {
        reject(new Error('The data engine is restarting: try again in a moment.'));
        return;
      }
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
    this.ended = true;
    this.port.terminate();
    for (const p of this.pending.values()) p.reject(new Error('Engine stopped'));
    this.pending.clear();
  }

  private post(msg: ToWorkerMessage, transfer: Transferable[] = []): void {
    this.port.postMessage(msg, transfer);
  }

  private receive(msg: WorkerMessage): void {
    if (msg.kind === 'alive') {
      // Granted only once the worker has let go of it: when it is gone.
      const locks = (globalThis.navigator as { locks?: { request(name: string, fn: () => void): Promise<unknown> } } | undefined)?.locks;
      void locks?.request(msg.lock, () => this.crash('the engine worker stopped (the browser may have run out of memory)'));
      return;
    }
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
      if (msg.error.fatal) this.crash(msg.error.message, e);
    }
  }
}

/** The error a cancelled request ends with. */
export function abortError(): Error {
  const e = new Error('Cancelled');
  e.name = 'AbortError';
  return e;
}
