/**
 * The repeats panel's state: Knox test settings and its latest result. A Knox run is long work:
 * it shows progress with Cancel and runs only when the user asks.
 */
import type { KnoxParams } from '../engine/protocol';
import type { KnoxResult } from '../analysis/repeats/knox';
import type { RepeatPlacesResult } from '../analysis/repeats/repeat-places';
import { significantExtent } from '../analysis/repeats/risk-zones';
import type { ZoneOutcome } from '../engine/analyses/knox';
import type { Coordinator } from './coordinator.svelte';
import { Latest, messageOf } from './latest.svelte';
import { toEngineFilter } from './view-filter';

export type KnoxOutcome = KnoxResult & { dropped: number };

/** Parses "0, 100, 200" into increasing numbers, or throws a plain message. */
export function parseBreaks(text: string, unit: string): number[] {
  const xs = text.split(/[,\s;]+/).filter(Boolean).map(Number);
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x < 0)) throw new Error(`Give ${unit} breaks as numbers ≥ 0 separated by commas, e.g. 0, 100, 200.`);
  for (let i = 1; i < xs.length; i++) if (!(xs[i] > xs[i - 1])) throw new Error(`The ${unit} breaks must increase: ${xs.join(', ')}.`);
  return xs;
}

export class Repeats {
  space = $state('0, 100, 200, 300, 400');
  time = $state('0, 7, 14, 21, 28');
  samePlace = $state(true);
  metric = $state<KnoxParams['metric']>('manhattan');
  permutations = $state(999);
  seed = $state(20261122);
  knox = new Latest<KnoxOutcome>();
  windowDays = $state(365);
  flagCount = $state(3);
  flagDays = $state(28);
  places = new Latest<RepeatPlacesResult>();
  zones = new Latest<ZoneOutcome>();

  constructor(private readonly app: Coordinator) {}

  runPlaces(): void {
    if (!this.app.dataset) return;
    const params = { filter: toEngineFilter(this.app.filter), windowDays: this.windowDays, flagCount: this.flagCount, flagDays: this.flagDays };
    void this.places.run((signal) => this.app.request('repeats', params, { signal })).then(() => {
      const r = this.places.value;
      this.app.marks = { ...this.app.marks, places: r ? r.ranked.map((p) => ({ lon: p.lon, lat: p.lat, count: p.count, flagged: p.flagged })) : [] };
    });
  }

  /** Zones from the Knox test's significant extent (or a message when it found none). */
  runZones(): void {
    const k = this.knox.value;
    if (!k) return;
    const ext = significantExtent(k);
    if (!ext) {
      this.zones.set(null);
      this.zones.error = 'The Knox test found no significant near-repeat extent (ratio ≥ 1.2, p < 0.05, in the first time band), so there are no risk zones to draw.';
      return;
    }
    const params = { filter: toEngineFilter(this.app.filter), distance: ext.distance, days: ext.days, metric: this.metric };
    void this.zones.run((signal) => this.app.request('zones', params, { signal })).then(() => {
      this.app.marks = { ...this.app.marks, zones: this.zones.value?.geojson ?? null };
    });
  }

  runKnox(): void {
    if (!this.app.dataset) return;
    let params: KnoxParams;
    try {
      params = {
        filter: toEngineFilter(this.app.filter),
        spaceBands: parseBreaks(this.space, 'distance'),
        timeBands: parseBreaks(this.time, 'time'),
        samePlace: this.samePlace ? 1 : null,
        metric: this.metric,
        permutations: this.permutations,
        seed: this.seed,
      };
    } catch (e) {
      this.knox.set(null);
      this.knox.error = messageOf(e);
      return;
    }
    void this.app.runLong(this.knox, 'Knox test', (signal, onProgress) => this.app.request('knox', params, { signal, onProgress }));
  }
}
