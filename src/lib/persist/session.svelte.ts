/**
 * The project kept in this browser: restored when the page opens, saved a moment after every
 * change, exported to and imported from one file, and deleted on request. It also brings the
 * engine back after a crash: a fresh worker gets the same data, layers and state again.
 *
 * The community survey is kept like a layer: its bytes and the confirmed mapping (the untouched demo
 * survey only as "the demo": it comes with the app).
 *
 * What is saved is described in manifest.ts and state.ts; how a save survives being interrupted,
 * in store.ts. The untouched demo city is not saved (it comes with the app): saving starts with
 * the first import or change.
 */
import { untrack } from 'svelte';
import type { LayerSource } from '../engine/analyses/risk';
import type { RequestType, Requests } from '../engine/protocol';
import { isAbort, messageOf } from '../state/latest.svelte';
import { t, tDynamic, tEngine } from '../i18n';

/** A saved setting's name (state.ts writes English) in the UI language. */
const settingName = (what: string) => tDynamic(`proj.setting.${what.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`, what);
import { writeArchive, readArchive } from './archive';
import { checkManifest, fileRefs, PROJECT_FORMAT, PROJECT_VERSION, type FileRef, type LayerRecord, type ProjectManifest, type SurveyRecord } from './manifest';
import { applyState, captureState, fromJson, methodsOf, settingsKey, toJson, type ProjectParts } from './state';
import { ProjectStore, type StoreUsage } from './store';
import { deleteAllLocalData } from './wipe';

/** The largest project.json read from a file (settings, plans and scenarios take far less). */
const MAX_PROJECT_JSON = 64 << 20;

/** How long after a change the project is saved. */
export const SAVE_DELAY_MS = 800;

export type SaveStatus = 'starting' | 'restoring' | 'idle' | 'unsaved' | 'saving' | 'saved' | 'paused' | 'error' | 'off';

/** A layer the engine holds, with the bytes (or the app's own URL) it was loaded from. */
interface KeptLayer {
  name: string;
  type: string;
  where?: LayerRecord['where'];
  blob?: Blob;
  url?: string;
}

export interface Notice {
  tone: 'info' | 'warn' | 'error';
  text: string;
  details?: string[];
}

const mb = (b: number) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(b / 1024))} kB`);
const plain = <T>(v: T): T => fromJson(toJson(v)) as T;

/** A storage error in plain words. */
function storageMessage(e: unknown): string {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  if (name === 'QuotaExceededError') return t('proj.errQuota');
  if (name === 'InvalidStateError' || name === 'UnknownError' || name === 'SecurityError') return t('proj.errPrivate', { message: messageOf(e) });
  return t('proj.errSave', { message: messageOf(e) });
}

export class ProjectSession {
  status = $state<SaveStatus>('starting');
  /** What the running save is writing. */
  stage = $state('');
  savedAt = $state<string | null>(null);
  /** Why saving failed or is paused. */
  problem = $state<string | null>(null);
  /** A message for the user (restored, recovered, imported …). */
  notice = $state.raw<Notice | null>(null);
  /** 'export' | 'import' | 'delete' while one runs. */
  busy = $state<string | null>(null);
  stored = $state.raw<StoreUsage | null>(null);
  /** Layers loaded in the engine and where they came from. */
  layers = $state.raw<KeptLayer[]>([]);
  /** Method records of the last save. */
  methods = $state.raw<{ analysis: string; method: Record<string, unknown> }[]>([]);

  readonly store: ProjectStore<ProjectManifest> | null;
  readonly #parts: ProjectParts;
  #ids = new WeakMap<Blob, string>();
  #urlBlobs = new Map<string, Promise<Blob>>();
  /** The survey's bytes as a blob, one per loaded survey (so its id stays the same from save to save). */
  #surveyBlobs = new WeakMap<Uint8Array, Blob>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> | null = null;
  #again = false;
  #lastKey = '';
  #baseline = '';
  #hasSaved = false;
  #restoring = false;
  #recovering = false;
  #stopWatching: (() => void) | null = null;

  constructor(parts: ProjectParts, factory: IDBFactory | null = typeof indexedDB === 'undefined' ? null : indexedDB) {
    this.#parts = parts;
    this.store = factory ? new ProjectStore<ProjectManifest>(factory) : null;
  }

  /** Restores the saved project, or loads the demo city; then saves after every change. */
  async start(): Promise<void> {
    const { app } = this.#parts;
    app.onEngineRestart = (reason) => void this.#recover(reason);
    app.onRequest = (type, params) => this.#watch(type, params);
    // A new base map needs a reload (the page's security policy names the one in use): save first.
    this.#parts.settings.onBaseMapChange = () => void (this.#worthSaving() ? this.saveNow() : Promise.resolve()).finally(() => location.reload());
    this.#baseline = settingsKey(captureState(this.#parts));
    let saved: Awaited<ReturnType<ProjectStore<ProjectManifest>['load']>> = null;
    if (!this.store) {
      this.status = 'off';
      this.problem = storageMessage(new DOMException('IndexedDB is not available', 'InvalidStateError'));
    } else {
      try {
        saved = await this.store.load();
      } catch (e) {
        this.status = e instanceof Error && /damaged/.test(e.message) ? 'paused' : 'off';
        this.problem = this.status === 'paused' ? messageOf(e) : storageMessage(e);
        this.notice = { tone: 'error', text: this.problem };
      }
    }
    if (saved) {
      this.#hasSaved = true;
      this.status = 'restoring';
      try {
        const skipped = await this.#restore(saved.manifest, saved.blobs, true);
        this.savedAt = saved.savedAt;
        this.methods = methodsOf(saved.manifest.state);
        this.status = 'saved';
        this.notice = {
          tone: saved.fellBack ? 'warn' : 'info',
          text: t('proj.restored', { when: new Date(saved.savedAt).toLocaleString(), summary: this.summary() }) + (saved.fellBack ? ' ' + t('proj.restoredFellBack') : ''),
          details: skipped.length ? [t('proj.leftDefaults', { list: skipped.map(settingName).join('; ') })] : undefined,
        };
      } catch (e) {
        this.status = 'paused';
        this.problem = t('proj.restoreFailed', { message: messageOf(e) });
        this.notice = { tone: 'error', text: this.problem };
      }
    } else if (this.status === 'starting') {
      await app.loadDemo();
      this.status = 'idle';
    }
    this.#watchChanges();
  }

  /** What the project holds, in words. */
  summary(): string {
    const { app, planner, community } = this.#parts;
    const parts: string[] = [];
    if (app.dataset) parts.push(app.dataset.isDemo ? t('proj.sumDemo', { n: app.dataset.report.kept }) : t('proj.sumDataset', { name: app.dataset.name, n: app.dataset.report.kept }));
    else parts.push(t('proj.sumNoData'));
    if (this.layers.length) parts.push(t('proj.sumLayers', { n: this.layers.length }));
    parts.push(t('proj.sumPlan', { n: planner.plan.placements.length }));
    const s = planner.scenarios.list.length;
    if (s) parts.push(t('proj.sumScenarios', { n: s }));
    // A survey of the user's own (the demo city's comes with it).
    if (community?.report && !community.isDemo) parts.push(t('proj.sumSurvey', { name: community.report.source, n: community.report.kept }));
    return parts.join(', ');
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#stopWatching?.();
    this.#stopWatching = null;
  }

  // ------------------------------------------------------------------ saving

  /** Everything a save depends on, as text (read inside an effect, so every part is tracked). */
  #fingerprint(): string {
    const { app, settings } = this.#parts;
    const src = app.source;
    return toJson([
      src ? [this.#idOf(src.file), src.name, src.mapping, src.clip, !!src.boundary] : null,
      app.dataset?.version ?? 0,
      this.layers.map((l) => [l.type, l.name, l.where ?? null, l.blob ? this.#idOf(l.blob) : l.url]),
      this.#parts.community ? [this.#parts.community.version, this.#parts.community.isDemo, !!this.#parts.community.report] : null,
      settings.baseMapUrl,
      captureState(this.#parts),
    ]);
  }

  #watchChanges(): void {
    this.#lastKey = untrack(() => this.#fingerprint());
    this.#stopWatching = $effect.root(() => {
      $effect(() => {
        const key = this.#fingerprint();
        untrack(() => this.#changed(key));
      });
    });
  }

  /** True when there is something the user made: not the untouched demo city. */
  #worthSaving(): boolean {
    const { app, planner, community } = this.#parts;
    if (this.#hasSaved) return true;
    if (community?.report && !community.isDemo) return true;
    if (!app.dataset) return false;
    if (!app.dataset.isDemo || this.layers.length || planner.plan.placements.length || planner.scenarios.list.length) return true;
    return settingsKey(captureState(this.#parts)) !== this.#baseline;
  }

  #changed(key: string): void {
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    if (this.#restoring || this.#recovering || this.busy || ['starting', 'restoring', 'paused', 'off'].includes(this.status)) return;
    if (!this.#worthSaving()) return;
    if (this.status !== 'saving') this.status = 'unsaved';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  #idOf(blob: Blob): string {
    let id = this.#ids.get(blob);
    if (!id) {
      id = crypto.randomUUID();
      this.#ids.set(blob, id);
    }
    return id;
  }

  /** Bytes of a layer loaded from the app's own URL (the demo's), fetched once. */
  #fetchUrl(url: string): Promise<Blob> {
    let p = this.#urlBlobs.get(url);
    if (!p) {
      p = fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${url} answered ${r.status}`);
        return r.blob();
      });
      p.catch(() => this.#urlBlobs.delete(url));
      this.#urlBlobs.set(url, p);
    }
    return p;
  }

  /** The survey's bytes as a blob (the same blob for the same bytes). */
  #surveyBlob(bytes: Uint8Array): Blob {
    let b = this.#surveyBlobs.get(bytes);
    if (!b) this.#surveyBlobs.set(bytes, (b = new Blob([bytes as BlobPart])));
    return b;
  }

  /** The manifest of the project as it is now, and its data files by id. */
  async build(): Promise<{ manifest: ProjectManifest; blobs: Map<string, Blob> }> {
    const { app, settings } = this.#parts;
    const blobs = new Map<string, Blob>();
    const ref = (blob: Blob, name: string): FileRef => {
      const id = this.#idOf(blob);
      blobs.set(id, blob);
      return { id, size: blob.size, name };
    };
    const layers: LayerRecord[] = [];
    for (const l of this.layers) {
      const blob = l.blob ?? (await this.#fetchUrl(l.url!));
      layers.push({ name: l.name, type: l.type, ...(l.where ? { where: { ...l.where } } : {}), file: ref(blob, l.name) });
    }
    const src = app.source;
    const ds = app.dataset;
    const dataset =
      src && ds
        ? {
            name: ds.name,
            isDemo: ds.isDemo,
            file: ref(src.file, src.name),
            mapping: plain(src.mapping),
            boundary: src.boundary ? plain(src.boundary) : null,
            clip: src.clip,
            report: { read: ds.report.read, kept: ds.report.kept, rejected: { ...ds.report.rejected } },
          }
        : null;
    const sv = this.#parts.community?.savedSurvey() ?? null;
    const community: SurveyRecord | null = sv
      ? { name: sv.name, isDemo: sv.demo, file: sv.demo ? null : ref(this.#surveyBlob(sv.bytes), sv.name), mapping: plain(sv.mapping), clip: sv.clip, report: { ...sv.report } }
      : null;
    const manifest: ProjectManifest = {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      savedAt: new Date().toISOString(),
      dataset,
      layers,
      community,
      settings: { baseMapUrl: settings.baseMapUrl },
      state: captureState(this.#parts),
    };
    return { manifest, blobs };
  }

  /** Saves now (a save already running is followed by one more). */
  saveNow(): Promise<void> {
    clearTimeout(this.#timer);
    if (!this.store || this.status === 'off' || this.status === 'paused') return Promise.resolve();
    if (this.#saving) {
      this.#again = true;
      return this.#saving;
    }
    const store = this.store;
    this.#saving = (async () => {
      try {
        do {
          this.#again = false;
          this.status = 'saving';
          this.stage = t('proj.stageSaving');
          const { manifest, blobs } = await this.build();
          await store.save(manifest, fileRefs(manifest).map(({ id, size }) => ({ id, size })), blobs, {
            beforeBlob: (r) => (this.stage = t('proj.stageWriting', { size: mb(r.size) })),
          });
          this.#hasSaved = true;
          this.savedAt = manifest.savedAt;
          this.methods = methodsOf(manifest.state);
          this.problem = null;
        } while (this.#again);
        this.status = 'saved';
        this.stored = await store.usage();
      } catch (e) {
        this.status = 'error';
        this.problem = storageMessage(e);
      } finally {
        this.stage = '';
        this.#saving = null;
      }
    })();
    return this.#saving;
  }

  /** Resumes saving after a paused restore: the current state replaces the saved project. */
  resumeSaving(): Promise<void> {
    if (this.status !== 'paused') return Promise.resolve();
    this.status = 'unsaved';
    this.problem = null;
    this.#hasSaved = true;
    return this.saveNow();
  }

  async refreshUsage(): Promise<void> {
    if (!this.store || this.status === 'off') return;
    try {
      this.stored = await this.store.usage();
    } catch {
      this.stored = null;
    }
  }

  // ------------------------------------------------------------------ layers

  /** Keeps what each layer was loaded from (bytes are copied before they go to the engine). */
  #watch<K extends RequestType>(type: K, params: Requests[K]['params']): ((result: Requests[K]['result']) => void) | void {
    if (this.#restoring) return;
    if (type === 'env-load') {
      const kept: KeptLayer[] = (params as Requests['env-load']['params']).sources.map((s) => ({
        name: s.name,
        type: s.type,
        ...(s.where ? { where: { ...s.where } } : {}),
        ...(s.bytes ? { blob: new Blob([s.bytes as BlobPart]) } : { url: s.url }),
      }));
      return () => {
        this.layers = [...this.layers.filter((l) => !kept.some((k) => k.type === l.type)), ...kept];
      };
    }
    if (type === 'env-remove') {
      const t = (params as Requests['env-remove']['params']).type;
      return () => {
        this.layers = this.layers.filter((l) => l.type !== t);
      };
    }
  }

  // ------------------------------------------------------------------ restoring

  /**
   * Loads a project into the app: imports its data file again (the same bytes through the same
   * import: identical rows and cells), loads its layers, applies its state. Throws when the data
   * cannot be imported; returns what was skipped of the state.
   */
  async #restore(m: ProjectManifest, blobs: Map<string, Blob>, trusted: boolean): Promise<string[]> {
    const p = this.#parts;
    const { app } = p;
    this.#restoring = true;
    try {
      for (const r of fileRefs(m)) {
        const b = blobs.get(r.id);
        if (!b || b.size !== r.size) throw new Error(t('proj.errMissingFile', { name: r.name }));
      }
      const warnings: string[] = [];
      // The base map stays as set in this browser (Settings): a file cannot make the page call a server.
      if (!trusted && m.settings.baseMapUrl && m.settings.baseMapUrl !== p.settings.baseMapUrl)
        warnings.push(t('proj.warnBaseMap', { url: m.settings.baseMapUrl.slice(0, 200) }));
      if (m.dataset) {
        const d = m.dataset;
        const file = new File([blobs.get(d.file.id)!], d.file.name);
        this.#ids.set(file, d.file.id);
        const det = await app.stageFile(file);
        if (!det) throw new Error(app.error ?? t('proj.errReadCancelled'));
        const report = await app.importStaged(d.mapping, d.boundary, d.clip, { name: d.name, isDemo: d.isDemo });
        if (!report) throw new Error(app.error ?? t('proj.errImportCancelled'));
        if (report.read !== d.report.read || report.kept !== d.report.kept)
          warnings.push(t('proj.warnDataset', { kept: report.kept, read: report.read, savedKept: d.report.kept, savedRead: d.report.read }));
      }
      if (m.layers.length) {
        const sources: LayerSource[] = [];
        for (const l of m.layers) sources.push({ name: l.name, type: l.type, ...(l.where ? { where: l.where } : {}), bytes: new Uint8Array(await blobs.get(l.file.id)!.arrayBuffer()) });
        await app.runLong(p.risk.layers, t('proj.taskLayers'), (signal, onProgress) =>
          app.request('env-load', { sources }, { signal, onProgress, transfer: sources.map((s) => s.bytes!.buffer) }).then((l) => {
            app.envLayers = l;
            return l;
          }),
        );
        if (p.risk.layers.error) throw new Error(p.risk.layers.error);
        if (!p.risk.layers.value) throw new Error(t('proj.errLayersCancelled'));
      }
      this.layers = m.layers.map((l) => {
        const blob = blobs.get(l.file.id)!;
        this.#ids.set(blob, l.file.id);
        return { name: l.name, type: l.type, ...(l.where ? { where: l.where } : {}), blob };
      });
      // The community survey, after the data set (its clip to the study area needs it).
      if (p.community) {
        const c = m.community ?? null;
        let saved: Parameters<typeof p.community.restoreSurvey>[0] = null;
        if (c?.isDemo) saved = { demo: true };
        else if (c?.file) {
          const blob = blobs.get(c.file.id)!;
          const bytes = new Uint8Array(await blob.arrayBuffer());
          this.#ids.set(blob, c.file.id);
          this.#surveyBlobs.set(bytes, blob);
          saved = { demo: false, name: c.file.name, bytes, mapping: c.mapping, clip: c.clip };
        }
        const report = await p.community.restoreSurvey(saved);
        if (c && report && (report.read !== c.report.read || report.kept !== c.report.kept))
          warnings.push(t('proj.warnSurvey', { kept: report.kept, read: report.read, savedKept: c.report.kept, savedRead: c.report.read }));
      }
      warnings.push(...applyState(p, m.state));
      return warnings;
    } finally {
      this.#restoring = false;
      this.#lastKey = untrack(() => this.#fingerprint());
    }
  }

  /** After a crash: a fresh engine gets the project's data and layers again; the rest stays as it is. */
  async #recover(reason: string): Promise<void> {
    if (this.#recovering) {
      this.notice = { tone: 'error', text: t('proj.crashAgain', { reason }) };
      return;
    }
    this.#recovering = true;
    clearTimeout(this.#timer);
    this.notice = { tone: 'warn', text: t('proj.crashRestarting', { reason }) };
    try {
      // The data, layers and state as they are now (in memory: not older than the saved copy).
      const { manifest, blobs } = await this.build();
      await this.#restore(manifest, blobs, true);
      this.notice = { tone: 'warn', text: t('proj.crashRecovered', { reason, summary: this.summary() }) };
    } catch (e) {
      if (this.notice?.tone !== 'error')
        this.notice = { tone: 'error', text: t('proj.crashFailed', { reason, message: messageOf(e) }) };
    } finally {
      this.#recovering = false;
    }
  }

  // ------------------------------------------------------------------ export, import, delete

  /** The project as one file (a ZIP archive), or null when cancelled. */
  async exportFile(): Promise<{ name: string; blob: Blob } | null> {
    const { app } = this.#parts;
    this.busy = 'export';
    const task = app.progress.begin(t('proj.taskExport'));
    try {
      task.onProgress({ kind: 'progress', id: 0, stage: t('proj.stageCollecting'), fraction: 0 });
      const { manifest, blobs } = await this.build();
      const files = new Map<string, FileRef>();
      for (const r of fileRefs(manifest)) files.set(r.id, r);
      const safe = (s: string) => s.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'file';
      const entries = [
        { name: 'project.json', blob: new Blob([JSON.stringify(JSON.parse(toJson(manifest)), null, 1)], { type: 'application/json' }) },
        ...[...files.values()].map((r) => ({ name: `data/${r.id}/${safe(r.name)}`, blob: blobs.get(r.id)! })),
      ];
      const blob = await writeArchive(entries, { onProgress: (f) => task.onProgress({ kind: 'progress', id: 0, stage: t('proj.stageWritingFile'), fraction: f }), signal: task.signal });
      const base = (app.dataset?.isDemo ? 'demo-city' : (app.dataset?.name ?? 'project')).toLowerCase().replace(/\.[a-z0-9]+$/, '');
      return { name: `${safe(base).replace(/^_+|_+$/g, '') || 'project'}.project.zip`, blob };
    } catch (e) {
      if (!isAbort(e)) this.notice = { tone: 'error', text: t('proj.exportFailed', { message: messageOf(e) }) };
      return null;
    } finally {
      task.done();
      this.busy = null;
    }
  }

  /** Reads a project file and makes it the project (then saves it here). True when it loaded. */
  async importFile(file: File): Promise<boolean> {
    const { app } = this.#parts;
    this.busy = 'import';
    clearTimeout(this.#timer);
    const task = app.progress.begin(t('proj.taskOpening', { name: file.name }));
    let m: ProjectManifest;
    let blobs: Map<string, Blob>;
    try {
      const entries = await readArchive(file, file.name, { onProgress: (f) => task.onProgress({ kind: 'progress', id: 0, stage: t('proj.stageChecking'), fraction: f }), signal: task.signal });
      const json = entries.get('project.json');
      if (!json) throw new Error(t('proj.errNoJson', { name: file.name }));
      if (json.size > MAX_PROJECT_JSON) throw new Error(t('proj.errJsonTooBig', { name: file.name, mb: Math.round(json.size / (1 << 20)) }));
      let parsed: unknown;
      try {
        parsed = fromJson(await json.text());
      } catch (e) {
        throw new Error(t('proj.errJsonInvalid', { name: file.name, message: messageOf(e) }));
      }
      const checked = checkManifest(parsed);
      if (!checked.ok) throw new Error(checked.errors.join(' '));
      m = checked.manifest;
      blobs = new Map();
      for (const r of fileRefs(m)) {
        const entry = [...entries].find(([name]) => name.startsWith(`data/${r.id}/`));
        if (!entry) throw new Error(t('proj.errLacksFile', { name: file.name, file: r.name }));
        if (entry[1].size !== r.size) throw new Error(t('proj.errFileSize', { file: r.name, name: file.name, size: entry[1].size, recorded: r.size }));
        blobs.set(r.id, entry[1]);
      }
    } catch (e) {
      task.done();
      this.busy = null;
      // The project file's checks (manifest.ts) write English: shown in the UI's language where known.
      if (!isAbort(e)) this.notice = { tone: 'error', text: tEngine(messageOf(e)) };
      return false;
    }
    task.done();
    try {
      const skipped = await this.#restore(m, blobs, false);
      this.notice = {
        tone: skipped.length ? 'warn' : 'info',
        text: t('proj.opened', { name: file.name, summary: this.summary() }),
        details: skipped.length ? [t('proj.notApplied', { list: skipped.map(settingName).join('; ') })] : undefined,
      };
    } catch (e) {
      this.notice = { tone: 'error', text: t('proj.openFailed', { name: file.name, message: messageOf(e) }) };
      return false;
    } finally {
      this.busy = null;
    }
    // It replaces the project kept here.
    if (this.status === 'paused') this.status = 'unsaved';
    this.#hasSaved = true;
    await this.saveNow();
    return true;
  }

  /** Deletes everything this app keeps in the browser; returns what could not be deleted. */
  async deleteAll(): Promise<string[]> {
    this.busy = 'delete';
    this.stop();
    this.status = 'off';
    await this.#saving?.catch(() => {});
    await this.store?.close();
    try {
      return await deleteAllLocalData();
    } finally {
      this.busy = null;
      this.stored = null;
    }
  }
}
