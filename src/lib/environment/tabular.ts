/**
 * CSV and Parquet → an environmental layer. CSV is parsed by DuckDB (`read_csv`, every column as
 * text, numbers cast in SQL), Parquet by parquet-wasm into Arrow; either way the rows arrive as an
 * Arrow table, and each row becomes one feature from its coordinate columns (points) or its
 * geometry column (WKT text or WKB bytes: points, lines or polygons).
 */
import type { Table, Vector } from 'apache-arrow';
import { ident, str, type Engine } from '../engine/engine';
import type { ParquetReader } from '../engine/sources';
import { addGeometry, type LayerReadOptions } from './geojson';
import { LayerBuilder, pointLayer, type AttributeValue, type EnvironmentLayer } from './layer';
import { parseWkb, parseWkt } from './wkt';

/** Options for tabular sources: the coordinate or geometry columns (detected when absent). */
export interface TabularOptions extends LayerReadOptions {
  lon?: string;
  lat?: string;
  /** A column of WKT text or WKB bytes. */
  geometry?: string;
}

const LON = ['lon', 'lng', 'long', 'longitude', 'x_lon'];
const LAT = ['lat', 'latitude', 'y_lat'];
const GEOM = ['geometry', 'geom', 'the_geom', 'wkt', 'wkb', 'shape', 'location_wkt'];
/** Attribute columns kept per feature (enough to select subsets; wide files keep the first ones). */
const MAX_ATTRIBUTES = 32;

/** Which columns hold the geometry: explicit options, else by common names (any letter case). */
export function geometryColumns(names: readonly string[], o: TabularOptions): { lon: string; lat: string } | { geometry: string } {
  const find = (want: string | undefined, pool: string[], what: string) => {
    if (want !== undefined) {
      if (!names.includes(want)) throw new Error(`The file has no column "${want}" for the ${what} (columns: ${names.join(', ')}).`);
      return want;
    }
    return names.find((n) => pool.includes(n.trim().toLowerCase()));
  };
  if (o.geometry !== undefined) return { geometry: find(o.geometry, GEOM, 'geometry')! };
  const lon = find(o.lon, LON, 'longitude');
  const lat = find(o.lat, LAT, 'latitude');
  if (lon && lat) return { lon, lat };
  const geometry = find(undefined, GEOM, 'geometry');
  if (geometry) return { geometry };
  throw new Error(`Found no coordinate columns (lon/longitude and lat/latitude) or geometry column (WKT/WKB) among: ${names.join(', ')}.`);
}

let fileSeq = 0;

/** Reads a CSV layer through DuckDB. */
export function readCsvLayer(engine: Engine, source: string, bytes: Uint8Array, o: TabularOptions): EnvironmentLayer {
  const file = `environment_layer_${++fileSeq}.csv`;
  engine.registerFile(file, bytes);
  try {
    // Layers are small: the serial reader copes with quoted line breaks next to short rows.
    const from = `read_csv(${str(file)}, all_varchar = true, header = true, null_padding = true, parallel = false)`;
    let names: string[];
    try {
      names = engine.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM ${from}`).map((r) => r.column_name);
    } catch (e) {
      throw new Error(`"${source}" could not be read as CSV: ${(e as Error).message.split('\n')[0]}`);
    }
    const g = geometryColumns(names, o);
    const coords = 'lon' in g ? `try_cast(trim(${ident(g.lon)}) AS DOUBLE) AS __lon, try_cast(trim(${ident(g.lat)}) AS DOUBLE) AS __lat, ` : '';
    let t: Table;
    try {
      t = engine.query(`SELECT ${coords}* FROM ${from}`);
    } catch (e) {
      throw new Error(`"${source}" could not be read as CSV: ${(e as Error).message.split('\n')[0]}`);
    }
    return tableToLayer(t, source, o, 'lon' in g ? { lon: '__lon', lat: '__lat', skip: [g.lon, g.lat] } : { geometry: g.geometry, skip: [g.geometry] });
  } finally {
    engine.dropFile(file);
  }
}

/** Reads a Parquet layer (GeoParquet's WKB geometry column, or coordinate columns). */
export async function readParquetLayer(readParquet: ParquetReader, source: string, bytes: Uint8Array, o: TabularOptions): Promise<EnvironmentLayer> {
  let t: Table;
  try {
    t = await readParquet(bytes);
  } catch (e) {
    throw new Error(`"${source}" could not be read as Parquet: ${(e as Error).message}`);
  }
  const g = geometryColumns(t.schema.fields.map((f) => f.name), o);
  return tableToLayer(t, source, o, 'lon' in g ? { ...g, skip: [g.lon, g.lat] } : { ...g, skip: [g.geometry] });
}

/** One feature per row of an Arrow table. */
function tableToLayer(t: Table, source: string, o: TabularOptions, g: ({ lon: string; lat: string } | { geometry: string }) & { skip: string[] }): EnvironmentLayer {
  const n = t.numRows;
  const attrNames = t.schema.fields.map((f) => f.name).filter((k) => !g.skip.includes(k) && k !== '__lon' && k !== '__lat').slice(0, MAX_ATTRIBUTES);
  const attrs = attrNames.map((k) => values(t.getChild(k)!));
  const idKey = o.id ?? attrNames.find((k) => k.toLowerCase() === 'id');
  if (idKey !== undefined && !attrNames.includes(idKey)) throw new Error(`The file has no id column "${idKey}".`);
  const ids = idKey === undefined ? null : attrs[attrNames.indexOf(idKey)];
  const idOf = (i: number) => (ids && ids[i] !== null ? String(ids[i]) : String(i + 1));
  if ('lon' in g) {
    // Points: straight from the coordinate columns.
    const lon = numbers(t.getChild(g.lon)!), lat = numbers(t.getChild(g.lat)!);
    const attributes = Object.fromEntries(attrNames.map((k, j) => [k, attrs[j]]));
    return pointLayer(o.type, source, lon, lat, Array.from({ length: n }, (_, i) => idOf(i)), attributes);
  }
  const b = new LayerBuilder();
  const geom = t.getChild(g.geometry)!;
  for (let i = 0; i < n; i++) {
    const props: Record<string, AttributeValue> = {};
    attrNames.forEach((k, j) => { props[k] = attrs[j][i]; });
    const v: unknown = geom.get(i);
    const parsed = v instanceof Uint8Array ? parseWkb(v) : typeof v === 'string' ? parseWkt(v) : null;
    addGeometry(b, parsed, idOf(i), props);
  }
  return b.build(o.type, source);
}

/** A column as doubles, NaN where missing or not a number. */
function numbers(v: Vector): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v.get(i);
    out[i] = x === null || x === undefined ? NaN : typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN;
  }
  return out;
}

/** A column's values as plain attribute values (64-bit integers as numbers, dates as text). */
function values(v: Vector): AttributeValue[] {
  const out = new Array<AttributeValue>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v.get(i);
    out[i] = x === null || x === undefined ? null
      : typeof x === 'bigint' ? Number(x)
      : typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? x
      : x instanceof Uint8Array ? null
      : String(x);
  }
  return out;
}
