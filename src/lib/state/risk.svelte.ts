/**
 * State of the environment & risk tab: the feature-type list (built in, plus the user's own types
 * kept in this browser's storage), loaded layers (drawn on the map, switchable, some as controls),
 * the model settings, the fitted model (long: progress and Cancel), its accuracy as a forecast
 * next to the hot-spot methods, and a what-if scenario built from edits the user adds one by one
 * (with cells or places picked on the map).
 */
import { yearBeforeLast } from './trends.svelte';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { preparePolygons } from '../geo/point-in-polygon';
import type { RankMethod } from '../analysis/hotspots/forecast';
import type { LayerSource, LayerSummary, RiskAccuracyOutcome, RiskOutcome, RiskParams } from '../engine/analyses/risk';
import type { LayerEdit, WhatIfResult } from '../analysis/risk/what-if';
import type { TermKind } from '../analysis/risk/terms';
import { addFeatureType, customFeatureType, DEFAULT_FEATURE_TYPES, featureType, type FeatureType } from '../environment/feature-types';
import type { GeometryKind } from '../environment/layer';
import type { RGBA } from '../map/colour-scale';
import type { CellOverlay, LegendEntry } from '../map/overlay';
import type { Coordinator } from './coordinator.svelte';
import { demoLayerSources } from './demo';
import { Latest } from './latest.svelte';
import { toEngineFilter } from './view-filter';
import { fmtNumber, t, tDynamic } from '../i18n';
import { RISK_CLASS_COLOURS, RISK_RAMP } from '../map/palettes';

const STORAGE_KEY = 'prevention-planner:feature-types';

function storedTypes(): FeatureType[] {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    if (!raw) return [];
    const list = JSON.parse(raw) as { label: string; colour: string; geometry: GeometryKind }[];
    let out: FeatureType[] = [...DEFAULT_FEATURE_TYPES];
    for (const t of Array.isArray(list) ? list : []) {
      try { out = addFeatureType(out, customFeatureType(String(t.label), String(t.colour), t.geometry === 'line' || t.geometry === 'polygon' ? t.geometry : 'point')); } catch { /* a damaged entry is skipped */ }
    }
    return out.slice(DEFAULT_FEATURE_TYPES.length);
  } catch {
    return [];
  }
}

/** The feature types the app knows: the built-in list and the user's additions (reactive). */
export const featureTypes = $state<{ list: FeatureType[] }>({ list: [...DEFAULT_FEATURE_TYPES, ...storedTypes()] });

/** Adds a user-defined type (kept in this browser); returns its id. Throws with a readable message. */
export function addUserType(label: string, colour: string, geometry: GeometryKind = 'point'): string {
  const t = customFeatureType(label, colour, geometry);
  featureTypes.list = addFeatureType(featureTypes.list, t);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(featureTypes.list.filter((x) => x.custom).map((x) => ({ label: x.label, colour: x.colour, geometry: x.geometry }))));
  } catch { /* storage full or blocked: the type lasts for this visit */ }
  return t.id;
}

function typeOf(type: string): FeatureType {
  return featureType(featureTypes.list, type);
}

/** Legend colour of a feature type as RGBA. */
export function typeColour(type: string): RGBA {
  const hex = typeOf(type).colour;
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 220];
}

/** A feature type's name in the current language (a user's own type as typed). */
export function typeLabel(type: string): string {
  const f = typeOf(type);
  return f.custom ? f.label : tDynamic(`feature.${f.id}`, f.label);
}

/** Why a built-in type is a control, in the current language. */
export function typeControlNote(type: string): string | undefined {
  const f = typeOf(type);
  return f.control === undefined ? undefined : tDynamic(`featureControl.${f.id}`, f.control);
}

/** Whether a fitted sign goes against the usual direction of the feature type (worth a second look). */
export function surprising(type: string, coefficient: number): boolean {
  const e = typeOf(type).expected;
  return coefficient !== 0 && ((e === 'raises' && coefficient < 0) || (e === 'lowers' && coefficient > 0));
}

// Colours in map/palettes.ts (checked for colour-blind readers).
const CLASS_COLOURS: Record<string, RGBA> = RISK_CLASS_COLOURS;
const CLASS_HELP = {
  'risky-hot': () => [t('rk.class.risky-hot'), t('rk.classHelp.risky-hot')],
  'protect-early': () => [t('rk.class.protect-early'), t('rk.classHelp.protect-early')],
  'hot-not-risky': () => [t('rk.class.hot-not-risky'), t('rk.classHelp.hot-not-risky')],
} as const;
/** Modelled change: fewer (blue), more (red); picked cells (teal). */
const FEWER: RGBA[] = [[198, 219, 239, 200], [107, 174, 214, 215], [33, 113, 181, 230]];
const MORE: RGBA[] = [[252, 187, 161, 200], [251, 106, 74, 215], [203, 24, 29, 230]];
const PICKED: RGBA = [0, 172, 193, 235];

/** What a what-if edit does. */
export type EditAction = 'repair' | 'green' | 'remove' | 'add';
/** Where it applies: everywhere, in an area drawn on the map, in cells picked on the map, or at places clicked on it. */
export type EditWhere = 'all' | 'drawn' | 'cells' | 'points';

/** A scenario step: the engine edit(s) and a description for the list. */
export interface ScenarioStep {
  edits: LayerEdit[];
  text: string;
}

/** A clicked place counts as "at" a feature within this distance (about a res-9 cell). */
export const NEAR_M = 200;

/** The what-if actions; `label` and `help` are in the current language (read them where they are shown). */
export const ACTIONS: { id: EditAction; readonly label: string; readonly help: string }[] = (['repair', 'green', 'remove', 'add'] as const).map((id) => ({
  id,
  get label() {
    return t(`rk.a.${id}`);
  },
  get help() {
    return t(`rk.a.${id}Help`);
  },
}));

const fmtPlace = ([lon, lat]: [number, number]) => `${lat.toFixed(4)}, ${lon.toFixed(4)}`;

export class Risk {
  layers = new Latest<LayerSummary[]>();
  k = $state(1);
  model = $state<RiskParams['model']>('poisson');
  penalty = $state<RiskParams['penalty']>('lasso');
  term = $state<TermKind>('count');
  trend = $state<0 | 1 | 2>(0);
  seed = $state(1);
  /** Per layer type: whether it enters as a control (default from the type's `control`). */
  controlOverride = $state<Record<string, boolean>>({});
  view = $state<'risk' | 'compare' | 'change'>('risk');
  fit = new Latest<RiskOutcome>();
  scenario = new Latest<WhatIfResult>();
  accuracy = new Latest<RiskAccuracyOutcome>();
  trainTo = $state('');

  // What-if builder.
  action = $state<EditAction>('repair');
  editType = $state('bar');
  where = $state<EditWhere>('all');
  /** Cells picked on the map (for `cells`), places clicked (for `points`). */
  area = $state.raw<string[]>([]);
  points = $state.raw<[number, number][]>([]);
  /** A drawn area (closed [lon, lat] ring), for `drawn`. */
  drawn = $state.raw<[number, number][] | null>(null);
  picking = $state(false);
  drawing = $state(false);
  steps = $state.raw<ScenarioStep[]>([]);
  #clicker: ((cell: string, at?: [number, number]) => void) | null = null;

  constructor(private readonly app: Coordinator) {}

  isControl(type: string): boolean {
    return this.controlOverride[type] ?? !!typeOf(type).control;
  }

  setControl(type: string, on: boolean): void {
    this.controlOverride = { ...this.controlOverride, [type]: on };
  }

  loadDemoLayers(): void {
    this.load(demoLayerSources());
  }

  load(sources: LayerSource[]): void {
    void this.app.runLong(this.layers, t('rk.task.load'), (signal, onProgress) => {
      const transfer = sources.flatMap((s) => (s.bytes ? [s.bytes.buffer] : []));
      return this.app.request('env-load', { sources }, { signal, onProgress, transfer }).then((l) => {
        this.app.envLayers = l;
        return l;
      });
    });
  }

  removeLayer(type: string): void {
    void this.app.runLong(this.layers, t('rk.task.remove'), (signal) =>
      this.app.request('env-remove', { type }, { signal }).then((l) => {
        this.app.envLayers = l;
        this.fit.set(null);
        this.scenario.set(null);
        return l;
      }),
    );
  }

  params(): RiskParams {
    const controls = this.app.envLayers.map((l) => l.type).filter((t) => this.isControl(t));
    return { res: this.app.res, filter: toEngineFilter(this.app.filter), k: this.k, model: this.model, penalty: this.penalty, seed: this.seed, term: this.term, trend: this.trend, controls };
  }

  runFit(): void {
    if (!this.app.dataset) return;
    const params = this.params();
    this.scenario.set(null);
    if (this.view === 'change') this.view = 'risk';
    void this.app.runLong(this.fit, t('rk.task.fit'), (signal, onProgress) => this.app.request('risk', params, { signal, onProgress }));
  }

  /** Default split: one year before the last incident (as the forecast in "Over time"). */
  defaultSplit(): string {
    return yearBeforeLast(this.app.dataset?.report.to);
  }

  runAccuracy(): void {
    if (!this.app.dataset) return;
    const params = { ...this.params(), trainTo: this.trainTo || this.defaultSplit(), methods: ['prior', 'kde', 'gistar', 'best'] as RankMethod[] };
    void this.app.runLong(this.accuracy, t('rk.task.accuracy'), (signal, onProgress) => this.app.request('risk-accuracy', params, { signal, onProgress }));
  }

  // ------------------------------------------------------------ what if

  /** Draws the area of the next change on the map (the map's polygon drawer). */
  startDrawing(): void {
    this.stopPicking();
    this.drawing = true;
    const req = {
      onFinish: (ring: [number, number][]) => {
        this.drawn = ring;
        if (this.app.drawArea === req) this.app.drawArea = null;
        this.drawing = false;
      },
      onCancel: () => this.stopDrawing(),
    };
    this.app.drawArea = req;
  }

  stopDrawing(): void {
    if (this.drawing && this.app.drawArea) this.app.drawArea = null;
    this.drawing = false;
  }

  /** Starts or stops taking map clicks (cells for an area, places for points). */
  togglePicking(): void {
    if (this.picking) return this.stopPicking();
    this.stopDrawing();
    this.picking = true;
    this.#clicker = (cell, at) => this.onMapClick(cell, at);
    this.app.cellClick = this.#clicker;
  }

  stopPicking(): void {
    this.picking = false;
    if (this.app.cellClick && this.app.cellClick === this.#clicker) this.app.cellClick = null;
    this.#clicker = null;
  }

  onMapClick(cell: string, at?: [number, number]): void {
    if (this.where === 'cells') {
      this.area = this.area.includes(cell) ? this.area.filter((c) => c !== cell) : [...this.area, cell];
    } else if (this.where === 'points') {
      const [lat, lon] = cellToLatLng(cell);
      this.points = [...this.points, at ?? [lon, lat]];
    }
  }

  clearPicks(): void {
    this.area = [];
    this.points = [];
    this.drawn = null;
  }

  /** The feature type an action edits (repair and green have fixed types). */
  typeOfAction(): string {
    return this.action === 'repair' ? 'street_light_out' : this.action === 'green' ? 'vacant' : this.editType;
  }

  /** Whether the builder has what the action needs. */
  canAddStep(): boolean {
    if (this.action === 'add') return this.points.length > 0;
    if (this.where === 'cells') return this.area.length > 0;
    if (this.where === 'drawn') return !!this.drawn;
    if (this.where === 'points') return this.points.length > 0;
    return true;
  }

  /** Turns the builder's action, type and picks into a scenario step. */
  addStep(): void {
    if (!this.canAddStep()) return;
    const type = this.typeOfAction();
    const label = typeLabel(type);
    const act = ACTIONS.find((a) => a.id === this.action)!.label;
    const remove = this.action === 'remove';
    const places = this.points.map(fmtPlace).join('; ');
    let edits: LayerEdit[];
    let text: string;
    if (this.action === 'add') {
      edits = this.points.map(([lon, lat], i) => ({ kind: 'add', type, lon, lat, id: `added-${this.steps.length + 1}-${i + 1}` }));
      text = t('rk.step.add', { n: this.points.length, type: label, places });
    } else {
      const base: LayerEdit = this.action === 'remove' ? { kind: 'remove', type } : { kind: 'retype', from: type, to: this.action === 'repair' ? 'street_light' : 'park' };
      if (this.where === 'all') {
        edits = [{ ...base, all: true }];
        text = remove ? t('rk.step.removeAll', { type: label }) : t('rk.step.all', { action: act });
      } else if (this.where === 'drawn') {
        edits = [{ ...base, within: [this.drawn!.map(([x, y]) => [x, y])] }];
        text = remove ? t('rk.step.removeDrawn', { type: label }) : t('rk.step.drawn', { action: act });
      } else if (this.where === 'cells') {
        edits = [{ ...base, cells: [...this.area] }];
        text = remove ? t('rk.step.removeCells', { type: label, n: this.area.length }) : t('rk.step.cells', { action: act, n: this.area.length });
      } else {
        edits = this.points.map(([lon, lat]) => ({ ...base, near: { lon, lat, maxM: NEAR_M } }));
        text = remove ? t('rk.step.removePoints', { type: label, places, m: NEAR_M }) : t('rk.step.points', { action: act, places, m: NEAR_M });
      }
    }
    this.steps = [...this.steps, { edits, text }];
    this.clearPicks();
    this.stopPicking();
    this.stopDrawing();
  }

  undoStep(): void {
    this.steps = this.steps.slice(0, -1);
    this.scenario.set(null);
  }

  clearSteps(): void {
    this.steps = [];
    this.scenario.set(null);
    if (this.view === 'change') this.view = 'risk';
  }

  runScenario(): void {
    const edits = this.steps.flatMap((s) => s.edits);
    if (!edits.length) return;
    void this.app.runLong(this.scenario, t('rk.task.whatIf'), (signal) =>
      this.app.request('what-if', { edits }, { signal }).then((r) => {
        this.view = 'change';
        return r;
      }),
    );
  }

  /** Features each step touched, from the scenario's per-edit counts (steps in order). */
  stepCounts(sc: WhatIfResult): number[] {
    let k = 0;
    return this.steps.map((s) => s.edits.reduce((a) => a + (sc.affected[k++]?.features ?? 0), 0));
  }

  // ------------------------------------------------------------ map

  overlayOf(r: RiskOutcome, sc: WhatIfResult | null): CellOverlay {
    const n = r.cells.length;
    const colours = new Uint8Array(4 * n);
    const names = r.comparison.names;
    const view = this.view === 'change' && !sc ? 'risk' : this.view;
    let legend: LegendEntry[];
    if (view === 'risk') {
      for (let i = 0; i < n; i++) colours.set(RISK_RAMP[Math.min(4, Math.floor(r.percentile[i] * 5))], 4 * i);
      legend = [t('rk.lg.lowest'), '20–40 %', '40–60 %', '60–80 %', t('rk.lg.highest')].map((level, i) => ({ colour: RISK_RAMP[i], label: t('rk.lg.riskLevel', { level }) }));
    } else if (view === 'compare') {
      for (let i = 0; i < n; i++) colours.set(CLASS_COLOURS[names[r.comparison.classes[i]]] ?? [0, 0, 0, 0], 4 * i);
      legend = (['risky-hot', 'protect-early', 'hot-not-risky'] as const).map((k) => {
        const [label, help] = CLASS_HELP[k]();
        return { colour: CLASS_COLOURS[k], label: t('rk.classCount', { label, n: fmtNumber(r.comparison.counts[k]) }), help };
      });
    } else {
      // Three classes per direction at the terciles of the size of the change (most cells change a
      // little, the edited ones a lot: equal-width classes would show one class).
      const ch = sc!.change;
      let max = 0;
      for (const v of ch) max = Math.max(max, Math.abs(v));
      const tiny = 1e-9 * (max || 1);
      const breaks = (sign: number) => {
        const a = Array.from(ch).filter((v) => v * sign > tiny).map(Math.abs).sort((x, y) => x - y);
        return a.length ? [a[0], a[Math.floor(a.length / 3)], a[Math.floor((2 * a.length) / 3)], a[a.length - 1]] : null;
      };
      const fewer = breaks(-1), more = breaks(1);
      const band = (b: number[], v: number) => (v >= b[2] ? 2 : v >= b[1] ? 1 : 0);
      for (let i = 0; i < n; i++) {
        const v = ch[i];
        if (v < -tiny) colours.set(FEWER[band(fewer!, -v)], 4 * i);
        else if (v > tiny) colours.set(MORE[band(more!, v)], 4 * i);
      }
      const f = (v: number) => (v < 0.1 ? fmtNumber(v, Math.max(0, 1 - Math.floor(Math.log10(v)))) : v < 10 ? fmtNumber(v, 2) : fmtNumber(v, 1));
      legend = [
        ...(fewer ? [2, 1, 0].map((b) => ({ colour: FEWER[b], label: t('rk.lg.fewer', { from: f(fewer[b]), to: f(fewer[b + 1]) }) })) : []),
        ...(more ? [0, 1, 2].map((b) => ({ colour: MORE[b], label: t('rk.lg.more', { from: f(more[b]), to: f(more[b + 1]) }) })) : []),
      ];
      if (!legend.length) legend = [{ colour: [0, 0, 0, 0], label: t('rk.lg.noChange') }];
    }
    const picked = new Set(this.area);
    for (const p of this.points) picked.add(latLngToCell(p[1], p[0], this.app.res));
    if (this.drawn) {
      const poly = preparePolygons([[this.drawn]]);
      for (const c of r.cells) { const [la, lo] = cellToLatLng(c); if (poly.contains(lo, la)) picked.add(c); }
    }
    if (picked.size) {
      for (let i = 0; i < n; i++) if (picked.has(r.cells[i])) colours.set(PICKED, 4 * i);
      legend = [...legend, { colour: PICKED, label: t('rk.lg.picked', { n: picked.size }) }];
    }
    const titles = { risk: t('rk.title.risk'), compare: t('rk.title.compare'), change: t('rk.title.change') };
    const notes = { risk: t('rk.note.risk'), compare: t('rk.note.compare'), change: t('rk.note.change') };
    return {
      key: `risk:${view}:${n}:${r.fit.deviance}:${sc ? sc.totalAfter : ''}:${[...picked].join(',')}`,
      title: titles[view],
      cells: r.cells as string[],
      colours,
      legend,
      note: notes[view],
      describe: (i) => [
        [t('rk.tip.rr'), fmtNumber(r.relativeRisk[i], 2)],
        [t('rk.tip.percentile'), `${Math.round(r.percentile[i] * 100)}`],
        [t('rk.tip.expected'), fmtNumber(r.expected[i], 1)],
        [t('rk.tip.recorded'), fmtNumber(r.counts[i])],
        ...(sc && view === 'change' ? [[t('rk.tip.change'), `${sc.change[i] >= 0 ? '+' : ''}${fmtNumber(sc.change[i], 2)}`] as [string, string]] : []),
        [t('common.cell'), r.cells[i]],
      ],
    };
  }
}
