/**
 * The prevention planner's state: the plan being edited (the same JSON the CLI's `score --plan`
 * reads), placing by clicking cells or from the top hot spots, undo of placement changes, and the
 * latest score and optimiser results (engine requests with progress and Cancel). Scenarios,
 * evaluation and the report live in ./planner/.
 */
import { cellToLatLng, getResolution, latLngToCell } from 'h3-js';
import type { PlannerOptimiseOutcome, PlannerScoreOutcome } from '../engine/analyses/planner';
import { mergeCatalogue, type Intervention } from '../planner/catalogue';
import type { Candidate } from '../planner/optimise';
import { DEFAULT_MAPPINGS } from '../planner/offence-categories';
import { defaultPlan, type Placement, type Plan } from '../planner/plan';
import type { Coordinator } from './coordinator.svelte';
import type { Hotspots } from './hotspots.svelte';
import { Latest } from './latest.svelte';
import { EvaluationState } from './planner/evaluation.svelte';
import { topPlaces, type Place } from './planner/places';
import { Scenarios } from './planner/scenarios.svelte';
import type { Repeats } from './repeats.svelte';
import { matchesNothing, toEngineFilter } from './view-filter';

/** The steps of the Plan tab. */
export type Step = 'place' | 'score' | 'budget' | 'scenarios' | 'report' | 'evaluate';

/** A result tagged with the plan key it was computed for (to say when it is stale). */
export type Keyed<T> = T & { key: string };

/** The day after an ISO date-time's day. */
const dayAfter = (iso: string) => new Date(Date.parse(iso.slice(0, 10) + 'T00:00:00Z') + 86_400_000).toISOString().slice(0, 10);

export class Planner {
  plan = $state<Plan>(defaultPlan('Prevention plan', '2025-01-01'));
  /** The intervention chosen in the catalogue. */
  selected = $state('street-lighting');
  step = $state<Step>('place');
  /** While true, clicks on map cells add them to the active placement. */
  placing = $state(false);
  /** Baseline offences, hours and weekdays follow the map's filters. */
  followFilters = $state(true);
  undoStack = $state.raw<Placement[][]>([]);
  topN = $state(10);
  score = new Latest<Keyed<PlannerScoreOutcome>>();
  optimise = new Latest<Keyed<PlannerOptimiseOutcome>>();
  /** Optimiser settings; `interventions` null: those of the plan and the selected one. */
  optimiseSettings = $state({ interventions: null as string[] | null, source: 'hotspots' as 'hotspots' | 'placements', topN: 10, maxExactGroup: 12 });
  readonly scenarios: Scenarios;
  readonly evaluation: EvaluationState;
  #active: string | null = null;
  #version = -1;

  constructor(
    readonly app: Coordinator,
    readonly diagnosis: { hotspots: Hotspots; repeats: Repeats },
  ) {
    this.scenarios = new Scenarios(this);
    this.evaluation = new EvaluationState(app);
  }

  get interventions(): Intervention[] {
    return mergeCatalogue(this.plan.interventions);
  }

  get intervention(): Intervention | undefined {
    return this.interventions.find((i) => i.id === this.selected);
  }

  /** A fresh plan for a new data set: starts the day after its last incident, at the map's resolution. */
  syncDataset(): void {
    const ds = this.app.dataset;
    if (!ds || ds.version === this.#version) return;
    this.#version = ds.version;
    const p = defaultPlan(ds.isDemo ? 'Demo city prevention plan' : 'Prevention plan', ds.report.to ? dayAfter(ds.report.to) : '2025-01-01', this.app.res);
    const names = new Set(ds.report.offences.map((o) => o.offence.toUpperCase()));
    const hits = (m: Record<string, string>) => Object.keys(m).filter((k) => names.has(k.toUpperCase())).length;
    p.data.mapping.base = ds.isDemo ? 'demo' : hits(DEFAULT_MAPPINGS.chicago) >= 3 ? 'chicago' : 'none';
    this.plan = p;
    this.undoStack = [];
    this.score.set(null);
    this.optimise.set(null);
    if (ds.isDemo && !this.evaluation.treated) this.evaluation.useDemo();
  }

  /** The plan as plain JSON, with the filters applied to its data selection when they are followed. */
  effectivePlan(): Plan {
    const p = $state.snapshot(this.plan) as Plan;
    if (this.followFilters && !matchesNothing(this.app.filter)) {
      const f = toEngineFilter(this.app.filter);
      p.data = { res: p.data.res, mapping: p.data.mapping, ...(f.offences ? { offences: f.offences } : {}), ...(f.hours ? { hours: f.hours } : {}), ...(f.weekdays ? { weekdays: f.weekdays } : {}) };
    }
    return p;
  }

  /** What a score or optimisation depends on. */
  get key(): string {
    return JSON.stringify([this.app.dataset?.version ?? 0, this.effectivePlan()]);
  }

  get scoreStale(): boolean {
    return !!this.score.value && this.score.value.key !== this.key;
  }

  // ------------------------------------------------------------ placements (undoable)

  #change(fn: () => void): void {
    this.undoStack = [...this.undoStack.slice(-49), $state.snapshot(this.plan.placements) as Placement[]];
    fn();
  }

  undo(): void {
    const prev = this.undoStack.at(-1);
    if (!prev) return;
    this.undoStack = this.undoStack.slice(0, -1);
    this.plan.placements = prev;
    this.#active = null;
  }

  #newId(prefix = 'p'): string {
    const used = new Set(this.plan.placements.map((p) => p.id));
    let k = this.plan.placements.length + 1;
    while (used.has(`${prefix}${k}`)) k++;
    return `${prefix}${k}`;
  }

  #placement(intervention: string, cells: string[], label: string, id = this.#newId()): Placement {
    return { id, intervention, footprint: { type: 'cells', cells }, start: this.plan.start, months: this.plan.horizonMonths, label };
  }

  startPlacing(): void {
    this.placing = true;
    this.#active = null;
    this.app.cellClick = (cell) => this.clickCell(cell);
  }

  stopPlacing(): void {
    this.placing = false;
    this.#active = null;
    if (this.app.cellClick) this.app.cellClick = null;
  }

  /** A click while placing: the first (or the first after choosing another intervention) starts a new placement, later ones add or remove cells of it. */
  clickCell(clicked: string): void {
    const res = this.plan.data.res;
    const cell = getResolution(clicked) === res ? clicked : latLngToCell(...cellToLatLng(clicked), res);
    const act = this.plan.placements.find((p) => p.id === this.#active);
    if (act && act.intervention === this.selected && act.footprint.type === 'cells') {
      const cells = act.footprint.cells;
      this.#change(() => {
        const i = cells.indexOf(cell);
        if (i >= 0) cells.splice(i, 1);
        else cells.push(cell);
        if (cells.length === 0) this.plan.placements = this.plan.placements.filter((p) => p !== act);
      });
      return;
    }
    const n = this.plan.placements.filter((p) => p.intervention === this.selected).length + 1;
    const p = this.#placement(this.selected, [cell], `Area ${n}`);
    this.#change(() => this.plan.placements.push(p));
    this.#active = p.id;
  }

  /** The places "top N hot spots" would use now, and where they come from. */
  topPlaces(n: number): { places: Place[]; source: string } {
    return topPlaces(n, this.plan.data.res, this.diagnosis.hotspots.slot.value, this.app.cells.value);
  }

  /** One placement of the selected intervention on each of the top N hot-spot cells. */
  applyTopN(): void {
    const { places } = this.topPlaces(this.topN);
    if (!places.length) return;
    this.#change(() => {
      for (const pl of places) this.plan.placements.push(this.#placement(this.selected, [pl.cell], pl.label));
    });
  }

  edit(id: string, patch: Partial<Placement>): void {
    const p = this.plan.placements.find((x) => x.id === id);
    if (!p) return;
    this.#change(() => {
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) delete (p as unknown as Record<string, unknown>)[k];
        else (p as unknown as Record<string, unknown>)[k] = v;
      }
    });
  }

  remove(id: string): void {
    this.#change(() => (this.plan.placements = this.plan.placements.filter((p) => p.id !== id)));
    if (this.#active === id) this.#active = null;
  }

  clear(): void {
    if (this.plan.placements.length) this.#change(() => (this.plan.placements = []));
  }

  /** Replaces the placements (an adopted optimiser plan, a loaded scenario): undoable. */
  replacePlacements(ps: Placement[]): void {
    this.#change(() => (this.plan.placements = structuredClone(ps)));
    this.#active = null;
  }

  /** Replaces the whole plan (import, scenario); the placements change can be undone. */
  loadPlan(p: Plan): void {
    this.#change(() => (this.plan = structuredClone(p)));
    this.followFilters = !(p.data.offences || p.data.hours || p.data.weekdays);
    this.#active = null;
  }

  // ------------------------------------------------------------ engine requests

  /** Scores the current plan (Monte Carlo with progress and Cancel). Resolves when done. */
  async runScore(): Promise<void> {
    const ds = this.app.dataset;
    if (!ds) return;
    const plan = this.effectivePlan();
    const key = this.key;
    const task = this.app.progress.begin(`Scoring the plan (${plan.monteCarlo.draws.toLocaleString('en-GB')} Monte Carlo draws, seed ${plan.monteCarlo.seed})`);
    task.signal.addEventListener('abort', () => this.score.cancel(), { once: true });
    try {
      await this.score.run(async (signal) => ({ ...(await this.app.request('planner-score', { plan, dataVersion: ds.version }, { signal, onProgress: task.onProgress })), key }));
    } finally {
      task.done();
    }
  }

  /** The interventions the optimiser tries. */
  get candidateInterventions(): string[] {
    return this.optimiseSettings.interventions ?? [...new Set([...this.plan.placements.map((p) => p.intervention), this.selected])];
  }

  /** The candidates of the optimiser: chosen interventions × places. */
  candidates(): { candidates: Candidate[]; source: string } {
    const s = this.optimiseSettings;
    const places =
      s.source === 'hotspots'
        ? this.topPlaces(s.topN)
        : { places: ($state.snapshot(this.plan.placements) as Placement[]).map((p) => ({ id: p.id, label: p.label ?? p.id, footprint: p.footprint })), source: 'The places of your current placements.' };
    const out: Candidate[] = [];
    for (const iv of this.candidateInterventions)
      for (const pl of places.places)
        out.push({ id: `${iv}@${pl.id}`, intervention: iv, label: pl.label, footprint: 'cell' in pl ? { type: 'cells', cells: [pl.cell] } : pl.footprint });
    return { candidates: out, source: places.source };
  }

  async runOptimise(): Promise<void> {
    const ds = this.app.dataset;
    const budget = this.plan.budget.amount;
    if (!ds) return;
    if (budget === null || !(budget >= 0)) {
      this.optimise.set(null);
      this.optimise.error = 'Enter a budget first.';
      return;
    }
    const plan = this.effectivePlan();
    const key = this.key;
    const { candidates } = this.candidates();
    const task = this.app.progress.begin(`Optimising ${candidates.length} candidates within the budget`);
    task.signal.addEventListener('abort', () => this.optimise.cancel(), { once: true });
    try {
      await this.optimise.run(async (signal) => ({
        ...(await this.app.request('planner-optimise', { plan, dataVersion: ds.version, candidates, budget, maxExactGroup: this.optimiseSettings.maxExactGroup }, { signal, onProgress: task.onProgress })),
        key,
      }));
    } finally {
      task.done();
    }
  }
}
