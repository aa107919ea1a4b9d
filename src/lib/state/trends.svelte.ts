/**
 * State of the "Over time" tab: emerging hot spots (long: progress and Cancel) drawn on the map,
 * and concentration with forecast accuracy of the ranking methods on a date split.
 */
import type { EmergingOutcome, ForecastOutcome } from '../engine/analyses/hotspot-time';
import { describeLocation, type EmergingResult } from '../analysis/hotspots/emerging';
import type { RankMethod } from '../analysis/hotspots/forecast';
import type { RGBA } from '../map/colour-scale';
import type { CellOverlay } from '../map/overlay';
import type { Coordinator } from './coordinator.svelte';
import { Latest } from './latest.svelte';
import { toEngineFilter } from './view-filter';

/** Colours of the 17 patterns: hot patterns in reds/oranges, cold in blues, none transparent. */
const HOT: RGBA[] = [[253, 141, 60, 220], [227, 74, 51, 220], [179, 0, 0, 230], [120, 0, 0, 230], [252, 187, 161, 220], [254, 217, 118, 220], [240, 59, 32, 200], [188, 189, 220, 220]];
const COLD: RGBA[] = [[107, 174, 214, 220], [49, 130, 189, 220], [8, 81, 156, 230], [8, 48, 107, 230], [198, 219, 239, 220], [158, 202, 225, 220], [66, 146, 198, 200], [218, 218, 235, 220]];
export function patternColour(code: number): RGBA {
  if (code > 0) return HOT[code - 1] ?? [200, 0, 0, 200];
  if (code < 0) return COLD[-code - 1] ?? [0, 0, 200, 200];
  return [148, 163, 184, 30];
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
    const to = this.app.dataset?.report.to;
    if (!to) return '';
    const d = new Date(`${to.slice(0, 10)}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    return d.toISOString().slice(0, 10);
  }

  runEmerging(): void {
    if (!this.app.dataset) return;
    const params = { res: this.app.res, filter: toEngineFilter(this.app.filter), step: this.step, k: this.k, fdr: this.fdr };
    void this.app.runLong(this.emerging, 'Emerging hot spots', (signal, onProgress) => this.app.request('emerging', params, { signal, onProgress }));
  }

  runForecast(): void {
    if (!this.app.dataset) return;
    const params = { res: this.app.res, filter: toEngineFilter(this.app.filter), trainTo: this.trainTo || this.defaultSplit(), methods: [...this.methods] };
    void this.app.runLong(this.forecast, 'Forecast accuracy', (signal, onProgress) => this.app.request('forecast', params, { signal, onProgress }));
  }

  overlayOf(r: EmergingOutcome): CellOverlay {
    const n = r.cells.length;
    const colours = new Uint8Array(4 * n);
    for (let i = 0; i < n; i++) colours.set(patternColour(r.pattern[i]), 4 * i);
    const present = new Set(r.pattern);
    return {
      key: `emerging:${r.method.parameters.step}:${n}:${r.T}`,
      title: `Emerging hot spots, ${r.T} ${r.method.parameters.step}s, res ${this.app.res}`,
      cells: r.cells as string[],
      colours,
      // Patterns found first, then the rest, each with its ArcGIS Pro definition.
      legend: [...r.legend]
        .sort((a, b) => Number(present.has(b.code)) - Number(present.has(a.code)))
        .map((c) => ({ colour: patternColour(c.code), label: `${c.label}${present.has(c.code) ? '' : ' (none here)'}`, help: c.description })),
      note: 'Patterns as defined by ArcGIS Pro Emerging Hot Spot Analysis; trend by Mann-Kendall.',
      describe: (i) => [['Pattern', r.legend.find((c) => c.code === r.pattern[i])?.label ?? ''], ['History', describeLocation(r as unknown as EmergingResult, i)], ['Cell', r.cells[i]]],
    };
  }
}
