/**
 * Keeps the shareable view in the page's URL fragment (see view-url.ts) and back:
 * - on start, a link's view is applied once the data are loaded (and a saved project restored,
 *   so the link wins): tab, method parameters, filters, resolution, map layers and the map's
 *   place (the link names no data: it works for a colleague who has the same data loaded; the
 *   demo city's layers load by themselves);
 * - discrete changes (filters, resolution, tab, layers, a parameter) add a history entry
 *   (pushState, after a short quiet time so typing makes one entry); moving the map only
 *   replaces the current entry (replaceState);
 * - Back and Forward (popstate) apply the view of the entry they land on.
 * SvelteKit's own pushState/replaceState are used, so its router keeps track of the entries.
 */
import { untrack } from 'svelte';
import { pushState, replaceState } from '$app/navigation';
import type { Coordinator } from './coordinator.svelte';
import { t } from '../i18n';
import { defaultFilter } from './view-filter';
import { centreOfBox, decodeView, encodeView, type FieldSpec, type FieldValue, type ParamSchema, type ParamValues, type SharedView } from './view-url';

/** A group of method parameters: the live object holding them and each field's codec. */
export interface ParamGroup {
  target: object;
  fields: Record<string, FieldSpec>;
}

export interface UrlSyncOptions {
  tabs: readonly string[];
  getTab: () => string;
  setTab: (id: string) => void;
  groups: Record<string, ParamGroup>;
  /** Loads the demo city's environmental layers (asked for by a link on the demo). */
  loadDemoLayers?: () => void;
  /** False while something else is still setting up the view (a saved project being restored): the link waits, then wins. */
  ready?: () => boolean;
}

/** Quiet time before a discrete change becomes a history entry (ms). */
const PUSH_DELAY = 350;
/** Longest gap between URL updates while the map moves (ms). */
const CAMERA_DELAY = 150;

const get = (o: object, k: string): FieldValue => (o as Record<string, FieldValue>)[k];
const set = (o: object, k: string, v: FieldValue) => ((o as Record<string, FieldValue>)[k] = v);

export class UrlSync {
  readonly schema: ParamSchema;
  readonly defaults: ParamValues;
  /** The view of the link the page was opened with, still to apply once data are loaded. */
  #pending: SharedView | null = null;
  #problems: string[] = [];
  /** Layers a view asked for, applied when environmental layers are (re)loaded. */
  #wantLayers: string[] | null = null;
  /** The discrete part of the view last written to (or read from) the URL. */
  #lastKey = '';
  /** False until the first data set is loaded (and a link's view applied to it). */
  #writing = $state(false);
  #pushTimer: ReturnType<typeof setTimeout> | undefined;
  #cameraTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly app: Coordinator,
    private readonly opts: UrlSyncOptions,
  ) {
    this.schema = Object.fromEntries(Object.entries(opts.groups).map(([g, p]) => [g, p.fields]));
    this.defaults = this.params();
  }

  /** The method parameters as they are now. */
  params(): ParamValues {
    const out: ParamValues = {};
    for (const [g, p] of Object.entries(this.opts.groups)) out[g] = Object.fromEntries(Object.keys(p.fields).map((k) => [k, get(p.target, k)]));
    return out;
  }

  /** The view without the map's place (what makes a history entry). */
  discrete(): SharedView {
    const app = this.app;
    const v: SharedView = { res: app.res, filter: app.filter, tab: this.opts.getTab(), params: this.params() };
    if (app.envLayers.length) v.layers = app.envLayers.filter((l) => !app.envHidden[l.type]).map((l) => l.type);
    return v;
  }

  /** The whole view, with the map's centre and zoom when the map has reported them. */
  current(): SharedView {
    const vp = this.app.viewport;
    return vp ? { ...this.discrete(), center: centreOfBox(vp.bbox), zoom: vp.zoom } : this.discrete();
  }

  /** The fragment text of the current view (for the address bar, or a "copy link" button). */
  hash(): string {
    return encodeView(this.current(), this.schema, this.defaults);
  }

  /** Reads the page's link and starts following the view; returns the clean-up. */
  start(): () => void {
    const first = decodeView(location.hash, this.schema, { tabs: this.opts.tabs });
    if (location.hash.length > 1) {
      this.#problems = first.problems;
      this.#pending = first.view;
    }
    const onPop = () => this.onPopState();
    window.addEventListener('popstate', onPop);
    const stopEffects = $effect.root(() => {
      // Data loaded: the link's data-dependent parts apply to the first data set.
      $effect(() => {
        const ds = this.app.dataset;
        if (!ds || (this.opts.ready && !this.opts.ready())) return;
        if (this.#pending) {
          const v = this.#pending;
          this.#pending = null;
          untrack(() => {
            this.applyNow(v);
            this.applyData(v);
          });
        }
        this.#writing = true;
      });
      // A discrete change: a new history entry after a short quiet time.
      $effect(() => {
        const key = encodeView(this.discrete(), this.schema, this.defaults);
        if (!this.#writing) return;
        if (this.#lastKey === '') {
          this.#lastKey = key;
          this.write('replace');
          return;
        }
        if (key === this.#lastKey) return;
        clearTimeout(this.#pushTimer);
        this.#pushTimer = setTimeout(() => {
          this.#lastKey = encodeView(this.discrete(), this.schema, this.defaults);
          this.write('push');
        }, PUSH_DELAY);
      });
      // The map moved: replace the current entry.
      $effect(() => {
        void this.app.viewport;
        if (!this.#writing) return;
        clearTimeout(this.#cameraTimer);
        this.#cameraTimer = setTimeout(() => this.write('replace'), CAMERA_DELAY);
      });
      // Environmental layers (re)loaded: show the ones a view asked for.
      $effect(() => {
        const loaded = this.app.envLayers;
        if (!this.#wantLayers || !loaded.length) return;
        const want = this.#wantLayers;
        this.#wantLayers = null;
        const hidden = { ...this.app.envHidden };
        for (const l of loaded) hidden[l.type] = !want.includes(l.type);
        this.app.envHidden = hidden;
      });
    });
    return () => {
      window.removeEventListener('popstate', onPop);
      clearTimeout(this.#pushTimer);
      clearTimeout(this.#cameraTimer);
      stopEffects();
    };
  }

  private write(how: 'push' | 'replace'): void {
    const url = `${location.pathname}${location.search}#${this.hash()}`;
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    try {
      if (how === 'push') pushState(url, {});
      else replaceState(url, {});
    } catch {
      // The router is not started yet (first moments of the page): the next change writes it.
    }
  }

  /** Back or Forward landed on an entry: show its view. */
  private onPopState(): void {
    clearTimeout(this.#pushTimer);
    const { view } = decodeView(location.hash, this.schema, { tabs: this.opts.tabs });
    this.applyNow(view);
    if (this.app.dataset) this.applyData(view);
    else this.#pending = view;
    this.#lastKey = encodeView(this.discrete(), this.schema, this.defaults);
  }

  /** The parts that need no data: tab and method parameters (absent ones go back to defaults). */
  private applyNow(v: SharedView): void {
    for (const [g, p] of Object.entries(this.opts.groups)) {
      for (const k of Object.keys(p.fields)) {
        const val = v.params?.[g] && k in v.params[g] ? v.params[g][k] : this.defaults[g][k];
        if (get(p.target, k) !== val) set(p.target, k, val);
      }
    }
    const tab = v.tab ?? this.opts.tabs[0];
    if (tab && this.opts.getTab() !== tab) this.opts.setTab(tab);
  }

  /** Filters, resolution, layers and the map's place, for the loaded data. */
  private applyData(v: SharedView): void {
    const app = this.app;
    const ds = app.dataset;
    if (!ds) return;
    const problems = this.#problems;
    this.#problems = [];
    let filter = v.filter ?? defaultFilter();
    if (v.filter?.offences) {
      const known = ds.report.offences.map((o) => o.offence);
      const missing = v.filter.offences.filter((o) => !known.includes(o));
      if (missing.length) problems.push(`offences not in these data: ${missing.slice(0, 5).join(', ')}`);
      // Keep the data's order of offences, as the filter panel does.
      filter = { ...filter, offences: known.filter((o) => v.filter!.offences!.includes(o)) };
    }
    // A view without filters means the full selection (defaults are left out of links).
    if (!v.filter) filter = defaultFilter();
    const res = v.res ?? app.res;
    if (app.history.push({ filter, res })) app.refresh();
    if (v.layers) {
      this.#wantLayers = v.layers;
      if (!app.envLayers.length && ds.isDemo && v.layers.length && this.opts.loadDemoLayers) this.opts.loadDemoLayers();
      else if (app.envLayers.length) {
        const hidden = { ...app.envHidden };
        for (const l of app.envLayers) hidden[l.type] = !v.layers.includes(l.type);
        app.envHidden = hidden;
        this.#wantLayers = null;
      }
    }
    if (v.center && v.zoom !== undefined) app.camera = { center: v.center, zoom: v.zoom, forVersion: ds.version };
    if (problems.length) app.error = t('share.linkProblems', { problems: problems.join('; ') });
  }
}
