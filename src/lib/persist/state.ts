/**
 * The app state a project keeps besides its files, read from the public state of the app's classes
 * and applied back to them: the view (filters, resolution, shown layers), every analysis's
 * parameters (the Community tab's too), the method records of the results on screen, and the planner (plan, scenarios with
 * their scores and the inbox through the planner's own `toJSON`/`fromJSON`; the evaluation's
 * areas and period).
 *
 * Values are applied one by one and only when they have the right type and range, so a hand-edited
 * or hostile project file can set nothing the app's own controls could not; anything skipped is
 * named in the warnings. Numbers that JSON cannot hold (NaN, ±Infinity in scores) are written as
 * `{"$number": "NaN"}` and read back as numbers.
 */
import type { FeatureCollection } from 'geojson';
import type { Community } from '../state/community.svelte';
import type { Coordinator } from '../state/coordinator.svelte';
import type { Hotspots } from '../state/hotspots.svelte';
import type { Planner, Step } from '../state/planner.svelte';
import type { Repeats } from '../state/repeats.svelte';
import type { Risk } from '../state/risk.svelte';
import type { Settings } from '../state/settings.svelte';
import type { Trends } from '../state/trends.svelte';
import type { NamedArea } from '../state/planner/evaluation.svelte';
import type { ViewFilter } from '../state/view-filter';
import { RANK_METHODS, type RankMethod } from '../analysis/hotspots/forecast';
import { MAX_RES, MIN_RES } from '../geo/h3bits';
import { polygonsOf } from '../geo/point-in-polygon';
import { TERM_KINDS } from '../analysis/risk/terms';
import { GENDER_CATEGORIES, type GenderCategory } from '../analysis/community/gender-lens';
import { MIN_THRESHOLD } from '../analysis/community/suppression';

/** The parts of the app a project reads and restores. */
export interface ProjectParts {
  app: Coordinator;
  settings: Settings;
  hotspots: Hotspots;
  repeats: Repeats;
  trends: Trends;
  risk: Risk;
  planner: Planner;
  /** The Community tab (its survey is kept by the session; its settings here). */
  community?: Community;
}

// ------------------------------------------------------------------ JSON with non-finite numbers

/** JSON text of a value, keeping NaN and ±Infinity. */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? { $number: String(x) } : x));
}

/** Reads `toJson` text back. */
export function fromJson(text: string): unknown {
  return JSON.parse(text, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 && ['NaN', 'Infinity', '-Infinity'].includes(x.$number) ? Number(x.$number) : x));
}

/** A plain-data copy (through proxies, so inside an effect every value read is tracked). */
const plain = <T>(v: T): T => fromJson(toJson(v)) as T;

// ------------------------------------------------------------------ capture

/** The method record of a result, wherever the result keeps it. */
function methodOf(v: unknown): unknown {
  if (!v || typeof v !== 'object') return null;
  const o = v as { method?: unknown; result?: { method?: unknown }; fit?: { method?: unknown } };
  return o.method ?? o.result?.method ?? o.fit?.method ?? null;
}

/** The state as plain JSON data. */
export function captureState(p: ProjectParts): Record<string, unknown> {
  const { app, hotspots: hs, repeats: rp, trends: tr, risk: rk, planner: pl } = p;
  const methods: { analysis: string; method: unknown }[] = [];
  const slots: [string, unknown][] = [
    ['hotspots', hs.slot.value],
    ['emerging', tr.emerging.value],
    ['forecast', tr.forecast.value],
    ['knox', rp.knox.value],
    ['repeat-places', rp.places.value],
    ['near-repeat-zones', rp.zones.value],
    ['risk-terrain', rk.fit.value],
    ['plan-score', pl.score.value],
    ['plan-optimiser', pl.optimise.value],
    ['evaluation', pl.evaluation.slot.value],
  ];
  for (const [analysis, v] of slots) {
    const m = methodOf(v);
    if (m) methods.push({ analysis, method: m });
  }
  const ev = pl.evaluation;
  return plain({
    view: { filter: app.filter, res: app.res, envHidden: app.envHidden },
    hotspots: hs.settings,
    repeats: { space: rp.space, time: rp.time, samePlace: rp.samePlace, metric: rp.metric, permutations: rp.permutations, seed: rp.seed, windowDays: rp.windowDays, flagCount: rp.flagCount, flagDays: rp.flagDays },
    trends: { step: tr.step, k: tr.k, fdr: tr.fdr, trainTo: tr.trainTo, methods: tr.methods },
    risk: { k: rk.k, model: rk.model, penalty: rk.penalty, seed: rk.seed, view: rk.view, term: rk.term, trend: rk.trend, controlOverride: rk.controlOverride, trainTo: rk.trainTo, steps: rk.steps },
    // The plan, its scenarios and the candidates waiting in its inbox: the planner's own save (planner/persist.ts).
    planner: pl.toJSON(),
    plannerView: { step: pl.step, optimiseSettings: pl.optimiseSettings },
    evaluation: { treated: ev.treated, control: ev.control, bufferM: ev.bufferM, date: ev.date, hourFrom: ev.hourFrom, hourTo: ev.hourTo, offences: ev.offences },
    community: p.community ? communitySettings(p.community) : undefined,
    methods,
  });
}

/** The Community tab's settings: resolution, k, respondent group, map layer, gap thresholds, gender lens. */
function communitySettings(c: Community) {
  return {
    res: c.res, k: c.k, sex: c.sex, age: c.age, band: c.band, layer: c.layer, fearThreshold: c.fearThreshold, crimePercentile: c.crimePercentile,
    representative: c.representative, clip: c.clip, lensCategories: c.lensCategories, genderMap: c.genderMap,
  };
}

/** The parameters only (no results, no planner), to tell an untouched start from a changed one. */
export function settingsKey(s: Record<string, unknown>): string {
  // The gender map is left out: it is filled from the data set's offences when the Community tab opens.
  const community = isObj(s.community) ? { ...s.community, genderMap: undefined } : null;
  return toJson([s.view, s.hotspots, s.repeats, s.trends, s.risk, community]);
}

// ------------------------------------------------------------------ apply

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Collects what could not be applied. */
class Applier {
  skipped: string[] = [];

  num(x: unknown, what: string, lo: number, hi: number, int = false): number | undefined {
    if (x === undefined) return undefined;
    if (typeof x === 'number' && Number.isFinite(x) && x >= lo && x <= hi && (!int || Number.isInteger(x))) return x;
    this.skipped.push(what);
    return undefined;
  }

  oneOf<T extends string>(x: unknown, what: string, values: readonly T[]): T | undefined {
    if (x === undefined) return undefined;
    if (typeof x === 'string' && (values as readonly string[]).includes(x)) return x as T;
    this.skipped.push(what);
    return undefined;
  }

  text(x: unknown, what: string, max = 500, pattern?: RegExp): string | undefined {
    if (x === undefined) return undefined;
    if (typeof x === 'string' && x.length <= max && (!pattern || pattern.test(x))) return x;
    this.skipped.push(what);
    return undefined;
  }

  bool(x: unknown, what: string): boolean | undefined {
    if (x === undefined) return undefined;
    if (typeof x === 'boolean') return x;
    this.skipped.push(what);
    return undefined;
  }

  ints(x: unknown, what: string, lo: number, hi: number): number[] | undefined {
    if (x === undefined) return undefined;
    if (Array.isArray(x) && x.length <= 1000 && x.every((v) => Number.isInteger(v) && v >= lo && v <= hi)) return [...new Set(x as number[])].sort((a, b) => a - b);
    this.skipped.push(what);
    return undefined;
  }

  texts(x: unknown, what: string): string[] | undefined {
    if (x === undefined) return undefined;
    if (Array.isArray(x) && x.length <= 100_000 && x.every((v) => typeof v === 'string')) return x as string[];
    this.skipped.push(what);
    return undefined;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Sets `obj[key]` when `v` is defined. */
function set<T, K extends keyof T>(obj: T, key: K, v: T[K] | undefined): void {
  if (v !== undefined) obj[key] = v;
}

/** A view filter from saved JSON, or undefined. */
function readFilter(a: Applier, f: unknown): ViewFilter | undefined {
  if (!isObj(f)) return undefined;
  const offences = f.offences === null ? null : a.texts(f.offences, 'filter offences');
  const from = f.from === '' ? '' : a.text(f.from, 'filter from', 10, DATE);
  const to = f.to === '' ? '' : a.text(f.to, 'filter to', 10, DATE);
  const hours = a.ints(f.hours, 'filter hours', 0, 23);
  const weekdays = a.ints(f.weekdays, 'filter weekdays', 1, 7);
  if (offences === undefined || from === undefined || to === undefined || !hours || !weekdays) return undefined;
  return { offences, from, to, hours, weekdays };
}

/** A named evaluation area with at least one polygon, or undefined. */
function readArea(a: Applier, x: unknown, what: string): NamedArea | null | undefined {
  if (x === null) return null;
  if (!isObj(x) || typeof x.name !== 'string' || !isObj(x.area)) {
    if (x !== undefined) a.skipped.push(what);
    return undefined;
  }
  const g = x.area as unknown as FeatureCollection;
  const fc: FeatureCollection =
    (g.type as string) === 'FeatureCollection' ? g : (g.type as string) === 'Feature' ? { type: 'FeatureCollection', features: [g as never] } : { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: g as never }] };
  try {
    if (polygonsOf(fc).length === 0) throw new Error('no polygon');
  } catch {
    a.skipped.push(what);
    return undefined;
  }
  return { name: x.name, description: typeof x.description === 'string' ? x.description : '', area: x.area as unknown as NamedArea['area'] };
}

const STEPS: readonly Step[] = ['place', 'score', 'budget', 'scenarios', 'report', 'evaluate'];

/**
 * Applies saved state. Call after the data set is imported: the planner then keeps the restored
 * plan instead of starting a fresh one for the new data. Returns what was skipped, in words.
 */
export function applyState(p: ProjectParts, s: Obj): string[] {
  const a = new Applier();
  const { app, hotspots: hs, repeats: rp, trends: tr, risk: rk, planner: pl } = p;

  const view = isObj(s.view) ? s.view : {};
  const filter = readFilter(a, view.filter);
  const res = a.num(view.res, 'resolution', MIN_RES, MAX_RES, true);
  if (filter || res !== undefined) {
    app.history.reset({ filter: filter ?? app.filter, res: res ?? app.res });
    app.refresh();
  }
  if (isObj(view.envHidden)) app.envHidden = Object.fromEntries(Object.entries(view.envHidden).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>;

  if (isObj(s.hotspots)) {
    const h = s.hotspots;
    const st = hs.settings;
    set(st, 'method', a.oneOf(h.method, 'hot-spot method', ['gistar', 'gi', 'local-moran'] as const));
    if (h.k === null) st.k = null;
    else set(st, 'k', a.num(h.k, 'hot-spot k', 1, 50, true));
    set(st, 'weights', a.oneOf(h.weights, 'hot-spot weights', ['binary', 'triangular', 'quartic', 'gaussian'] as const));
    set(st, 'fdr', a.bool(h.fdr, 'hot-spot FDR'));
    set(st, 'permutations', a.num(h.permutations, 'hot-spot permutations', 0, 99_999, true));
    set(st, 'seed', a.num(h.seed, 'hot-spot seed', 0, 2 ** 32, true));
  }
  if (isObj(s.repeats)) {
    const r = s.repeats;
    set(rp, 'space', a.text(r.space, 'Knox distance breaks', 200));
    set(rp, 'time', a.text(r.time, 'Knox time breaks', 200));
    set(rp, 'samePlace', a.bool(r.samePlace, 'Knox same place'));
    set(rp, 'metric', a.oneOf(r.metric, 'Knox metric', ['manhattan', 'euclidean'] as const));
    set(rp, 'permutations', a.num(r.permutations, 'Knox permutations', 0, 99_999, true));
    set(rp, 'seed', a.num(r.seed, 'Knox seed', 0, 2 ** 32, true));
    set(rp, 'windowDays', a.num(r.windowDays, 'repeat window', 1, 36_500, true));
    set(rp, 'flagCount', a.num(r.flagCount, 'repeat flag count', 1, 10_000, true));
    set(rp, 'flagDays', a.num(r.flagDays, 'repeat flag days', 1, 36_500, true));
  }
  if (isObj(s.trends)) {
    const t = s.trends;
    set(tr, 'step', a.oneOf(t.step, 'time step', ['week', 'month'] as const));
    set(tr, 'k', a.num(t.k, 'emerging k', 1, 50, true));
    set(tr, 'fdr', a.bool(t.fdr, 'emerging FDR'));
    set(tr, 'trainTo', t.trainTo === '' ? '' : a.text(t.trainTo, 'forecast split', 10, DATE));
    const m = a.texts(t.methods, 'forecast methods');
    if (m) tr.methods = m.filter((x): x is RankMethod => (RANK_METHODS as readonly string[]).includes(x));
  }
  if (isObj(s.risk)) {
    const r = s.risk;
    set(rk, 'k', a.num(r.k, 'risk k', 0, 50, true));
    set(rk, 'model', a.oneOf(r.model, 'risk model', ['poisson', 'negbin'] as const));
    set(rk, 'penalty', a.oneOf(r.penalty, 'risk penalty', ['none', 'lasso', 'elastic-net'] as const));
    set(rk, 'seed', a.num(r.seed, 'risk seed', 0, 2 ** 32, true));
    set(rk, 'view', a.oneOf(r.view, 'risk view', ['risk', 'compare'] as const));
    set(rk, 'term', a.oneOf(r.term, 'risk term', TERM_KINDS));
    const trend = a.num(r.trend, 'risk trend', 0, 2, true);
    if (trend !== undefined) rk.trend = trend as 0 | 1 | 2;
    if (isObj(r.controlOverride)) rk.controlOverride = Object.fromEntries(Object.entries(r.controlOverride).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>;
    set(rk, 'trainTo', r.trainTo === '' ? '' : a.text(r.trainTo, 'risk accuracy split', 10, DATE));
    if (Array.isArray(r.steps)) {
      // What-if steps: engine edits (checked by the engine when run) with their description.
      const steps = r.steps.filter((x): x is Risk['steps'][number] => isObj(x) && typeof x.text === 'string' && Array.isArray(x.edits) && x.edits.every((e) => isObj(e) && typeof e.kind === 'string'));
      if (steps.length < r.steps.length) a.skipped.push('what-if steps');
      rk.steps = steps;
    }
  }

  // The plan, scenarios and inbox (checked by the planner's own reader, every plan by validatePlan).
  if (s.planner !== undefined) {
    const v = pl.fromJSON(s.planner);
    if (!v.ok) a.skipped.push(`the plan (${v.errors.slice(0, 2).join(' ')})`);
    else a.skipped.push(...v.warnings.map((w) => `plan: ${w}`));
  }
  if (isObj(s.plannerView)) {
    const q = s.plannerView;
    set(pl, 'step', a.oneOf(q.step, 'plan step', STEPS));
    if (isObj(q.optimiseSettings)) {
      const o = q.optimiseSettings;
      const os = { ...pl.optimiseSettings };
      if (o.interventions === null) os.interventions = null;
      else set(os, 'interventions', a.texts(o.interventions, 'optimiser interventions'));
      set(os, 'source', a.oneOf(o.source, 'optimiser source', ['hotspots', 'placements'] as const));
      set(os, 'topN', a.num(o.topN, 'optimiser top N', 1, 1000, true));
      set(os, 'maxExactGroup', a.num(o.maxExactGroup, 'optimiser exact group', 1, 30, true));
      pl.optimiseSettings = os;
    }
  }
  if (isObj(s.evaluation)) {
    const e = s.evaluation;
    const ev = pl.evaluation;
    const t = readArea(a, e.treated, 'treated area');
    if (t !== undefined) ev.treated = t;
    const c = readArea(a, e.control, 'control area');
    if (c !== undefined) ev.control = c;
    set(ev, 'bufferM', a.num(e.bufferM, 'evaluation buffer', 0, 100_000));
    set(ev, 'date', e.date === '' ? '' : a.text(e.date, 'evaluation date', 10, DATE));
    set(ev, 'hourFrom', a.num(e.hourFrom, 'evaluation hours', 0, 23, true));
    set(ev, 'hourTo', a.num(e.hourTo, 'evaluation hours', 0, 23, true));
    if (e.offences === null) ev.offences = null;
    else set(ev, 'offences', a.texts(e.offences, 'evaluation offences'));
  }
  if (isObj(s.community) && p.community) {
    const q = s.community;
    const c = p.community;
    set(c, 'res', a.num(q.res, 'community resolution', MIN_RES, MAX_RES, true));
    set(c, 'k', a.num(q.k, 'community k', MIN_THRESHOLD, 1000, true));
    set(c, 'sex', a.text(q.sex, 'community sex', 200));
    set(c, 'age', a.text(q.age, 'community age', 200));
    set(c, 'band', a.oneOf(q.band, 'community time of day', ['', 'day', 'dark'] as const));
    set(c, 'layer', a.oneOf(q.layer, 'community map layer', ['unsafe', 'gap', 'lens', 'none'] as const));
    set(c, 'fearThreshold', a.num(q.fearThreshold, 'fear threshold', 0, 1));
    set(c, 'crimePercentile', a.num(q.crimePercentile, 'crime percentile', 0, 100));
    set(c, 'representative', a.bool(q.representative, 'representative sample'));
    set(c, 'clip', a.bool(q.clip, 'community clip'));
    const ids = GENDER_CATEGORIES.map((g) => g.id) as readonly string[];
    const cats = a.texts(q.lensCategories, 'gender lens categories');
    if (cats) c.lensCategories = cats.filter((x): x is GenderCategory => ids.includes(x));
    if (isObj(q.genderMap)) {
      const m: Record<string, GenderCategory[]> = {};
      for (const [o, v] of Object.entries(q.genderMap)) if (Array.isArray(v)) m[o] = v.filter((x): x is GenderCategory => typeof x === 'string' && ids.includes(x));
      c.genderMap = m;
    } else if (q.genderMap !== undefined) a.skipped.push('gender lens mapping');
  }
  return a.skipped;
}

/** The method records kept in a saved state. */
export function methodsOf(s: Obj): { analysis: string; method: Record<string, unknown> }[] {
  return Array.isArray(s.methods) ? s.methods.filter((m): m is { analysis: string; method: Record<string, unknown> } => isObj(m) && typeof m.analysis === 'string' && isObj(m.method)) : [];
}
