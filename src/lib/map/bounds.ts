/** Bounding boxes of GeoJSON and of H3 cells, for "zoom to data". */
import type { FeatureCollection, Position } from 'geojson';
import { cellToLatLng } from 'h3-js';

export type BBox = [number, number, number, number];

function extend(b: BBox, p: Position): void {
  if (p[0] < b[0]) b[0] = p[0];
  if (p[1] < b[1]) b[1] = p[1];
  if (p[0] > b[2]) b[2] = p[0];
  if (p[1] > b[3]) b[3] = p[1];
}

function walk(c: unknown, b: BBox): void {
  if (!Array.isArray(c)) return;
  if (typeof c[0] === 'number') extend(b, c as Position);
  else for (const x of c) walk(x, b);
}

/** The [west, south, east, north] box of a FeatureCollection, or null when it has no coordinates. */
export function bboxOf(fc: FeatureCollection | null): BBox | null {
  if (!fc) return null;
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) walk(f.geometry.coordinates, b);
  return Number.isFinite(b[0]) ? b : null;
}

/** The box of the centres of the cells with a count above zero (all cells when none has). */
export function bboxOfCells(cells: string[], counts: ArrayLike<number>): BBox | null {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  let any = false;
  for (let i = 0; i < cells.length; i++) if (counts[i] > 0) { any = true; const [lat, lon] = cellToLatLng(cells[i]); extend(b, [lon, lat]); }
  if (!any) for (const c of cells) { const [lat, lon] = cellToLatLng(c); extend(b, [lon, lat]); }
  return Number.isFinite(b[0]) ? b : null;
}
