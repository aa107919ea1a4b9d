/**
 * Risk terrain modelling in one call (Caplan & Kennedy 2016, Risk Terrain Modeling): terms per
 * layer and cell (terms.ts) → design (design.ts) → Poisson / NB2 model, optionally penalised
 * (model.ts) → relative-risk surface (surface.ts). The result keeps what a what-if scenario
 * needs (what-if.ts). Pure and synchronous; the caller runs it off the UI thread and passes
 * `onProgress` (terms take the first 30 %, the model the rest).
 */
import type { EnvironmentLayer } from '../../environment/layer';
import { buildDesign, type DesignSpec } from './design';
import { fitRiskModel, type RiskModelOptions } from './model';
import { prepareStudyArea } from './study-area';
import { riskSurface, type RiskSurface } from './surface';
import { termsForStudy } from './terms';
import type { ScenarioBase } from './what-if';

/** Options of `riskTerrain`: terms, design and model. */
export interface RiskTerrainOptions extends RiskModelOptions {
  /** Rings of the count disk (default 1). */
  k?: number;
  /** Kernel bandwidth, metres (default (k + ½) × centre spacing). */
  bandwidthM?: number;
  /** Which term per factor, and which factors (default: every layer's count). */
  design?: DesignSpec;
}

/** Everything fitted, plus the counts and the surface. */
export interface RiskTerrain extends ScenarioBase {
  counts: Float64Array;
  surface: RiskSurface;
}

/** Fits a risk terrain model of `counts` over `cells` (H3, one resolution) on the layers. */
export function riskTerrain(cells: readonly string[], counts: ArrayLike<number>, layers: readonly EnvironmentLayer[], o: RiskTerrainOptions = {}): RiskTerrain {
  if (counts.length !== cells.length) throw new RangeError(`${cells.length} cells but ${counts.length} counts.`);
  if (layers.length === 0) throw new RangeError('A risk terrain model needs at least one environmental layer.');
  const types = new Set<string>();
  for (const l of layers) {
    if (types.has(l.type)) throw new Error(`Two layers have the feature type "${l.type}": merge them or give one another type.`);
    types.add(l.type);
  }
  const study = prepareStudyArea(cells, o.k ?? 1);
  const spec = o.design ?? {};
  const wanted = spec.types ?? layers.map((l) => l.type);
  const kinds = [...new Set(wanted.map((t) => spec.kinds?.[t] ?? spec.kind ?? 'count'))];
  const terms = termsForStudy(study, layers, { bandwidthM: o.bandwidthM, kinds, onProgress: (f) => o.onProgress?.(0.3 * f) });
  const design = buildDesign(terms, spec);
  const model = fitRiskModel(counts, design, { ...o, onProgress: (f) => o.onProgress?.(0.3 + 0.7 * f) });
  const y = Float64Array.from(counts as ArrayLike<number>);
  return { study, layers: [...layers], terms, design, model, counts: y, surface: riskSurface(model, design.columns, cells) };
}
