/**
 * Environment layers and the risk-terrain model as engine requests. The worker keeps the loaded
 * layers and the last fitted model (for what-if scenarios); the analysis itself is pure
 * (src/lib/analysis/risk, src/lib/environment). The model's accuracy as a forecast is measured
 * on the hot-spot forecast's own date split and evaluation (hotspot-time.ts), so its PAI/PEI sit
 * next to the hot-spot methods'.
 */
import { CURVE_SHARES, type AccuracyPoint } from '../../analysis/hotspots/accuracy';
import type { RankMethod } from '../../analysis/hotspots/forecast';
import { compareWithHotSpots, RISK_CLASSES, type HotSpotComparison } from '../../analysis/risk/surface';
import { riskTerrain, type RiskTerrain, type RiskTerrainOptions } from '../../analysis/risk/risk-terrain';
import { riskForecast } from '../../analysis/risk/forecast';
import type { FactorResult, ModelFamily, Penalty, RiskFitSummary } from '../../analysis/risk/model';
import type { TermKind } from '../../analysis/risk/terms';
import { whatIf, type LayerEdit, type WhatIfResult } from '../../analysis/risk/what-if';
import type { Feature, FeatureCollection } from 'geojson';
import { featureAnchor, featureGeometry, POINT, type EnvironmentLayer } from '../../environment/layer';
import { runForecast, splitByDate } from './hotspot-time';
import { loadLayer } from '../../environment/load';
import type { Filter } from '../protocol';
import type { ParquetReader } from '../sources';
import type { Ctx, IncidentService } from '../service';

/** Progress of a sub-task mapped onto [lo, hi] of the caller's bar. */
const part = (ctx: Ctx, lo: number, hi: number): Ctx => ({ progress: (stage, f) => ctx.progress(stage, f === null ? null : lo + (hi - lo) * f), checkpoint: () => ctx.checkpoint() });

/** One layer to load: bytes (picker) or a URL (the demo's files), its feature type and subset. */
export interface LayerSource {
  name: string;
  url?: string;
  bytes?: Uint8Array;
  type: string;
  where?: { column: string; equals: string | number | boolean };
}

/** A loaded layer as the map draws it: one anchor point per feature, and the lines and polygons as outlines. */
export interface LayerSummary {
  type: string;
  source: string;
  n: number;
  lon: Float64Array;
  lat: Float64Array;
  /** The layer's line and polygon features as GeoJSON (null for a layer of points; at most OUTLINE_LIMIT features). */
  outlines: FeatureCollection | null;
}

/** Line and polygon features drawn as shapes per layer (beyond this, only their anchor points). */
export const OUTLINE_LIMIT = 20_000;

export interface RiskParams {
  res: number;
  filter: Filter;
  k: number;
  model: ModelFamily;
  penalty: Penalty;
  seed: number;
  /** The term per factor (default count). */
  term?: TermKind;
  /** Spatial-trend control (default none). */
  trend?: 0 | 1 | 2;
  /** Loaded layer types that enter as controls (always in, held fixed in what-if). */
  controls?: string[];
}

/** The model options of a request (the app uses 5 folds and 40 λ values to keep fits quick). */
function modelOptions(p: RiskParams, ctx: Ctx, lo: number, hi: number): RiskTerrainOptions {
  const types = new Set(layers.keys());
  const controls = (p.controls ?? []).filter((t) => types.has(t));
  return {
    k: p.k, model: p.model, penalty: p.penalty, seed: p.seed, folds: 5, nLambda: 40,
    design: { kind: p.term ?? 'count', trend: p.trend ?? 0, controls },
    onProgress: (f) => ctx.progress('Terms and model', lo + (hi - lo) * f),
  };
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
  const features: Feature[] = [];
  for (let f = 0; f < l.n && features.length < OUTLINE_LIMIT; f++) {
    if (l.kind[f] === POINT) continue;
    features.push({ type: 'Feature', properties: {}, geometry: featureGeometry(l, f) });
  }
  return { type: l.type, source: l.source, n: l.n, lon, lat, outlines: features.length ? { type: 'FeatureCollection', features } : null };
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
  const rt = riskTerrain(agg.cells, agg.counts, [...layers.values()], modelOptions(p, ctx, 0.05, 0.95));
  terrain = rt;
  const cmp = compareWithHotSpots(rt.surface, agg.counts);
  return {
    factors: rt.model.factors, fit: rt.model.fit, cells: agg.cells, counts: rt.counts,
    relativeRisk: rt.surface.relativeRisk, percentile: rt.surface.percentile, expected: rt.surface.expected,
    comparison: { ...cmp, names: RISK_CLASSES },
  };
}

/** Removes one loaded layer and returns the rest. */
export function removeLayer(type: string): LayerSummary[] {
  layers.delete(type);
  terrain = null;
  return [...layers.values()].map(summary);
}

/** Expected incidents before and after edits of the environment, under the last fitted model. */
export function runWhatIf(edits: LayerEdit[]): WhatIfResult {
  if (!terrain) throw new Error('Fit the risk model first.');
  if (edits.length === 0) throw new Error('Add at least one change to the environment first.');
  return whatIf(terrain, edits);
}

export interface RiskAccuracyParams extends RiskParams {
  /** Last day of the training period (YYYY-MM-DD); the test period is everything after it. */
  trainTo: string;
  /** Hot-spot methods to rank alongside (hotspot-time.ts runForecast). */
  methods: RankMethod[];
}

/** One ranking's accuracy curve: the risk model or a hot-spot method. */
export interface AccuracyRow {
  method: 'risk' | RankMethod;
  description: string;
  chosen?: string;
  points: AccuracyPoint[];
}

export interface RiskAccuracyOutcome {
  trainTo: string;
  trainTotal: number;
  testTotal: number;
  cells: number;
  /** The risk model first, then the hot-spot methods in the order asked. */
  rows: AccuracyRow[];
  /** The risk factors the training-period model kept. */
  selected: string[];
}

/**
 * Accuracy of the risk model as a forecast next to the hot-spot methods: the hot-spot rows are
 * runForecast's own, the risk row fits the model on the same split's training counts and scores
 * it with the same accuracy code (analysis/risk/forecast.ts).
 */
export async function runRiskAccuracy(s: IncidentService, p: RiskAccuracyParams, ctx: Ctx): Promise<RiskAccuracyOutcome> {
  if (layers.size === 0) throw new Error('Load at least one environmental layer first.');
  const fc = await runForecast(s, { res: p.res, filter: p.filter, trainTo: p.trainTo, methods: p.methods }, part(ctx, 0, 0.45));
  await ctx.checkpoint();
  ctx.progress('Fitting the risk model on the training period', 0.5);
  const sp = splitByDate(s, p.res, p.filter, p.trainTo);
  const rf = riskForecast(sp.all.cells, sp.trainCounts, sp.test, [...layers.values()], modelOptions(p, ctx, 0.5, 0.98), CURVE_SHARES);
  const kept = rf.selected.length ? rf.selected.join(', ') : 'none';
  return {
    trainTo: p.trainTo, trainTotal: fc.trainTotal, testTotal: fc.testTotal, cells: sp.all.cells.length,
    rows: [
      { method: 'risk', description: `Risk terrain model (${p.model}, ${p.term ?? 'count'} terms, k = ${p.k}) fitted on the training period; cells ranked by modelled incidents. Factors kept: ${kept}.`, points: rf.points },
      ...fc.curves.map((c) => ({ method: c.method, description: c.description, chosen: c.chosen, points: c.points })),
    ],
    selected: rf.selected,
  };
}
