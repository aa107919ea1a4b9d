/**
 * The repeats panel's state: Knox test settings and its latest result. A Knox run is long work:
 * it shows progress with Cancel and runs only when the user asks.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { repeatPlaceCandidates, riskZoneCandidates, type Candidate } from '../analysis/repeats/candidates';
import type { KnoxParams } from '../engine/protocol';
import type { KnoxResult } from '../analysis/repeats/knox';
import type { RepeatPlacesResult } from '../analysis/repeats/repeat-places';
import { significantExtent } from '../analysis/repeats/risk-zones';
import type { ZoneOutcome } from '../engine/analyses/knox';
import type { Coordinator } from './coordinator.svelte';
import { Latest, messageOf } from './latest.svelte';
import { toEngineFilter } from './view-filter';
import { t } from '../i18n';

export type KnoxOutcome = KnoxResult & { dropped: number };

/** Parses "0, 100, 200" into increasing numbers, or throws a plain message. */
export function parseBreaks(text: string, unit: string): number[] {
  const xs = text.split(/[,\s;]+/).filter(Boolean).map(Number);
  const u = unit === 'distance' ? t('rp.unitDistance') : unit === 'time' ? t('rp.unitTime') : unit;
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x < 0)) throw new Error(t('rp.breaksBad', { unit: u }));
  for (let i = 1; i < xs.length; i++) if (!(xs[i] > xs[i - 1])) throw new Error(t('rp.breaksIncrease', { unit: u, list: xs.join(', ') }));
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
  /** Where "send to the planner" goes (set by the Plan tab's state); null: no planner. */
  toPlanner: ((cs: Candidate[]) => void) | null = null;
  /** What was last sent, for the confirmation line. */
  sent = $state<{ from: 'places' | 'zones'; text: string } | null>(null);

  constructor(private readonly app: Coordinator) {}

  /** Sends repeat places (by key; all flagged ones without keys) to the planner as candidates. */
  sendPlaces(keys?: string[]): void {
    const r = this.places.value;
    if (!r || !this.toPlanner) return;
    const all = repeatPlaceCandidates(r, keys ? {} : { flaggedOnly: true });
    const cs = keys ? all.filter((c) => keys.includes(c.id.slice('repeat:'.length))) : all;
    this.#send('places', cs, cs.length === 1 ? cs[0].name : t('rp.flaggedPlaces', { n: cs.length }));
  }

  /** Sends risk zones (by id; all without ids) to the planner as candidates, with their outlines. */
  sendZones(ids?: number[]): void {
    const z = this.zones.value;
    if (!z || !this.toPlanner) return;
    const areas = new Map<number, Polygon | MultiPolygon>();
    for (const f of z.geojson.features) {
      const id = (f.properties as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')) areas.set(id, f.geometry);
    }
    const all = riskZoneCandidates(z.zones, undefined, { areas, filterOffences: this.#zoneOffences });
    const cs = ids ? all.filter((c) => ids.some((id) => c.id.endsWith(`:${id}`))) : all;
    this.#send('zones', cs, cs.length === 1 ? cs[0].name : t('rp.riskZones', { n: cs.length }));
  }

  #zoneOffences: string[] | null = null;

  #send(from: 'places' | 'zones', cs: Candidate[], what: string): void {
    if (!this.toPlanner) return;
    if (!cs.length) {
      this.sent = { from, text: t('rp.nothingToSend') };
      return;
    }
    this.toPlanner(cs.map(({ rows: _rows, ...c }) => ({ ...c, rows: [] })));
    this.sent = { from, text: t('rp.sent', { what }) };
  }

  runPlaces(): void {
    if (!this.app.dataset) return;
    const params = { filter: toEngineFilter(this.app.filter), windowDays: this.windowDays, flagCount: this.flagCount, flagDays: this.flagDays };
    // Seconds on a city's year of crime: under the progress bar, with Cancel.
    void this.app.runLong(this.places, t('rp.places'), (signal, onProgress) => this.app.request('repeats', params, { signal, onProgress })).then(() => {
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
      this.zones.error = t('rp.noExtent');
      return;
    }
    const params = { filter: toEngineFilter(this.app.filter), distance: ext.distance, days: ext.days, metric: this.metric };
    this.#zoneOffences = params.filter.offences ?? null;
    void this.app.runLong(this.zones, t('rp.drawZones'), (signal, onProgress) => this.app.request('zones', params, { signal, onProgress })).then(() => {
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
    void this.app.runLong(this.knox, t('rp.taskKnox'), (signal, onProgress) => this.app.request('knox', params, { signal, onProgress }));
  }
}
