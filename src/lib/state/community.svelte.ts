/**
 * The Community tab's state (issue 9): the survey or audit data (staging, the column dialog, the
 * import report), the selection and thresholds, the latest results (where people feel unsafe, the
 * fear–crime gap, the indicators, the gender lens) and the map overlays built from them. With the
 * synthetic demo city, its synthetic survey is loaded too. Only published figures (cells and groups
 * with at least k respondents) ever reach this layer: suppression happens in the engine.
 */
import { tick, untrack } from 'svelte';
import surveyUrl from '../../../data/demo/survey.csv?url';
import type { CellOverlay, LegendEntry } from '../map/overlay';
import type { RGBA } from '../map/colour-scale';
import type { HotspotOutcome } from '../engine/analyses/hotspots';
import type { RepeatPlacesResult } from '../analysis/repeats/repeat-places';
import type {
  CommentsOutcome,
  GapOutcome, GenderLensOutcome, IndicatorOutcome, PerceptionOutcome, SurveyDetection, SurveyGroup, SurveyReport,
} from '../engine/analyses/survey';
import type { SurveyMapping, TimeBand } from '../import/survey';
import { GAP_CLASSES } from '../analysis/community/fear-gap';
import { DEFAULT_THRESHOLD } from '../analysis/community/suppression';
import { GENDER_CATEGORIES, offencesFor, suggestCategories, type GenderCategory } from '../analysis/community/gender-lens';
import { communityReportSection, fearedPlaces, type CommunityReportSection, type FearedPlace } from '../community/plan';
import { CLASS_COLOURS } from './hotspots.svelte';
import { classHelp, classLabel } from './class-labels';
import type { Coordinator } from './coordinator.svelte';
import { Latest, isAbort, messageOf } from './latest.svelte';
import { matchesNothing, toEngineFilter } from './view-filter';
import { fmtNumber, t, tDynamic } from '../i18n';

/** What the map shows while the Community tab is open. */
export type CommunityLayer = 'unsafe' | 'gap' | 'lens' | 'none';

/** Share-unsafe classes (ColorBrewer OrRd, colour-blind safe): upper bounds and colours. */
export const UNSAFE_BREAKS: readonly { upTo: number; colour: RGBA }[] = [
  { upTo: 0.2, colour: [254, 232, 200, 210] },
  { upTo: 0.35, colour: [253, 187, 132, 215] },
  { upTo: 0.5, colour: [252, 141, 89, 220] },
  { upTo: 0.65, colour: [227, 74, 51, 225] },
  { upTo: 1, colour: [179, 0, 0, 230] },
];

/** Fear–crime gap colours, by class key (orange/purple/blue/grey: distinct for colour-blind readers). */
export const GAP_COLOURS: Record<string, RGBA> = {
  'both-high': [118, 42, 131, 225],
  'feared-only': [230, 97, 1, 225],
  'recorded-only': [33, 102, 172, 215],
  'both-low': [160, 160, 160, 120],
};

/** Where the survey came from, to load it again if the engine restarts. */
type SurveySource = { kind: 'url'; url: string; name: string } | { kind: 'bytes'; bytes: Uint8Array; name: string };

const pct = (x: number) => `${fmtNumber(Math.round(x * 100))} %`;

export class Community {
  /** The staged survey awaiting the user's confirmation in the column dialog. */
  detection = $state.raw<SurveyDetection | null>(null);
  /** Why the last confirmation failed (shown in the dialog). */
  failure = $state<string | null>(null);
  report = $state.raw<SurveyReport | null>(null);
  isDemo = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  /** Increases with every survey import, so views can tell surveys apart. */
  version = $state(0);
  #source: { src: SurveySource; mapping: SurveyMapping; clip: boolean } | null = null;
  #staged: SurveySource | null = null;

  // Settings.
  res = $state(8);
  k = $state(DEFAULT_THRESHOLD);
  sex = $state('');
  age = $state('');
  band = $state<'' | TimeBand>('');
  layer = $state<CommunityLayer>('unsafe');
  fearThreshold = $state(0.5);
  crimePercentile = $state(80);
  representative = $state(false);
  clip = $state(true);

  // Results.
  perception = new Latest<PerceptionOutcome>();
  gap = new Latest<GapOutcome>();
  indicators = new Latest<IndicatorOutcome>();

  // Gender lens.
  genderMap = $state<Record<string, GenderCategory[]>>({});
  lensCategories = $state<GenderCategory[]>(GENDER_CATEGORIES.map((c) => c.id));
  lens = new Latest<GenderLensOutcome>();
  lensHotspots = new Latest<HotspotOutcome>();
  lensRepeats = new Latest<RepeatPlacesResult>();
  #mapFor = -1;
  #demoFor = -1;

  constructor(readonly app: Coordinator) {
    // The synthetic demo city comes with its synthetic survey.
    $effect.root(() => {
      $effect(() => {
        const ds = this.app.dataset;
        // The demo survey describes the demo city only: another data set puts it away.
        if (ds && !ds.isDemo) {
          untrack(() => {
            if (this.isDemo) this.clear();
          });
          return;
        }
        if (!ds?.isDemo || ds.version === this.#demoFor) return;
        this.#demoFor = ds.version;
        // Unless the user has loaded a survey of their own.
        untrack(() => {
          if (!this.report || this.isDemo) void this.loadDemo();
        });
      });
    });
  }

  /** The selection of respondents. */
  get group(): SurveyGroup {
    return { sex: this.sex ? [this.sex] : null, age: this.age ? [this.age] : null, band: this.band || null };
  }

  /** The offences the gender lens selects. */
  get lensOffences(): string[] {
    return offencesFor(this.genderMap, this.lensCategories);
  }

  // ---------------------------------------------------------------- loading

  /** Loads the demo city's synthetic survey (served by the app itself). */
  async loadDemo(): Promise<void> {
    const url = new URL(surveyUrl, location.href).href;
    const det = await this.stage({ kind: 'url', url, name: 'survey.csv' }, t('comm.taskDemo'));
    if (det) await this.confirm(det.mapping, true, true);
  }

  /** Stages a survey file the user chose; the column dialog opens on success. */
  async fromFile(file: File): Promise<void> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    await this.stage({ kind: 'bytes', bytes, name: file.name }, t('comm.taskReading', { name: file.name }));
  }

  private async stage(src: SurveySource, task: string): Promise<SurveyDetection | null> {
    const p = this.app.progress.begin(task);
    this.busy = true;
    this.error = null;
    try {
      const det =
        src.kind === 'url'
          ? await this.app.request('survey-stage-url', { url: src.url, name: src.name }, { signal: p.signal, onProgress: p.onProgress })
          : await this.app.request('survey-stage', { name: src.name, bytes: src.bytes.slice() }, { signal: p.signal, onProgress: p.onProgress });
      this.#staged = src;
      this.failure = null;
      if (src.kind === 'bytes') this.detection = det;
      return det;
    } catch (e) {
      if (!isAbort(e)) this.error = messageOf(e);
      return null;
    } finally {
      this.busy = false;
      p.done();
    }
  }

  /** Imports the staged survey under the confirmed mapping (the loaded survey stays if it fails). */
  async confirm(mapping: SurveyMapping, clip: boolean, demo = false): Promise<void> {
    const src = this.#staged;
    const p = this.app.progress.begin(t('comm.taskImport'));
    this.busy = true;
    try {
      const useClip = clip && !!this.app.dataset;
      const report = await this.app.request('survey-import', { mapping, clip: useClip }, { signal: p.signal, onProgress: p.onProgress });
      this.report = report;
      this.isDemo = demo;
      this.detection = null;
      this.failure = null;
      this.error = null;
      if (src) this.#source = { src, mapping, clip: useClip };
      this.version++;
      this.perception.set(null);
      this.gap.set(null);
      this.indicators.set(null);
    } catch (e) {
      if (!isAbort(e)) {
        if (this.detection) this.failure = messageOf(e);
        else this.error = messageOf(e);
      }
    } finally {
      this.busy = false;
      p.done();
    }
  }

  /** Puts the survey away (its results and the copy kept for an engine restart). */
  clear(): void {
    this.report = null;
    this.isDemo = false;
    this.#source = null;
    this.#demoFor = -1;
    this.perception.set(null);
    this.gap.set(null);
    this.indicators.set(null);
    this.version++;
  }

  cancel(): void {
    this.detection = null;
    this.failure = null;
  }

  /** Loads the survey again into a fresh engine (after a restart), once. */
  private async reload(): Promise<boolean> {
    const s = this.#source;
    if (!s) return false;
    try {
      if (s.src.kind === 'url') await this.app.request('survey-stage-url', { url: s.src.url, name: s.src.name });
      else await this.app.request('survey-stage', { name: s.src.name, bytes: s.src.bytes.slice() });
      await this.app.request('survey-import', { mapping: s.mapping, clip: s.clip && !!this.app.dataset });
      return true;
    } catch {
      return false;
    }
  }

  /** A request that loads the survey again once if the engine lost it. */
  private async ask<R>(call: () => Promise<R>): Promise<R> {
    try {
      return await call();
    } catch (e) {
      if (/No survey or audit data are loaded/.test(messageOf(e)) && (await this.reload())) return call();
      throw e;
    }
  }

  // ---------------------------------------------------------------- analyses

  /** Where people feel unsafe, and the gap when incidents are loaded, for the current settings. */
  run(): void {
    if (!this.report) return;
    const base = { res: this.res, k: this.k, group: this.group };
    const ds = this.app.dataset;
    if (ds && !matchesNothing(this.app.filter)) {
      const params = { ...base, filter: toEngineFilter(this.app.filter), fearThreshold: this.fearThreshold, crimePercentile: this.crimePercentile };
      void this.gap.run((signal) => this.ask(() => this.app.request('fear-gap', params, { signal }))).then(() => {
        if (this.gap.value) this.perception.set(this.gap.value.perception);
        else if (this.gap.error) this.perception.error = this.gap.error;
      });
    } else {
      this.gap.set(null);
      if (ds) this.gap.error = t('comm.gapNothing');
      void this.perception.run((signal) => this.ask(() => this.app.request('perception', base, { signal })));
    }
  }

  runIndicators(): void {
    if (!this.report) return;
    const params = { k: this.k, representative: this.representative };
    void this.indicators.run((signal) => this.ask(() => this.app.request('survey-indicators', params, { signal })));
  }

  // ---------------------------------------------------------------- gender lens

  /** Suggests the mapping for a new data set's offences (the user confirms or changes it). */
  syncOffences(): void {
    const ds = this.app.dataset;
    if (!ds || this.#mapFor === ds.version) return;
    this.#mapFor = ds.version;
    const m: Record<string, GenderCategory[]> = {};
    for (const o of ds.report.offences) m[o.offence] = this.genderMap[o.offence] ?? suggestCategories(o.offence);
    this.genderMap = m;
    this.lens.set(null);
    this.lensHotspots.set(null);
    this.lensRepeats.set(null);
  }

  toggle(offence: string, c: GenderCategory): void {
    const cur = this.genderMap[offence] ?? [];
    this.genderMap[offence] = cur.includes(c) ? cur.filter((x) => x !== c) : [...cur, c];
  }

  /** The lens's breakdowns, hot spots and repeat places for the mapped offences. */
  runLens(): void {
    const offences = this.lensOffences;
    if (!this.app.dataset) return;
    if (!offences.length) {
      this.lens.set(null);
      this.lens.error = t('comm.lensNone');
      return;
    }
    const filter = { ...toEngineFilter(this.app.filter), offences };
    // Three requests, one task under the progress bar: Cancel stops all three.
    const task = this.app.progress.begin(t('comm.taskLens'));
    task.signal.addEventListener('abort', () => [this.lens, this.lensHotspots, this.lensRepeats].forEach((x) => x.cancel()), { once: true });
    void Promise.allSettled([
      this.lens.run((signal) => this.app.request('gender-lens', { offences, filter: toEngineFilter(this.app.filter) }, { signal })),
      this.lensHotspots.run((signal) =>
        this.app.request('hotspots', { res: this.res, filter, method: 'gistar', k: null, weights: 'binary', fdr: true, permutations: 0, seed: 1 }, { signal, onProgress: task.onProgress }),
      ),
      this.lensRepeats.run((signal) => this.app.request('repeats', { filter, windowDays: 365, flagCount: 3, flagDays: 28 }, { signal, onProgress: task.onProgress })),
    ]).finally(() => task.done());
    this.layer = 'lens';
  }

  // ---------------------------------------------------------------- map

  /** The overlay of the chosen layer, or null. */
  overlay(): CellOverlay | null {
    if (this.layer === 'unsafe') return this.unsafeOverlay();
    if (this.layer === 'gap') return this.gapOverlay();
    if (this.layer === 'lens') return this.lensOverlay();
    return null;
  }

  private unsafeOverlay(): CellOverlay | null {
    const per = this.perception.value;
    if (!per) return null;
    const c = per.cells;
    const colours = new Uint8Array(4 * c.cells.length);
    for (let i = 0; i < c.cells.length; i++) colours.set((UNSAFE_BREAKS.find((b) => c.share[i] <= b.upTo) ?? UNSAFE_BREAKS[UNSAFE_BREAKS.length - 1]).colour, 4 * i);
    let lo = 0;
    const legend: LegendEntry[] = UNSAFE_BREAKS.map((b) => {
      const e = { colour: b.colour, label: `${pct(lo)} – ${pct(b.upTo)}` };
      lo = b.upTo;
      return e;
    });
    return {
      key: `comm-unsafe:${this.version}:${per.res}:${per.k}:${JSON.stringify(per.group)}:${c.cells.length}`,
      title: t('comm.layerUnsafeTitle', { who: this.groupLabel() }),
      cells: c.cells,
      colours,
      legend,
      note: t('comm.suppressedNote', { k: per.k, cells: c.suppressed.primary + c.suppressed.secondary }),
      describe: (i) => [
        [t('comm.tipShare'), `${pct(c.share[i])} (${pct(c.lo[i])}–${pct(c.hi[i])})`],
        [t('comm.tipRespondents'), fmtNumber(c.n[i])],
        [t('comm.tipAnswers'), t('comm.tipAnswersValue', { unsafe: c.unsafe[i], neither: c.neither[i], safe: c.safe[i] })],
        [t('common.cell'), c.cells[i]],
      ],
    };
  }

  private gapOverlay(): CellOverlay | null {
    const g = this.gap.value;
    if (!g) return null;
    const c = g.perception.cells;
    const colours = new Uint8Array(4 * c.cells.length);
    const key = new Map(GAP_CLASSES.map((x) => [x.code, x.key]));
    for (let i = 0; i < c.cells.length; i++) colours.set(GAP_COLOURS[key.get(g.classCode[i])!], 4 * i);
    return {
      key: `comm-gap:${this.version}:${g.perception.res}:${g.perception.k}:${JSON.stringify(g.perception.group)}:${g.rule}:${c.cells.length}:${this.app.dataset?.version}:${JSON.stringify(g.crimeFilter)}`,
      title: t('comm.layerGapTitle', { who: this.groupLabel() }),
      cells: c.cells,
      colours,
      legend: GAP_CLASSES.map((x) => ({ colour: GAP_COLOURS[x.key], label: gapLabel(x.key, x.label), help: `${gapMay(x.key, x.may)} ${gapMayNot(x.key, x.mayNot)}` })),
      note: t('comm.gapNote', { fear: pct(this.fearThreshold), crime: g.crimeCut, pct: this.crimePercentile, k: g.perception.k }),
      describe: (i) => [
        [t('comm.tipClass'), gapLabel(key.get(g.classCode[i])!, '')],
        [t('comm.tipShare'), `${pct(c.share[i])} (${pct(c.lo[i])}–${pct(c.hi[i])})`],
        [t('comm.tipRespondents'), fmtNumber(c.n[i])],
        [t('comm.tipRecorded'), fmtNumber(g.crime[i])],
        [t('common.cell'), c.cells[i]],
      ],
    };
  }

  private lensOverlay(): CellOverlay | null {
    const h = this.lensHotspots.value;
    if (!h) return null;
    const r = h.result;
    const colours = new Uint8Array(4 * r.cells.length);
    const byCode = new Map(r.legend.map((l) => [l.code, CLASS_COLOURS[l.key] ?? ([0, 0, 0, 0] as RGBA)]));
    for (let i = 0; i < r.cells.length; i++) colours.set(byCode.get(r.classCode[i]) ?? [0, 0, 0, 0], 4 * i);
    return {
      key: `comm-lens:${this.app.dataset?.version}:${r.cells.length}:${this.lensOffences.join('|')}:${r.method.data?.res}`,
      title: t('comm.layerLensTitle', { res: String(r.method.data?.res ?? ''), k: h.k }),
      cells: r.cells as string[],
      colours,
      legend: r.legend.map((l) => ({ colour: CLASS_COLOURS[l.key] ?? [0, 0, 0, 0], label: classLabel(l), help: classHelp(l, r.pSource, r.method.statistic) })),
      note: t('comm.lensNote', { offences: this.lensOffences.join(', ') }),
      describe: (i) => [
        [t('comm.tipClass'), classLabel(r.legend.find((l) => l.code === r.classCode[i]) ?? { key: '', label: '' })],
        [t('common.incidents'), fmtNumber(r.x[i])],
        [t('common.cell'), r.cells[i]],
      ],
    };
  }

  /** Who the map shows, in words. */
  groupLabel(): string {
    const parts: string[] = [];
    if (this.sex) parts.push(tDynamic(`comm.sex.${this.sex}`, this.sex));
    if (this.age) parts.push(t('comm.ageGroup', { age: this.age }));
    if (this.band) parts.push(this.band === 'dark' ? t('comm.bandDark') : t('comm.bandDay'));
    return parts.length ? parts.join(', ') : t('comm.everyone');
  }

  /** Free-text answers of one cell shown on the map, for the current selection (never exported). */
  comments(cell: string): Promise<CommentsOutcome> {
    const params = { res: this.res, k: this.k, group: this.group, cell, limit: 30 };
    return this.ask(() => this.app.request('survey-comments', params));
  }

  // ---------------------------------------------------------------- for the planner

  /** The most feared places as candidate places at the plan's resolution (empty without a gap result). */
  fearedPlaces(n: number, res: number): FearedPlace[] {
    const g = this.gap.value;
    return g ? fearedPlaces(g, n, res) : [];
  }

  /** The action plan's community section, or null without survey data. */
  reportSection(): CommunityReportSection | null {
    const per = this.perception.value;
    if (!this.report || !per) return null;
    return communityReportSection({
      report: this.report, synthetic: this.isDemo, representative: this.representative, perception: per, gap: this.gap.value,
      gapSettings: { fearThreshold: this.fearThreshold, crimePercentile: this.crimePercentile }, indicators: this.indicators.value,
    });
  }

  // ---------------------------------------------------------------- saved project (src/lib/persist/session.svelte.ts)

  /**
   * The survey as a saved project keeps it: the demo's (loaded again from the app), or the bytes
   * of the user's file with the confirmed mapping and clip; null without a survey.
   */
  savedSurvey(): SavedSurvey | null {
    const s = this.#source;
    if (!this.report || !s) return null;
    const report = { read: this.report.read, kept: this.report.kept };
    if (this.isDemo) return { demo: true, name: s.src.name, mapping: s.mapping, clip: s.clip, report };
    if (s.src.kind !== 'bytes') return null;
    return { demo: false, name: s.src.name, bytes: s.src.bytes, mapping: s.mapping, clip: s.clip, report };
  }

  /**
   * Loads a saved survey again, after the data set (the clip to the study area needs it): waits
   * for the demo survey the demo city starts loading by itself, then imports the saved bytes under
   * the saved mapping (the same bytes through the same import: the same answers), or keeps or loads
   * the demo survey. Throws when the survey cannot be imported; returns its report.
   */
  async restoreSurvey(saved: { demo: true } | { demo: false; name: string; bytes: Uint8Array; mapping: SurveyMapping; clip: boolean } | null): Promise<SurveyReport | null> {
    // Let the demo city's effect run, then wait for the survey load it may have started.
    await tick();
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    if (!saved) {
      // A project without a survey replaces one loaded here (the demo city's own stays).
      if (this.report && !this.isDemo) this.clear();
      return this.report;
    }
    if (saved.demo) {
      if (!this.report || !this.isDemo) await this.loadDemo();
      if (!this.report || !this.isDemo) throw new Error(this.error ?? t('comm.restoreDemoFailed'));
      return this.report;
    }
    const src: SurveySource = { kind: 'bytes', bytes: saved.bytes, name: saved.name };
    const p = this.app.progress.begin(t('comm.taskReading', { name: saved.name }));
    this.busy = true;
    try {
      await this.app.request('survey-stage', { name: src.name, bytes: src.bytes.slice() }, { signal: p.signal, onProgress: p.onProgress });
    } finally {
      this.busy = false;
      p.done();
    }
    this.#staged = src;
    this.detection = null;
    await this.confirm(saved.mapping, saved.clip);
    if (this.#source?.src !== src) throw new Error(this.error ?? this.failure ?? t('comm.restoreCancelled'));
    return this.report;
  }
}

/** A survey as `Community.savedSurvey` describes it. */
export type SavedSurvey = { name: string; mapping: SurveyMapping; clip: boolean; report: { read: number; kept: number } } & ({ demo: true } | { demo: false; bytes: Uint8Array });

/** A gap class's label, what it may mean and what it does not show, in the current language. */
export const gapLabel = (key: string, fallback: string) => tDynamic(`gap.${key}`, fallback);
export const gapMay = (key: string, fallback: string) => tDynamic(`gap.${key}.may`, fallback);
export const gapMayNot = (key: string, fallback: string) => tDynamic(`gap.${key}.mayNot`, fallback);
