/**
 * Well-known text and well-known binary geometry (OGC Simple Features, ISO 19125-1 §7–8) → GeoJSON
 * geometry, for CSV columns such as the Chicago data portal's `the_geom` (WKT) and GeoParquet
 * geometry columns (WKB). Z and M values are read and dropped; EWKB's SRID prefix is skipped.
 */
import type { Geometry, Position } from 'geojson';

/** Parses WKT (`POINT (1 2)`, `MULTIPOLYGON (((…)))`, …); null when it cannot be read. */
export function parseWkt(text: string): Geometry | null {
  const src = text.trim().replace(/^SRID=\d+;/i, '');
  let i = 0;
  const ws = () => { while (i < src.length && /\s/.test(src[i])) i++; };
  const word = () => { ws(); const m = /^[A-Za-z]+/.exec(src.slice(i)); if (!m) return ''; i += m[0].length; return m[0].toUpperCase(); };
  const expect = (c: string) => { ws(); if (src[i] !== c) throw new Error(`expected "${c}"`); i++; };
  const peek = (c: string) => { ws(); return src[i] === c; };
  const position = (): Position => {
    ws();
    const m = /^[-+0-9.eE]+(\s+[-+0-9.eE]+)+/.exec(src.slice(i));
    if (!m) throw new Error('expected coordinates');
    i += m[0].length;
    const xs = m[0].trim().split(/\s+/).map(Number);
    return [xs[0], xs[1]];
  };
  const list = <T>(item: () => T): T[] => {
    expect('(');
    const out = [item()];
    while (peek(',')) { i++; out.push(item()); }
    expect(')');
    return out;
  };
  const points = () => list(() => (peek('(') ? list(position)[0] : position()));
  const ring = () => list(position);
  const geometry = (): Geometry => {
    const w = word();
    let d = word();
    if (d === 'Z' || d === 'M' || d === 'ZM') d = word();
    if (d === 'EMPTY') return { type: 'GeometryCollection', geometries: [] };
    if (d) throw new Error(`unexpected "${d}"`);
    switch (w) {
      case 'POINT': return { type: 'Point', coordinates: list(position)[0] };
      case 'MULTIPOINT': return { type: 'MultiPoint', coordinates: points() };
      case 'LINESTRING': return { type: 'LineString', coordinates: ring() };
      case 'MULTILINESTRING': return { type: 'MultiLineString', coordinates: list(ring) };
      case 'POLYGON': return { type: 'Polygon', coordinates: list(ring) };
      case 'MULTIPOLYGON': return { type: 'MultiPolygon', coordinates: list(() => list(ring)) };
      case 'GEOMETRYCOLLECTION': return { type: 'GeometryCollection', geometries: list(geometry) };
      default: throw new Error(`unknown geometry "${w}"`);
    }
  };
  try {
    const g = geometry();
    ws();
    return i === src.length ? g : null;
  } catch {
    return null;
  }
}

/** Parses WKB or EWKB bytes; null when they cannot be read. */
export function parseWkb(bytes: Uint8Array): Geometry | null {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  const geometry = (): Geometry => {
    const le = dv.getUint8(o) === 1;
    o += 1;
    let t = dv.getUint32(o, le);
    o += 4;
    let dims = 2;
    // EWKB flags (PostGIS): Z 0x80000000, M 0x40000000, SRID 0x20000000.
    if (t & 0x20000000) o += 4;
    if (t & 0x80000000) dims++;
    if (t & 0x40000000) dims++;
    t &= 0x0fffffff;
    // ISO codes: +1000 Z, +2000 M, +3000 ZM.
    if (t >= 1000) { dims += t >= 3000 ? 2 : 1; t %= 1000; }
    const u32 = () => { const v = dv.getUint32(o, le); o += 4; return v; };
    const pos = (): Position => { const x = dv.getFloat64(o, le), y = dv.getFloat64(o + 8, le); o += 8 * dims; return [x, y]; };
    const seq = () => Array.from({ length: u32() }, pos);
    const many = <T>(f: () => T) => Array.from({ length: u32() }, f);
    const sub = <G extends Geometry>() => geometry() as G;
    switch (t) {
      case 1: return { type: 'Point', coordinates: pos() };
      case 2: return { type: 'LineString', coordinates: seq() };
      case 3: return { type: 'Polygon', coordinates: many(seq) };
      case 4: return { type: 'MultiPoint', coordinates: many(() => sub<{ type: 'Point'; coordinates: Position }>().coordinates) };
      case 5: return { type: 'MultiLineString', coordinates: many(() => sub<{ type: 'LineString'; coordinates: Position[] }>().coordinates) };
      case 6: return { type: 'MultiPolygon', coordinates: many(() => sub<{ type: 'Polygon'; coordinates: Position[][] }>().coordinates) };
      case 7: return { type: 'GeometryCollection', geometries: many(geometry) };
      default: throw new Error(`unknown WKB type ${t}`);
    }
  };
  try {
    return geometry();
  } catch {
    return null;
  }
}
