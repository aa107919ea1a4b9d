/**
 * Where people feel unsafe: per-cell tallies of survey answers turned into what may be published.
 * Each shown cell has at least `k` respondents in the selection (and passes the secondary rule,
 * see suppression.ts); its share feeling unsafe comes with a Wilson 95 % interval (wilson.ts).
 * Cells under the threshold are left out of the result entirely, so no view or export can show
 * them: only their number and their respondents' total are reported.
 */
import { suppressionStatus, suppressionSummary, SHOWN } from './suppression';
import { wilsonInterval } from './wilson';

/** Answers per cell for a selection of respondents, and the same cells under coarser selections. */
export interface CellTally {
  cells: readonly string[];
  /** Respondents in the selection per cell. */
  n: ArrayLike<number>;
  unsafe: ArrayLike<number>;
  neither: ArrayLike<number>;
  safe: ArrayLike<number>;
  /** Respondents per cell under each coarser selection (a filter removed); see suppression.ts. */
  parents: readonly ArrayLike<number>[];
}

/** The cells that may be shown, with their figures. */
export interface PublishedCells {
  k: number;
  cells: string[];
  n: Uint32Array;
  unsafe: Uint32Array;
  neither: Uint32Array;
  safe: Uint32Array;
  /** Share feeling unsafe and its Wilson 95 % interval. */
  share: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  suppressed: {
    /** Cells with 1 to k − 1 respondents. */
    primary: number;
    /** Cells hidden so that a coarser selection cannot reveal a small group by subtraction. */
    secondary: number;
    respondents: number;
  };
  /** Respondents in the selection, all cells. */
  respondents: number;
}

/** Keeps the cells that pass the suppression rules. */
export function publishCells(t: CellTally, k: number): PublishedCells {
  const status = suppressionStatus(t.n, k, t.parents);
  const keep: number[] = [];
  let respondents = 0;
  for (let i = 0; i < status.length; i++) {
    respondents += t.n[i];
    if (status[i] === SHOWN) keep.push(i);
  }
  const m = keep.length;
  const pick = (a: ArrayLike<number>) => Uint32Array.from(keep, (i) => a[i]);
  const n = pick(t.n), unsafe = pick(t.unsafe), neither = pick(t.neither), safe = pick(t.safe);
  const share = new Float64Array(m), lo = new Float64Array(m), hi = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    if (unsafe[j] + neither[j] + safe[j] !== n[j]) throw new RangeError(`Cell ${t.cells[keep[j]]}: answers (${unsafe[j]} + ${neither[j]} + ${safe[j]}) do not add up to ${n[j]} respondents`);
    share[j] = unsafe[j] / n[j];
    [lo[j], hi[j]] = wilsonInterval(unsafe[j], n[j]);
  }
  const sum = suppressionSummary(t.n, status);
  return {
    k, cells: keep.map((i) => t.cells[i]), n, unsafe, neither, safe, share, lo, hi,
    suppressed: { primary: sum.primary, secondary: sum.secondary, respondents: sum.hiddenRespondents },
    respondents,
  };
}
