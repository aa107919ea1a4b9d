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
import { checkSourceSize } from '../import/limits';
import type { CellOverlay } from '../map/overlay';
import type { Surface } from '../map/surface';
import type { LayerSummary } from '../engine/analyses/risk';
import type { CubeInfo } from '../engine/cube';
import { demoBoundary, demoIncidentsUrl } from './demo';
import { ViewHistory } from './history.svelte';
import { Latest, isAbort, messageOf } from './latest.svelte';
import { Progress } from './progress.svelte';
import { t } from '../i18n';
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
  /** Set when the data is a pre-aggregated cube (counts only: no points, no incident-level analyses). */
  cube?: CubeInfo;
}

/** The file behind the loaded data and how it was imported (a saved project keeps and re-imports it). */
export interface DataSource {
  file: Blob;
  /** The name it was staged under. */
  name: string;
  mapping: ColumnMapping;
  boundary: FeatureCollection | null;
  clip: boolean;
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
  /** The file staged last (its bytes went to the engine). */
  #staged: { file: Blob; name: string } | null = null;
  /** Where the loaded data came from; null for none. */
  source = $state.raw<DataSource | null>(null);
  /** Told when a crashed engine worker has been replaced by a fresh one (whose data is empty). */
  onEngineRestart: ((reason: string) => void) | null = null;
  /** Told of each request before it is sent, with a callback for its result (the project watches layer loads). */
  onRequest: (<K extends RequestType>(type: K, params: Requests[K]['params']) => ((result: Requests[K]['result']) => void) | void) | null = null;
  dataset = $state.raw<Dataset | null>(null);
  history = new ViewHistory({ filter: defaultFilter(), res: DEFAULT_RES });
  cells = new Latest<CellCounts>();
  charts = new Latest<ChartData>();
  points = new Latest<Points>();
  progress = new Progress();
  /** The last error to show to the user (import, staging, download); null when none. */
  error = $state<string | null>(null);
  viewport = $state.raw<Viewport | null>(null);
  /** A place the map is asked to show (from a shared link, or Back/Forward), for data set `forVersion`. */
  camera = $state.raw<{ center: [number, number]; zoom: number; forVersion: number } | null>(null);
  /** An analysis result drawn over the map in place of the counts; null shows the counts. */
  overlay = $state.raw<CellOverlay | null>(null);
  /** A continuous surface (kernel density) drawn under the cells; null for none. */
  surface = $state.raw<Surface | null>(null);
  /** Environmental layers loaded in the engine (one anchor point per feature), and which are shown. */
  envLayers = $state.raw<LayerSummary[]>([]);
  envHidden = $state<Record<string, boolean>>({ street_light: true });
  /** Repeat places and near-repeat risk zones drawn over the map. */
  marks = $state.raw<{ places: { lon: number; lat: number; count: number; flagged: boolean }[]; zones: FeatureCollection | null }>({ places: [], zones: null });
  /** Called with the H3 cell (hex) the user clicks on the map (counts or overlay layer) and the clicked [lon, lat]; null: clicks only pan. */
  cellClick = $state.raw<((cell: string, at?: [number, number]) => void) | null>(null);
  /** While set, the map draws a polygon (src/lib/map/draw.ts): clicks add corners, and finishing hands over the closed [lon, lat] ring. */
  drawArea = $state.raw<import('../map/draw').DrawRequest | null>(null);

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
    if (this.#engine) return;
    const engine = startEngine();
    engine.onCrash = (reason) => {
      if (this.#engine !== engine) return;
      engine.terminate();
      this.#engine = null;
      this.start();
      this.onEngineRestart?.(reason);
    };
    this.#engine = engine;
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
    const after = this.onRequest?.(type, params);
    const call = this.engine.call(type, params, opts);
    if (after) call.then(after, () => {});
    return call;
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
    if (!this.dataset || this.dataset.cube || !vp || vp.zoom < POINTS_MIN_ZOOM || matchesNothing(this.filter)) {
      this.points.set(null);
      return;
    }
    const filter = toEngineFilter(this.filter);
    void this.points.run((signal) => this.engine.call('points', { filter, bbox: vp.bbox, limit: POINTS_LIMIT }, { signal }));
  }

  // ---------------------------------------------------------------- loading data

  /** Loads the embedded synthetic demo city. */
  async loadDemo(): Promise<void> {
    const det = await this.stageUrl(demoIncidentsUrl(), 'incidents.parquet', t('task.loadDemo'));
    if (!det) return;
    await this.importStaged(det.mapping, demoBoundary(), false, { name: t('demo.name'), isDemo: true });
  }

  /** Stages a file the user chose; returns its detected columns, or null (error shown, or cancelled). */
  async stageFile(file: File): Promise<Detection | null> {
    return this.longTask(t('task.reading', { name: file.name }), async (opts) => {
      // Before reading it: a file over the limit gets a message, not a crashed tab.
      checkSourceSize(file.name, file.size);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const det = await this.engine.call('stage', { name: file.name, bytes }, { ...opts, transfer: [bytes.buffer] });
      this.#staged = { file, name: file.name };
      return det;
    });
  }

  /** Stages a file from a URL (fetched inside the worker). */
  async stageUrl(url: string, name?: string, task = t('task.downloading', { url })): Promise<Detection | null> {
    // The worker would resolve a relative URL against its own script; resolve it against the page.
    let abs: string;
    try {
      abs = new URL(url, location.href).href;
    } catch {
      this.error = t('coord.badUrl', { url });
      return null;
    }
    return this.longTask(task, async (opts) => {
      const { bytes, ...det } = await this.engine.call('stage-url', { url: abs, ...(name ? { name } : {}), keep: true }, opts);
      this.#staged = bytes ? { file: new Blob([bytes as BlobPart]), name: name ?? det.name } : null;
      return det;
    });
  }

  /** Imports the staged file; on success the new data replaces the old, on failure the old stays. */
  async importStaged(
    mapping: ColumnMapping,
    boundary: FeatureCollection | null,
    clip: boolean,
    meta: { name: string; isDemo: boolean },
  ): Promise<ValidationReport | null> {
    const report = await this.longTask(t('task.importing', { name: meta.name }), (opts) => this.engine.call('import', { mapping, boundary, clip }, opts));
    if (!report) return null;
    const source = this.#staged ? { ...this.#staged, mapping, boundary, clip } : null;
    await this.#install({ name: meta.name, isDemo: meta.isDemo, report }, this.res, () => (this.source = source));
    return report;
  }

  /**
   * Makes newly loaded data the data set: its study boundary, a fresh version, default filters,
   * views cleared and refreshed; `withIt` runs in the same step, just before the data set is set.
   */
  async #install(d: Omit<Dataset, 'boundary' | 'version'>, res: number, withIt: () => void): Promise<void> {
    let fc: FeatureCollection | null = null;
    try {
      fc = await this.engine.call('boundary', {});
    } catch (e) {
      this.error = t('coord.boundaryFailed', { message: messageOf(e) });
    }
    withIt();
    this.dataset = { ...d, boundary: fc, version: ++this.#version };
    this.history.reset({ filter: defaultFilter(), res });
    this.cells.set(null);
    this.charts.set(null);
    this.points.set(null);
    this.refresh();
  }

  /**
   * Opens a pre-aggregated cube (the files of its folder; CLI `cube`) in place of the data: the
   * counts, charts and hot spots work from it; analyses that need single incidents say they cannot.
   */
  async openCube(files: File[]): Promise<ValidationReport | null> {
    const parquet = files.filter((f) => /\.parquet$/i.test(f.name));
    const name = parquet[0]?.webkitRelativePath.split('/')[0] || parquet[0]?.name || files[0]?.name || 'cube';
    const report = await this.longTask(t('task.openingCube', { name }), async (opts) => {
      // Before reading: the total size against the Parquet limit (a cube is read whole).
      checkSourceSize(name + '.parquet', parquet.reduce((s, f) => s + f.size, 0));
      const read = await Promise.all(files.map(async (f) => ({ path: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      return this.engine.call('open-cube', { files: read, boundary: null }, { ...opts, transfer: read.map((f) => f.bytes.buffer) });
    });
    if (!report) return null;
    await this.#install({ name, isDemo: false, report, cube: report.cube }, Math.min(this.res, report.cube.levels[report.cube.levels.length - 1]), () => {
      this.source = null;
      this.#staged = null;
    });
    return report;
  }

  /** The rejected rows of the last import as CSV bytes, or null (error shown). */
  async rejectedCsv(): Promise<Uint8Array | null> {
    try {
      return await this.engine.call('rejected-csv', {});
    } catch (e) {
      this.error = t('coord.rejectedFailed', { message: messageOf(e) });
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
