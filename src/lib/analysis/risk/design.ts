/**
 * The model's design: one column per risk factor (a layer's count, distance or density term),
 * named by the layer's feature type. Distances enter in kilometres so that exp(β) reads as the
 * relative risk per kilometre farther from the nearest feature; counts per feature in the disk;
 * densities per feature per km².
 *
 * Optional spatial trend (`trend: 1` linear, `2` quadratic): polynomial columns of the cell
 * centres' east and north coordinates (standardised), named `trend_x`, `trend_y`, `trend_x2`,
 * `trend_y2`, `trend_xy`. They absorb city-wide gradients (a busy centre, a quiet fringe) so that
 * a factor is judged on local variation, not on lying in the busy part of town — trend-surface
 * covariates as in spatial point-process regression (Baddeley, Rubak & Turner 2015, Spatial
 * Point Patterns, §9.3). Plain RTM has none (the default).
 *
 * Control layers (`controls`): a layer can enter as a control rather than a risk factor — a
 * stand-in for exposure that the analyst wants held constant, e.g. working street lights, which
 * line every street and so measure street and address density. A control is always in the model
 * (unpenalised by the lasso / elastic net), is labelled as a control in the factor table, and is
 * held fixed in what-if scenarios (repairing a light does not add a street).
 */
import { cellToLatLng } from 'h3-js';
import type { LayerTerms, TermKind, TermSet } from './terms';

/** A design column's kind: a layer term, or a spatial-trend control. */
export type ColumnKind = TermKind | 'trend';

/** How terms become design columns. */
export interface DesignSpec {
  /** The term used for every factor (default `count`). */
  kind?: TermKind;
  /** Per-type overrides, e.g. { cctv: 'distance' }. */
  kinds?: Record<string, TermKind>;
  /** Which layers enter and in what order (default all, in the TermSet's order). */
  types?: readonly string[];
  /** Spatial trend control: 0 none (default), 1 linear, 2 quadratic in the cell centres. */
  trend?: 0 | 1 | 2;
  /** Layer types that enter as controls (always in the model, held fixed in what-if scenarios). */
  controls?: readonly string[];
}

/** Design columns in model order, with their names, kinds and units. */
export interface Design {
  /** Factor names: the layers' feature types. */
  names: string[];
  kinds: ColumnKind[];
  units: string[];
  columns: Float64Array[];
  /** The spec that built it (what-if scenarios rebuild columns the same way). */
  spec: DesignSpec;
  /** Per column: a control layer (see the header); absent means none. Trend columns are not flagged. */
  controls?: boolean[];
  k: number;
}

/** The unit of a term, in words. */
export function termUnit(kind: TermKind, k: number): string {
  return kind === 'count' ? `per feature within ${k} ring${k === 1 ? '' : 's'}` : kind === 'distance' ? 'per km farther from the nearest feature' : 'per feature per km²';
}

/** A column from one layer's terms (distance in km). */
export function termColumn(t: LayerTerms, kind: TermKind): Float64Array {
  const v = t[kind];
  if (!v) throw new Error(`The ${kind} term of "${t.type}" was not computed.`);
  if (kind !== 'distance') return v;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new Error(`Layer "${t.type}" has no features, so it has no distance term.`);
    out[i] = v[i] / 1000;
  }
  return out;
}

/** Builds the design columns from a TermSet. */
export function buildDesign(terms: TermSet, spec: DesignSpec = {}): Design {
  const types = spec.types ?? terms.layers.map((l) => l.type);
  const names: string[] = [], kinds: ColumnKind[] = [], units: string[] = [], columns: Float64Array[] = [];
  for (const c of spec.controls ?? []) if (!types.includes(c)) throw new Error(`The control "${c}" is not one of the model's layers (${types.join(', ')}).`);
  for (const type of types) {
    const t = terms.layers.find((l) => l.type === type);
    if (!t) throw new Error(`No terms for layer "${type}" (layers: ${terms.layers.map((l) => l.type).join(', ')}).`);
    if (names.includes(type)) throw new Error(`Layer "${type}" appears twice.`);
    const kind = spec.kinds?.[type] ?? spec.kind ?? 'count';
    names.push(type);
    kinds.push(kind);
    units.push(termUnit(kind, terms.k));
    columns.push(termColumn(t, kind));
  }
  for (const [name, col] of trendColumns(terms.cells, spec.trend ?? 0)) {
    names.push(name);
    kinds.push('trend');
    units.push('per standard deviation of position (control)');
    columns.push(col);
  }
  const controls = names.map((n, j) => kinds[j] !== 'trend' && (spec.controls ?? []).includes(n));
  return { names, kinds, units, columns, spec, k: terms.k, controls };
}

/** Standardised polynomial trend columns of the cells' centres. */
export function trendColumns(cells: readonly string[], degree: 0 | 1 | 2): [string, Float64Array][] {
  if (degree === 0) return [];
  const n = cells.length;
  const x = new Float64Array(n), y = new Float64Array(n);
  cells.forEach((c, i) => { const [la, lo] = cellToLatLng(c); y[i] = la; x[i] = lo * Math.cos((la * Math.PI) / 180); });
  const std = (a: Float64Array) => {
    const m = a.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / n) || 1;
    return a.map((v) => (v - m) / sd);
  };
  const X = std(x), Y = std(y);
  const out: [string, Float64Array][] = [['trend_x', X], ['trend_y', Y]];
  if (degree === 2) out.push(['trend_x2', X.map((v) => v * v)], ['trend_y2', Y.map((v) => v * v)], ['trend_xy', X.map((v, i) => v * Y[i])]);
  return out;
}
