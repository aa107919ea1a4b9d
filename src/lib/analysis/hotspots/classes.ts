/**
 * Hot/cold classes at 99 / 95 / 90 % confidence (ArcGIS's Gi_Bin −3 … 3), read from whichever
 * p-value the caller chose: analytic or permutation, raw or FDR-adjusted.
 */
import { benjaminiHochberg } from './fdr';
import type { ClassInfo, PSource } from './types';

/** Legend of the hot/cold classes; `via` says which p-value decided them; `star` whether the cell counts in its own neighbourhood (Gi*) or not (Gi). */
export function hotColdLegend(via: string, star = true): ClassInfo[] {
  const who = star ? 'the cell and its neighbours together hold' : "the cell's neighbours hold";
  const hot = `${who} more incidents than the study-area average would give by chance`;
  const cold = `${who} fewer incidents than the study-area average would give by chance`;
  return [
    { code: 3, key: 'hot-99', label: 'Hot spot, 99 % confidence', description: `${hot} (${via} < 0.01).` },
    { code: 2, key: 'hot-95', label: 'Hot spot, 95 % confidence', description: `${hot} (${via} < 0.05).` },
    { code: 1, key: 'hot-90', label: 'Hot spot, 90 % confidence', description: `${hot} (${via} < 0.10).` },
    { code: 0, key: 'not-significant', label: 'Not significant', description: `No evidence of clustering at 90 % confidence (${via} ≥ 0.10).` },
    { code: -1, key: 'cold-90', label: 'Cold spot, 90 % confidence', description: `${cold} (${via} < 0.10).` },
    { code: -2, key: 'cold-95', label: 'Cold spot, 95 % confidence', description: `${cold} (${via} < 0.05).` },
    { code: -3, key: 'cold-99', label: 'Cold spot, 99 % confidence', description: `${cold} (${via} < 0.01).` },
  ];
}

/** Confidence bin 0 … 3 of a two-sided p-value: 3 if p < 0.01, 2 if < 0.05, 1 if < 0.10. */
export function confidenceBin(p: number): number {
  return p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.1 ? 1 : 0;
}

/** Signed hot/cold bin per cell: the sign of z times the confidence bin of p (0 where p is NaN). */
export function hotColdBins(z: ArrayLike<number>, p: ArrayLike<number>): Int8Array {
  const out = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const b = Number.isNaN(p[i]) || !(z[i] !== 0) ? 0 : confidenceBin(p[i]);
    out[i] = z[i] > 0 ? b : -b;
  }
  return out;
}

/**
 * The p-values classes are read from, and their BH adjustment: the analytic p, or with
 * permutations the two-sided permutation p = min(1, 2 · folded pseudo p).
 */
export function classP(p: Float64Array, pSim: Float64Array | null, fdr: boolean): { pAdjusted: Float64Array; pClass: Float64Array; source: PSource } {
  const base = pSim ? pSim.map((v) => Math.min(1, 2 * v)) : p;
  const pAdjusted = benjaminiHochberg(base);
  return { pAdjusted, pClass: fdr ? pAdjusted : base, source: pSim ? (fdr ? 'pSimAdjusted' : 'pSim') : fdr ? 'pAdjusted' : 'p' };
}

/** Words for which p decided the classes. */
export function pSourceWords(s: PSource): string {
  return {
    p: 'analytic p (not adjusted for multiple testing)',
    pAdjusted: 'FDR-adjusted analytic p (Benjamini–Hochberg)',
    pSim: 'two-sided permutation p (2 × folded pseudo p, not adjusted for multiple testing)',
    pSimAdjusted: 'FDR-adjusted two-sided permutation p (Benjamini–Hochberg)',
  }[s];
}

/** A warning when permutations are too few for FDR to flag anything: the smallest two-sided p is 2 / (R + 1). */
export function permutationFdrWarning(permutations: number, cells: number, fdr: boolean): string[] {
  if (!fdr || !permutations) return [];
  const floor = 2 / (permutations + 1);
  if (floor * cells <= 0.05) return [];
  const need = Math.ceil((2 * cells) / 0.01) - 1;
  return [`With ${permutations} permutations the smallest two-sided p is ${floor.toPrecision(2)}; across ${cells} cells the FDR adjustment can then flag only large clusters. For FDR at 99 % confidence, use about ${need.toLocaleString('en')} permutations or the analytic p.`];
}
