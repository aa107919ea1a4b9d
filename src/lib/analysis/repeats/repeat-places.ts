/**
 * Repeat places: incidents at a place that was hit before.
 *
 * Farrell, G. & Pease, K. (1993). Once bitten, twice bitten: repeat victimisation and its
 * implications for crime prevention. Home Office Crime Prevention Unit Paper 46. Timing: Polvi,
 * Looman, Humphries & Pease (1991), The time course of repeat burglary victimization, British
 * Journal of Criminology 31(4), 411–414 (risk highest in the first weeks).
 *
 * Inputs: incident times (ms, naive local), coordinates, offences and an optional place text
 * (address or block; see address-key.ts: normalised text, else exact coordinates); options: the
 * offences to include (all by default), the repeat window W in days, the listing threshold and
 * the flag rule "N or more incidents within T days".
 *
 * Result fields: `repeatRate` = share of incidents whose place had an earlier incident at most W
 * days before (Farrell & Pease's repeat rate over a window); `repeatPlaces` (places with 2+
 * incidents) and the share of incidents there; `timeToNext` (days from each incident to the next
 * one at the same place: histogram, quartiles, share within 7 days); `ranked` places (count,
 * first and last date, offence mix, mean coordinates, incident rows for the map, the most
 * incidents in any T-day window and whether that reaches N). Descriptive: no p-values.
 */
import { placeIndex, type PlaceIndex } from './address-key';
import { DAY_MS } from './days';

/** Incidents column by column (the engine's `IncidentColumns` fits). */
export interface RepeatInput {
  ms: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  offence: readonly string[];
  /** Address or block text per incident (null where absent), or null for none at all. */
  location?: readonly (string | null)[] | null;
}

/** Which incidents, the repeat window, the listing and the flag rule. */
export interface RepeatOptions {
  /** Offences to include; null or empty = all. */
  offences?: readonly string[] | null;
  /** Repeat window W in days (default 365). */
  windowDays?: number;
  /** Places listed need at least this many incidents (default 2). */
  minCount?: number;
  /** Flag places with `flagCount` or more incidents within `flagDays` days (defaults 3 and 28). */
  flagCount?: number;
  flagDays?: number;
  /** Longest ranked list (default 100; 0 = every place with minCount or more). */
  top?: number;
  /** Places of the input, when already built (placeIndex of the same columns). */
  index?: PlaceIndex;
}

/** One place in the ranked list. */
export interface RepeatPlace {
  rank: number;
  /** Normalised key (`4405 34TH AVE`, or `@lat,lon`). */
  key: string;
  /** The place as first written in the data. */
  label: string;
  fromCoordinates: boolean;
  count: number;
  /** First and last incident (ISO date-time, local). */
  first: string;
  last: string;
  offences: { offence: string; count: number }[];
  lat: number;
  lon: number;
  /** Most incidents in any window of `flagDays` days, and where that window starts. */
  maxInWindow: number;
  windowStart: string;
  flagged: boolean;
  /** Rows (indices into the input columns) of its incidents, in time order. */
  rows: number[];
}

/** Distribution of the time from an incident to the next one at the same place. */
export interface TimeToNext {
  /** Days from each incident to the next one at the same place. */
  gaps: Float64Array;
  histogram: { from: number; to: number | null; count: number }[];
  median: number;
  p25: number;
  p75: number;
  /** Share of those gaps under 7 days (Polvi et al. 1991: about half of repeats come within 7 days). */
  within7Days: number;
}

/** Repeat rate, time to next and ranked places (see the module comment for each field). */
export interface RepeatPlacesResult {
  statistic: 'repeat-places';
  offences: string[] | null;
  /** Incidents considered (with a time and a place). */
  n: number;
  places: number;
  windowDays: number;
  /** Incidents at a place hit at most `windowDays` before. */
  repeats: number;
  repeatRate: number;
  repeatPlaces: number;
  incidentsAtRepeatPlaces: number;
  shareAtRepeatPlaces: number;
  keySource: 'address' | 'coordinates' | 'mixed';
  timeToNext: TimeToNext;
  flag: { count: number; days: number };
  flagged: number;
  ranked: RepeatPlace[];
}

/** Histogram bins of time to the next incident (days). */
export const GAP_BINS = [0, 1, 2, 3, 4, 5, 6, 7, 14, 28, 56, 91, 182, 365];

/** Repeat places of a set of incidents (see the module comment). */
export function repeatPlaces(input: RepeatInput, opts: RepeatOptions = {}): RepeatPlacesResult {
  const W = opts.windowDays ?? 365;
  const minCount = opts.minCount ?? 2;
  const flagCount = opts.flagCount ?? 3;
  const flagDays = opts.flagDays ?? 28;
  const top = opts.top ?? 100;
  if (!(W > 0)) throw new RangeError('The repeat window must be > 0 days.');
  if (!(flagDays > 0) || !(flagCount >= 2)) throw new RangeError('The flag needs 2 or more incidents within > 0 days.');
  const wanted = opts.offences?.length ? new Set(opts.offences) : null;
  const idx = opts.index ?? placeIndex(input.location ?? null, input.lat, input.lon);
  const rows: number[] = [];
  for (let i = 0; i < input.ms.length; i++) if (idx.place[i] >= 0 && Number.isFinite(input.ms[i]) && (!wanted || wanted.has(input.offence[i]))) rows.push(i);
  rows.sort((a, b) => idx.place[a] - idx.place[b] || input.ms[a] - input.ms[b] || a - b);

  let repeats = 0, places = 0, repeatPlaceCount = 0, atRepeat = 0, byText = 0, byCoords = 0;
  const gaps: number[] = [];
  const groups: { s: number; e: number; max: number; wStart: number }[] = [];
  for (let s = 0; s < rows.length; ) {
    const p = idx.place[rows[s]];
    let e = s + 1;
    while (e < rows.length && idx.place[rows[e]] === p) e++;
    places++;
    if (idx.fromCoordinates[p]) byCoords++;
    else byText++;
    for (let k = s + 1; k < e; k++) {
      const gap = (input.ms[rows[k]] - input.ms[rows[k - 1]]) / DAY_MS;
      gaps.push(gap);
      if (gap <= W) repeats++;
    }
    if (e - s >= 2) { repeatPlaceCount++; atRepeat += e - s; }
    if (e - s >= minCount) {
      // Most incidents in a window [t, t + flagDays days), by two pointers.
      let max = 0, wStart = s;
      for (let a = s, b = s; a < e; a++) {
        while (b < e && input.ms[rows[b]] - input.ms[rows[a]] < flagDays * DAY_MS) b++;
        if (b - a > max) { max = b - a; wStart = a; }
      }
      groups.push({ s, e, max, wStart });
    }
    s = e;
  }
  let flagged = 0;
  for (const g of groups) if (g.max >= flagCount) flagged++;
  groups.sort((a, b) => b.e - b.s - (a.e - a.s) || b.max - a.max || input.ms[rows[b.e - 1]] - input.ms[rows[a.e - 1]] || idx.place[rows[a.s]] - idx.place[rows[b.s]]);
  const list = top > 0 ? groups.slice(0, top) : groups;
  const ranked = list.map((g, r): RepeatPlace => {
    const mine = rows.slice(g.s, g.e);
    const p = idx.place[mine[0]];
    const mix = new Map<string, number>();
    let lat = 0, lon = 0;
    for (const i of mine) {
      mix.set(input.offence[i], (mix.get(input.offence[i]) ?? 0) + 1);
      lat += input.lat[i];
      lon += input.lon[i];
    }
    return {
      rank: r + 1, key: idx.keys[p], label: idx.labels[p], fromCoordinates: idx.fromCoordinates[p], count: mine.length,
      first: isoTime(input.ms[mine[0]]), last: isoTime(input.ms[mine[mine.length - 1]]),
      offences: [...mix].map(([offence, count]) => ({ offence, count })).sort((a, b) => b.count - a.count || a.offence.localeCompare(b.offence)),
      lat: lat / mine.length, lon: lon / mine.length,
      maxInWindow: g.max, windowStart: isoTime(input.ms[rows[g.wStart]]), flagged: g.max >= flagCount, rows: mine,
    };
  });
  const n = rows.length;
  return {
    statistic: 'repeat-places', offences: wanted ? [...wanted] : null, n, places, windowDays: W,
    repeats, repeatRate: n ? repeats / n : NaN, repeatPlaces: repeatPlaceCount, incidentsAtRepeatPlaces: atRepeat,
    shareAtRepeatPlaces: n ? atRepeat / n : NaN, keySource: byCoords === 0 ? 'address' : byText === 0 ? 'coordinates' : 'mixed',
    timeToNext: timeToNext(Float64Array.from(gaps)), flag: { count: flagCount, days: flagDays }, flagged, ranked,
  };
}

/** Repeat rate, median time to next and share within 7 days for each offence on its own. */
export function repeatRatesByOffence(input: RepeatInput, opts: Omit<RepeatOptions, 'offences'> = {}): { offence: string; n: number; repeats: number; repeatRate: number; medianDaysToNext: number; within7Days: number }[] {
  const names = [...new Set(input.offence)].sort();
  const index = opts.index ?? placeIndex(input.location ?? null, input.lat, input.lon);
  return names.map((offence) => {
    const r = repeatPlaces(input, { ...opts, index, offences: [offence], top: 1 });
    return { offence, n: r.n, repeats: r.repeats, repeatRate: r.repeatRate, medianDaysToNext: r.timeToNext.median, within7Days: r.timeToNext.within7Days };
  }).sort((a, b) => b.n - a.n);
}

function timeToNext(gaps: Float64Array): TimeToNext {
  const sorted = Float64Array.from(gaps).sort();
  const q = (f: number) => (sorted.length ? quantile(sorted, f) : NaN);
  const histogram = GAP_BINS.map((from, i) => ({ from, to: i + 1 < GAP_BINS.length ? GAP_BINS[i + 1] : null, count: 0 }));
  let under7 = 0;
  for (const g of sorted) {
    let b = 0;
    while (b + 1 < GAP_BINS.length && g >= GAP_BINS[b + 1]) b++;
    histogram[b].count++;
    if (g < 7) under7++;
  }
  return { gaps, histogram, median: q(0.5), p25: q(0.25), p75: q(0.75), within7Days: sorted.length ? under7 / sorted.length : NaN };
}

/** Quantile of sorted values, linear between order statistics (R type 7). */
function quantile(s: Float64Array, f: number): number {
  const h = (s.length - 1) * f;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/** ISO local date-time of naive-local milliseconds, without seconds when they are zero. */
export function isoTime(ms: number): string {
  const s = new Date(ms).toISOString().slice(0, 19);
  return s.endsWith('T00:00:00') ? s.slice(0, 10) : s;
}
