/**
 * The coordinate checks of an import, on de-duplicated coordinates: each distinct source
 * coordinate gets one status, in the order the validation report lists its reasons.
 */
import type { PreparedPolygons } from '../geo/point-in-polygon';

export const COORD_OK = 0;
export const COORD_MISSING = 1;
export const COORD_RANGE = 2;
export const COORD_SWAPPED = 3;
export const COORD_OUTSIDE = 4;

/** A lon/lat box in which a point is plausible: [minLon, minLat, maxLon, maxLat]. */
export type Region = [number, number, number, number];

const inRegion = (r: Region, lon: number, lat: number) => lon >= r[0] && lon <= r[2] && lat >= r[1] && lat <= r[3];
const valid = (lon: number, lat: number) => Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(Math.abs(lat) < 1e-9 && Math.abs(lon) < 1e-9);

/**
 * The region where the data plausibly lies: the boundary's box padded by 0.25°, or, without a
 * boundary, the median of the valid points ± max(1°, 4 × their interquartile range) on each axis.
 * Quartiles, not the 10–90 % spread, so that up to a quarter of the rows can be swapped or
 * misplaced without stretching the region over them.
 */
export function plausibleRegion(lon: Float64Array, lat: Float64Array, boundary: PreparedPolygons | null): Region | null {
  if (boundary) {
    const [a, b, c, d] = boundary.bbox;
    return [a - 0.25, b - 0.25, c + 0.25, d + 0.25];
  }
  // Quantiles from an even sample of at most ~50,000 points are plenty for a plausibility box.
  const xs: number[] = [];
  const ys: number[] = [];
  const step = Math.max(1, Math.floor(lon.length / 50_000));
  for (let i = 0; i < lon.length; i += step) if (Number.isFinite(lon[i]) && Number.isFinite(lat[i]) && valid(lon[i], lat[i])) { xs.push(lon[i]); ys.push(lat[i]); }
  if (xs.length === 0) return null;
  const q = (a: number[], p: number) => a[Math.min(a.length - 1, Math.floor(p * a.length))];
  xs.sort((a, b) => a - b);
  ys.sort((a, b) => a - b);
  const wx = Math.max(1, 4 * (q(xs, 0.75) - q(xs, 0.25)));
  const wy = Math.max(1, 4 * (q(ys, 0.75) - q(ys, 0.25)));
  return [q(xs, 0.5) - wx, q(ys, 0.5) - wy, q(xs, 0.5) + wx, q(ys, 0.5) + wy];
}

/**
 * Classifies each coordinate: missing, out of range (or 0,0), probably swapped (impossible as
 * given but valid and plausible when swapped, or implausible as given but plausible swapped),
 * outside the boundary (only when clipping), or fine.
 */
export function classifyCoordinates(
  lon: Float64Array,
  lat: Float64Array,
  region: Region | null,
  clipTo: PreparedPolygons | null,
): Uint8Array {
  const status = new Uint8Array(lon.length);
  for (let i = 0; i < lon.length; i++) {
    const x = lon[i];
    const y = lat[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) status[i] = COORD_MISSING;
    else if (!valid(x, y)) status[i] = valid(y, x) && Math.abs(y) > 90 && (!region || inRegion(region, y, x)) ? COORD_SWAPPED : COORD_RANGE;
    else if (region && !inRegion(region, x, y) && inRegion(region, y, x)) status[i] = COORD_SWAPPED;
    else if (clipTo && !clipTo.contains(x, y)) status[i] = COORD_OUTSIDE;
    else status[i] = COORD_OK;
  }
  return status;
}

/** What sampled values of the mapped coordinate columns say about the mapping itself. */
export type CoordinateHint = 'swap' | 'projected' | 'degrees' | null;

const share = (v: number[], ok: (x: number) => boolean) => (v.length ? v.filter(ok).length / v.length : 0);

/**
 * From sampled latitude/longitude values (NaN = missing): `swap` when the two columns are swapped
 * in (nearly) every row — the "latitudes" are beyond ±90° or south of 60° S, where no city lies,
 * while the "longitudes" are ordinary latitudes; `projected` when both hold values far beyond
 * degrees (metres or feet of a projected CRS). Null when the values look like lat/lon.
 */
export function latLonHint(lat: number[], lon: number[]): CoordinateHint {
  const y = lat.filter(Number.isFinite);
  const x = lon.filter(Number.isFinite);
  if (y.length === 0 || x.length === 0) return null;
  if (share(y, (v) => Math.abs(v) > 360) >= 0.8 && share(x, (v) => Math.abs(v) > 360) >= 0.8) return 'projected';
  const latImpossible = share(y, (v) => (Math.abs(v) > 90 || v < -60) && Math.abs(v) <= 180);
  const lonIsLat = share(x, (v) => v >= -60 && v <= 85);
  return latImpossible >= 0.8 && lonIsLat >= 0.8 ? 'swap' : null;
}

/** From sampled X/Y values: `degrees` when they are longitude/latitude rather than projected. */
export function xyHint(x: number[], y: number[]): CoordinateHint {
  const a = x.filter(Number.isFinite);
  const b = y.filter(Number.isFinite);
  if (a.length === 0 || b.length === 0) return null;
  const deg = share(a, (v) => Math.abs(v) <= 180) >= 0.9 && share(b, (v) => Math.abs(v) <= 90) >= 0.9;
  const notTiny = share(a, (v) => Math.abs(v) > 1) + share(b, (v) => Math.abs(v) > 1) > 0;
  return deg && notTiny ? 'degrees' : null;
}
