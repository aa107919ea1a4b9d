/**
 * Projected coordinate systems the import understands offline, as proj4 definitions
 * (from the EPSG registry), and the conversion of projected X/Y to WGS84 longitude/latitude.
 */
import proj4 from 'proj4';

/** Built-in EPSG definitions; any other CRS can be given as a proj4 string. */
export const CRS_DEFS: Record<string, string> = {
  'EPSG:3435':
    '+proj=tmerc +lat_0=36.66666666666666 +lon_0=-88.33333333333333 +k=0.9999749999999999 +x_0=300000.0000000001 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=us-ft +no_defs',
  'EPSG:26971':
    '+proj=tmerc +lat_0=36.66666666666666 +lon_0=-88.33333333333333 +k=0.9999749999999999 +x_0=300000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:27700':
    '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs',
  'EPSG:2263':
    '+proj=lcc +lat_0=40.1666666666667 +lon_0=-74 +lat_1=41.0333333333333 +lat_2=40.6666666666667 +x_0=300000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=us-ft +no_defs',
  'EPSG:3857':
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
  'EPSG:4326': '+proj=longlat +datum=WGS84 +no_defs',
};

/** The proj4 definition of a CRS given as `EPSG:n` or as a proj4 string. */
export function crsDefinition(crs: string): string {
  const key = crs.trim().toUpperCase().replace(/^EPSG\s*:?\s*/, 'EPSG:');
  if (CRS_DEFS[key]) return CRS_DEFS[key];
  if (crs.trim().startsWith('+proj=')) return crs.trim();
  throw new Error(
    `Unknown coordinate system "${crs}". Use one of ${Object.keys(CRS_DEFS).join(', ')} or give a proj4 string (+proj=…).`,
  );
}

/** Converts projected x/y arrays to lon/lat in place-new arrays; unconvertible points become NaN. */
export function toLonLat(crs: string, x: Float64Array, y: Float64Array): { lon: Float64Array; lat: Float64Array } {
  const conv = proj4(crsDefinition(crs), CRS_DEFS['EPSG:4326']);
  const lon = new Float64Array(x.length).fill(NaN);
  const lat = new Float64Array(x.length).fill(NaN);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i]) || (x[i] === 0 && y[i] === 0)) continue;
    const [a, b] = conv.forward([x[i], y[i]]);
    if (Number.isFinite(a) && Number.isFinite(b)) {
      lon[i] = a;
      lat[i] = b;
    }
  }
  return { lon, lat };
}
