/**
 * Scale sensitivity of Gi* hot spots: the same data analysed at several H3 resolutions and ring
 * counts k, and for each cell of a reference analysis, how often its class holds across them.
 * (A concern since Openshaw's modifiable areal unit problem, 1984: a hot spot that exists at one
 * resolution only is weak evidence.)
 *
 * Cells are matched across resolutions through the H3 hierarchy: a coarser run's class is its
 * parent cell's; a finer run's class is the most common class among the reference cell's children
 * in the study area (ties to the weaker class). Gi* as getis-ord.ts; inference analytic.
 *
 * Result per reference cell: hotShare / coldShare = share of runs in which it is a hot / cold spot
 * (any confidence), agreement = share of runs whose class sign (hot, cold, neither) equals the
 * reference run's, and the class in every run.
 */
import { cellToChildren, cellToParent, getResolution } from 'h3-js';
import { getisOrd } from './getis-ord';
import type { CellValues, MethodRecord } from './types';
import { ringNeighbours, type WeightScheme } from './weights';

export interface ScaleRun {
  res: number;
  k: number;
}

export interface ScaleResult {
  cells: readonly string[];
  reference: ScaleRun;
  runs: ScaleRun[];
  /** Class −3 … 3 per run and reference cell: classes[r * n + i]. */
  classes: Int8Array;
  hotShare: Float64Array;
  coldShare: Float64Array;
  agreement: Float64Array;
  method: MethodRecord;
}

function classAt(cell: string, runRes: number, lookup: Map<string, number>): number {
  const r = getResolution(cell);
  if (runRes === r) return lookup.get(cell) ?? 0;
  if (runRes < r) return lookup.get(cellToParent(cell, runRes)) ?? 0;
  const tally = new Map<number, number>();
  for (const c of cellToChildren(cell, runRes)) {
    const v = lookup.get(c);
    if (v !== undefined) tally.set(v, (tally.get(v) ?? 0) + 1);
  }
  let best = 0, n = 0;
  for (const [v, m] of tally) if (m > n || (m === n && Math.abs(v) < Math.abs(best))) { best = v; n = m; }
  return best;
}

/**
 * Runs Gi* for every (res, k) in `runs` over `byRes` (cells and counts per resolution, the same
 * data and filter) and summarises per cell of the reference run.
 */
export function scaleSensitivity(byRes: ReadonlyMap<number, CellValues>, reference: ScaleRun, runs: readonly ScaleRun[], o: { scheme?: WeightScheme; fdr?: boolean } = {}): ScaleResult {
  const all = runs.some((r) => r.res === reference.res && r.k === reference.k) ? [...runs] : [reference, ...runs];
  const ref = byRes.get(reference.res);
  if (!ref) throw new RangeError(`No cells for the reference resolution ${reference.res}.`);
  const n = ref.cells.length;
  const classes = new Int8Array(all.length * n);
  let refRow = 0;
  all.forEach((run, r) => {
    const data = byRes.get(run.res);
    if (!data) throw new RangeError(`No cells for resolution ${run.res}.`);
    const g = getisOrd(data, ringNeighbours(data.cells, run.k), { scheme: o.scheme, fdr: o.fdr });
    const lookup = new Map<string, number>();
    data.cells.forEach((c, i) => lookup.set(c, g.classCode[i]));
    for (let i = 0; i < n; i++) classes[r * n + i] = classAt(ref.cells[i], run.res, lookup);
    if (run.res === reference.res && run.k === reference.k) refRow = r;
  });
  const hotShare = new Float64Array(n), coldShare = new Float64Array(n), agreement = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const refSign = Math.sign(classes[refRow * n + i]);
    let hot = 0, cold = 0, agree = 0;
    for (let r = 0; r < all.length; r++) {
      const c = classes[r * n + i];
      if (c > 0) hot++;
      else if (c < 0) cold++;
      if (Math.sign(c) === refSign) agree++;
    }
    hotShare[i] = hot / all.length;
    coldShare[i] = cold / all.length;
    agreement[i] = agree / all.length;
  }
  return {
    cells: ref.cells, reference, runs: all, classes, hotShare, coldShare, agreement,
    method: {
      statistic: 'scale-sensitivity', citation: 'Getis & Ord (1992); Ord & Getis (1995); Openshaw (1984) The Modifiable Areal Unit Problem',
      parameters: { reference: `res ${reference.res}, k ${reference.k}`, runs: all.map((r) => `res ${r.res} k ${r.k}`).join('; '), weights: o.scheme ?? 'binary', fdr: o.fdr ?? false },
      seed: null, classesFrom: o.fdr ? 'FDR-adjusted analytic p' : 'analytic p', notes: [],
    },
  };
}
