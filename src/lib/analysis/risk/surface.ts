/**
 * The combined relative-risk surface of a fitted risk-terrain model, and its comparison with
 * where crime is now.
 *
 * Definitions, per cell i with terms xᵢ and fitted β₀, β (unselected factors have β = 0):
 * - `relativeRisk` = exp(xᵢᵀβ): the risk relative to a cell where every term is 0 (no feature in
 *   reach, for count and density terms). It is the product of the factors' relative risk values
 *   raised to the cell's terms, RTM's composite "relative risk score" (Caplan & Kennedy 2016,
 *   Risk Terrain Modeling, ch. 4), so a 2 reads "twice the expected incidents of a bare cell";
 * - `expected` = μᵢ = exp(β₀ + xᵢᵀβ): the modelled incidents over the fitted period;
 * - `riskIndex` = μᵢ / mean(μ): relative to the average study cell (1 = average);
 * - `percentile`: the share of cells with lower risk (ties share their mean rank).
 * Comparison classes (compareWithHotSpots): a cell is *high risk* when it is among the top
 * `riskShare` of cells by risk; *hot* when flagged by the caller (e.g. Gi* hot spots) or, without
 * flags, among the top `hotShare` by count; *low crime* when not hot and its count is at most
 * `lowCount` (default the median cell count). Classes: `risky-hot` (high risk and hot),
 * `protect-early` (high risk, low crime: places to protect before crime arrives), `hot-not-risky`
 * (hot but not high risk: crime the environment does not explain), `other`.
 */
import type { RiskModel } from './model';

/** The risk surface per cell (definitions in the file header). */
export interface RiskSurface {
  cells: readonly string[];
  relativeRisk: Float64Array;
  expected: Float64Array;
  riskIndex: Float64Array;
  percentile: Float64Array;
}

/** xᵢᵀβ per cell over design columns in the model's order. */
export function riskScore(model: RiskModel, columns: readonly Float64Array[]): Float64Array {
  if (columns.length !== model.beta.length) throw new RangeError(`The model has ${model.beta.length} factors, the design ${columns.length}.`);
  const n = columns.length ? columns[0].length : 0;
  const s = new Float64Array(n);
  columns.forEach((c, j) => { const b = model.beta[j]; if (b !== 0) for (let i = 0; i < n; i++) s[i] += b * c[i]; });
  return s;
}

/** The surface of a model over design columns (the fitted cells, or edited terms). */
export function riskSurface(model: RiskModel, columns: readonly Float64Array[], cells: readonly string[]): RiskSurface {
  const s = riskScore(model, columns);
  const n = cells.length;
  if (s.length !== n) throw new RangeError(`${n} cells but ${s.length} rows of terms.`);
  const relativeRisk = s.map(Math.exp);
  const expected = s.map((v) => Math.exp(model.intercept + v));
  let mean = 0;
  for (let i = 0; i < n; i++) mean += expected[i];
  mean /= n;
  return { cells, relativeRisk, expected, riskIndex: expected.map((v) => v / mean), percentile: percentiles(s) };
}

/** Share of values below each (ties share their mean rank). */
export function percentiles(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && v[order[j + 1]] === v[order[i]]) j++;
    for (let k = i; k <= j; k++) out[order[k]] = n > 1 ? (i + j) / 2 / (n - 1) : 0.5;
    i = j + 1;
  }
  return out;
}

/** Comparison classes, by code. */
export const RISK_CLASSES = ['other', 'risky-hot', 'protect-early', 'hot-not-risky'] as const;
/** A comparison class. */
export type RiskClass = (typeof RISK_CLASSES)[number];

/** Cells classed by modelled risk against observed crime. */
export interface HotSpotComparison {
  /** Index into RISK_CLASSES per cell. */
  classes: Uint8Array;
  counts: Record<RiskClass, number>;
  /** The risk index at or above which a cell is high risk; the count at or below which it is low crime. */
  riskThreshold: number;
  lowCount: number;
  /** Cells (indices) classed `protect-early`, highest risk first. */
  protectEarly: number[];
  /** Share of hot cells that are high risk, and of all incidents that lie in high-risk cells. */
  hotCellsHighRisk: number;
  incidentsInHighRisk: number;
}

/** Classes cells by modelled risk against observed crime. */
export function compareWithHotSpots(
  surface: RiskSurface,
  counts: ArrayLike<number>,
  o: { riskShare?: number; hot?: ArrayLike<boolean | number>; hotShare?: number; lowCount?: number } = {},
): HotSpotComparison {
  const n = surface.cells.length;
  if (counts.length !== n) throw new RangeError(`${n} cells but ${counts.length} counts.`);
  const top = (v: ArrayLike<number>, share: number) => {
    if (!(share > 0 && share <= 1)) throw new RangeError(`A share must be in (0, 1], got ${share}`);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[b] - v[a]);
    const flag = new Uint8Array(n);
    const m = Math.max(1, Math.round(share * n));
    for (let k = 0; k < m; k++) flag[order[k]] = 1;
    return { flag, threshold: v[order[m - 1]] };
  };
  const risk = top(surface.riskIndex, o.riskShare ?? 0.1);
  const hot = o.hot ? Uint8Array.from({ length: n }, (_, i) => (o.hot![i] ? 1 : 0)) : top(counts, o.hotShare ?? 0.1).flag;
  const sorted = Array.from(counts).sort((a, b) => a - b);
  const lowCount = o.lowCount ?? sorted[(n - 1) >> 1];
  const classes = new Uint8Array(n);
  const tally: Record<RiskClass, number> = { other: 0, 'risky-hot': 0, 'protect-early': 0, 'hot-not-risky': 0 };
  let hotN = 0, hotHigh = 0, all = 0, inHigh = 0;
  for (let i = 0; i < n; i++) {
    const c = risk.flag[i] && hot[i] ? 1 : risk.flag[i] && !hot[i] && counts[i] <= lowCount ? 2 : hot[i] && !risk.flag[i] ? 3 : 0;
    classes[i] = c;
    tally[RISK_CLASSES[c]]++;
    if (hot[i]) { hotN++; if (risk.flag[i]) hotHigh++; }
    all += counts[i];
    if (risk.flag[i]) inHigh += counts[i];
  }
  const protectEarly = Array.from({ length: n }, (_, i) => i).filter((i) => classes[i] === 2).sort((a, b) => surface.riskIndex[b] - surface.riskIndex[a]);
  return { classes, counts: tally, riskThreshold: risk.threshold, lowCount, protectEarly, hotCellsHighRisk: hotN ? hotHigh / hotN : 0, incidentsInHighRisk: all ? inHigh / all : 0 };
}
