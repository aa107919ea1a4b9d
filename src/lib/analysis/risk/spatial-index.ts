/**
 * A uniform grid index over points and segments in a local metric plane, for nearest-feature
 * distances and kernel sums without comparing every cell with every feature (Samet 2006,
 * Foundations of Multidimensional and Metric Data Structures, §1.1 fixed grids). Items are stored
 * bucket by bucket (CSR arrays); a segment is put in every bucket its bounding box touches.
 *
 * `nearest` visits square rings of buckets outwards and stops once the best distance found is
 * within the ring's inner radius, so its answer is exact (in the plane).
 */

/** A fixed-grid index of segments (points are segments of length 0). */
export class GridIndex {
  readonly size: number;
  private readonly x0: number;
  private readonly y0: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly start: Int32Array;
  private readonly items: Int32Array;
  /** Segment end points (a point is a segment of length 0). */
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly bx: Float64Array;
  readonly by: Float64Array;

  /**
   * Indexes segments (ax, ay)–(bx, by) in metres; `size` is the bucket side (default: about
   * two items per bucket over the items' bounding box, at least 1 m).
   */
  constructor(ax: Float64Array, ay: Float64Array, bx: Float64Array, by: Float64Array, size?: number) {
    this.ax = ax; this.ay = ay; this.bx = bx; this.by = by;
    const m = ax.length;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < m; i++) {
      minX = Math.min(minX, ax[i], bx[i]); maxX = Math.max(maxX, ax[i], bx[i]);
      minY = Math.min(minY, ay[i], by[i]); maxY = Math.max(maxY, ay[i], by[i]);
    }
    if (m === 0) { minX = minY = 0; maxX = maxY = 1; }
    const area = Math.max(1, (maxX - minX) * (maxY - minY));
    let s = size ?? Math.max(1, Math.sqrt((2 * area) / Math.max(1, m)));
    // At most about 4 million buckets.
    while (((maxX - minX) / s + 1) * ((maxY - minY) / s + 1) > 4e6) s *= 2;
    this.size = s;
    this.x0 = minX; this.y0 = minY;
    this.nx = Math.floor((maxX - minX) / s) + 1;
    this.ny = Math.floor((maxY - minY) / s) + 1;
    const counts = new Int32Array(this.nx * this.ny + 1);
    const span = (i: number, f: (b: number) => void) => {
      const i0 = this.col(Math.min(ax[i], bx[i])), i1 = this.col(Math.max(ax[i], bx[i]));
      const j0 = this.row(Math.min(ay[i], by[i])), j1 = this.row(Math.max(ay[i], by[i]));
      for (let j = j0; j <= j1; j++) for (let k = i0; k <= i1; k++) f(j * this.nx + k);
    };
    for (let i = 0; i < m; i++) span(i, (b) => counts[b + 1]++);
    for (let b = 0; b < counts.length - 1; b++) counts[b + 1] += counts[b];
    this.start = counts;
    const fill = counts.slice(0, -1);
    this.items = new Int32Array(counts[counts.length - 1]);
    for (let i = 0; i < m; i++) span(i, (b) => { this.items[fill[b]++] = i; });
  }

  private col(x: number): number { return Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.size))); }
  private row(y: number): number { return Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.size))); }

  /** Squared distance from (x, y) to item i, and the closest point's parameter t ∈ [0, 1]. */
  distance2(i: number, x: number, y: number): { d2: number; t: number } {
    const dx = this.bx[i] - this.ax[i], dy = this.by[i] - this.ay[i];
    const l2 = dx * dx + dy * dy;
    let t = l2 > 0 ? ((x - this.ax[i]) * dx + (y - this.ay[i]) * dy) / l2 : 0;
    t = Math.max(0, Math.min(1, t));
    const px = this.ax[i] + t * dx - x, py = this.ay[i] + t * dy - y;
    return { d2: px * px + py * py, t };
  }

  /** The nearest item to (x, y) and its distance (−1 and Infinity when empty). */
  nearest(x: number, y: number): { item: number; distance: number; t: number } {
    let best = -1, bestD2 = Infinity, bestT = 0;
    if (this.items.length === 0) return { item: -1, distance: Infinity, t: 0 };
    const cx = Math.floor((x - this.x0) / this.size), cy = Math.floor((y - this.y0) / this.size);
    // Distance from the query to the grid's box bounds how far the first ring may start.
    // Rings before the grid's nearest bucket are empty; rings past its farthest one too.
    const gapX = cx < 0 ? -cx : cx >= this.nx ? cx - this.nx + 1 : 0;
    const gapY = cy < 0 ? -cy : cy >= this.ny ? cy - this.ny + 1 : 0;
    const minRing = Math.max(gapX, gapY);
    const maxRing = Math.max(Math.abs(cx), Math.abs(cx - this.nx + 1), Math.abs(cy), Math.abs(cy - this.ny + 1));
    const visit = (k: number, j: number) => {
      const b = j * this.nx + k;
      for (let s = this.start[b]; s < this.start[b + 1]; s++) {
        const i = this.items[s];
        const { d2, t } = this.distance2(i, x, y);
        if (d2 < bestD2) { bestD2 = d2; best = i; bestT = t; }
      }
    };
    for (let r = minRing; r <= maxRing; r++) {
      // Every bucket at Chebyshev ring r lies at least (r − 1)·size away.
      const reach = (r - 1) * this.size;
      if (reach > 0 && reach * reach > bestD2) break;
      const j0 = Math.max(0, cy - r), j1 = Math.min(this.ny - 1, cy + r);
      const k0 = Math.max(0, cx - r), k1 = Math.min(this.nx - 1, cx + r);
      for (let j = j0; j <= j1; j++) {
        if (j === cy - r || j === cy + r) {
          for (let k = k0; k <= k1; k++) visit(k, j);
        } else {
          if (cx - r >= 0 && cx - r < this.nx) visit(cx - r, j);
          if (r > 0 && cx + r >= 0 && cx + r < this.nx) visit(cx + r, j);
        }
      }
    }
    return { item: best, distance: Math.sqrt(bestD2), t: bestT };
  }

  /** Calls `f(item)` for every item in a bucket that meets the box around (x, y) of half-side h. */
  near(x: number, y: number, h: number, f: (item: number) => void): void {
    const i0 = Math.floor((x - h - this.x0) / this.size), i1 = Math.floor((x + h - this.x0) / this.size);
    const j0 = Math.floor((y - h - this.y0) / this.size), j1 = Math.floor((y + h - this.y0) / this.size);
    for (let j = Math.max(0, j0); j <= Math.min(this.ny - 1, j1); j++)
      for (let k = Math.max(0, i0); k <= Math.min(this.nx - 1, i1); k++) {
        const b = j * this.nx + k;
        for (let s = this.start[b]; s < this.start[b + 1]; s++) f(this.items[s]);
      }
  }
}
