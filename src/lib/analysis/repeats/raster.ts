/**
 * A square raster over a metric plane for area shares: the study area as a mask (even–odd fill of
 * its rings), and shapes (discs of a Euclidean radius, diamonds of a Manhattan radius) stamped by
 * the cells whose centres they contain. Areas are counted in cells, so they carry an error of
 * about a cell along each shape's edge (with cells of 1/16 of the radius, a disc's area comes within
 * 1 % whatever its position on the grid).
 */
import type { Metric } from './close-pairs';

/** Square cells of `cell` metres over a box of the plane, with a study-area mask. */
export class Raster {
  readonly x0: number;
  readonly y0: number;
  readonly cell: number;
  readonly cols: number;
  readonly rows: number;
  /** 1 where the cell centre lies in the study area. */
  readonly mask: Uint8Array;
  /** Cells in the study area. */
  studyCells = 0;

  constructor(bbox: [number, number, number, number], cell: number) {
    this.cell = cell;
    this.x0 = bbox[0];
    this.y0 = bbox[1];
    this.cols = Math.max(1, Math.ceil((bbox[2] - bbox[0]) / cell));
    this.rows = Math.max(1, Math.ceil((bbox[3] - bbox[1]) / cell));
    if (this.cols * this.rows > 50_000_000) throw new RangeError('The raster for the area shares would be too large.');
    this.mask = new Uint8Array(this.cols * this.rows);
  }

  /** Area of one cell, m². */
  get cellArea(): number {
    return this.cell * this.cell;
  }

  /** Marks the cells inside rings (plane coordinates, closed or not) by the even–odd rule. */
  fillRings(rings: readonly (readonly [number, number][])[]): void {
    const xs: number[] = [];
    for (let r = 0; r < this.rows; r++) {
      const yc = this.y0 + (r + 0.5) * this.cell;
      xs.length = 0;
      for (const ring of rings)
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i], [xj, yj] = ring[j];
          if (yi > yc !== yj > yc) xs.push(xi + ((yc - yi) / (yj - yi)) * (xj - xi));
        }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const c0 = Math.max(0, Math.ceil((xs[k] - this.x0) / this.cell - 0.5));
        const c1 = Math.min(this.cols - 1, Math.ceil((xs[k + 1] - this.x0) / this.cell - 0.5) - 1);
        for (let c = c0; c <= c1; c++) this.mask[r * this.cols + c] ^= 1;
      }
    }
    this.studyCells = 0;
    for (let i = 0; i < this.mask.length; i++) this.studyCells += this.mask[i];
  }

  /** Calls `f(index)` for every cell whose centre is closer than `radius` to (cx, cy). */
  stamp(cx: number, cy: number, radius: number, metric: Metric, f: (index: number) => void): void {
    const { cell, x0, y0, cols, rows } = this;
    const r0 = Math.max(0, Math.floor((cy - radius - y0) / cell));
    const r1 = Math.min(rows - 1, Math.floor((cy + radius - y0) / cell));
    for (let r = r0; r <= r1; r++) {
      const dy = Math.abs(y0 + (r + 0.5) * cell - cy);
      if (dy >= radius) continue;
      const half = metric === 'manhattan' ? radius - dy : Math.sqrt(radius * radius - dy * dy);
      const c0 = Math.max(0, Math.floor((cx - half - x0) / cell));
      const c1 = Math.min(cols - 1, Math.floor((cx + half - x0) / cell));
      for (let c = c0; c <= c1; c++) if (Math.abs(x0 + (c + 0.5) * cell - cx) < half) f(r * cols + c);
    }
  }
}

/** Convex hull (Andrew's monotone chain) of points, counter-clockwise, not closed. */
export function convexHull(x: Float64Array, y: Float64Array): [number, number][] {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const cross = (o: number, a: number, b: number) => (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
  const lower: number[] = [], upper: number[] = [];
  for (const i of idx) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], i) <= 0) lower.pop();
    lower.push(i);
  }
  for (let k = idx.length - 1; k >= 0; k--) {
    const i = idx[k];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], i) <= 0) upper.pop();
    upper.push(i);
  }
  const hull = lower.slice(0, -1).concat(upper.slice(0, -1));
  return hull.map((i) => [x[i], y[i]]);
}

/** Area of a ring by the shoelace formula (absolute value), m². */
export function ringArea(ring: readonly [number, number][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return Math.abs(a) / 2;
}
