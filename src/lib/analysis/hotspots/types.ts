/**
 * The common shape of every local statistic's result (Gi*, Gi, local Moran, space-time Gi*), and
 * the method record saved with it, so a planner can reproduce a map exactly: data, filters,
 * parameters and seed.
 */

/** Study-area cells and one value per cell (counts, zeros included), in the same order. */
export interface CellValues {
  cells: readonly string[];
  counts: ArrayLike<number>;
}

/** Where the data came from; filled by the caller (the analysis never sees files). */
export interface DataRecord {
  source?: string;
  rows?: number;
  res?: number;
  cells?: number;
  total?: number;
  from?: string | null;
  to?: string | null;
}

/** How a result was computed. */
export interface MethodRecord {
  /** Machine name of the statistic, e.g. `gistar`, `local-moran`. */
  statistic: string;
  /** The paper(s) it follows. */
  citation: string;
  data?: DataRecord;
  filter?: unknown;
  parameters: Record<string, string | number | boolean | null>;
  /** The seed of every random draw, or null when nothing was random. */
  seed: number | null;
  /** Which p-value the classes come from, in words (e.g. "FDR-adjusted analytic p"). */
  classesFrom: string;
  notes: string[];
}

/** One class of a result's legend. */
export interface ClassInfo {
  code: number;
  key: string;
  label: string;
  description: string;
}

/** Which p-value the classes were read from. */
export type PSource = 'p' | 'pAdjusted' | 'pSim' | 'pSimAdjusted';

/**
 * Result of a local statistic, one entry per cell, parallel arrays.
 * `p` is the analytic two-sided p; `pSim` the folded conditional-permutation pseudo p (null when
 * no permutations ran); `pAdjusted` the Benjamini–Hochberg adjustment of the two-sided p that the
 * classes use (min(1, 2·pSim) when permutations ran, else p) — always computed and reported, FDR on
 * or off; `pSource` says which of them decided the classes.
 */
export interface LocalResult {
  cells: readonly string[];
  /** The values analysed (counts). */
  x: Float64Array;
  /** The statistic itself (Gi* ratio, Ii, …). */
  value: Float64Array;
  z: Float64Array;
  p: Float64Array;
  pSim: Float64Array | null;
  pAdjusted: Float64Array;
  /** Class code per cell, see `legend`. */
  classCode: Int8Array;
  legend: readonly ClassInfo[];
  /** The p-value the classes were read from. */
  pSource: PSource;
  method: MethodRecord;
  /** Plain-language warnings (few incidents, most cells zero, …). */
  warnings: string[];
}

/** One cell of a local result as a plain object (for JSON, CSV and drill-down). */
export interface LocalRow {
  cell: string;
  count: number;
  value: number;
  z: number;
  p: number;
  pSim: number | null;
  pAdjusted: number;
  class: string;
}

/** The i-th cell of a result as a plain object. */
export function localRow(r: LocalResult, i: number): LocalRow {
  const key = r.legend.find((c) => c.code === r.classCode[i])?.key ?? 'unknown';
  return { cell: r.cells[i], count: r.x[i], value: r.value[i], z: r.z[i], p: r.p[i], pSim: r.pSim ? r.pSim[i] : null, pAdjusted: r.pAdjusted[i], class: key };
}

/** Progress and cancellation for long runs (the engine's request context has this shape). */
export interface Ctx {
  progress(stage: string, fraction: number | null): void;
  /** Lets other messages through; throws if the run was cancelled. */
  checkpoint(): Promise<void>;
}

/** Warnings any count-based local statistic should show. */
export function countWarnings(x: ArrayLike<number>): string[] {
  let total = 0, zeros = 0;
  for (let i = 0; i < x.length; i++) { total += x[i]; if (x[i] === 0) zeros++; }
  const out: string[] = [];
  if (x.length === 0) return ['There are no cells to analyse.'];
  if (total < 30) out.push(`Only ${total} incidents: too few for reliable hot spots (aim for at least 30, better several hundred).`);
  if (total < x.length) out.push(`Fewer incidents (${total}) than cells (${x.length}): at least ${x.length - total} cells are necessarily empty; consider a coarser resolution or a larger k.`);
  if (zeros / x.length > 0.8) out.push(`${Math.round((100 * zeros) / x.length)} % of cells have no incident; the normal approximation of z is rough — consider permutations, a coarser resolution or a larger k.`);
  return out;
}
