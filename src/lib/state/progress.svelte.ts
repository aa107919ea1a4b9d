/**
 * Progress of the one long task running now (staging or importing a file): what it is doing,
 * how far it is (null = unknown), and how to cancel it.
 */
import type { ProgressEvent } from '../engine/protocol';
import { t } from '../i18n';

export class Progress {
  /** What the task is, e.g. "Importing robberies.csv"; null when idle. */
  task = $state<string | null>(null);
  stage = $state('');
  fraction = $state<number | null>(null);
  #ctrl: AbortController | null = null;

  get active(): boolean {
    return this.task !== null;
  }

  /** Starts a task and returns its signal and progress callback. */
  begin(task: string): { signal: AbortSignal; onProgress: (p: ProgressEvent) => void; done: () => void } {
    this.#ctrl?.abort();
    const ctrl = new AbortController();
    this.#ctrl = ctrl;
    this.task = task;
    this.stage = t('progress.waiting');
    this.fraction = null;
    return {
      signal: ctrl.signal,
      onProgress: (p) => {
        if (this.#ctrl !== ctrl) return;
        this.stage = p.stage;
        this.fraction = p.fraction;
      },
      done: () => {
        if (this.#ctrl !== ctrl) return;
        this.#ctrl = null;
        this.task = null;
      },
    };
  }

  /** Cancels the running task (its call then ends with an AbortError). */
  cancel(): void {
    this.#ctrl?.abort();
  }
}
