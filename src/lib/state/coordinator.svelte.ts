/**
 * The app coordinator: the only owner of the EngineClient. Views declare what they need (a filter,
 * a resolution, a viewport) through its methods and read its result slots; every request a newer
 * one supersedes is cancelled, so no view shows a stale result. Long tasks (staging, importing)
 * report progress and can be cancelled. A failed import leaves the loaded data untouched.
 */
import type { FeatureCollection } from 'geojson';
import type { CallOptions, EngineClient } from '../engine/client';
import type { CellCounts, ChartData, ColumnMapping, Detection, Points, ProgressEvent, RequestType, Requests, ValidationReport } from '../engine/protocol';
import { startEngine } from '../engine/start';
import type { CellOverlay } from '../map/overlay';
import type { Surface } from '../map/surface';
import type { LayerSummary } from '../engine/analyses/risk';
import { demoBoundary, demoIncidentsUrl } from './demo';
import { ViewHistory } from './history.svelte';
import { Latest, isAbort, messageOf } from './latest.svelte';
import { Progress } from './progress.svelte';
import { defaultFilter, matchesNothing, toEngineFilter, type ViewFilter } from './view-filter';

/** A loaded data set. */
export interface Dataset {
  name: string;
  isDemo: boolean;
  report: ValidationReport;
  /** Study boundary in use (imported or derived by the engine). */
  boundary: FeatureCollection | null;
  /** Increases with every import, so views can tell data sets apart. */
  version: number;
}

/** The map's visible box [west, south, east, north] and zoom. */
export interface Viewport {
  bbox: [number, number, number, number];
  zoom: number;
}

/** Incident points are drawn from this zoom on, at most this many. */
export const POINTS_MIN_ZOOM = 15;
export const POINTS_LIMIT = 20_000;
export const DEFAULT_RES = 9;

export class Coordinator {
  #engine: EngineClient | null = null;
  #version = 0;
  dataset = $state.raw<Dataset | null>(null);
  history = new ViewHistory({ filter: defaultFilter(), res: DEFAULT_RES });
  cells = new Latest<CellCounts>();
  charts = new Latest<ChartData>();
  points = new Latest<Points>();
  progress = new Progress();
  /** The last error to show to the user (import, staging, download); null when none. */
  error = $state<string | null>(null);
  viewport = $state.raw<Viewport | null>(null);
  /** An analysis result drawn over the map in place of the counts; null shows the counts. */
  overlay = $state.raw<CellOverlay | null>(null);
  /** A continuous surface (kernel density) drawn under the cells; null for none. */
  surface = $state.raw<Surface | null>(null);
  /** Environmental layers loaded in the engine (one anchor point per feature), and which are shown. */
  envLayers = $state.raw<LayerSummary[]>([]);
  envHidden = $state<Record<string, boolean>>({ street_light: true });
  /** Repeat places and near-repeat risk zones drawn over the map. */
  marks = $state.raw<{ places: { lon: number; lat: number; count: number; flagged: boolean }[]; zones: FeatureCollection | null }>({ places: [], zones: null });
  /** Called with the H3 cell (hex) the user clicks on the map (counts or overlay layer); null: clicks only pan. */
  cellClick = $state.raw<((cell: string) => void) | null>(null);

  get filter(): ViewFilter {
    return this.history.current.filter;
  }

  get res(): number {
    return this.history.current.res;
  }

  /** Any error from the engine to show, newest task first. */
  get visibleError(): string | null {
    return this.error ?? this.cells.error ?? this.charts.error ?? this.points.error;
  }

  /** Starts the engine worker (browser only). */
  start(): void {
    this.#engine ??= startEngine();
  }

  stop(): void {
    this.#engine?.terminate();
    this.#engine = null;
  }

  private get engine(): EngineClient {
    if (!this.#engine) throw new Error('The engine is not started');
    return this.#engine;
  }

  /**
   * The one gateway for analysis panels: a typed engine request (their state classes own the
   * parameters and result slots; only the coordinator holds the engine).
   */
  request<K extends RequestType>(type: K, params: Requests[K]['params'], opts: CallOptions = {}): Promise<Requests[K]['result']> {
    return this.engine.call(type, params, opts);
  }

  /**
   * Runs long work into a result slot under the progress bar: Cancel aborts it, a newer run
   * supersedes it, and an error (other than a cancel) lands in the slot's `error`.
   */
  runLong<T>(slot: Latest<T>, task: string, call: (signal: AbortSignal, onProgress: (p: ProgressEvent) => void) => Promise<T>): Promise<void> {
    const t = this.progress.begin(task);
    t.signal.addEventListener('abort', () => slot.cancel(), { once: true });
    return slot
      .run((signal) => call(signal, t.onProgress))
      .catch((e: unknown) => {
        if (!isAbort(e)) slot.error = messageOf(e);
      })
      .finally(() => t.done());
  }

  // ---------------------------------------------------------------- view requests

  setFilter(patch: Partial<ViewFilter>): void {
    if (this.history.push({ filter: { ...this.filter, ...patch }, res: this.res })) this.refresh();
  }

  setRes(res: number): void {
    if (this.history.push({ filter: this.filter, res })) this.refresh();
  }

  undo(): void {
    if (this.history.undo()) this.refresh();
  }

  redo(): void {
    if (this.history.redo()) this.refresh();
  }

  /** The map reports what it shows; points are fetched when zoomed in far enough. */
  setViewport(vp: Viewport): void {
    this.viewport = vp;
    this.refreshPoints();
  }

  /** Re-runs every view's request for the current filter and resolution. */
  refresh(): void {
    if (!this.dataset) return;
    const { filter, res } = this;
    if (matchesNothing(filter)) {
      // Nothing selected: zero counts over the same study cells, without asking for incidents.
      void this.cells.run(async (signal) => {
        const all = await this.engine.call('aggregate', { res, filter: {} }, { signal });
        return { ...all, counts: new Uint32Array(all.counts.length), total: 0 };
      });
      this.charts.set({ weeks: [], hourByWeekday: new Array<number>(168).fill(0), offences: [] });
    } else {
      const f = toEngineFilter(filter);
      void this.cells.run((signal) => this.engine.call('aggregate', { res, filter: f }, { signal }));
      void this.charts.run((signal) => this.engine.call('charts', { filter: f }, { signal }));
    }
    this.refreshPoints();
  }

  private refreshPoints(): void {
    const vp = this.viewport;
    if (!this.dataset || !vp || vp.zoom < POINTS_MIN_ZOOM || matchesNothing(this.filter)) {
      this.points.set(null);
      return;
    }
    const filter = toEngineFilter(this.filter);
    void this.points.run((signal) => this.engine.call('points', { filter, bbox: vp.bbox, limit: POINTS_LIMIT }, { signal }));
  }

  // ---------------------------------------------------------------- loading data

  /** Loads the embedded synthetic demo city. */
  async loadDemo(): Promise<void> {
    const det = await this.stageUrl(demoIncidentsUrl(), 'incidents.parquet', 'Loading the synthetic demo city');
    if (!det) return;
    await this.importStaged(det.mapping, demoBoundary(), false, { name: 'Synthetic demo city', isDemo: true });
  }

  /** Stages a file the user chose; returns its detected columns, or null (error shown, or cancelled). */
  async stageFile(file: File): Promise<Detection | null> {
    return this.longTask(`Reading ${file.name}`, async (opts) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return this.engine.call('stage', { name: file.name, bytes }, { ...opts, transfer: [bytes.buffer] });
    });
  }

  /** Stages a file from a URL (fetched inside the worker). */
  async stageUrl(url: string, name?: string, task = `Downloading ${url}`): Promise<Detection | null> {
    // The worker would resolve a relative URL against its own script; resolve it against the page.
    let abs: string;
    try {
      abs = new URL(url, location.href).href;
    } catch {
      this.error = `"${url}" is not a valid address.`;
      return null;
    }
    return this.longTask(task, (opts) => this.engine.call('stage-url', name ? { url: abs, name } : { url: abs }, opts));
  }

  /** Imports the staged file; on success the new data replaces the old, on failure the old stays. */
  async importStaged(
    mapping: ColumnMapping,
    boundary: FeatureCollection | null,
    clip: boolean,
    meta: { name: string; isDemo: boolean },
  ): Promise<ValidationReport | null> {
    const report = await this.longTask(`Importing ${meta.name}`, (opts) => this.engine.call('import', { mapping, boundary, clip }, opts));
    if (!report) return null;
    let fc: FeatureCollection | null = null;
    try {
      fc = await this.engine.call('boundary', {});
    } catch (e) {
      this.error = `The study boundary could not be read: ${messageOf(e)}`;
    }
    this.dataset = { name: meta.name, isDemo: meta.isDemo, report, boundary: fc, version: ++this.#version };
    this.history.reset({ filter: defaultFilter(), res: this.res });
    this.cells.set(null);
    this.charts.set(null);
    this.points.set(null);
    this.refresh();
    return report;
  }

  /** The rejected rows of the last import as CSV bytes, or null (error shown). */
  async rejectedCsv(): Promise<Uint8Array | null> {
    try {
      return await this.engine.call('rejected-csv', {});
    } catch (e) {
      this.error = `The rejected rows could not be exported: ${messageOf(e)}`;
      return null;
    }
  }

  dismissError(): void {
    this.error = null;
    this.cells.error = null;
    this.charts.error = null;
    this.points.error = null;
  }

  /** Runs one long engine task with progress and cancellation; errors become `error`. */
  private async longTask<T>(
    task: string,
    run: (opts: { signal: AbortSignal; onProgress: (p: ProgressEvent) => void }) => Promise<T>,
  ): Promise<T | null> {
    const p = this.progress.begin(task);
    this.error = null;
    try {
      return await run({ signal: p.signal, onProgress: p.onProgress });
    } catch (e) {
      if (!isAbort(e)) this.error = messageOf(e);
      return null;
    } finally {
      p.done();
    }
  }
}
