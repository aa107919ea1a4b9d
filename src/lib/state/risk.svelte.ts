/**
 * State of the environment & risk tab: the feature-type list (built in, plus the user's own types
 * kept in this browser's storage), loaded layers (drawn on the map, switchable, some as controls),
 * the model settings, the fitted model (long: progress and Cancel), its accuracy as a forecast
 * next to the hot-spot methods, and a what-if scenario built from edits the user adds one by one
 * (with cells or places picked on the map).
 */
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

export function typeLabel(type: string): string {
  return typeOf(type).label;
}

/** Whether a fitted sign goes against the usual direction of the feature type (worth a second look). */
export function surprising(type: string, coefficient: number): boolean {
  const e = typeOf(type).expected;
  return coefficient !== 0 && ((e === 'raises' && coefficient < 0) || (e === 'lowers' && coefficient > 0));
}

// Colours in map/palettes.ts (checked for colour-blind readers).
const CLASS_COLOURS: Record<string, RGBA> = RISK_CLASS_COLOURS;
const CLASS_HELP: Record<string, [string, string]> = {
  'risky-hot': ['High risk and a hot spot', 'The environment predicts much crime here and there is much.'],
  'protect-early': ['High risk, little crime yet', 'The environment looks like that of hot spots but crime is still low: places to protect early.'],
  'hot-not-risky': ['Hot spot the model does not explain', 'Much crime, but not from the features modelled: look for other causes.'],
  other: ['Other cells', ''],
};
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

export const ACTIONS: { id: EditAction; label: string; help: string }[] = [
  { id: 'repair', label: 'Repair broken street lights', help: 'Broken lights become working lights.' },
  { id: 'green', label: 'Green vacant lots (make them parks)', help: 'Vacant lots or buildings become parks.' },
  { id: 'remove', label: 'Remove features', help: 'Close or remove features of one type (e.g. a liquor outlet).' },
  { id: 'add', label: 'Add features', help: 'Place new features of one type (e.g. a CCTV camera) where you click.' },
];

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
    void this.app.runLong(this.layers, 'Loading layers', (signal, onProgress) => {
      const transfer = sources.flatMap((s) => (s.bytes ? [s.bytes.buffer] : []));
      return this.app.request('env-load', { sources }, { signal, onProgress, transfer }).then((l) => {
        this.app.envLayers = l;
        return l;
      });
    });
  }

  removeLayer(type: string): void {
    void this.app.runLong(this.layers, 'Removing a layer', (signal) =>
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
    void this.app.runLong(this.fit, 'Fitting the risk model', (signal, onProgress) => this.app.request('risk', params, { signal, onProgress }));
  }

  /** Default split: one year before the last incident (as the forecast in "Over time"). */
  defaultSplit(): string {
    const to = this.app.dataset?.report.to;
    if (!to) return '';
    const d = new Date(`${to.slice(0, 10)}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    return d.toISOString().slice(0, 10);
  }

  runAccuracy(): void {
    if (!this.app.dataset) return;
    const params = { ...this.params(), trainTo: this.trainTo || this.defaultSplit(), methods: ['prior', 'kde', 'gistar', 'best'] as RankMethod[] };
    void this.app.runLong(this.accuracy, 'Risk model accuracy', (signal, onProgress) => this.app.request('risk-accuracy', params, { signal, onProgress }));
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
    let edits: LayerEdit[];
    let text: string;
    if (this.action === 'add') {
      edits = this.points.map(([lon, lat], i) => ({ kind: 'add', type, lon, lat, id: `added-${this.steps.length + 1}-${i + 1}` }));
      text = `Add ${this.points.length} × ${label} at ${this.points.map(fmtPlace).join('; ')}`;
    } else {
      const base: LayerEdit = this.action === 'remove' ? { kind: 'remove', type } : { kind: 'retype', from: type, to: this.action === 'repair' ? 'street_light' : 'park' };
      if (this.where === 'all') {
        edits = [{ ...base, all: true }];
        text = `${act === 'Remove features' ? `Remove every ${label}` : act}: everywhere`;
      } else if (this.where === 'drawn') {
        edits = [{ ...base, within: [this.drawn!.map(([x, y]) => [x, y])] }];
        text = `${act === 'Remove features' ? `Remove ${label}` : act}: in the area drawn`;
      } else if (this.where === 'cells') {
        edits = [{ ...base, cells: [...this.area] }];
        text = `${act === 'Remove features' ? `Remove ${label}` : act}: in ${this.area.length} picked cell${this.area.length > 1 ? 's' : ''}`;
      } else {
        edits = this.points.map(([lon, lat]) => ({ ...base, near: { lon, lat, maxM: NEAR_M } }));
        text = `${act === 'Remove features' ? `Remove ${label}` : act}: the one nearest each of ${this.points.map(fmtPlace).join('; ')} (within ${NEAR_M} m)`;
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
    void this.app.runLong(this.scenario, 'What if', (signal) =>
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
      legend = ['lowest 20 %', '20–40 %', '40–60 %', '60–80 %', 'highest 20 %'].map((label, i) => ({ colour: RISK_RAMP[i], label: `Modelled risk: ${label}` }));
    } else if (view === 'compare') {
      for (let i = 0; i < n; i++) colours.set(CLASS_COLOURS[names[r.comparison.classes[i]]] ?? [0, 0, 0, 0], 4 * i);
      legend = (['risky-hot', 'protect-early', 'hot-not-risky'] as const).map((k) => ({ colour: CLASS_COLOURS[k], label: `${CLASS_HELP[k][0]} (${r.comparison.counts[k]})`, help: CLASS_HELP[k][1] }));
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
      const f = (v: number) => (v < 0.1 ? v.toPrecision(2) : v < 10 ? v.toFixed(2) : v.toFixed(1));
      legend = [
        ...(fewer ? [2, 1, 0].map((b) => ({ colour: FEWER[b], label: `Fewer: ${f(fewer[b])} to ${f(fewer[b + 1])}` })) : []),
        ...(more ? [0, 1, 2].map((b) => ({ colour: MORE[b], label: `More: ${f(more[b])} to ${f(more[b + 1])}` })) : []),
      ];
      if (!legend.length) legend = [{ colour: [0, 0, 0, 0], label: 'No modelled change in any cell' }];
    }
    const picked = new Set(this.area);
    for (const p of this.points) picked.add(latLngToCell(p[1], p[0], this.app.res));
    if (this.drawn) {
      const poly = preparePolygons([[this.drawn]]);
      for (const c of r.cells) { const [la, lo] = cellToLatLng(c); if (poly.contains(lo, la)) picked.add(c); }
    }
    if (picked.size) {
      for (let i = 0; i < n; i++) if (picked.has(r.cells[i])) colours.set(PICKED, 4 * i);
      legend = [...legend, { colour: PICKED, label: `Picked for the next change (${picked.size} cell${picked.size > 1 ? 's' : ''})` }];
    }
    const titles = { risk: 'Risk terrain: modelled relative risk per cell', compare: 'Modelled risk against recorded crime', change: 'What if: modelled change in incidents per cell' };
    const notes = {
      risk: 'Cells ranked by exp(Σ β·term); an association, not a cause.',
      compare: 'High risk = top 10 % of cells by model; hot = top 10 % by count.',
      change: 'Expected incidents after the changes minus before, under the fitted model: an association, not a causal effect.',
    };
    return {
      key: `risk:${view}:${n}:${r.fit.deviance}:${sc ? sc.totalAfter : ''}:${[...picked].join(',')}`,
      title: titles[view],
      cells: r.cells as string[],
      colours,
      legend,
      note: notes[view],
      describe: (i) => [
        ['Relative risk', r.relativeRisk[i].toFixed(2)],
        ['Risk percentile', `${Math.round(r.percentile[i] * 100)}`],
        ['Expected incidents', r.expected[i].toFixed(1)],
        ['Recorded incidents', String(r.counts[i])],
        ...(sc && view === 'change' ? [['Modelled change', `${sc.change[i] >= 0 ? '+' : ''}${sc.change[i].toFixed(2)}`] as [string, string]] : []),
        ['Cell', r.cells[i]],
      ],
    };
  }
}
