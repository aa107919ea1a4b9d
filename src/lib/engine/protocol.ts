/**
 * The one typed protocol between the app and its engine worker.
 *
 * Requests carry an id; the worker answers each with exactly one `result` or `error` message, and
 * may send any number of `progress` events for it first. A `cancel` message asks the worker to stop
 * request `id` at its next checkpoint; the request then ends with an error named `AbortError`.
 * Bulk results (typed arrays, file bytes) travel as transferables.
 */
import type { FeatureCollection } from 'geojson';

/** Roles a source column can play in an incident record. */
export interface ColumnMapping {
  id?: string;
  /** One column holding date and time. */
  datetime?: string;
  /** Separate date and time columns (used when `datetime` is absent). */
  date?: string;
  time?: string;
  /** strptime format of the date(-time) text, e.g. `%m/%d/%Y %I:%M:%S %p`; empty = auto. */
  dateFormat?: string;
  lat?: string;
  lon?: string;
  /** Projected coordinates, used for rows without lat/lon. */
  x?: string;
  y?: string;
  /** CRS of x/y, e.g. `EPSG:3435`. */
  crs?: string;
  offence?: string;
  /** Address, block or other place key for repeat analysis. */
  location?: string;
}

export type SourceFormat = 'csv' | 'parquet' | 'geojson';

/** What the engine found in a staged file, for the user to confirm. */
export interface Detection {
  name: string;
  format: SourceFormat;
  rows: number;
  columns: { name: string; type: string; sample: string[] }[];
  /** Name of the recognised preset, or null when columns were guessed one by one. */
  preset: string | null;
  mapping: ColumnMapping;
}

/** Why a row was rejected, in the order the checks run (first failing check wins). */
export const REJECT_REASONS = [
  'no_coordinates',
  'out_of_range',
  'swapped_lat_lon',
  'unparseable_date',
  'duplicate_id',
  'outside_boundary',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Plain-language label of each reason. */
export const REASON_LABELS: Record<RejectReason, string> = {
  no_coordinates: 'No coordinates',
  out_of_range: 'Coordinates out of valid range or at 0,0',
  swapped_lat_lon: 'Latitude and longitude probably swapped',
  unparseable_date: 'Date could not be read',
  duplicate_id: 'Duplicate id',
  outside_boundary: 'Outside the study boundary',
};

/** The validation report given after every import: read = kept + Σ rejected. */
export interface ValidationReport {
  source: string;
  read: number;
  kept: number;
  rejected: Record<RejectReason, number>;
  /** Boundary used for the study area. */
  boundary: 'imported' | 'derived';
  clipped: boolean;
  /** First and last incident time (ISO local), null when nothing was kept. */
  from: string | null;
  to: string | null;
  /** Offence categories with their kept counts, largest first. */
  offences: { offence: string; count: number }[];
}

/** Filters shared by every view. Empty or absent fields mean "no restriction". */
export interface Filter {
  offences?: string[];
  /** Inclusive dates, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  /** Hours of day 0–23 to keep. */
  hours?: number[];
  /** ISO weekdays 1 (Monday) … 7 (Sunday) to keep. */
  weekdays?: number[];
}

/** Incident counts per H3 cell over the study area, zeros included. */
export interface CellCounts {
  res: number;
  /** H3 indexes as hex strings. */
  cells: string[];
  counts: Uint32Array;
  total: number;
}

/** Data for the linked charts. */
export interface ChartData {
  /** Monday of each ISO week (YYYY-MM-DD) and its count. */
  weeks: { week: string; count: number }[];
  /** 7 × 24 counts, index (isoWeekday − 1) × 24 + hour. */
  hourByWeekday: number[];
  offences: { offence: string; count: number }[];
}

/** Incident points inside a bounding box (for high zoom). */
export interface Points {
  lat: Float64Array;
  lon: Float64Array;
  /** Index into `offences`. */
  offence: Uint16Array;
  offences: string[];
  /** True when more points matched than were returned. */
  truncated: boolean;
}

/** Parameters of a local hot-spot statistic over the study-area cells. */
export interface HotspotParams {
  res: number;
  filter: Filter;
  method: 'gistar' | 'gi' | 'local-moran';
  /** Neighbours within k rings; null asks for the data-driven default. */
  k: number | null;
  weights: 'binary' | 'triangular' | 'quartic' | 'gaussian';
  fdr: boolean;
  /** Conditional permutations (0 = analytic p only). */
  permutations: number;
  seed: number;
}

/** Parameters of a Knox test over the kept incidents under a filter. */
export interface KnoxParams {
  filter: Filter;
  /** Increasing distance breaks in metres; a final open band is added. */
  spaceBands: number[];
  /** Increasing time breaks in days; a final open band is added. */
  timeBands: number[];
  /** Same-place tolerance in metres, or null for none. */
  samePlace: number | null;
  metric: 'manhattan' | 'euclidean';
  permutations: number;
  seed: number;
}

/** Every request the worker understands, with its parameters and result type. */
export interface Requests {
  /** Stages file bytes (picker or drag-and-drop) and detects their columns. */
  /** `force`: stage even a file with more rows than the browser was measured to hold (capacity.ts). */
  stage: { params: { name: string; bytes: Uint8Array; force?: boolean }; result: Detection };
  /** Fetches a URL inside the worker, then stages it. */
  /** `keep`: the downloaded bytes come back too (a saved project keeps them). */
  'stage-url': { params: { url: string; name?: string; keep?: boolean; force?: boolean }; result: Detection & { bytes?: Uint8Array } };
  /** Imports the staged file under a confirmed mapping. */
  import: {
    params: { mapping: ColumnMapping; boundary: FeatureCollection | null; clip: boolean };
    result: ValidationReport;
  };
  aggregate: { params: { res: number; filter: Filter }; result: CellCounts };
  charts: { params: { filter: Filter }; result: ChartData };
  points: {
    params: { filter: Filter; bbox: [number, number, number, number]; limit: number };
    result: Points;
  };
  /** The study boundary in use (imported or derived). */
  boundary: { params: Record<string, never>; result: FeatureCollection | null };
  /** A local hot-spot statistic (Gi*, Gi or local Moran) with its global Moran's I. */
  hotspots: { params: HotspotParams; result: import('./analyses/hotspots').HotspotOutcome };
  /** How stable Gi* hot spots are across resolutions and k. */
  scale: { params: import('./analyses/hotspots').ScaleParams; result: import('../analysis/hotspots/scale').ScaleResult };
  /** Loads environmental layers (files or URLs) and returns all loaded layers for the map. */
  'env-load': { params: { sources: import('./analyses/risk').LayerSource[] }; result: import('./analyses/risk').LayerSummary[] };
  /** Fits the risk-terrain model on the loaded layers. */
  risk: { params: import('./analyses/risk').RiskParams; result: import('./analyses/risk').RiskOutcome };
  /** Removes one loaded environmental layer; returns the rest. */
  'env-remove': { params: { type: string }; result: import('./analyses/risk').LayerSummary[] };
  /** Modelled change of environment edits under the last fitted risk model. */
  'what-if': { params: { edits: import('../analysis/risk/what-if').LayerEdit[] }; result: import('../analysis/risk/what-if').WhatIfResult };
  /** Forecast accuracy (PAI/PEI) of the risk model fitted before a split date, next to the hot-spot methods. */
  'risk-accuracy': { params: import('./analyses/risk').RiskAccuracyParams; result: import('./analyses/risk').RiskAccuracyOutcome };
  /** Emerging hot-spot analysis over a space-time cube. */
  emerging: { params: import('./analyses/hotspot-time').EmergingParams; result: import('./analyses/hotspot-time').EmergingOutcome };
  /** Concentration of incidents and forecast accuracy (PAI/PEI) of ranking methods on a date split. */
  forecast: { params: import('./analyses/hotspot-time').ForecastParams; result: import('./analyses/hotspot-time').ForecastOutcome };
  /** Quartic kernel density surface of the incidents under a filter. */
  kde: { params: import('./analyses/hotspot-time').KdeParams; result: import('./analyses/hotspot-time').KdeOutcome };
  /** Repeat places (address or exact place) with repeat rate and time to next. */
  repeats: { params: import('./analyses/knox').RepeatParams; result: import('../analysis/repeats/repeat-places').RepeatPlacesResult };
  /** Near-repeat risk zones in force now, and their evaluation on the data's later half. */
  zones: { params: import('./analyses/knox').ZoneParams; result: import('./analyses/knox').ZoneOutcome };
  /** The Knox test for near repeats. */
  knox: { params: KnoxParams; result: import('../analysis/repeats/knox').KnoxResult & { dropped: number } };
  /** The rejected rows of the last import as CSV bytes, with a `reject_reason` column. */
  'rejected-csv': { params: Record<string, never>; result: Uint8Array };
  /** Opens a pre-aggregated cube (Parquet files; folders carry partition keys) for the counts-only views. */
  'open-cube': { params: { files: import('./cube').CubeFile[]; boundary: FeatureCollection | null }; result: import('./cube').CubeReport };
  /** Scores a prevention plan (baseline, effects, displacement, harm, costs, Monte Carlo intervals). */
  'planner-score': { params: import('./analyses/planner').PlannerScoreParams; result: import('./analyses/planner').PlannerScoreOutcome };
  /** The budget optimiser: the plan preventing the most harm within a budget, and the frontier. */
  'planner-optimise': { params: import('./analyses/planner').PlannerOptimiseParams; result: import('./analyses/planner').PlannerOptimiseOutcome };
  /** Before/after evaluation of an area: the eight counts, WDQ, TNE, WDD and the relative effect. */
  'planner-evaluate': { params: import('./analyses/planner').PlannerEvaluateParams; result: import('./analyses/planner').PlannerEvaluateOutcome };
  /** Community voice (issue 9): stages a perceived-safety survey or safety-audit file and detects its columns. */
  'survey-stage': { params: { name: string; bytes: Uint8Array }; result: import('./analyses/survey').SurveyDetection };
  'survey-stage-url': { params: { url: string; name?: string }; result: import('./analyses/survey').SurveyDetection };
  /** Imports the staged survey under a confirmed mapping (read = kept + rejected with reasons). */
  'survey-import': { params: { mapping: import('../import/survey').SurveyMapping; clip: boolean; boundary?: FeatureCollection | null }; result: import('./analyses/survey').SurveyReport };
  /** Share feeling unsafe per H3 cell, cells under the respondent threshold suppressed. */
  perception: { params: import('./analyses/survey').PerceptionParams; result: import('./analyses/survey').PerceptionOutcome };
  /** Free-text answers of one published cell (never exported). */
  'survey-comments': { params: import('./analyses/survey').CommentsParams; result: import('./analyses/survey').CommentsOutcome };
  /** Perceived unsafety against recorded crime per cell, in four classes. */
  'fear-gap': { params: import('./analyses/survey').GapParams; result: import('./analyses/survey').GapOutcome };
  /** SDG 16.1.4- and 11.7.2-style indicators from the survey. */
  'survey-indicators': { params: import('./analyses/survey').IndicatorParams; result: import('./analyses/survey').IndicatorOutcome };
  /** Recorded incidents of the gender lens's offences by hour and type of place. */
  'gender-lens': { params: import('./analyses/survey').GenderLensParams; result: import('./analyses/survey').GenderLensOutcome };
  /** Rejected survey rows as CSV bytes, with a `reject_reason` column. */
  'survey-rejected-csv': { params: Record<string, never>; result: Uint8Array };
}

export type RequestType = keyof Requests;

/** A request as sent to the worker. */
export type RequestMessage = {
  [K in RequestType]: { kind: 'request'; id: number; type: K; params: Requests[K]['params'] };
}[RequestType];

export interface CancelMessage {
  kind: 'cancel';
  id: number;
}

export interface ProgressEvent {
  kind: 'progress';
  id: number;
  /** Human-readable stage, e.g. "Indexing cells". */
  stage: string;
  /** Fraction done in [0, 1], or null when unknown. */
  fraction: number | null;
}

export interface ResultMessage {
  kind: 'result';
  id: number;
  result: unknown;
}

export interface ErrorMessage {
  kind: 'error';
  id: number;
  /** `fatal`: the engine may be broken (a WebAssembly trap): the app replaces the worker. */
  error: { name: string; message: string; stack?: string; fatal?: boolean };
}

/** Sent once when the worker starts: the name of a Web Lock it holds for as long as it lives. */
export interface AliveMessage {
  kind: 'alive';
  id: 0;
  lock: string;
}

export type WorkerMessage = ProgressEvent | ResultMessage | ErrorMessage | AliveMessage;
export type ToWorkerMessage = RequestMessage | CancelMessage;
