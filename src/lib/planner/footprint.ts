/**
 * Resolves a placement's footprint to H3 cells at the plan's resolution, and grows the buffer
 * rings around them. A cell counts as treated when its centre lies in the footprint (a circle,
 * a strip along a street segment, a polygon); a footprint smaller than a cell treats the cell
 * holding its centre, so every placement treats at least one cell.
 *
 * Buffers: a buffer of B metres becomes k = round(B / s) rings of cells (at least one when
 * B > 0), s being the average centre-to-centre spacing √3 · edge length at that resolution. The
 * ring count and the metres it stands for are reported with every score.
 */
import { cellToLatLng, getHexagonEdgeLengthAvg, greatCircleDistance, gridDisk, latLngToCell, polygonToCells, UNITS } from 'h3-js';
import type { Footprint } from './plan';

/** Average centre-to-centre distance of neighbouring cells at a resolution, metres. */
export function cellSpacingM(res: number): number {
  return Math.sqrt(3) * getHexagonEdgeLengthAvg(res, UNITS.m);
}

/** Cells whose centres lie within `radiusM` of a point; at least the cell holding it. */
export function cellsInCircle(lat: number, lon: number, radiusM: number, res: number): string[] {
  const centre = latLngToCell(lat, lon, res);
  const k = Math.ceil(radiusM / cellSpacingM(res)) + 1;
  const out = gridDisk(centre, k).filter((h) => greatCircleDistance(cellToLatLng(h), [lat, lon], UNITS.m) <= radiusM);
  return out.includes(centre) ? out : [centre, ...out];
}

/** Points every `stepM` metres along a [lon, lat] polyline, vertices included. */
function samplePolyline(coords: [number, number][], stepM: number): [number, number][] {
  const out: [number, number][] = [coords[0]];
  for (let i = 1; i < coords.length; i++) {
    const [lon0, lat0] = coords[i - 1];
    const [lon1, lat1] = coords[i];
    const d = greatCircleDistance([lat0, lon0], [lat1, lon1], UNITS.m);
    const n = Math.max(1, Math.ceil(d / stepM));
    for (let j = 1; j <= n; j++) out.push([lon0 + ((lon1 - lon0) * j) / n, lat0 + ((lat1 - lat0) * j) / n]);
  }
  return out;
}

/** The treated cells of a footprint at `res`, sorted. */
export function footprintCells(fp: Footprint, res: number): string[] {
  const set = new Set<string>();
  switch (fp.type) {
    case 'cells':
      fp.cells.forEach((c) => set.add(c));
      break;
    case 'address':
      set.add(latLngToCell(fp.lat, fp.lon, res));
      break;
    case 'circle':
      cellsInCircle(fp.lat, fp.lon, fp.radiusM, res).forEach((c) => set.add(c));
      break;
    case 'segment': {
      const step = Math.max(5, Math.min(fp.widthM / 2, cellSpacingM(res) / 4));
      for (const [lon, lat] of samplePolyline(fp.coordinates, step)) cellsInCircle(lat, lon, fp.widthM / 2, res).forEach((c) => set.add(c));
      break;
    }
    case 'polygon': {
      polygonToCells(fp.coordinates, res, true).forEach((c) => set.add(c));
      if (set.size === 0) {
        // Smaller than a cell: the cell holding the outer ring's vertex mean.
        const ring = fp.coordinates[0].slice(0, -1);
        const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length;
        const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
        set.add(latLngToCell(lat, lon, res));
      }
      break;
    }
  }
  return [...set].sort();
}

/** Ring count standing for a buffer of `bufferM` metres at `res` (0 for no buffer). */
export function bufferRings(bufferM: number, res: number): number {
  if (bufferM <= 0) return 0;
  return Math.max(1, Math.round(bufferM / cellSpacingM(res)));
}

/** The cells within `rings` rings of the treated cells, the treated cells excluded, sorted. */
export function bufferCells(treated: readonly string[], rings: number): string[] {
  if (rings <= 0) return [];
  const inner = new Set(treated);
  const out = new Set<string>();
  for (const c of treated) for (const n of gridDisk(c, rings)) if (!inner.has(n)) out.add(n);
  return [...out].sort();
}
