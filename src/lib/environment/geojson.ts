/**
 * GeoJSON (RFC 7946) → an environmental layer, in JavaScript (the project's rule: GeoJSON is
 * parsed in JS, CSV by DuckDB). Points, lines and polygons, single or multi; a MultiPoint becomes
 * one point feature per point, a GeometryCollection one feature per member. Coordinates are taken
 * as WGS 84 lon/lat (RFC 7946); a `crs` member naming anything else is refused.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { LINE, LayerBuilder, POINT, POLYGON, type AttributeValue, type EnvironmentLayer } from './layer';

/** Options shared by the layer readers. */
export interface LayerReadOptions {
  /** The feature type id to tag the features with. */
  type: string;
  /** Property (GeoJSON) or column (CSV/Parquet) holding the feature id; default `id` when present. */
  id?: string;
}

/** Parses GeoJSON bytes (or an already parsed object) into a layer. */
export function readGeoJsonLayer(source: string, input: Uint8Array | unknown, opts: LayerReadOptions): EnvironmentLayer {
  let doc: unknown = input;
  if (input instanceof Uint8Array) {
    try {
      doc = JSON.parse(new TextDecoder().decode(input));
    } catch (e) {
      throw new Error(`"${source}" is not valid JSON: ${(e as Error).message}`);
    }
  }
  const d = doc as { type?: string; features?: unknown; crs?: { properties?: { name?: string } } };
  const crs = d?.crs?.properties?.name;
  if (crs && !/CRS84|4326/.test(crs)) throw new Error(`"${source}" declares CRS ${crs}; environmental layers must be WGS 84 lon/lat (RFC 7946).`);
  const feats: Feature[] =
    d?.type === 'FeatureCollection' && Array.isArray(d.features) ? (d as FeatureCollection).features
    : d?.type === 'Feature' ? [doc as Feature]
    : d && typeof d.type === 'string' ? [{ type: 'Feature', properties: {}, geometry: doc as Geometry }]
    : [];
  if (feats.length === 0) throw new Error(`"${source}" has no GeoJSON features.`);
  const b = new LayerBuilder();
  feats.forEach((f, i) => {
    const props: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) props[k] = v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : (v as AttributeValue);
    const idKey = opts.id ?? 'id';
    const raw = props[idKey] ?? f.id ?? null;
    const id = raw === null ? String(i + 1) : String(raw);
    addGeometry(b, f.geometry, id, props);
  });
  return b.build(opts.type, source);
}

/** Adds one GeoJSON geometry as one feature (or several, for MultiPoint and collections). */
export function addGeometry(b: LayerBuilder, g: Geometry | null | undefined, id: string, props: Record<string, AttributeValue>): void {
  if (!g) { b.skipped++; return; }
  switch (g.type) {
    case 'Point': b.feature(POINT, [[g.coordinates]], id, props); break;
    case 'MultiPoint':
      if (g.coordinates.length === 0) b.skipped++;
      g.coordinates.forEach((c, j) => b.feature(POINT, [[c]], g.coordinates.length > 1 ? `${id}.${j + 1}` : id, props));
      break;
    case 'LineString': b.feature(LINE, [g.coordinates], id, props); break;
    case 'MultiLineString': b.feature(LINE, g.coordinates, id, props); break;
    case 'Polygon': b.feature(POLYGON, g.coordinates, id, props); break;
    case 'MultiPolygon': b.feature(POLYGON, g.coordinates.flat(), id, props); break;
    case 'GeometryCollection':
      if (g.geometries.length === 0) b.skipped++;
      g.geometries.forEach((m, j) => addGeometry(b, m, g.geometries.length > 1 ? `${id}.${j + 1}` : id, props));
      break;
    default: b.skipped++;
  }
}
