/**
 * JSON sources as an Arrow table of text columns, in JavaScript (DuckDB's JSON and spatial
 * extensions are not available offline): a GeoJSON FeatureCollection (or one Feature, or a list
 * of Features, or newline-delimited features) gives its properties plus `longitude`/`latitude`
 * from Point geometry; a list of plain records gives its fields. Non-point features stay rows
 * without coordinates, with a note; a file of polygons only is explained, not imported.
 */
import { Table, Utf8, makeVector, vectorFromArray, type Vector } from 'apache-arrow';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** Parses JSON, or newline-delimited JSON (one object per line), with a clear message on failure. */
function parse(name: string, text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    if (lines.length > 1 && lines[0].trim().startsWith('{')) {
      try {
        return lines.map((l) => JSON.parse(l) as Json);
      } catch {
        // fall through to the message about the whole file
      }
    }
    throw new Error(
      `"${name}" is not valid JSON (${(e as Error).message}). If it was cut short, download or export it again; a GeoJSON file of incident points or a JSON list of records is expected.`,
    );
  }
}

/** Text of a property value (objects and lists as JSON). */
const text = (v: Json | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Unique, non-empty column names, case-insensitively (DuckDB's identifiers ignore case). */
function columnNames(keys: Iterable<string>, reserved: string[]): Map<string, string> {
  const taken = new Set(reserved.map((r) => r.toLowerCase()));
  const out = new Map<string, string>();
  let blank = 0;
  for (const k of keys) {
    let name = k.trim() === '' ? `column_${++blank}` : k;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${k || 'column'}_${i}`;
    taken.add(name.toLowerCase());
    out.set(k, name);
  }
  return out;
}

/** The point of a geometry: a Point, or a MultiPoint of exactly one point; else null. */
function pointOf(g: Json | undefined): [number, number] | null {
  if (!isObj(g)) return null;
  const c = g.coordinates;
  if (g.type === 'Point' && Array.isArray(c) && c.length >= 2) return [Number(c[0]), Number(c[1])];
  if (g.type === 'MultiPoint' && Array.isArray(c) && c.length === 1 && Array.isArray(c[0]) && c[0].length >= 2) return [Number(c[0][0]), Number(c[0][1])];
  return null;
}

export interface JsonTable {
  /** `__rn` (row number) and one column per field, text; plus `longitude`/`latitude` for GeoJSON. */
  table: Table;
  notes: string[];
}

/** Reads JSON bytes (GeoJSON or a list of records) into an Arrow table. */
export function jsonToArrow(name: string, bytes: Uint8Array): JsonTable {
  const root = parse(name, new TextDecoder().decode(bytes));
  const notes: string[] = [];
  let features: Obj[] | null = null;
  let records: Obj[] | null = null;
  if (isObj(root) && root.type === 'FeatureCollection' && Array.isArray(root.features)) features = root.features.filter(isObj);
  else if (isObj(root) && root.type === 'Feature') features = [root];
  else if (isObj(root) && typeof root.type === 'string' && GEOMETRY_TYPES.has(root.type))
    throw new Error(`"${name}" is a single ${root.type} geometry, not a collection of incident features. If it is a study area, choose it as the boundary instead.`);
  else if (Array.isArray(root)) {
    const objs = root.filter(isObj);
    if (objs.length < root.length) throw new Error(`"${name}" is a JSON list, but not of records: expected objects such as {"id": …, "date": …, "latitude": …, "longitude": …}.`);
    if (objs.length > 0 && objs.every((o) => o.type === 'Feature')) features = objs;
    else records = objs;
  } else
    throw new Error(`"${name}" is JSON but not GeoJSON: expected a FeatureCollection of incident points, or a list of records with coordinates and dates.`);

  const rows = features ?? records!;
  if (rows.length === 0) throw new Error(`"${name}" has no ${features ? 'features' : 'records'}: there is nothing to import.`);
  const propsOf = features ? (f: Obj) => (isObj(f.properties) ? f.properties : {}) : (r: Obj) => r;
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(propsOf(r))) keys.add(k);
  if (features) { keys.delete('longitude'); keys.delete('latitude'); }
  const names = columnNames(keys, features ? ['__rn', 'longitude', 'latitude'] : ['__rn']);
  const cols: Record<string, Vector> = {};
  const rn = new BigInt64Array(rows.length);
  for (let i = 0; i < rn.length; i++) rn[i] = BigInt(i);
  cols.__rn = makeVector(rn);
  for (const [k, col] of names) cols[col] = vectorFromArray(rows.map((r) => text(propsOf(r)[k])), new Utf8());

  if (features) {
    const lon = new Float64Array(rows.length).fill(NaN);
    const lat = new Float64Array(rows.length).fill(NaN);
    const other = new Map<string, number>();
    rows.forEach((f, i) => {
      const p = pointOf(f.geometry);
      if (p) [lon[i], lat[i]] = p;
      else {
        const g = f.geometry;
        const t = isObj(g) && typeof g.type === 'string' ? (g.type === 'MultiPoint' ? 'MultiPoint of several points' : g.type) : 'no geometry';
        other.set(t, (other.get(t) ?? 0) + 1);
      }
    });
    const nonPoints = [...other.values()].reduce((a, b) => a + b, 0);
    const list = [...other].map(([t, n]) => `${n} ${t}`).join(', ');
    if (nonPoints === rows.length)
      throw new Error(
        `"${name}" holds no point features (${list}). Incidents must be points; if this file is a study area, choose it as the boundary in the column dialog (or pass it with --boundary).`,
      );
    if (nonPoints > 0) notes.push(`${nonPoints} of ${rows.length} features are not points (${list}); they count as rows without coordinates.`);
    cols.longitude = makeVector(lon);
    cols.latitude = makeVector(lat);
  }
  const renamed = [...names].filter(([k, v]) => k !== v);
  if (renamed.length) notes.push(`Some field names were blank or repeated and were renamed: ${renamed.map(([k, v]) => `"${k}" → "${v}"`).join(', ')}.`);
  return { table: new Table(cols), notes };
}
