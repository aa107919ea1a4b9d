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
import { DEMO_CONTROL, DEMO_EVALUATION, LANTERN_QUARTER } from './demo-areas';
import { formatNumber } from './format';

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

  constructor(private readonly app: Coordinator) {}

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
      if (polygonsOf(fc).length === 0) throw new Error('it holds no Polygon or MultiPolygon');
      this[which] = { name: file.name.replace(/\.(geo)?json$/i, ''), description: `Loaded from ${file.name}`, area: g };
    } catch (e) {
      this.fileError = `"${file.name}" could not be used as an area: ${messageOf(e)}.`;
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
    if (!this.app.dataset) return 'Load data first.';
    if (!this.treated) return 'Choose the treated area.';
    if (!this.control) return 'Choose a control area.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(this.date)) return 'Enter the date the intervention started.';
    if (this.offences && this.offences.length === 0) return 'Tick at least one offence.';
    return null;
  }

  run(): void {
    if (this.missing || !this.treated || !this.control) return;
    const names: [string, string] = [this.treated.name, this.control.name];
    const filter = this.filter;
    const params = { treated: this.treated.area, control: this.control.area, bufferM: this.bufferM, date: this.date, filter };
    const task = this.app.progress.begin('Evaluating: counting before and after');
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
      `After the date, ${names[0]} had ${formatNumber(r.relativeEffect, 2)} times the incidents the control area's trend predicts` +
        (ci ? ` (95 % interval ${formatNumber(ci[0], 2)} to ${formatNumber(ci[1], 2)})` : '') +
        `: about ${formatNumber(Math.abs(change) * 100, 0)} % ${change >= 0 ? 'fewer' : 'more'}.` +
        (ci ? (ci[1] < 1 ? ' The whole interval lies below 1: a real fall relative to the control.' : ci[0] > 1 ? ' The whole interval lies above 1: a real rise.' : ' The interval includes 1: no clear change.') : ''),
    );
  }
  out.push(
    `Weighted displacement difference: ${formatNumber(r.wdd, 0)} ± ${formatNumber(r.wddStandardError, 1)} (SE)` +
      (r.wddZ !== null ? `, z = ${formatNumber(r.wddZ, 2)}${r.wddP !== null ? `, p ${r.wddP < 0.001 ? '< 0.001' : '= ' + formatNumber(r.wddP, 3)}` : ''}` : '') +
      `: ${r.wdd < 0 ? 'crime fell in the treated area and its buffer relative to the control' : 'no fall relative to the control'}${r.wddZ !== null && Math.abs(r.wddZ) < 1.96 ? ' (not significant at 5 %)' : ''}.`,
  );
  if (r.tne !== null) out.push(`Total net effect: about ${formatNumber(r.tne, 0)} incidents ${r.tne >= 0 ? 'prevented' : 'added'} in the treated area and its buffer, after the control's trend.`);
  if (r.wdq === null) out.push(`Weighted displacement quotient: not interpretable — ${r.wdqNote}.`);
  else
    out.push(
      `Weighted displacement quotient ${formatNumber(r.wdq, 2)}: ` +
        (r.wdq > 1 ? 'diffusion of benefits larger than the direct effect.' : r.wdq > 0 ? 'some diffusion of benefits into the buffer, no displacement.' : r.wdq >= -1 ? 'some displacement into the buffer, smaller than the gain.' : 'displacement into the buffer exceeds the gain.'),
    );
  return out;
}
