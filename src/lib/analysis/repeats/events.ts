/**
 * Incidents as space–time events for the near-repeat statistics: metric x/y (see metric-plane.ts)
 * and calendar day, keeping only incidents with both. Built from the engine's incident columns
 * (`IncidentService.incidentColumns`) or any arrays of the same shape.
 */
import { dayNumbers, NO_DAY } from './days';
import { metricPlane, planeInfo, type PlaneInfo } from './metric-plane';

/** What the near-repeat statistics need of each incident (a subset of the engine's columns). */
export interface SpaceTimeColumns {
  ms: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  x?: Float64Array | null;
  y?: Float64Array | null;
  crs?: string | null;
}

/** Events with finite metric coordinates and a day, in the source order. */
export interface SpaceTimeEvents {
  n: number;
  x: Float64Array;
  y: Float64Array;
  day: Int32Array;
  /** Row of each event in the source columns. */
  row: Int32Array;
  /** Source rows left out for lacking coordinates or a readable time. */
  dropped: number;
  plane: PlaneInfo;
  /** Longitude/latitude of a point of the plane, and back. */
  toLonLat(x: number, y: number): [number, number];
  fromLonLat(lon: number, lat: number): [number, number];
}

/** Events from incident columns; `keep(i)` (optional) selects source rows first. */
export function spaceTimeEvents(c: SpaceTimeColumns, keep?: (i: number) => boolean): SpaceTimeEvents {
  const plane = metricPlane(c);
  const days = dayNumbers(c.ms);
  const rows: number[] = [];
  let dropped = 0;
  for (let i = 0; i < c.ms.length; i++) {
    if (keep && !keep(i)) continue;
    if (Number.isFinite(plane.x[i]) && Number.isFinite(plane.y[i]) && days[i] !== NO_DAY) rows.push(i);
    else dropped++;
  }
  const row = Int32Array.from(rows);
  return {
    n: row.length, row, dropped,
    x: Float64Array.from(row, (i) => plane.x[i]),
    y: Float64Array.from(row, (i) => plane.y[i]),
    day: Int32Array.from(row, (i) => days[i]),
    plane: planeInfo(plane),
    toLonLat: plane.toLonLat,
    fromLonLat: plane.fromLonLat,
  };
}

/** The events of the rows for which `keep(k)` holds (k indexes the events). */
export function subsetEvents(e: SpaceTimeEvents, keep: (k: number) => boolean): SpaceTimeEvents {
  const ks: number[] = [];
  for (let k = 0; k < e.n; k++) if (keep(k)) ks.push(k);
  return {
    n: ks.length, dropped: e.dropped, plane: e.plane, toLonLat: e.toLonLat, fromLonLat: e.fromLonLat,
    row: Int32Array.from(ks, (k) => e.row[k]), x: Float64Array.from(ks, (k) => e.x[k]), y: Float64Array.from(ks, (k) => e.y[k]), day: Int32Array.from(ks, (k) => e.day[k]),
  };
}
