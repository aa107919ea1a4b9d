/**
 * The prevention planner's state: the plan being edited (the same JSON the CLI's `score --plan`
 * reads); placing by clicking cells, drawing an area, picking hot spots or repeat places, the top
 * N hot spots, or candidates sent by the Repeats tab; the planner's own interventions; undo of
 * every change to placements, own interventions and unit costs; and the latest score and
 * optimiser results (engine requests with progress and Cancel). Scenarios, evaluation, the report
 * and saving to JSON (./planner/persist.ts) live in ./planner/.
 */
import { cellToLatLng, getResolution, latLngToCell } from 'h3-js';
import type { Candidate as RepeatCandidate, CandidateIntervention } from '../analysis/repeats/candidates';
import type { PlannerOptimiseOutcome, PlannerScoreOutcome } from '../engine/analyses/planner';
import { mergeCatalogue, type CostModel, type Intervention } from '../planner/catalogue';
import { placementFromCandidate, type PlacementDraft } from '../planner/from-candidate';
import { removalProblem } from '../planner/own-interventions';
import { validateIntervention } from '../planner/validate-intervention';
import type { Candidate } from '../planner/optimise';
import { DEFAULT_MAPPINGS } from '../planner/offence-categories';
import { defaultPlan, type Footprint, type Placement, type Plan } from '../planner/plan';
import type { Coordinator } from './coordinator.svelte';
import type { Hotspots } from './hotspots.svelte';
import { Latest } from './latest.svelte';
import { EvaluationState } from './planner/evaluation.svelte';
import { parsePlannerSave, PLANNER_SAVE_KIND, PLANNER_SAVE_VERSION, type PlannerSave } from './planner/persist';
import { topPlaces, type Place } from './planner/places';
import type { Validated } from '../planner/check';
import { Scenarios } from './planner/scenarios.svelte';
import type { Repeats } from './repeats.svelte';
import type { Risk } from './risk.svelte';
import { matchesNothing, toEngineFilter } from './view-filter';
import { fmtNumber, t } from '../i18n';

/** The steps of the Plan tab. */
export type Step = 'place' | 'score' | 'budget' | 'scenarios' | 'report' | 'evaluate';

/** A result tagged with the plan key it was computed for (to say when it is stale). */
export type Keyed<T> = T & { key: string };

/** What undo restores: the placements, the planner's own interventions and unit costs. */
export interface PlanEdit {
  placements: Placement[];
  interventions: Intervention[];
  costs: Record<string, CostModel>;
  /** The harm table, the cost-of-crime table and the offence mapping (their editors are undoable too). */
  harm: Plan['harm'];
  costOfCrime: Plan['costOfCrime'];
  mapping: Plan['data']['mapping'];
}

/** A place picked from a list (hot spots, repeat places) to put the selected intervention on. */
export interface PickedPlace {
  label: string;
  footprint: Footprint;
}

/** The day after an ISO date-time's day. */
const dayAfter = (iso: string) => new Date(Date.parse(iso.slice(0, 10) + 'T00:00:00Z') + 86_400_000).toISOString().slice(0, 10);

export class Planner {
  plan = $state<Plan>(defaultPlan(t('plan.defaultName'), '2025-01-01'));
  /** The intervention chosen in the catalogue. */
  selected = $state('street-lighting');
  step = $state<Step>('place');
  /** While true, clicks on map cells add them to the active placement. */
  placing = $state(false);
  /** While set, the map draws an area or a street for a new placement. */
  drawing = $state<false | 'area' | 'street'>(false);
  /** Repeat places and risk zones sent by the Repeats tab, waiting for a response. */
  inbox = $state.raw<RepeatCandidate[]>([]);
  /** Baseline offences, hours and weekdays follow the map's filters. */
  followFilters = $state(true);
  undoStack = $state.raw<PlanEdit[]>([]);
  topN = $state(10);
  score = new Latest<Keyed<PlannerScoreOutcome>>();
  optimise = new Latest<Keyed<PlannerOptimiseOutcome>>();
  /** Optimiser settings; `interventions` null: those of the plan and the selected one. */
  optimiseSettings = $state({ interventions: null as string[] | null, source: 'hotspots' as 'hotspots' | 'placements', topN: 10, maxExactGroup: 12 });
  readonly scenarios: Scenarios;
  readonly evaluation: EvaluationState;
  #active: string | null = null;
  #version = -1;
  #restored = false;
  #inboxVersion = -1;

  constructor(
    readonly app: Coordinator,
    readonly diagnosis: { hotspots: Hotspots; repeats: Repeats; risk?: Risk; community?: { reportSection(): import('../community/plan').CommunityReportSection | null; fearedPlaces(n: number, res: number): import('../community/plan').FearedPlace[]; groupLabel(): string } },
  ) {
    this.scenarios = new Scenarios(this);
    this.evaluation = new EvaluationState(app);
    diagnosis.repeats.toPlanner = (cs) => this.receive(cs);
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
    // A plan restored (persist.ts) before its data set arrived is kept.
    if (this.#restored) {
      this.#restored = false;
      return;
    }
    const p = defaultPlan(ds.isDemo ? t('plan.demoName') : t('plan.defaultName'), ds.report.to ? dayAfter(ds.report.to) : '2025-01-01', this.app.res);
    const names = new Set(ds.report.offences.map((o) => o.offence.toUpperCase()));
    const hits = (m: Record<string, string>) => Object.keys(m).filter((k) => names.has(k.toUpperCase())).length;
    p.data.mapping.base = ds.isDemo ? 'demo' : hits(DEFAULT_MAPPINGS.chicago) >= 3 ? 'chicago' : 'none';
    this.plan = p;
    this.undoStack = [];
    // Candidates sent from this data set's Repeats tab before the Plan tab first opened stay.
    if (this.#inboxVersion !== ds.version) this.inbox = [];
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
    const { placements, interventions, costs, harm, costOfCrime, data } = $state.snapshot(this.plan) as Plan;
    this.undoStack = [...this.undoStack.slice(-49), { placements, interventions, costs, harm, costOfCrime, mapping: data.mapping }];
    fn();
  }

  /** An edit of the harm table, the cost-of-crime table or the offence mapping: one undo step. */
  changeTables(fn: () => void): void {
    this.#change(fn);
  }

  undo(): void {
    const prev = this.undoStack.at(-1);
    if (!prev) return;
    this.undoStack = this.undoStack.slice(0, -1);
    this.plan.placements = prev.placements;
    this.plan.interventions = prev.interventions;
    this.plan.costs = prev.costs;
    this.plan.harm = prev.harm;
    this.plan.costOfCrime = prev.costOfCrime;
    this.plan.data.mapping = prev.mapping;
    this.#active = null;
  }

  // ------------------------------------------------------------ saving (see ./planner/persist.ts)

  /** The planner's state as plain JSON: plan (own interventions, costs, tables inside), scenarios, comparison, waiting candidates. */
  toJSON(): PlannerSave {
    const plan = $state.snapshot(this.plan) as Plan;
    if (!plan.name.trim()) plan.name = t('plan.defaultName');
    const sc = this.scenarios;
    return {
      kind: PLANNER_SAVE_KIND, version: PLANNER_SAVE_VERSION, plan, followFilters: this.followFilters, selected: this.selected, topN: this.topN,
      scenarios: structuredClone($state.snapshot(sc.list)), compare: { a: sc.a, b: sc.b }, inbox: structuredClone($state.snapshot(this.inbox)) as RepeatCandidate[],
    };
  }

  /**
   * Restores a state written by `toJSON` (checked by `parsePlannerSave`; nothing changes when it
   * fails). Call it after the data set it belongs to is loaded, or before: a data set that loads
   * next keeps the restored plan instead of starting a fresh one. Clears undo and results.
   */
  fromJSON(json: unknown): Validated<PlannerSave> {
    const v = parsePlannerSave(json);
    if (!v.ok) return v;
    const s = v.value;
    this.stopPlacing();
    this.stopDrawing();
    this.plan = s.plan;
    this.followFilters = s.followFilters;
    this.selected = this.interventions.some((i) => i.id === s.selected) ? s.selected : 'street-lighting';
    this.topN = s.topN;
    this.inbox = s.inbox;
    this.scenarios.list = s.scenarios;
    this.scenarios.a = s.compare.a;
    this.scenarios.b = s.compare.b;
    this.scenarios.mapShows = 'current';
    this.undoStack = [];
    this.score.set(null);
    this.optimise.set(null);
    this.#active = null;
    if (this.app.dataset) this.#version = this.app.dataset.version;
    else this.#restored = true;
    return v;
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
    this.stopDrawing();
    this.placing = true;
    this.#active = null;
    this.app.cellClick = (cell) => this.clickCell(cell);
  }

  /**
   * Draws an area (or, with `street`, a street as a line) on the map; when finished, its cells
   * (centres inside the area; cells within half `streetWidthM` of the line) become a new
   * placement of the selected intervention.
   */
  startDrawing(kind: 'area' | 'street' = 'area'): void {
    this.stopPlacing();
    this.drawing = kind;
    const req = {
      kind: kind === 'street' ? ('line' as const) : ('area' as const),
      onFinish: (coords: [number, number][]) => {
        if (kind === 'street') this.placeStreet(coords);
        else this.placeArea(coords);
        if (this.app.drawArea === req) this.app.drawArea = null;
        this.drawing = false;
      },
      onCancel: () => this.stopDrawing(),
    };
    this.app.drawArea = req;
  }

  stopDrawing(): void {
    this.drawing = false;
    if (this.app.drawArea) this.app.drawArea = null;
  }

  /** Width of a drawn street's strip in metres (cells within half of it from the line are treated). */
  streetWidthM = $state(40);

  /** A new placement of the selected intervention along a drawn street ([lon, lat] points). */
  placeStreet(line: [number, number][], label?: string): void {
    const n = this.plan.placements.filter((p) => p.footprint.type === 'segment').length + 1;
    const widthM = Number.isFinite(this.streetWidthM) && this.streetWidthM > 0 ? Math.min(this.streetWidthM, 1000) : 40;
    const p: Placement = { id: this.#newId(), intervention: this.selected, footprint: { type: 'segment', coordinates: line.map(([x, y]): [number, number] => [x, y]), widthM }, start: this.plan.start, months: this.plan.horizonMonths, label: label ?? t('plan.drawnStreet', { n: String(n) }) };
    this.#change(() => this.plan.placements.push(p));
  }

  /** A new placement of the selected intervention on a drawn area (closed [lon, lat] ring). */
  placeArea(ring: [number, number][], label?: string): void {
    const n = this.plan.placements.filter((p) => p.footprint.type === 'polygon').length + 1;
    const p: Placement = { id: this.#newId(), intervention: this.selected, footprint: { type: 'polygon', coordinates: [ring.map(([x, y]): [number, number] => [x, y])] }, start: this.plan.start, months: this.plan.horizonMonths, label: label ?? t('plan.drawnArea', { n: String(n) }) };
    this.#change(() => this.plan.placements.push(p));
  }

  /** One placement of the selected intervention on each picked place (hot spots, repeat places): one undo step. */
  placeAt(places: PickedPlace[]): void {
    if (!places.length) return;
    this.#change(() => {
      for (const pl of places) this.plan.placements.push({ id: this.#newId(), intervention: this.selected, footprint: structuredClone(pl.footprint), start: this.plan.start, months: this.plan.horizonMonths, label: pl.label });
    });
  }

  // ------------------------------------------------------------ candidates from the Repeats tab

  /** Takes repeat places or risk zones sent by the Repeats tab (a candidate sent again replaces its older copy). */
  receive(cs: RepeatCandidate[]): void {
    const ids = new Set(cs.map((c) => c.id));
    this.inbox = [...this.inbox.filter((c) => !ids.has(c.id)), ...structuredClone(cs)];
    this.#inboxVersion = this.app.dataset?.version ?? -1;
  }

  dismiss(id: string): void {
    this.inbox = this.inbox.filter((c) => c.id !== id);
  }

  /** Places one proposed response to a candidate (undoable); the candidate stays for other responses. */
  placeCandidate(id: string, kind: CandidateIntervention['kind']): void {
    const c = this.inbox.find((x) => x.id === id);
    if (!c) return;
    const draft: PlacementDraft = placementFromCandidate(c, kind, this.plan);
    this.#change(() => this.plan.placements.push({ id: this.#newId(), ...draft }));
  }

  // ------------------------------------------------------------ the planner's own interventions (undoable)

  /** Checks and saves an own intervention (same id replaces); returns the problems, or [] when saved. */
  saveIntervention(json: unknown): string[] {
    const v = validateIntervention(json);
    if (!v.ok) return v.errors;
    const iv = v.value;
    this.#change(() => {
      const i = this.plan.interventions.findIndex((x) => x.id === iv.id);
      if (i >= 0) this.plan.interventions[i] = iv;
      else this.plan.interventions.push(iv);
    });
    this.selected = iv.id;
    return [];
  }

  /** Removes an own intervention (an edited copy brings the catalogue's back); returns why not, or null. */
  removeIntervention(id: string): string | null {
    const why = removalProblem(this.plan, id);
    if (why) return why;
    this.#change(() => {
      this.plan.interventions = this.plan.interventions.filter((x) => x.id !== id);
      delete this.plan.costs[id];
    });
    if (!this.interventions.some((i) => i.id === this.selected)) this.selected = this.interventions[0]?.id ?? '';
    return null;
  }

  /** Sets the planner's unit cost of an intervention (null capital and annual removes it): undoable. */
  setUnitCost(id: string, cost: CostModel | null): void {
    this.#change(() => {
      if (cost) this.plan.costs[id] = cost;
      else delete this.plan.costs[id];
    });
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
    const p = this.#placement(this.selected, [cell], t('plan.area', { n: String(n) }));
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
    const task = this.app.progress.begin(t('score.task', { draws: fmtNumber(plan.monteCarlo.draws), seed: String(plan.monteCarlo.seed) }));
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
        : { places: ($state.snapshot(this.plan.placements) as Placement[]).map((p) => ({ id: p.id, label: p.label ?? p.id, footprint: p.footprint })), source: t('places.mineSource') };
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
      this.optimise.error = t('budget.enterBudget');
      return;
    }
    const plan = this.effectivePlan();
    const key = this.key;
    const { candidates } = this.candidates();
    const task = this.app.progress.begin(t('budget.task', { n: fmtNumber(candidates.length) }));
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
