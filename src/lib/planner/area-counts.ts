/**
 * Counts incidents before and after a date in a treated area, its buffer ring, a control area and
 * the control's own buffer ring: the eight counts of `evaluateCounts`. Buffers are grown in metres
 * with turf's geodesic buffer and exclude the area they surround; points are tested with the
 * project's prepared point-in-polygon. An incident in both the treated and the control side (the
 * areas or buffers overlap) is counted on the treated side only and reported.
 */
import { buffer as turfBuffer } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { polygonsOf, preparePolygons, type PreparedPolygons } from '../geo/point-in-polygon';
import { DAY, dayMs, isoDay } from './baseline';
import type { AreaCounts } from './evaluate';

/** Incident times and places (a subset of the engine's IncidentColumns). */
export interface IncidentPoints {
  n: number;
  ms: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
}

/** An area: GeoJSON Polygon/MultiPolygon geometry, feature or collection. */
export type Area = Polygon | MultiPolygon | Feature | FeatureCollection;

/** Options of `countAreas`. */
export interface AreaCountOptions {
  treated: Area;
  control: Area;
  /** Buffer ring around the treated area, metres (0: no buffer, D counts are 0). */
  bufferM: number;
  /** Buffer ring around the control, metres; default `bufferM`. */
  controlBufferM?: number;
  /** First day of the "after" period, YYYY-MM-DD. */
  date: string;
  /** Days before and after the date to count (default: all the data on each side). */
  windowDays?: number;
}

/** The counts with the periods and geometry used. */
export interface AreaCountResult {
  counts: AreaCounts;
  periods: { before: { from: string; to: string }; after: { from: string; to: string } };
  /** Incidents lying on both sides (overlapping areas or buffers), counted as treated side. */
  overlaps: number;
  /** The buffer polygons (the rings include the area they surround; tests exclude it). */
  treatedBuffer: FeatureCollection;
  controlBuffer: FeatureCollection;
  warnings: string[];
}


/** The area as a FeatureCollection. */
export function asCollection(a: Area): FeatureCollection {
  if (a.type === 'FeatureCollection') return a;
  if (a.type === 'Feature') return { type: 'FeatureCollection', features: [a] };
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: a as Geometry }] };
}

/** The area grown by `metres` (geodesic, turf), or null for 0 m. */
export function grow(a: Area, metres: number): FeatureCollection | null {
  if (metres <= 0) return null;
  const fc = asCollection(a);
  const features: Feature[] = [];
  for (const poly of polygonsOf(fc)) {
    const b = turfBuffer({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: poly } } as Feature<Polygon>, metres, { units: 'meters' });
    if (b) features.push(b as Feature);
  }
  return { type: 'FeatureCollection', features };
}

function prepared(fc: FeatureCollection | null, what: string): PreparedPolygons | null {
  if (!fc) return null;
  const polys = polygonsOf(fc);
  if (polys.length === 0) throw new Error(`The ${what} has no Polygon or MultiPolygon.`);
  return preparePolygons(polys);
}

/** Counts the eight before/after counts. Throws if an area has no polygon. */
export function countAreas(rows: IncidentPoints, o: AreaCountOptions): AreaCountResult {
  if (!(o.bufferM >= 0)) throw new RangeError(`The buffer must be ≥ 0 m, got ${o.bufferM}`);
  const t0 = dayMs(o.date);
  if (Number.isNaN(t0)) throw new RangeError(`The date must be YYYY-MM-DD, got ${o.date}`);
  const lo = o.windowDays ? t0 - o.windowDays * DAY : -Infinity;
  const hi = o.windowDays ? t0 + o.windowDays * DAY : Infinity;
  const tBuf = grow(o.treated, o.bufferM);
  const cBuf = grow(o.control, o.controlBufferM ?? o.bufferM);
  const R = prepared(asCollection(o.treated), 'treated area')!;
  const C = prepared(asCollection(o.control), 'control area')!;
  const D = prepared(tBuf, 'treated buffer');
  const CD = prepared(cBuf, 'control buffer');
  const counts: AreaCounts = { Rb: 0, Ra: 0, Db: 0, Da: 0, Cb: 0, Ca: 0, CDb: 0, CDa: 0 };
  let overlaps = 0;
  let first = Infinity, last = -Infinity;
  for (let i = 0; i < rows.n; i++) {
    const t = rows.ms[i];
    if (!(t >= lo && t < hi)) continue;
    if (t < first) first = t;
    if (t > last) last = t;
    const x = rows.lon[i], y = rows.lat[i];
    const after = t >= t0;
    const inR = R.contains(x, y);
    const inD = !inR && D !== null && D.contains(x, y);
    const inC = C.contains(x, y);
    const inCD = !inC && CD !== null && CD.contains(x, y);
    if ((inR || inD) && (inC || inCD)) overlaps++;
    if (inR) after ? counts.Ra++ : counts.Rb++;
    else if (inD) after ? counts.Da++ : counts.Db++;
    else if (inC) after ? counts.Ca++ : counts.Cb++;
    else if (inCD) after ? counts.CDa++ : counts.CDb++;
  }
  const warnings: string[] = [];
  if (overlaps) warnings.push(`${overlaps} incidents lie in both the treated side and the control side (the areas or their buffers overlap); they were counted as treated side. Move the control further away.`);
  if (counts.Rb + counts.Ra < 20) warnings.push('Fewer than 20 incidents in the treated area: the evaluation has little power.');
  const span = (a: number, b: number) => ({ from: Number.isFinite(a) ? isoDay(a) : '', to: Number.isFinite(b) ? isoDay(b) : '' });
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  return {
    counts,
    periods: { before: span(Math.max(lo, first), Math.min(t0, last + DAY) - DAY), after: span(t0, Math.min(hi, last + DAY) - DAY) },
    overlaps, treatedBuffer: tBuf ?? empty, controlBuffer: cBuf ?? empty, warnings,
  };
}
