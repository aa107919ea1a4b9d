/**
 * Risk zones as GeoJSON for the map: one feature per zone, the union of its incidents' discs
 * (Euclidean) or diamonds (Manhattan), drawn in the metric plane and returned to
 * longitude/latitude. Unions by @turf/union (polyclip-ts); should a union fail, the feature keeps
 * the separate shapes as a MultiPolygon.
 */
import { union } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { RiskZonesResult } from './risk-zones';

/** Properties of each zone feature. */
export interface ZoneProperties {
  id: number;
  incidents: number;
  firstIncident: string;
  lastIncident: string;
  until: string;
  areaKm2: number;
  /** e.g. "Heightened risk until 2016-03-14 (4 incidents within 200 m)". */
  label: string;
}

/** The zones of `riskZones` as a FeatureCollection; `toLonLat` is the events' plane inverse. */
export function riskZonesGeoJson(z: RiskZonesResult, toLonLat: (x: number, y: number) => [number, number], vertices = 48): FeatureCollection<Polygon | MultiPolygon, ZoneProperties> {
  const r = z.params.distance;
  const shape = (cx: number, cy: number): Position[] => {
    const ring: Position[] = [];
    if (z.params.metric === 'manhattan') {
      const corners = [[r, 0], [0, r], [-r, 0], [0, -r]];
      const per = Math.max(1, Math.round(vertices / 4));
      for (let c = 0; c < 4; c++) {
        const [ax, ay] = corners[c], [bx, by] = corners[(c + 1) % 4];
        for (let s = 0; s < per; s++) ring.push(toLonLat(cx + ax + ((bx - ax) * s) / per, cy + ay + ((by - ay) * s) / per));
      }
    } else {
      for (let s = 0; s < vertices; s++) ring.push(toLonLat(cx + r * Math.cos((2 * Math.PI * s) / vertices), cy + r * Math.sin((2 * Math.PI * s) / vertices)));
    }
    ring.push(ring[0]);
    return ring;
  };
  const features = z.zones.map((zone, i): Feature<Polygon | MultiPolygon, ZoneProperties> => {
    const { x, y } = z.centres[i];
    // Incidents at the same place give the same shape once.
    const seen = new Set<string>();
    const polys: Position[][][] = [];
    for (let k = 0; k < x.length; k++) {
      const key = `${x[k]},${y[k]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      polys.push([shape(x[k], y[k])]);
    }
    const properties: ZoneProperties = {
      id: zone.id, incidents: zone.incidents, firstIncident: zone.firstIncident, lastIncident: zone.lastIncident, until: zone.until, areaKm2: zone.areaKm2,
      label: `Heightened risk until ${zone.until} (${zone.incidents} incident${zone.incidents === 1 ? '' : 's'}, within ${r} m)`,
    };
    let geometry: Polygon | MultiPolygon = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
    if (polys.length > 1) {
      try {
        const u = union({ type: 'FeatureCollection', features: polys.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: c } })) });
        if (u) geometry = u.geometry;
      } catch {
        // Keep the separate shapes: they cover the same area, drawn with overlaps.
      }
    }
    return { type: 'Feature', properties, geometry };
  });
  return { type: 'FeatureCollection', features };
}
