/**
 * Environment layers and the risk-terrain model as engine requests. The worker keeps the loaded
 * layers and the last fitted model (for what-if scenarios); the analysis itself is pure
 * (src/lib/analysis/risk, src/lib/environment).
 */
import { compareWithHotSpots, RISK_CLASSES, type HotSpotComparison } from '../../analysis/risk/surface';
import { riskTerrain, type RiskTerrain } from '../../analysis/risk/risk-terrain';
import type { FactorResult, ModelFamily, Penalty, RiskFitSummary } from '../../analysis/risk/model';
import { repairStreetLights, whatIf, type WhatIfResult } from '../../analysis/risk/what-if';
import { featureAnchor, type EnvironmentLayer } from '../../environment/layer';
import { loadLayer } from '../../environment/load';
import type { Filter } from '../protocol';
import type { ParquetReader } from '../sources';
import type { Ctx, IncidentService } from '../service';

/** One layer to load: bytes (picker) or a URL (the demo's files), its feature type and subset. */
export interface LayerSource {
  name: string;
  url?: string;
  bytes?: Uint8Array;
  type: string;
  where?: { column: string; equals: string | number | boolean };
}

/** A loaded layer as the map draws it: one anchor point per feature. */
export interface LayerSummary {
  type: string;
  source: string;
  n: number;
  lon: Float64Array;
  lat: Float64Array;
}

export interface RiskParams {
  res: number;
  filter: Filter;
  k: number;
  model: ModelFamily;
  penalty: Penalty;
  seed: number;
}

export interface RiskOutcome {
  factors: FactorResult[];
  fit: RiskFitSummary;
  cells: readonly string[];
  counts: Float64Array;
  relativeRisk: Float64Array;
  percentile: Float64Array;
  expected: Float64Array;
  comparison: Omit<HotSpotComparison, 'classes'> & { classes: Uint8Array; names: readonly string[] };
}

const layers = new Map<string, EnvironmentLayer>();
let terrain: RiskTerrain | null = null;

function summary(l: EnvironmentLayer): LayerSummary {
  const lon = new Float64Array(l.n), lat = new Float64Array(l.n);
  for (let f = 0; f < l.n; f++) [lon[f], lat[f]] = featureAnchor(l, f);
  return { type: l.type, source: l.source, n: l.n, lon, lat };
}

/** Loads layers (replacing any of the same type) and returns every loaded layer. */
export async function runLoadLayers(s: IncidentService, readParquet: ParquetReader, fetchBytes: (url: string) => Promise<Uint8Array>, sources: LayerSource[], ctx: Ctx): Promise<LayerSummary[]> {
  for (const [i, src] of sources.entries()) {
    ctx.progress(`Reading ${src.name}`, i / sources.length);
    const bytes = src.bytes ?? (src.url ? await fetchBytes(src.url) : null);
    if (!bytes) throw new Error(`No file or address given for the layer "${src.name}".`);
    layers.set(src.type, await loadLayer(src.name, bytes, { type: src.type, where: src.where }, { engine: s.engine, readParquet }));
    await ctx.checkpoint();
  }
  terrain = null;
  return [...layers.values()].map(summary);
}

/** Removes every loaded layer. */
export function clearLayers(): void {
  layers.clear();
  terrain = null;
}

/** Fits the model of counts per study-area cell on the loaded layers. */
export async function runRisk(s: IncidentService, p: RiskParams, ctx: Ctx): Promise<RiskOutcome> {
  if (layers.size === 0) throw new Error('Load at least one environmental layer first.');
  ctx.progress('Counting incidents per cell', 0.02);
  const agg = s.aggregate(p.res, p.filter);
  await ctx.checkpoint();
  const rt = riskTerrain(agg.cells, agg.counts, [...layers.values()], {
    k: p.k, model: p.model, penalty: p.penalty, seed: p.seed, folds: 5, nLambda: 40,
    onProgress: (f) => ctx.progress('Terms and model', 0.05 + 0.9 * f),
  });
  terrain = rt;
  const cmp = compareWithHotSpots(rt.surface, agg.counts);
  return {
    factors: rt.model.factors, fit: rt.model.fit, cells: agg.cells, counts: rt.counts,
    relativeRisk: rt.surface.relativeRisk, percentile: rt.surface.percentile, expected: rt.surface.expected,
    comparison: { ...cmp, names: RISK_CLASSES },
  };
}

export type WhatIfEdit = { kind: 'repair-lights'; within: number[][][] | null };

/** Expected incidents before and after an edit of the environment, under the last fitted model. */
export function runWhatIf(edit: WhatIfEdit): WhatIfResult {
  if (!terrain) throw new Error('Fit the risk model first.');
  if (edit.kind !== 'repair-lights') throw new RangeError('Unknown edit');
  // Without an area: every broken light in a box around the whole study area.
  const within = edit.within ?? [[[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]];
  return whatIf(terrain, [repairStreetLights(within)]);
}
