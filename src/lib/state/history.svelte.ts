/**
 * Undo/redo history of the view state (filter + resolution): a small bounded stack, so a planner
 * can step back through filter changes with the Undo button or Ctrl+Z.
 */
import { defaultFilter, sameView, type ViewState } from './view-filter';

const LIMIT = 50;

export class ViewHistory {
  current = $state.raw<ViewState>({ filter: defaultFilter(), res: 9 });
  #past = $state.raw<ViewState[]>([]);
  #future = $state.raw<ViewState[]>([]);

  constructor(initial: ViewState) {
    this.current = initial;
  }

  get canUndo(): boolean {
    return this.#past.length > 0;
  }

  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /** Records a new state; returns false when nothing changed. */
  push(next: ViewState): boolean {
    if (sameView(next, this.current)) return false;
    this.#past = [...this.#past, this.current].slice(-LIMIT);
    this.#future = [];
    this.current = next;
    return true;
  }

  undo(): boolean {
    const prev = this.#past.at(-1);
    if (!prev) return false;
    this.#past = this.#past.slice(0, -1);
    this.#future = [this.current, ...this.#future];
    this.current = prev;
    return true;
  }

  redo(): boolean {
    const next = this.#future[0];
    if (!next) return false;
    this.#future = this.#future.slice(1);
    this.#past = [...this.#past, this.current];
    this.current = next;
    return true;
  }

  /** Starts over (a new data set was loaded). */
  reset(state: ViewState): void {
    this.#past = [];
    this.#future = [];
    this.current = state;
  }
}
