/**
 * Per-cell risk-terrain terms for each environmental layer (Caplan & Kennedy 2016, Risk Terrain
 * Modeling: Crime Prediction and Risk Reduction, ch. 2–3: a risk factor "operationalised" as
 * proximity or density of a feature type, measured per place):
 * - `count`: features in the cell's k-ring disk — the features binned by their own H3 cell at the
 *   study resolution and summed over `gridDisk(cell, k)` (the cell and its k rings). This is
 *   exactly the definition of ../shared/reference/risk/README (k = 1 there). Lines and polygons
 *   count once per disk they touch (see feature-geometry.ts);
 * - `distance`: metres from the cell centre to the nearest feature (great-circle, to the point
 *   found nearest in the local plane through a grid index; 0 inside a polygon);
 * - `density`: kernel density at the cell centre, features per km², quartic (biweight) kernel
 *   K(d) = 3/(πh²)·(1 − d²/h²)² for d < h (Silverman 1986, Density Estimation, §4.2; the kernel of
 *   ArcGIS Kernel Density), bandwidth h in metres (default (k + ½) × centre spacing).
 * Inputs: study cells (H3, one resolution), layers, options. Output: a TermSet, one LayerTerms
 * per layer, each term a Float64Array in the order of the cells. Features outside the study
 * area count too when they are near enough: a boundary cell sees its real surroundings.
 */
import type { EnvironmentLayer } from '../../environment/layer';
import { prepareLayer, type PreparedLayer } from './feature-geometry';
import { defaultBandwidth, fromPlane, haversine, prepareStudyArea, type StudyArea } from './study-area';

/** The three per-cell terms. */
export type TermKind = 'count' | 'distance' | 'density';
/** Every term kind, in output order. */
export const TERM_KINDS: readonly TermKind[] = ['count', 'distance', 'density'];

/** Options of term computation. */
export interface TermOptions {
  /** Rings of the disk for `count` (default 1). */
  k?: number;
  /** Kernel bandwidth in metres (default (k + ½) × √3 × mean edge length). */
  bandwidthM?: number;
  /** Which terms to compute (default all three). */
  kinds?: readonly TermKind[];
  /** Called with the fraction done after each layer. */
  onProgress?: (fraction: number) => void;
}

/** One layer's terms, one value per study cell (null when not computed). */
export interface LayerTerms {
  type: string;
  /** Features in the layer. */
  features: number;
  count: Float64Array | null;
  distance: Float64Array | null;
  density: Float64Array | null;
}

/** Every layer's terms over the study cells. */
export interface TermSet {
  cells: readonly string[];
  res: number;
  k: number;
  bandwidthM: number;
  kernel: 'quartic';
  layers: LayerTerms[];
}

/** Terms of every layer over the study cells. */
export function computeTerms(cells: readonly string[], layers: readonly EnvironmentLayer[], o: TermOptions = {}): TermSet {
  return termsForStudy(prepareStudyArea(cells, o.k ?? 1), layers, o);
}

/** Terms of every layer over a prepared study area (its k applies). */
export function termsForStudy(study: StudyArea, layers: readonly EnvironmentLayer[], o: Omit<TermOptions, 'k'> = {}): TermSet {
  const cells = study.cells;
  const bandwidthM = o.bandwidthM ?? defaultBandwidth(study);
  const out: LayerTerms[] = [];
  layers.forEach((l, i) => {
    out.push(layerTerms(study, l, { ...o, bandwidthM }));
    o.onProgress?.((i + 1) / layers.length);
  });
  return { cells, res: study.res, k: study.k, bandwidthM, kernel: 'quartic', layers: out };
}

/** Terms of one layer over a prepared study area (what-if scenarios recompute one layer). */
export function layerTerms(study: StudyArea, layer: EnvironmentLayer, o: TermOptions = {}): LayerTerms {
  const kinds = o.kinds ?? TERM_KINDS;
  const prep = prepareLayer(layer, study);
  return {
    type: layer.type,
    features: layer.n,
    count: kinds.includes('count') ? diskCounts(study, prep) : null,
    distance: kinds.includes('distance') ? nearestDistances(study, prep) : null,
    density: kinds.includes('density') ? kernelDensity(study, prep, o.bandwidthM ?? defaultBandwidth(study)) : null,
  };
}

/** Features in each cell's k-ring disk (distinct features for lines and polygons). */
export function diskCounts(study: StudyArea, prep: PreparedLayer): Float64Array {
  const out = new Float64Array(study.cells.length);
  const stamp = new Int32Array(prep.n).fill(-1);
  for (let i = 0; i < out.length; i++) {
    let c = 0;
    for (const d of study.disks[i]) {
      const fs = prep.byCell.get(d);
      if (!fs) continue;
      if (prep.pointsOnly) { c += fs.length; continue; }
      for (const f of fs) if (stamp[f] !== i) { stamp[f] = i; c++; }
    }
    out[i] = c;
  }
  return out;
}

/** Metres from each cell centre to the nearest feature (Infinity for an empty layer). */
export function nearestDistances(study: StudyArea, prep: PreparedLayer): Float64Array {
  const out = new Float64Array(study.cells.length);
  for (let i = 0; i < out.length; i++) {
    if (prep.insideCells.has(study.cells[i])) continue;
    const hit = prep.index.nearest(study.x[i], study.y[i]);
    if (hit.item < 0) { out[i] = Infinity; continue; }
    const ix = prep.index;
    const px = ix.ax[hit.item] + hit.t * (ix.bx[hit.item] - ix.ax[hit.item]);
    const py = ix.ay[hit.item] + hit.t * (ix.by[hit.item] - ix.ay[hit.item]);
    const [lon, lat] = fromPlane(study.frame, px, py);
    out[i] = haversine(study.lon[i], study.lat[i], lon, lat);
  }
  return out;
}

/** Quartic-kernel density at each cell centre, features per km². */
export function kernelDensity(study: StudyArea, prep: PreparedLayer, h: number): Float64Array {
  if (!(h > 0)) throw new RangeError(`The bandwidth must be positive, got ${h}`);
  const out = new Float64Array(study.cells.length);
  const h2 = h * h;
  const norm = (3 / (Math.PI * h2)) * 1e6;
  for (let i = 0; i < out.length; i++) {
    const x = study.x[i], y = study.y[i];
    let s = 0;
    prep.samples.near(x, y, h, (j) => {
      const dx = prep.sx[j] - x, dy = prep.sy[j] - y;
      const u = (dx * dx + dy * dy) / h2;
      if (u < 1) s += prep.sw[j] * (1 - u) * (1 - u);
    });
    out[i] = s * norm;
  }
  return out;
}
