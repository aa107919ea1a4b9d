/**
 * State of the "Over time" tab: emerging hot spots (long: progress and Cancel) drawn on the map,
 * and concentration with forecast accuracy of the ranking methods on a date split.
 */
import type { EmergingOutcome, ForecastOutcome } from '../engine/analyses/hotspot-time';
import { describeLocation, type EmergingResult } from '../analysis/hotspots/emerging';
import type { RankMethod } from '../analysis/hotspots/forecast';
import type { RGBA } from '../map/colour-scale';
import { EMERGING_COLD, EMERGING_HOT, EMERGING_NONE } from '../map/palettes';
import type { CellOverlay } from '../map/overlay';
import type { Coordinator } from './coordinator.svelte';
import { Latest } from './latest.svelte';
import { toEngineFilter } from './view-filter';
import { patternHelp, patternLabel } from './class-labels';
import { t } from '../i18n';

/** Colours of the 17 patterns: hot patterns in reds/oranges, cold in blues, none transparent. */
const HOT: RGBA[] = EMERGING_HOT;
const COLD: RGBA[] = EMERGING_COLD;
export function patternColour(code: number): RGBA {
  if (code > 0) return HOT[code - 1] ?? [200, 0, 0, 200];
  if (code < 0) return COLD[-code - 1] ?? [0, 0, 200, 200];
  return EMERGING_NONE;
}

export class Trends {
  step = $state<'week' | 'month'>('month');
  k = $state(1);
  fdr = $state(true);
  emerging = new Latest<EmergingOutcome>();
  trainTo = $state('');
  methods = $state<RankMethod[]>(['prior', 'kde', 'gistar', 'best']);
  forecast = new Latest<ForecastOutcome>();

  constructor(private readonly app: Coordinator) {}

  /** Default split: one year before the last incident. */
  defaultSplit(): string {
    return yearBeforeLast(this.app.dataset?.report.to);
  }

  runEmerging(): void {
    if (!this.app.dataset) return;
    const params = { res: this.app.res, filter: toEngineFilter(this.app.filter), step: this.step, k: this.k, fdr: this.fdr };
    void this.app.runLong(this.emerging, t('trends.taskEmerging'), (signal, onProgress) => this.app.request('emerging', params, { signal, onProgress }));
  }

  runForecast(): void {
    if (!this.app.dataset) return;
    const params = { res: this.app.res, filter: toEngineFilter(this.app.filter), trainTo: this.trainTo || this.defaultSplit(), methods: [...this.methods] };
    void this.app.runLong(this.forecast, t('trends.taskForecast'), (signal, onProgress) => this.app.request('forecast', params, { signal, onProgress }));
  }

  overlayOf(r: EmergingOutcome): CellOverlay {
    const n = r.cells.length;
    const colours = new Uint8Array(4 * n);
    for (let i = 0; i < n; i++) colours.set(patternColour(r.pattern[i]), 4 * i);
    const present = new Set(r.pattern);
    return {
      key: `emerging:${r.method.parameters.step}:${n}:${r.T}`,
      title: t(r.method.parameters.step === 'week' ? 'trends.overlayWeek' : 'trends.overlayMonth', { n: r.T, res: this.app.res }),
      cells: r.cells as string[],
      colours,
      // Patterns found first, then the rest, each with its ArcGIS Pro definition.
      legend: [...r.legend]
        .sort((a, b) => Number(present.has(b.code)) - Number(present.has(a.code)))
        .map((c) => ({ colour: patternColour(c.code), label: present.has(c.code) ? patternLabel(c) : t('trends.noneHere', { label: patternLabel(c) }), help: patternHelp(c) })),
      note: t('trends.note'),
      describe: (i) => {
        const c = r.legend.find((x) => x.code === r.pattern[i]);
        return [[t('trends.pattern'), c ? patternLabel(c) : ''], [t('trends.history'), describeLocation(r as unknown as EmergingResult, i)], [t('common.cell'), r.cells[i]]];
      },
    };
  }
}

/** The day one year before the last incident (YYYY-MM-DD), the default train/test split; '' without data. */
export function yearBeforeLast(to: string | null | undefined): string {
  if (!to) return '';
  const d = new Date(`${to.slice(0, 10)}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString().slice(0, 10);
}
