/**
 * A local equirectangular projection to metres, for distances within a city: x east and y north of
 * an origin, x = R cos φ0 Δλ, y = R Δφ on the sphere of mean radius R = 6,371,008.8 m (IUGG).
 * Lines of constant x are meridians and of constant y parallels, so a rectangle in metres is a
 * lat/lon box. Scale error in x grows as tan φ0 · Δφ: about 0.3 % 20 km north or south of the origin
 * at 42° N — negligible for bandwidths and cell sizes of a few hundred metres.
 */

const R = 6_371_008.8;
const RAD = Math.PI / 180;

export interface LocalProjection {
  lat0: number;
  lon0: number;
  /** Metres per degree of longitude and of latitude at the origin. */
  mx: number;
  my: number;
  x(lon: number): number;
  y(lat: number): number;
  lon(x: number): number;
  lat(y: number): number;
}

/** The projection centred on (lat0, lon0). */
export function localProjection(lat0: number, lon0: number): LocalProjection {
  const my = R * RAD;
  const mx = my * Math.cos(lat0 * RAD);
  return { lat0, lon0, mx, my, x: (lon) => (lon - lon0) * mx, y: (lat) => (lat - lat0) * my, lon: (x) => lon0 + x / mx, lat: (y) => lat0 + y / my };
}

/** The projection centred on the middle of the points' lat/lon box (NaN points ignored). */
export function projectionFor(lat: ArrayLike<number>, lon: ArrayLike<number>): LocalProjection {
  let s = Infinity, n = -Infinity, w = Infinity, e = -Infinity;
  for (let i = 0; i < lat.length; i++) {
    if (!(Number.isFinite(lat[i]) && Number.isFinite(lon[i]))) continue;
    if (lat[i] < s) s = lat[i];
    if (lat[i] > n) n = lat[i];
    if (lon[i] < w) w = lon[i];
    if (lon[i] > e) e = lon[i];
  }
  return s <= n ? localProjection((s + n) / 2, (w + e) / 2) : localProjection(0, 0);
}
