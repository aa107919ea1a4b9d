/**
 * One "latest wins" result slot. Each `run` aborts the request it supersedes (its AbortSignal
 * cancels the engine call) and ignores any late answer, so a view never shows a stale result.
 */

/** True for the error a cancelled engine call ends with. */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** An error's message in plain words. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Latest<T> {
  /** Last result that answered the latest request (kept while a newer one runs). */
  value = $state.raw<T | null>(null);
  pending = $state(false);
  error = $state<string | null>(null);
  #ctrl: AbortController | null = null;

  /** Runs `fetch`, superseding any request in flight. */
  async run(fetch: (signal: AbortSignal) => Promise<T>): Promise<void> {
    this.#ctrl?.abort();
    const ctrl = new AbortController();
    this.#ctrl = ctrl;
    this.pending = true;
    try {
      const v = await fetch(ctrl.signal);
      if (this.#ctrl !== ctrl) return;
      this.value = v;
      this.error = null;
    } catch (e) {
      if (this.#ctrl !== ctrl || isAbort(e)) return;
      this.error = messageOf(e);
    } finally {
      if (this.#ctrl === ctrl) {
        this.#ctrl = null;
        this.pending = false;
      }
    }
  }

  /** Sets a locally computed value, superseding any request in flight. */
  set(v: T | null): void {
    this.cancel();
    this.value = v;
    this.error = null;
  }

  cancel(): void {
    this.#ctrl?.abort();
    this.#ctrl = null;
    this.pending = false;
  }
}
