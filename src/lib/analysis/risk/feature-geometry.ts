/**
 * Prepares one environmental layer for term computation over a study area:
 * - features binned by H3 cell at the study resolution (`latLngToCell`, exactly as the reference
 *   in ../shared/reference/risk bins points). A line counts in every cell it passes through; a
 *   polygon in the cells its boundary passes through and in every cell whose centre lies inside
 *   it (H3 `polygonToCells` semantics, rings combined by the even–odd rule);
 * - a grid index of segments in the local plane (a point is a zero-length segment; a polygon
 *   contributes its ring edges, and its interior cells get distance 0);
 * - weighted sample points for the kernel density: a point weighs 1; a line's weight 1 is spread
 *   over its pieces in proportion to length; a polygon's weight 1 over the centres of the cells
 *   inside it (or, when it is smaller than a cell, over its boundary like a line). Each feature
 *   therefore adds one unit of mass, so a density is in features per km².
 * A line's cells are exact: candidates are the cells of vertices densified at ½ edge and their
 * neighbours, and a candidate counts when the segment meets its hexagon (edge crossing or an end
 * inside), so a corner clipped by a street still counts.
 */
import { cellToBoundary, cellToLatLng, gridDisk, latLngToCell, polygonToCells } from 'h3-js';
import { LINE, POINT, POLYGON, type EnvironmentLayer } from '../../environment/layer';
import { GridIndex } from './spatial-index';
import { toPlane, type StudyArea } from './study-area';

/** A layer binned, indexed and sampled for one study area. */
export interface PreparedLayer {
  type: string;
  /** Number of features. */
  n: number;
  /** Feature indices per H3 cell at the study resolution. */
  byCell: Map<string, number[]>;
  /** True when every feature is a point (a disk's count is then a plain sum). */
  pointsOnly: boolean;
  /** Segments in the plane (points as zero-length segments). */
  index: GridIndex;
  /** Cells whose centre lies inside a polygon feature. */
  insideCells: Set<string>;
  /** Kernel-density sample points in the plane and their weights. */
  sx: Float64Array;
  sy: Float64Array;
  sw: Float64Array;
  /** A grid index of the sample points (zero-length segments). */
  samples: GridIndex;
}

/** Bins, indexes and samples a layer for the study area's resolution and plane. */
export function prepareLayer(layer: EnvironmentLayer, study: StudyArea): PreparedLayer {
  const { frame, res } = study;
  const step = study.edgeM / 2;
  const byCell = new Map<string, number[]>();
  const put = (cell: string, f: number) => {
    const l = byCell.get(cell);
    if (!l) byCell.set(cell, [f]);
    else if (l[l.length - 1] !== f) l.push(f);
  };
  const ax: number[] = [], ay: number[] = [], bx: number[] = [], by: number[] = [];
  const sx: number[] = [], sy: number[] = [], sw: number[] = [];
  const insideCells = new Set<string>();
  let pointsOnly = true;
  for (let f = 0; f < layer.n; f++) {
    const kind = layer.kind[f];
    if (kind === POINT) {
      const v = layer.partVertices[layer.featureParts[f]];
      const [x, y] = toPlane(frame, layer.lon[v], layer.lat[v]);
      put(latLngToCell(layer.lat[v], layer.lon[v], res), f);
      ax.push(x); ay.push(y); bx.push(x); by.push(y);
      sx.push(x); sy.push(y); sw.push(1);
      continue;
    }
    pointsOnly = false;
    // Pieces of the line or ring edges: cells of their densified vertices; midpoints as samples.
    const mids: number[] = [];
    let total = 0;
    const cells = new Set<string>();
    for (let p = layer.featureParts[f]; p < layer.featureParts[f + 1]; p++) {
      const v0 = layer.partVertices[p], v1 = layer.partVertices[p + 1];
      for (let v = v0; v < v1 - 1; v++) {
        const [x1, y1] = toPlane(frame, layer.lon[v], layer.lat[v]);
        const [x2, y2] = toPlane(frame, layer.lon[v + 1], layer.lat[v + 1]);
        ax.push(x1); ay.push(y1); bx.push(x2); by.push(y2);
        const len = Math.hypot(x2 - x1, y2 - y1);
        const m = Math.max(1, Math.ceil(len / step));
        const sampled = new Set<string>();
        for (let j = 0; j <= m; j++) {
          const t = j / m;
          sampled.add(latLngToCell(layer.lat[v] + t * (layer.lat[v + 1] - layer.lat[v]), layer.lon[v] + t * (layer.lon[v + 1] - layer.lon[v]), res));
          if (j < m) mids.push(x1 + ((j + 0.5) / m) * (x2 - x1), y1 + ((j + 0.5) / m) * (y2 - y1), len / m);
        }
        for (const c of sampled) {
          cells.add(c);
          for (const d of gridDisk(c, 1)) if (!sampled.has(d) && !cells.has(d) && segmentMeetsCell(study, d, x1, y1, x2, y2)) cells.add(d);
        }
        total += len;
      }
      if (v1 - v0 === 1) {
        // A degenerate part of one vertex: treat it as a point.
        const [x, y] = toPlane(frame, layer.lon[v0], layer.lat[v0]);
        ax.push(x); ay.push(y); bx.push(x); by.push(y);
        cells.add(latLngToCell(layer.lat[v0], layer.lon[v0], res));
      }
    }
    let interior: string[] = [];
    if (kind === POLYGON) {
      const parity = new Map<string, number>();
      for (let p = layer.featureParts[f]; p < layer.featureParts[f + 1]; p++) {
        const ring: number[][] = [];
        for (let v = layer.partVertices[p]; v < layer.partVertices[p + 1]; v++) ring.push([layer.lon[v], layer.lat[v]]);
        for (const c of polygonToCells([ring], res, true)) parity.set(c, (parity.get(c) ?? 0) ^ 1);
      }
      interior = [...parity].filter(([, odd]) => odd).map(([c]) => c);
      for (const c of interior) { cells.add(c); insideCells.add(c); }
    }
    for (const c of cells) put(c, f);
    if (interior.length > 0) {
      for (const c of interior) {
        const [lat, lon] = cellToLatLng(c);
        const [x, y] = toPlane(frame, lon, lat);
        sx.push(x); sy.push(y); sw.push(1 / interior.length);
      }
    } else if (total > 0) {
      for (let j = 0; j < mids.length; j += 3) { sx.push(mids[j]); sy.push(mids[j + 1]); sw.push(mids[j + 2] / total); }
    } else if (kind === LINE || kind === POLYGON) {
      // Zero-length geometry: its first vertex.
      const v = layer.partVertices[layer.featureParts[f]];
      const [x, y] = toPlane(frame, layer.lon[v], layer.lat[v]);
      sx.push(x); sy.push(y); sw.push(1);
    }
  }
  const f64 = (a: number[]) => Float64Array.from(a);
  const SX = f64(sx), SY = f64(sy);
  return {
    type: layer.type, n: layer.n, byCell, pointsOnly, insideCells,
    index: new GridIndex(f64(ax), f64(ay), f64(bx), f64(by)),
    sx: SX, sy: SY, sw: f64(sw), samples: new GridIndex(SX, SY, SX, SY, Math.max(25, study.edgeM / 2)),
  };
}

/** Whether the plane segment (x1, y1)–(x2, y2) meets the hexagon of a cell. */
function segmentMeetsCell(study: StudyArea, cell: string, x1: number, y1: number, x2: number, y2: number): boolean {
  const ring = cellToBoundary(cell).map(([la, lo]) => toPlane(study.frame, lo, la));
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[j], [bx, by] = ring[i];
    if (ay > y1 !== by > y1 && x1 < ((bx - ax) * (y1 - ay)) / (by - ay) + ax) inside = !inside;
    if (segmentsCross(x1, y1, x2, y2, ax, ay, bx, by)) return true;
  }
  return inside;
}

function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
  const o1 = o(ax, ay, bx, by, cx, cy), o2 = o(ax, ay, bx, by, dx, dy), o3 = o(cx, cy, dx, dy, ax, ay), o4 = o(cx, cy, dx, dy, bx, by);
  return o1 !== o2 && o3 !== o4;
}
