/**
 * Exact point-in-polygon tests for many points against a large boundary (thousands of vertices),
 * by the even–odd ray rule with edges bucketed into latitude bands, so each test touches only the
 * edges that cross its band. turf's booleanPointInPolygon scans every edge per point, which is
 * too slow for 10⁵ points against a city limit of 10⁴ vertices.
 */
import type { FeatureCollection, Geometry, Position } from 'geojson';

/** A prepared set of polygons (holes respected). */
export interface PreparedPolygons {
  contains(lon: number, lat: number): boolean;
  bbox: [number, number, number, number];
}

/** The polygon rings (outer and holes) of every Polygon/MultiPolygon in a collection. */
export function polygonsOf(fc: FeatureCollection): Position[][][] {
  const out: Position[][][] = [];
  const visit = (g: Geometry | null) => {
    if (!g) return;
    if (g.type === 'Polygon') out.push(g.coordinates);
    else if (g.type === 'MultiPolygon') out.push(...g.coordinates);
    else if (g.type === 'GeometryCollection') g.geometries.forEach(visit);
  };
  for (const f of fc.features) visit(f.geometry);
  return out;
}

/** Prepares polygons for fast repeated tests. Throws if there is no polygon. */
export function preparePolygons(polys: Position[][][]): PreparedPolygons {
  const edges: number[] = []; // x1,y1,x2,y2 per edge
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polys)
    for (const ring of poly)
      for (let i = 0; i < ring.length - 1; i++) {
        const [x1, y1] = ring[i];
        const [x2, y2] = ring[i + 1];
        if (y1 === y2 && x1 === x2) continue;
        edges.push(x1, y1, x2, y2);
        minX = Math.min(minX, x1); maxX = Math.max(maxX, x1);
        minY = Math.min(minY, y1); maxY = Math.max(maxY, y1);
      }
  const n = edges.length / 4;
  if (n === 0) throw new Error('The boundary has no polygon');
  const bands = Math.max(1, Math.min(4096, Math.ceil(Math.sqrt(n) * 2)));
  const h = (maxY - minY) / bands || 1;
  const buckets: number[][] = Array.from({ length: bands }, () => []);
  for (let e = 0; e < n; e++) {
    const y1 = edges[4 * e + 1], y2 = edges[4 * e + 3];
    const b0 = Math.max(0, Math.floor((Math.min(y1, y2) - minY) / h));
    const b1 = Math.min(bands - 1, Math.floor((Math.max(y1, y2) - minY) / h));
    for (let b = b0; b <= b1; b++) buckets[b].push(e);
  }
  return {
    bbox: [minX, minY, maxX, maxY],
    contains(x: number, y: number): boolean {
      if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) return false;
      const b = Math.min(bands - 1, Math.floor((y - minY) / h));
      let inside = false;
      for (const e of buckets[b]) {
        const x1 = edges[4 * e], y1 = edges[4 * e + 1], x2 = edges[4 * e + 2], y2 = edges[4 * e + 3];
        if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) inside = !inside;
      }
      return inside;
    },
  };
}
