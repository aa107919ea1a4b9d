/**
 * What if the environment changed? Applies edits to the layers (repair broken street lights in
 * an area, remove a liquor outlet, add a camera, green a vacant lot), recomputes the changed
 * layers' terms over the same cells, and predicts each cell's expected incidents with the
 * fitted coefficients held fixed: Δμᵢ = exp(β₀ + x′ᵢᵀβ) − exp(β₀ + xᵢᵀβ). The interval of the
 * total change is the delta method on the coefficients' covariance (Δ ± 1.96·√(gᵀΣg), with
 * g = Σᵢ μ′ᵢx′ᵢ − μᵢxᵢ); it reflects estimation error only.
 *
 * An edit selects features by id, by a polygon or a set of H3 cells (a line or polygon feature is
 * inside when the mean of its vertices is), the one nearest a clicked place (within a distance),
 * or all of a type; selectors given together must all hold. Edits touching feature types the
 * model does not use, or whose factor was not selected, change nothing and are listed in
 * `noEffect`. Control layers (design.ts) are held fixed: an edit of one is listed in `heldFixed`
 * and changes nothing — repairing a broken light removes it from the broken-lights factor but
 * does not add to the working-lights control, which stands for street density.
 *
 * CAUTION (returned with every result): the model is an association between places' features
 * and past incidents. It is not a causal effect: the feature may stand in for something else,
 * crime may move rather than fall, and nothing else is assumed to change. Use the figures to
 * compare options, then evaluate what is done.
 */
import { getResolution, latLngToCell } from 'h3-js';
import { preparePolygons } from '../../geo/point-in-polygon';
import { LayerBuilder, featureAnchor, selectFeatures, concatLayers, type EnvironmentLayer } from '../../environment/layer';
import { buildDesign, type Design } from './design';
import type { RiskModel } from './model';
import { riskScore } from './surface';
import { Z975 } from './special';
import { layerTerms, type TermSet } from './terms';
import { haversine, type StudyArea } from './study-area';

/** GeoJSON Polygon coordinates: rings of [lon, lat]. */
export type PolygonRings = number[][][];

/** Which features of a layer an edit touches; every selector given must hold (at least one). */
export interface Selection {
  /** Feature ids. */
  ids?: readonly string[];
  /** Inside a polygon. */
  within?: PolygonRings;
  /** Inside one of these H3 cells (one resolution). */
  cells?: readonly string[];
  /** The one feature nearest this place, if within `maxM` metres. */
  near?: { lon: number; lat: number; maxM: number };
  /** Every feature of the type. */
  all?: boolean;
}

/** An edit of the environment: add a point feature, remove features, or retype them (to null = remove). */
export type LayerEdit =
  | { kind: 'add'; type: string; lon: number; lat: number; id?: string }
  | ({ kind: 'remove'; type: string } & Selection)
  | ({ kind: 'retype'; from: string; to: string | null } & Selection);

/** Broken lights inside the area (a polygon, or a selection) become working lights. */
export const repairStreetLights = (where: PolygonRings | Selection, from = 'street_light_out', to: string | null = 'street_light'): LayerEdit =>
  ({ kind: 'retype', from, to, ...(Array.isArray(where) ? { within: where } : where) });
/** Removes one feature (e.g. a liquor outlet) by id. */
export const removeFeature = (type: string, id: string): LayerEdit => ({ kind: 'remove', type, ids: [id] });
/** Adds a camera at a place. */
export const addCamera = (lon: number, lat: number, type = 'cctv', id?: string): LayerEdit => ({ kind: 'add', type, lon, lat, id });
/** A vacant lot becomes a park (or just stops being vacant, with `to: null`). */
export const greenVacantLot = (id: string, from = 'vacant', to: string | null = 'park'): LayerEdit => ({ kind: 'retype', from, to, ids: [id] });

/** Everything a scenario needs from the fitted model (kept by the caller after fitting). */
export interface ScenarioBase {
  study: StudyArea;
  layers: readonly EnvironmentLayer[];
  terms: TermSet;
  design: Design;
  model: RiskModel;
}

/** Expected incidents before and after the edits, per cell and in total. */
export interface WhatIfResult {
  cells: readonly string[];
  before: Float64Array;
  after: Float64Array;
  change: Float64Array;
  totalBefore: number;
  totalAfter: number;
  totalChange: number;
  /** 95 % interval of the total change (delta method, coefficient uncertainty only). */
  totalChangeInterval: [number, number];
  percentChange: number;
  /** Features each edit touched. */
  affected: { edit: LayerEdit; features: number }[];
  /** Feature types whose edits change the prediction, those that cannot, and control layers held fixed. */
  changedTypes: string[];
  noEffect: string[];
  heldFixed: string[];
  caution: string;
}

/** The caution every what-if result carries. */
export const CAUTION =
  'These are modelled associations, not causal effects: a feature may stand in for something else nearby, ' +
  'crime may move elsewhere rather than fall, and the model assumes nothing else changes. Use the figures to ' +
  'compare options, and evaluate what is actually done.';

/** Applies edits in order; returns the new layers (types created by an edit are appended). */
export function applyEdits(layers: readonly EnvironmentLayer[], edits: readonly LayerEdit[]): { layers: EnvironmentLayer[]; affected: number[]; changed: Set<string> } {
  const out = [...layers];
  const changed = new Set<string>();
  const affected: number[] = [];
  const find = (type: string) => out.findIndex((l) => l.type === type);
  const chooser = (l: EnvironmentLayer, sel: Selection) => {
    if (!sel.ids && !sel.within && !sel.cells && !sel.near && !sel.all) throw new Error('An edit needs feature ids or an area.');
    const idSet = sel.ids ? new Set(sel.ids) : null;
    const poly = sel.within ? preparePolygons([sel.within]) : null;
    const cellSet = sel.cells && sel.cells.length ? new Set(sel.cells) : null;
    if (sel.cells && !cellSet) return () => false;
    const res = cellSet ? getResolution(sel.cells![0]) : 0;
    let nearest = -1;
    if (sel.near) {
      let best = sel.near.maxM;
      for (let f = 0; f < l.n; f++) {
        const [x, y] = featureAnchor(l, f);
        const d = haversine(sel.near.lon, sel.near.lat, x, y);
        if (d <= best) { best = d; nearest = f; }
      }
    }
    return (f: number) => {
      if (idSet && !idSet.has(l.ids[f])) return false;
      if (sel.near && f !== nearest) return false;
      if (!poly && !cellSet) return true;
      const [x, y] = featureAnchor(l, f);
      return (poly ? poly.contains(x, y) : true) && (cellSet ? cellSet.has(latLngToCell(y, x, res)) : true);
    };
  };
  for (const e of edits) {
    if (e.kind === 'add') {
      const b = new LayerBuilder();
      if (!b.point(e.lon, e.lat, e.id ?? `added-${affected.length + 1}`)) throw new Error(`Cannot add a feature at ${e.lon}, ${e.lat}.`);
      const add = b.build(e.type, 'edited');
      const i = find(e.type);
      if (i < 0) out.push(add);
      else out[i] = concatLayers([out[i], add], e.type, 'edited');
      changed.add(e.type);
      affected.push(1);
      continue;
    }
    const from = e.kind === 'remove' ? e.type : e.from;
    const i = find(from);
    if (i < 0) { affected.push(0); continue; }
    const l = out[i];
    const hit = chooser(l, e);
    const moved = selectFeatures(l, hit);
    affected.push(moved.n);
    if (moved.n === 0) continue;
    out[i] = { ...selectFeatures(l, (f) => !hit(f)), source: 'edited' };
    changed.add(from);
    if (e.kind === 'retype' && e.to) {
      const j = find(e.to);
      const tagged = { ...moved, type: e.to, source: 'edited' };
      if (j < 0) out.push(tagged);
      else out[j] = concatLayers([out[j], tagged], e.to, 'edited');
      changed.add(e.to);
    }
  }
  return { layers: out, affected, changed };
}

/** Predicts the effect of edits on expected incidents per cell and in total. */
export function whatIf(base: ScenarioBase, edits: readonly LayerEdit[]): WhatIfResult {
  const { layers, affected, changed } = applyEdits(base.layers, edits);
  const { model, design } = base;
  const controls = new Set(design.names.filter((_, j) => design.controls?.[j]));
  const used = new Set(design.names.filter((_, j) => model.beta[j] !== 0 && !controls.has(design.names[j])));
  const changedTypes = [...changed].filter((t) => used.has(t));
  const heldFixed = [...changed].filter((t) => controls.has(t));
  const noEffect = [...changed].filter((t) => !used.has(t) && !controls.has(t));
  const newLayers = base.terms.layers.map((t) => {
    if (!changedTypes.includes(t.type)) return t;
    const kind = design.kinds[design.names.indexOf(t.type)];
    if (kind === 'trend') return t;
    const layer = layers.find((l) => l.type === t.type)!;
    return layerTerms(base.study, layer, { kinds: [kind], bandwidthM: base.terms.bandwidthM });
  });
  // The same spec rebuilds the same columns in the same order (trend columns unchanged).
  const after: Design = buildDesign({ ...base.terms, layers: newLayers }, design.spec);
  const s0 = riskScore(model, design.columns), s1 = riskScore(model, after.columns);
  const n = s0.length, p = design.columns.length;
  const mu0 = s0.map((v) => Math.exp(model.intercept + v));
  const mu1 = s1.map((v) => Math.exp(model.intercept + v));
  const change = mu1.map((v, i) => v - mu0[i]);
  let t0 = 0, t1 = 0;
  const g = new Float64Array(p + 1);
  for (let i = 0; i < n; i++) {
    t0 += mu0[i]; t1 += mu1[i];
    g[0] += mu1[i] - mu0[i];
  }
  for (let j = 0; j < p; j++) {
    if (model.beta[j] === 0) continue;
    const a = design.columns[j], b = after.columns[j];
    let s = 0;
    for (let i = 0; i < n; i++) s += mu1[i] * b[i] - mu0[i] * a[i];
    g[j + 1] = s;
  }
  let v = 0;
  for (let a = 0; a <= p; a++) for (let b = 0; b <= p; b++) v += g[a] * model.covariance[a * (p + 1) + b] * g[b];
  const half = Z975 * Math.sqrt(Math.max(0, v));
  const total = t1 - t0;
  return {
    cells: base.terms.cells, before: mu0, after: mu1, change, totalBefore: t0, totalAfter: t1, totalChange: total,
    totalChangeInterval: [total - half, total + half], percentChange: t0 > 0 ? (100 * total) / t0 : 0,
    affected: edits.map((edit, k) => ({ edit, features: affected[k] })), changedTypes, noEffect, heldFixed, caution: CAUTION,
  };
}
