/**
 * The environmental layer data model: the features of one feature type (street lights out, bars,
 * vacant lots …) with their geometry stored column by column, GeoArrow-style, so a layer crosses
 * the worker boundary as a handful of transferable typed arrays and the analysis never walks
 * GeoJSON objects.
 *
 * Geometry: feature f owns parts `featureParts[f] … featureParts[f+1] − 1`; part p owns vertices
 * `partVertices[p] … partVertices[p+1] − 1` of `lon`/`lat` (WGS 84 degrees).
 * - a point is one part of one vertex (a MultiPoint is split into separate point features);
 * - a line has one part per line string (a MultiLineString is one feature);
 * - a polygon has one part per ring, outer rings and holes of all its polygons alike (a
 *   MultiPolygon is one feature); a place is inside when it lies inside an odd number of the
 *   feature's rings (even–odd rule), which honours holes without telling rings apart.
 * This module has no dependencies: the analysis core imports its types.
 */
import type { Geometry } from 'geojson';

/** Geometry kind codes in `EnvironmentLayer.kind`: a point. */
export const POINT = 0;
/** A line (one or more line strings). */
export const LINE = 1;
/** A polygon (rings under the even–odd rule). */
export const POLYGON = 2;

/** A geometry kind by name. */
export type GeometryKind = 'point' | 'line' | 'polygon';
/** Geometry kind names by code. */
export const KIND_NAMES: readonly GeometryKind[] = ['point', 'line', 'polygon'];

/** An attribute value of a feature (text, number, boolean or missing). */
export type AttributeValue = string | number | boolean | null;

/** The features of one feature type. */
export interface EnvironmentLayer {
  /** Feature type id (see feature-types.ts); the model's term for this layer. */
  type: string;
  /** Where the features came from (file name, or "edited"). */
  source: string;
  /** Number of features. */
  n: number;
  /** Geometry kind per feature: POINT, LINE or POLYGON. */
  kind: Uint8Array;
  /** Length n + 1: the parts of feature f are featureParts[f] … featureParts[f + 1] − 1. */
  featureParts: Uint32Array;
  /** Length parts + 1: the vertices of part p are partVertices[p] … partVertices[p + 1] − 1. */
  partVertices: Uint32Array;
  /** Vertex longitudes and latitudes, WGS 84 degrees. */
  lon: Float64Array;
  lat: Float64Array;
  /** Feature ids (from the source's id column or property, else "1", "2" … in source order). */
  ids: string[];
  /** Attribute columns, one value per feature, for selecting subsets (e.g. `working = false`). */
  attributes: Record<string, AttributeValue[]>;
  /** Source records left out because they had no usable geometry. */
  skipped: number;
}

/** Builds a layer feature by feature. */
export class LayerBuilder {
  private kinds: number[] = [];
  private fParts: number[] = [0];
  private pVerts: number[] = [0];
  private xs: number[] = [];
  private ys: number[] = [];
  private idList: string[] = [];
  private attrs: Record<string, AttributeValue>[] = [];
  skipped = 0;

  /** Adds a point; returns false (and counts a skip) when a coordinate is not finite. */
  point(lon: number, lat: number, id: string, attrs: Record<string, AttributeValue> = {}): boolean {
    return this.feature(POINT, [[[lon, lat]]], id, attrs);
  }

  /**
   * Adds a feature of parts (lines: line strings; polygons: rings) of [lon, lat] vertices.
   * Parts with non-finite vertices, lines under 2 and rings under 3 distinct vertices are dropped;
   * a feature left with no part is skipped.
   */
  feature(kind: number, parts: readonly (readonly (readonly number[])[])[], id: string, attrs: Record<string, AttributeValue> = {}): boolean {
    const min = kind === POINT ? 1 : kind === LINE ? 2 : 4;
    const good = parts.filter((p) => p.length >= min && p.every((v) => v.length >= 2 && Number.isFinite(v[0]) && Number.isFinite(v[1]) && Math.abs(v[1]) <= 90 && Math.abs(v[0]) <= 180));
    if (good.length === 0) {
      this.skipped++;
      return false;
    }
    for (const p of good) {
      for (const v of p) { this.xs.push(v[0]); this.ys.push(v[1]); }
      this.pVerts.push(this.xs.length);
    }
    this.fParts.push(this.pVerts.length - 1);
    this.kinds.push(kind);
    this.idList.push(id);
    this.attrs.push(attrs);
    return true;
  }

  /** The finished layer. */
  build(type: string, source: string): EnvironmentLayer {
    const keys = new Set<string>();
    for (const a of this.attrs) for (const k of Object.keys(a)) keys.add(k);
    const attributes: Record<string, AttributeValue[]> = {};
    for (const k of keys) attributes[k] = this.attrs.map((a) => a[k] ?? null);
    return {
      type, source, n: this.kinds.length, kind: Uint8Array.from(this.kinds), featureParts: Uint32Array.from(this.fParts),
      partVertices: Uint32Array.from(this.pVerts), lon: Float64Array.from(this.xs), lat: Float64Array.from(this.ys),
      ids: this.idList, attributes, skipped: this.skipped,
    };
  }
}

/** A layer of points from coordinate columns (non-finite rows are skipped). */
export function pointLayer(type: string, source: string, lon: ArrayLike<number>, lat: ArrayLike<number>, ids?: readonly string[], attributes: Record<string, AttributeValue[]> = {}): EnvironmentLayer {
  const keep: number[] = [];
  for (let i = 0; i < lon.length; i++) if (Number.isFinite(lon[i]) && Number.isFinite(lat[i]) && Math.abs(lat[i]) <= 90 && Math.abs(lon[i]) <= 180) keep.push(i);
  const n = keep.length;
  const attrs: Record<string, AttributeValue[]> = {};
  for (const [k, v] of Object.entries(attributes)) attrs[k] = keep.map((i) => v[i]);
  return {
    type, source, n, kind: new Uint8Array(n), featureParts: Uint32Array.from({ length: n + 1 }, (_, i) => i), partVertices: Uint32Array.from({ length: n + 1 }, (_, i) => i),
    lon: Float64Array.from(keep, (i) => lon[i]), lat: Float64Array.from(keep, (i) => lat[i]),
    ids: keep.map((i) => (ids ? ids[i] : String(i + 1))), attributes: attrs, skipped: lon.length - n,
  };
}

/** The vertices of feature f as [lon, lat] parts. */
export function featureParts(layer: EnvironmentLayer, f: number): number[][][] {
  const out: number[][][] = [];
  for (let p = layer.featureParts[f]; p < layer.featureParts[f + 1]; p++) {
    const part: number[][] = [];
    for (let v = layer.partVertices[p]; v < layer.partVertices[p + 1]; v++) part.push([layer.lon[v], layer.lat[v]]);
    out.push(part);
  }
  return out;
}

/** A representative place of feature f: the point itself, or the mean of the vertices. */
export function featureAnchor(layer: EnvironmentLayer, f: number): [number, number] {
  const v0 = layer.partVertices[layer.featureParts[f]];
  const v1 = layer.partVertices[layer.featureParts[f + 1]];
  let x = 0, y = 0;
  for (let v = v0; v < v1; v++) { x += layer.lon[v]; y += layer.lat[v]; }
  return [x / (v1 - v0), y / (v1 - v0)];
}

/** The features of a layer for which `keep(f)` holds, under a (possibly new) type. */
export function selectFeatures(layer: EnvironmentLayer, keep: (f: number) => boolean, type = layer.type): EnvironmentLayer {
  const b = new LayerBuilder();
  const keys = Object.keys(layer.attributes);
  for (let f = 0; f < layer.n; f++) {
    if (!keep(f)) continue;
    const attrs: Record<string, AttributeValue> = {};
    for (const k of keys) attrs[k] = layer.attributes[k][f];
    b.feature(layer.kind[f], featureParts(layer, f), layer.ids[f], attrs);
  }
  const out = b.build(type, layer.source);
  out.skipped = layer.skipped;
  return out;
}

/**
 * The features whose attribute `column` equals `value` (compared as text, so `false` matches
 * "false" from a CSV), as a layer of the given type: e.g. the demo's lights with `working = false`
 * become `street_light_out`.
 */
export function whereAttribute(layer: EnvironmentLayer, column: string, value: AttributeValue, type = layer.type): EnvironmentLayer {
  const col = layer.attributes[column];
  if (!col) throw new Error(`Layer "${layer.type}" has no attribute "${column}" (attributes: ${Object.keys(layer.attributes).join(', ') || 'none'}).`);
  const want = value === null ? null : String(value);
  return selectFeatures(layer, (f) => (col[f] === null ? null : String(col[f])) === want, type);
}

/** All features of several layers as one layer of `type`. */
export function concatLayers(layers: readonly EnvironmentLayer[], type: string, source = 'combined'): EnvironmentLayer {
  const b = new LayerBuilder();
  for (const l of layers) {
    const keys = Object.keys(l.attributes);
    for (let f = 0; f < l.n; f++) {
      const attrs: Record<string, AttributeValue> = {};
      for (const k of keys) attrs[k] = l.attributes[k][f];
      b.feature(l.kind[f], featureParts(l, f), l.ids[f], attrs);
    }
  }
  const out = b.build(type, source);
  out.skipped = layers.reduce((s, l) => s + l.skipped, 0);
  return out;
}

/** Counts of features per geometry kind. */
export function kindCounts(layer: EnvironmentLayer): Record<GeometryKind, number> {
  const c = { point: 0, line: 0, polygon: 0 };
  for (let f = 0; f < layer.n; f++) c[KIND_NAMES[layer.kind[f]]]++;
  return c;
}

/** Whether [x, y] is inside a ring (ray casting). */
function inRing(x: number, y: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A feature's rings (stored without telling outer rings from holes) as GeoJSON polygons: a ring inside an odd number of the others is a hole of the smallest ring holding it. */
export function ringsToPolygons(rings: number[][][]): number[][][][] {
  const holders = rings.map((r, i) => rings.map((_, j) => j).filter((j) => j !== i && inRing(r[0][0], r[0][1], rings[j])));
  const polys = new Map<number, number[][][]>();
  rings.forEach((r, i) => { if (holders[i].length % 2 === 0) polys.set(i, [r]); });
  rings.forEach((r, i) => {
    if (holders[i].length % 2 === 0) return;
    const outer = holders[i].filter((j) => polys.has(j)).sort((a, b) => holders[b].length - holders[a].length)[0];
    if (outer !== undefined) polys.get(outer)!.push(r);
  });
  return [...polys.values()];
}

/** Feature f as GeoJSON (to draw it): a Point, a MultiLineString, or a MultiPolygon with its holes. */
export function featureGeometry(layer: EnvironmentLayer, f: number): Geometry {
  const parts = featureParts(layer, f);
  if (layer.kind[f] === POINT) return { type: 'Point', coordinates: parts[0][0] };
  if (layer.kind[f] === LINE) return { type: 'MultiLineString', coordinates: parts };
  return { type: 'MultiPolygon', coordinates: ringsToPolygons(parts) };
}
