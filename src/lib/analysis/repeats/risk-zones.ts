/**
 * Near-repeat risk zones: after an incident, the area within the distance of significant
 * space–time clustering is at heightened risk until the end of the significant time window.
 *
 * Basis: the near-repeat pattern of burglary (Townsley, Homel & Chaseling 2003, British Journal
 * of Criminology 43(3); Johnson & Bowers 2004, British Journal of Criminology 44(1)) and its use
 * for prospective mapping (Bowers, Johnson & Pease 2004, Prospective hot-spotting: the future
 * of crime mapping?, British Journal of Criminology 44(5), 641–658).
 *
 * Inputs: space–time events (events.ts), a distance (m), a window (days) and the metric, either
 * set by the user or read from a Knox table (`significantExtent`). An incident on day d puts
 * every point closer than the distance at risk on days d + 1 … d + ⌈window⌉ − 1 (a Knox time band
 * [0, w) holds gaps of 0 … ⌈w⌉ − 1 whole days; the zone starts the next day, when it can be
 * published). Zones of one snapshot that touch are merged into one (`riskZones`).
 *
 * Evaluation (`evaluateRiskZones`, descriptive, no p-value): for every day of a later period, the
 * zones in force that day (from incidents of the days before) and the incidents of that day:
 * `hitShare` = incidents inside a zone in force / incidents; `areaShare` = mean share of the study
 * area covered by zones; their ratio is the predictive accuracy index (Chainey, Tompson & Uhlig
 * 2008, The utility of hotspot mapping for predicting spatial patterns of crime, Security
 * Journal 21(1–2), 4–28).
 */
import { closePairs, type Metric } from './close-pairs';
import { dayOfIso, isoDay } from './days';
import type { SpaceTimeEvents } from './events';
import type { KnoxResult } from './knox';
import type { PlaneInfo } from './metric-plane';
import { Raster, convexHull } from './raster';

/** Distance and time window of heightened risk. */
export interface RiskZoneParams {
  /** Metres: points closer than this to an incident are in its zone. */
  distance: number;
  /** Days: the zone lasts while the gap to the incident is under this (days d + 1 … d + ⌈days⌉ − 1). */
  days: number;
  metric: Metric;
  /** Where the figures came from, for the user. */
  basis?: string;
}

/**
 * The significant extent of a Knox table: cells with p < alpha and a Knox ratio ≥ minRatio
 * (default 1.2, the Near Repeat Calculator's "notable" level) are elevated. Distance bands that
 * end at 1 m or less count as the same place and are skipped. For each time band from the first,
 * the elevated extent is the end of the run of elevated distance bands from the first near band;
 * time bands are taken while that run is not empty. distance = the largest extent over those
 * time bands, days = the end of the last of them. Null when the first time band has no
 * elevated near band.
 */
export function significantExtent(k: KnoxResult, alpha = 0.05, minRatio = 1.2): RiskZoneParams | null {
  const S = k.spaceBands.length, T = k.timeBands.length;
  const cell = (s: number, t: number) => k.cells[t * S + s];
  let distance = 0, days = 0;
  for (let t = 0; t < T - 1; t++) {
    let extent = 0;
    for (let s = 0; s < S - 1; s++) {
      const b = k.spaceBands[s];
      if (b.samePlace || (b.from === 0 && (b.to ?? Infinity) <= 1)) continue;
      const c = cell(s, t);
      if (!(c.p < alpha && c.knoxRatio >= minRatio)) break;
      extent = b.to!;
    }
    if (extent === 0) break;
    distance = Math.max(distance, extent);
    days = k.timeBands[t].to!;
  }
  if (distance === 0) return null;
  return {
    distance, days, metric: k.metric,
    basis: `Knox test (${k.permutations} permutations, seed ${k.seed}): pairs closer than ${distance} m and under ${days} days apart are over-represented (p < ${alpha}, Knox ratio ≥ ${minRatio}).`,
  };
}

/** One zone: the merged discs of incidents whose zones touch. */
export interface RiskZone {
  id: number;
  /** Incidents whose zones make up this one (their rows in the source columns). */
  rows: number[];
  incidents: number;
  /** Centre of its incidents. */
  lon: number;
  lat: number;
  /** First and last incident day, and the last day at heightened risk (ISO dates). */
  firstIncident: string;
  lastIncident: string;
  until: string;
  /** Area of the zone (union of its discs), km². */
  areaKm2: number;
}

/** The zones in force after a day (plain data: it can cross a worker boundary). */
export interface RiskZonesResult {
  statistic: 'risk-zones';
  params: RiskZoneParams;
  /** The day the zones are drawn for (zones still in force after it), and the look-back. */
  asOf: string;
  lookbackDays: number;
  zones: RiskZone[];
  /** Area of all zones together, km². */
  areaKm2: number;
  plane: PlaneInfo;
  /** Plane coordinates of each zone's incidents, for drawing (same order as `zones`). */
  centres: { x: Float64Array; y: Float64Array }[];
}

/** Last day of heightened risk after an incident on `day`. */
const lastDay = (day: number, p: RiskZoneParams) => day + Math.ceil(p.days) - 1;

/**
 * Zones for the incidents of the `lookbackDays` days up to `asOf` (ISO date; default the last
 * incident day) that are still in force after `asOf`; touching zones are merged.
 */
export function riskZones(ev: SpaceTimeEvents, p: RiskZoneParams, opts: { asOf?: string; lookbackDays?: number } = {}): RiskZonesResult {
  checkParams(p);
  let maxDay = -Infinity;
  for (let k = 0; k < ev.n; k++) if (ev.day[k] > maxDay) maxDay = ev.day[k];
  const asOf = opts.asOf ? dayOfIso(opts.asOf) : maxDay;
  const lookback = opts.lookbackDays ?? Math.ceil(p.days);
  const ks: number[] = [];
  for (let k = 0; k < ev.n; k++) if (ev.day[k] <= asOf && ev.day[k] > asOf - lookback && lastDay(ev.day[k], p) > asOf) ks.push(k);
  const x = Float64Array.from(ks, (k) => ev.x[k]), y = Float64Array.from(ks, (k) => ev.y[k]);
  // Two zones touch when their incidents are closer than twice the distance.
  const pairs = closePairs(x, y, [0, 2 * p.distance], p.metric);
  const parent = Int32Array.from(ks, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < ks.length; i++)
    for (let q = pairs.start[i]; q < pairs.start[i + 1]; q++) {
      const a = find(i), b = find(pairs.other[q]);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < ks.length; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const cell = p.distance / 16;
  const zones: RiskZone[] = [];
  const centres: { x: Float64Array; y: Float64Array }[] = [];
  for (const members of groups.values()) {
    const gx = Float64Array.from(members, (i) => x[i]), gy = Float64Array.from(members, (i) => y[i]);
    const days = members.map((i) => ev.day[ks[i]]);
    const last = days.reduce((a, b) => Math.max(a, b));
    let sx = 0, sy = 0;
    for (let i = 0; i < gx.length; i++) { sx += gx[i]; sy += gy[i]; }
    const [lon, lat] = ev.toLonLat(sx / gx.length, sy / gy.length);
    zones.push({
      id: 0, rows: members.map((i) => ev.row[ks[i]]), incidents: members.length, lon, lat,
      firstIncident: isoDay(days.reduce((a, b) => Math.min(a, b))), lastIncident: isoDay(last), until: isoDay(lastDay(last, p)),
      areaKm2: unionArea(gx, gy, p.distance, p.metric, cell) / 1e6,
    });
    centres.push({ x: gx, y: gy });
  }
  const order = zones.map((_, i) => i).sort((a, b) => zones[b].incidents - zones[a].incidents || zones[b].until.localeCompare(zones[a].until) || a - b);
  const sorted = order.map((i, r) => ({ ...zones[i], id: r + 1 }));
  return {
    statistic: 'risk-zones', params: p, asOf: isoDay(asOf), lookbackDays: lookback, zones: sorted,
    areaKm2: unionArea(x, y, p.distance, p.metric, cell) / 1e6, plane: ev.plane, centres: order.map((i) => centres[i]),
  };
}

function checkParams(p: RiskZoneParams): void {
  if (!(p.distance > 0) || !Number.isFinite(p.distance)) throw new RangeError('The zone distance must be > 0 m.');
  if (!(p.days > 1) || !Number.isFinite(p.days)) throw new RangeError('The risk window must be over 1 day (a zone starts the day after its incident).');
}

/** Area (m²) of the union of shapes around points, counted on a raster of `cell` metres. */
function unionArea(x: Float64Array, y: Float64Array, r: number, metric: Metric, cell: number): number {
  if (x.length === 0) return 0;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < x.length; i++) {
    x0 = Math.min(x0, x[i]); x1 = Math.max(x1, x[i]); y0 = Math.min(y0, y[i]); y1 = Math.max(y1, y[i]);
  }
  const c = Math.max(cell, Math.sqrt(((x1 - x0 + 2 * r) * (y1 - y0 + 2 * r)) / 2e7));
  const ras = new Raster([x0 - r, y0 - r, x1 + r, y1 + r], c);
  const on = new Uint8Array(ras.cols * ras.rows);
  let n = 0;
  for (let i = 0; i < x.length; i++) ras.stamp(x[i], y[i], r, metric, (j) => { if (!on[j]) { on[j] = 1; n++; } });
  return n * ras.cellArea;
}

/** Share of later incidents inside zones in force against the share of area they covered. */
export interface RiskZoneEvaluation {
  statistic: 'risk-zone-evaluation';
  params: RiskZoneParams;
  from: string;
  to: string;
  days: number;
  /** Incidents of the period inside the study area, and those inside a zone in force that day. */
  incidents: number;
  hits: number;
  hitShare: number;
  /** Mean over the days of the share of the study area covered by zones in force. */
  areaShare: number;
  /** hitShare / areaShare (predictive accuracy index). */
  pai: number;
  studyArea: 'boundary' | 'convex hull of the incidents';
  studyAreaKm2: number;
  /** Side of the raster cells the areas were counted on, m. */
  cellM: number;
}

/**
 * Evaluates zones day by day over [from, to] (ISO dates; default the second half of the data):
 * zones come from incidents of the days before each day (including days before `from`). The
 * study area is the given rings (longitude/latitude polygons, holes by the even–odd rule) or else
 * the convex hull of all the events.
 */
export function evaluateRiskZones(ev: SpaceTimeEvents, p: RiskZoneParams, opts: { from?: string; to?: string; study?: number[][][][] | null } = {}): RiskZoneEvaluation {
  checkParams(p);
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < ev.n; k++) { lo = Math.min(lo, ev.day[k]); hi = Math.max(hi, ev.day[k]); }
  const from = opts.from ? dayOfIso(opts.from) : Math.floor((lo + hi) / 2) + 1;
  const to = opts.to ? dayOfIso(opts.to) : hi;
  if (!(to >= from)) throw new RangeError('The evaluation period is empty.');
  const W = Math.ceil(p.days);
  // Study area in the plane.
  let rings: [number, number][][];
  if (opts.study && opts.study.length) rings = opts.study.flatMap((poly) => poly.map((ring) => ring.map(([lon, lat]) => ev.fromLonLat(lon, lat))));
  else rings = [convexHull(ev.x, ev.y)];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const ring of rings) for (const [x, y] of ring) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  const cell = Math.max(p.distance / 16, Math.sqrt(((x1 - x0) * (y1 - y0)) / 2e7));
  const ras = new Raster([x0, y0, x1, y1], cell);
  ras.fillRings(rings);
  const cover = new Uint16Array(ras.cols * ras.rows);
  let covered = 0;
  const add = (j: number) => { if (cover[j]++ === 0 && ras.mask[j]) covered++; };
  const remove = (j: number) => { if (--cover[j] === 0 && ras.mask[j]) covered--; };
  const inStudy = (k: number) => {
    const c = Math.floor((ev.x[k] - ras.x0) / ras.cell), r = Math.floor((ev.y[k] - ras.y0) / ras.cell);
    return c >= 0 && r >= 0 && c < ras.cols && r < ras.rows && ras.mask[r * ras.cols + c] === 1;
  };
  // Events by day.
  const byDay = new Map<number, number[]>();
  for (let k = 0; k < ev.n; k++) {
    const l = byDay.get(ev.day[k]);
    if (l) l.push(k);
    else byDay.set(ev.day[k], [k]);
  }
  // Hits exactly: an incident on day D is in a zone when an incident of days D − W + 1 … D − 1 is closer than the distance.
  const near = closePairs(ev.x, ev.y, [0, p.distance], p.metric);
  const hit = new Uint8Array(ev.n);
  for (let i = 0; i < ev.n; i++)
    for (let q = near.start[i]; q < near.start[i + 1]; q++) {
      const j = near.other[q];
      const g = ev.day[j] - ev.day[i];
      if (g >= 1 && g < W) hit[j] = 1;
      else if (-g >= 1 && -g < W) hit[i] = 1;
    }
  for (let d = from - W + 1; d < from; d++) for (const k of byDay.get(d) ?? []) ras.stamp(ev.x[k], ev.y[k], p.distance, p.metric, add);
  let incidents = 0, hits = 0, shareSum = 0;
  for (let d = from; d <= to; d++) {
    shareSum += ras.studyCells ? covered / ras.studyCells : 0;
    for (const k of byDay.get(d) ?? []) {
      if (!inStudy(k)) continue;
      incidents++;
      hits += hit[k];
    }
    for (const k of byDay.get(d) ?? []) ras.stamp(ev.x[k], ev.y[k], p.distance, p.metric, add);
    for (const k of byDay.get(d - W + 1) ?? []) ras.stamp(ev.x[k], ev.y[k], p.distance, p.metric, remove);
  }
  const days = to - from + 1;
  const hitShare = incidents ? hits / incidents : NaN;
  const areaShare = shareSum / days;
  return {
    statistic: 'risk-zone-evaluation', params: p, from: isoDay(from), to: isoDay(to), days, incidents, hits, hitShare, areaShare, pai: hitShare / areaShare,
    studyArea: opts.study && opts.study.length ? 'boundary' : 'convex hull of the incidents',
    studyAreaKm2: ras.studyCells * ras.cellArea / 1e6, cellM: cell,
  };
}
