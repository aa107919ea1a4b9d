/**
 * Before/after evaluation of an intervention already in place: treated and control areas (demo
 * presets or GeoJSON files), the buffer, the first day of the "after" period, hours and offences.
 * The engine counts the eight before/after counts and computes WDQ, TNE, WDD ± SE and the relative
 * effect; `reading` says what they mean in plain words.
 */
import type { FeatureCollection } from 'geojson';
import type { PlannerEvaluateOutcome } from '../../engine/analyses/planner';
import type { Filter } from '../../engine/protocol';
import type { Area } from '../../planner/area-counts';
import type { Evaluation } from '../../planner/evaluate';
import { polygonsOf } from '../../geo/point-in-polygon';
import type { Coordinator } from '../coordinator.svelte';
import { Latest, messageOf } from '../latest.svelte';
import { DEMO_CONTROL, DEMO_EVALUATION, LANTERN_QUARTER, areaName } from './demo-areas';
import { formatNumber } from './format';
import { locale, t } from '../../i18n';
import { plannerText } from '../../i18n/planner-texts';

/** A named area. */
export interface NamedArea {
  name: string;
  description: string;
  area: Area;
}

/** Hours from `from` up to (not including) `to`, wrapping midnight; equal means all day. */
export function hourSpan(from: number, to: number): number[] {
  if (from === to) return [];
  const out: number[] = [];
  for (let h = from; h % 24 !== to; h++) out.push(h % 24);
  return out;
}

export class EvaluationState {
  treated = $state.raw<NamedArea | null>(null);
  control = $state.raw<NamedArea | null>(null);
  bufferM = $state(200);
  date = $state('');
  hourFrom = $state(0);
  hourTo = $state(0);
  /** Offences counted; null = all. */
  offences = $state.raw<string[] | null>(null);
  slot = new Latest<PlannerEvaluateOutcome & { names: [string, string]; filter: Filter }>();
  fileError = $state<string | null>(null);
  /** Which area is being drawn on the map, if any. */
  drawing = $state<'treated' | 'control' | null>(null);
  #drawn = 0;

  constructor(private readonly app: Coordinator) {}

  /** Draws the treated or control area on the map (src/lib/map/draw.ts); finishing sets it. */
  startDrawing(which: 'treated' | 'control'): void {
    this.drawing = which;
    const req = {
      onFinish: (ring: [number, number][]) => {
        const n = ++this.#drawn;
        this[which] = { name: t('plan.drawnArea', { n: String(n) }), description: t('rk.drawn', { n: ring.length - 1 }), area: { type: 'Polygon', coordinates: [ring] } };
        if (this.app.drawArea === req) this.app.drawArea = null;
        this.drawing = null;
      },
      onCancel: () => this.stopDrawing(),
    };
    this.app.drawArea = req;
  }

  stopDrawing(): void {
    if (!this.drawing) return;
    this.drawing = null;
    if (this.app.drawArea) this.app.drawArea = null;
  }

  /** Fills the form with the demo's planted street-lighting repair and the core's control. */
  useDemo(): void {
    this.treated = { name: LANTERN_QUARTER.name, description: LANTERN_QUARTER.description, area: LANTERN_QUARTER.geometry };
    this.control = { name: DEMO_CONTROL.name, description: DEMO_CONTROL.description, area: DEMO_CONTROL.geometry };
    this.bufferM = DEMO_EVALUATION.bufferM;
    this.date = DEMO_EVALUATION.date;
    this.hourFrom = 20;
    this.hourTo = 6;
    this.offences = [...DEMO_EVALUATION.offences];
  }

  /** Reads a GeoJSON file with at least one Polygon or MultiPolygon as the treated or control area. */
  async loadFile(which: 'treated' | 'control', file: File): Promise<void> {
    this.fileError = null;
    try {
      const g = JSON.parse(await file.text()) as Area;
      const fc: FeatureCollection = g.type === 'FeatureCollection' ? g : g.type === 'Feature' ? { type: 'FeatureCollection', features: [g] } : { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: g }] };
      if (polygonsOf(fc).length === 0) throw new Error(t('ev.noPolygon'));
      this[which] = { name: file.name.replace(/\.(geo)?json$/i, ''), description: t('ev.loadedFrom', { file: file.name }), area: g };
    } catch (e) {
      this.fileError = t('ev.badFile', { file: file.name, reason: messageOf(e) });
    }
  }

  get filter(): Filter {
    const f: Filter = {};
    if (this.offences) f.offences = [...this.offences];
    const h = hourSpan(this.hourFrom, this.hourTo);
    if (h.length) f.hours = h.sort((a, b) => a - b);
    return f;
  }

  /** Why it cannot run yet, or null. */
  get missing(): string | null {
    if (!this.app.dataset) return t('ev.needData');
    if (!this.treated) return t('ev.needTreated');
    if (!this.control) return t('ev.needControl');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(this.date)) return t('ev.needDate');
    if (this.offences && this.offences.length === 0) return t('ev.needOffence');
    return null;
  }

  run(): void {
    if (this.missing || !this.treated || !this.control) return;
    const names: [string, string] = [areaName(this.treated), areaName(this.control)];
    const filter = this.filter;
    const params = { treated: this.treated.area, control: this.control.area, bufferM: this.bufferM, date: this.date, filter };
    const task = this.app.progress.begin(t('ev.task'));
    task.signal.addEventListener('abort', () => this.slot.cancel(), { once: true });
    void this.slot
      .run(async (signal) => ({ ...(await this.app.request('planner-evaluate', params, { signal, onProgress: task.onProgress })), names, filter }))
      .finally(() => task.done());
  }
}

/** The evaluation in plain words, one sentence per statistic. */
export function reading(r: Evaluation, names: [string, string]): string[] {
  const out: string[] = [];
  if (r.relativeEffect !== null) {
    const ci = r.relativeEffectInterval;
    const change = 1 - r.relativeEffect;
    out.push(
      t('ev.read.relative', {
        name: names[0],
        ratio: formatNumber(r.relativeEffect, 2),
        ci: ci ? t('ev.read.ci', { range: t('ap.interval', { low: formatNumber(ci[0], 2), high: formatNumber(ci[1], 2) }) }) : '',
        pct: formatNumber(Math.abs(change) * 100, 0),
        direction: change >= 0 ? t('ev.read.fewer') : t('ev.read.more'),
      }) + (ci ? ' ' + (ci[1] < 1 ? t('ev.read.below') : ci[0] > 1 ? t('ev.read.above') : t('ev.read.includes')) : ''),
    );
  }
  const z = r.wddZ === null ? '' : r.wddP === null ? t('ev.read.z', { z: formatNumber(r.wddZ, 2) }) : t('ev.read.zp', { z: formatNumber(r.wddZ, 2), p: r.wddP < 0.001 ? `< ${formatNumber(0.001, 3)}` : `= ${formatNumber(r.wddP, 3)}` });
  out.push(
    t('ev.read.wdd', {
      wdd: formatNumber(r.wdd, 0), se: formatNumber(r.wddStandardError, 1), z,
      verdict: r.wdd < 0 ? t('ev.read.fell') : t('ev.read.noFall'),
      ns: r.wddZ !== null && Math.abs(r.wddZ) < 1.96 ? t('ev.read.ns') : '',
    }),
  );
  if (r.tne !== null) out.push(t(r.tne >= 0 ? 'ev.read.tnePrevented' : 'ev.read.tneAdded', { n: formatNumber(r.tne, 0) }));
  if (r.wdq === null) out.push(t('ev.read.wdqNone', { note: plannerText(r.wdqNote ?? '', locale()) }));
  else
    out.push(
      t('ev.read.wdq', {
        wdq: formatNumber(r.wdq, 2),
        verdict: r.wdq > 1 ? t('ev.read.wdqDiffusionLarge') : r.wdq > 0 ? t('ev.read.wdqDiffusion') : r.wdq >= -1 ? t('ev.read.wdqDisplacement') : t('ev.read.wdqExceeds'),
      }),
    );
  return out;
}
