/**
 * The typed form of an import: the mapped columns of every source row, in row order, as Arrow
 * vectors (text and time) and float arrays (coordinates, NaN where missing). Parquet with native
 * types is taken straight from its Arrow table; everything else is parsed by DuckDB SQL.
 */
import { DataType, Type, type Table, type Vector } from 'apache-arrow';
import type { ColumnMapping } from '../engine/protocol';

export interface TypedRows {
  n: number;
  id: Vector | null;
  /** A Timestamp vector; null entries are unreadable dates. */
  ts: Vector;
  offence: Vector | null;
  location: Vector | null;
  lat: Float64Array;
  lon: Float64Array;
  x: Float64Array | null;
  y: Float64Array | null;
}

/** A numeric vector as float64 with NaN for nulls. */
export function floats(v: Vector | null, n: number): Float64Array {
  if (!v) return new Float64Array(n).fill(NaN);
  const raw = v.toArray() as ArrayLike<number | bigint>;
  const out = raw instanceof Float64Array ? Float64Array.from(raw) : Float64Array.from(raw as ArrayLike<number>, Number);
  if (v.nullCount > 0) for (let i = 0; i < n; i++) if (!v.isValid(i)) out[i] = NaN;
  return out;
}

const isText = (t: DataType) => t.typeId === Type.Utf8 || t.typeId === Type.LargeUtf8;
const isNum = (t: DataType) => t.typeId === Type.Float || t.typeId === Type.Int;

/**
 * Takes the typed rows straight from an Arrow table when its columns already have the right
 * types (timestamp without zone, numeric coordinates, text or integer id and text fields);
 * returns null when the SQL path must parse them.
 */
export function typedFromArrow(t: Table, m: ColumnMapping): TypedRows | null {
  const col = (name?: string) => (name ? t.getChild(name) : null);
  const ts = col(m.datetime);
  if (!ts || m.time || ts.type.typeId !== Type.Timestamp || (ts.type as { timezone?: string | null }).timezone) return null;
  for (const k of ['lat', 'lon', 'x', 'y'] as const) if (m[k] && !isNum(col(m[k])!.type)) return null;
  for (const k of ['offence', 'location'] as const) if (m[k] && !isText(col(m[k])!.type)) return null;
  if (m.id && !(isText(col(m.id)!.type) || col(m.id)!.type.typeId === Type.Int)) return null;
  const n = t.numRows;
  return {
    n,
    id: col(m.id),
    ts,
    offence: col(m.offence),
    location: col(m.location),
    lat: floats(col(m.lat), n),
    lon: floats(col(m.lon), n),
    x: m.x ? floats(col(m.x), n) : null,
    y: m.y ? floats(col(m.y), n) : null,
  };
}

/** Milliseconds since the epoch of each timestamp (NaN for nulls), whatever the unit. */
export function epochMillis(ts: Vector): Float64Array {
  const unit = (ts.type as { unit: number }).unit; // 0 s, 1 ms, 2 µs, 3 ns
  const div = [1e-3, 1, 1e3, 1e6][unit];
  const out = floats(ts, ts.length);
  for (let i = 0; i < out.length; i++) out[i] /= div;
  return out;
}

/** Hour of day and ISO weekday (1 = Monday) of naive local timestamps given in ms. */
export function hourAndWeekday(ms: Float64Array): { hour: Uint8Array; dow: Uint8Array } {
  const hour = new Uint8Array(ms.length);
  const dow = new Uint8Array(ms.length);
  for (let i = 0; i < ms.length; i++) {
    const t = ms[i];
    if (t !== t) continue;
    const days = Math.floor(t / 86_400_000);
    hour[i] = Math.floor((t - days * 86_400_000) / 3_600_000);
    dow[i] = (((days + 3) % 7) + 7) % 7 + 1; // 1970-01-01 was a Thursday
  }
  return { hour, dow };
}
