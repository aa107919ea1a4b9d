/**
 * Kernel density estimation of incident locations with the quartic (biweight) kernel.
 *
 * Silverman, B. W. (1986) Density Estimation for Statistics and Data Analysis, Chapman & Hall,
 * eq. 4.5: K(u) = 3/π (1 − |u|²)² for |u| < 1. Density at a point s = Σ_i K((s − s_i)/h) / h²,
 * reported in incidents per km² (it integrates to the number of incidents).
 *
 * Default bandwidth (editable): the spatial Silverman rule of ArcGIS Pro's Kernel Density,
 *   h = 0.9 · min(SD, √(1 / ln 2) · Dm) · n^(−1/5),
 * SD = standard distance of the points from their mean centre, Dm = median distance from it, in
 * metres of a local equirectangular projection (projection.ts). The √(1/ln 2)·Dm term keeps a few
 * far-off points from inflating h. Output: a grid over a lat/lon box (cell size in metres; default
 * the shorter side of the box / 250, as ArcGIS) and the density at each H3 cell's centre, for ranking.
 */
import { cellToLatLng } from 'h3-js';
import { localProjection, projectionFor, type LocalProjection } from './projection';

export interface Points {
  lat: ArrayLike<number>;
  lon: ArrayLike<number>;
}

/** A bandwidth and how it was chosen. */
export interface Bandwidth {
  metres: number;
  rule: string;
}

/** ArcGIS Pro's spatial variant of Silverman's rule of thumb (see the header). */
export function silvermanBandwidth(pts: Points, proj: LocalProjection = projectionFor(pts.lat, pts.lon)): Bandwidth {
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < pts.lat.length; i++)
    if (Number.isFinite(pts.lat[i]) && Number.isFinite(pts.lon[i])) { xs.push(proj.x(pts.lon[i])); ys.push(proj.y(pts.lat[i])); }
  const n = xs.length;
  if (n < 2) return { metres: NaN, rule: 'Too few points for a bandwidth.' };
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  const d2 = xs.map((x, i) => (x - mx) ** 2 + (ys[i] - my) ** 2);
  const sd = Math.sqrt(d2.reduce((a, b) => a + b, 0) / n);
  const d = Float64Array.from(d2, Math.sqrt).sort();
  const dm = n % 2 ? d[n >> 1] : (d[n / 2 - 1] + d[n / 2]) / 2;
  const h = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * n ** -0.2;
  return {
    metres: h,
    rule: `Spatial Silverman rule (as ArcGIS Pro): 0.9 × min(standard distance ${sd.toFixed(0)} m, √(1/ln 2) × median distance ${dm.toFixed(0)} m) × n^−0.2 with n = ${n} → ${h.toFixed(0)} m.`,
  };
}

const K = 3 / Math.PI;

/** Points projected, with identical locations merged into one weighted point. */
function projected(pts: Points, proj: LocalProjection, weights?: ArrayLike<number>) {
  const map = new Map<string, number>();
  const x: number[] = [], y: number[] = [], w: number[] = [];
  for (let i = 0; i < pts.lat.length; i++) {
    const la = pts.lat[i], lo = pts.lon[i];
    if (!(Number.isFinite(la) && Number.isFinite(lo))) continue;
    const key = `${la},${lo}`;
    const wi = weights ? weights[i] : 1;
    const at = map.get(key);
    if (at !== undefined) { w[at] += wi; continue; }
    map.set(key, x.length);
    x.push(proj.x(lo)); y.push(proj.y(la)); w.push(wi);
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y), w: Float64Array.from(w) };
}

export interface KdeOptions {
  /** Bandwidth in metres (default: silvermanBandwidth). */
  bandwidth?: number;
  /** Weight per point (default 1). */
  weights?: ArrayLike<number>;
}

export interface KdeGridOptions extends KdeOptions {
  /** [west, south, east, north] in degrees (default: the points' box grown by one bandwidth). */
  bbox?: [number, number, number, number];
  /** Grid cell size in metres (default: the box's shorter side / 250). */
  cellSize?: number;
}

/** A density surface: `rows` × `cols` cells, row 0 at the north, density in incidents per km². */
export interface KdeGrid {
  bbox: [number, number, number, number];
  cols: number;
  rows: number;
  cellSize: number;
  bandwidth: Bandwidth;
  density: Float64Array;
  max: number;
}

function resolveBandwidth(pts: Points, proj: LocalProjection, o: KdeOptions): Bandwidth {
  if (o.bandwidth !== undefined) {
    if (!(o.bandwidth > 0)) throw new RangeError(`The bandwidth must be a positive number of metres, got ${o.bandwidth}`);
    return { metres: o.bandwidth, rule: `Set by the user: ${o.bandwidth} m.` };
  }
  return silvermanBandwidth(pts, proj);
}

/** The density surface over a grid. */
export function kernelDensityGrid(pts: Points, o: KdeGridOptions = {}): KdeGrid {
  const proj0 = projectionFor(pts.lat, pts.lon);
  const bw = resolveBandwidth(pts, proj0, o);
  const h = bw.metres;
  let bbox = o.bbox;
  if (!bbox) {
    let s = Infinity, n = -Infinity, w = Infinity, e = -Infinity;
    for (let i = 0; i < pts.lat.length; i++) {
      if (!(Number.isFinite(pts.lat[i]) && Number.isFinite(pts.lon[i]))) continue;
      s = Math.min(s, pts.lat[i]); n = Math.max(n, pts.lat[i]); w = Math.min(w, pts.lon[i]); e = Math.max(e, pts.lon[i]);
    }
    if (!(s <= n)) throw new RangeError('No points with coordinates.');
    bbox = [w - h / proj0.mx, s - h / proj0.my, e + h / proj0.mx, n + h / proj0.my];
  }
  const [west, south, east, north] = bbox;
  const proj = localProjection((south + north) / 2, (west + east) / 2);
  const width = proj.x(east) - proj.x(west), height = proj.y(north) - proj.y(south);
  const cs = o.cellSize ?? Math.min(width, height) / 250;
  if (!(cs > 0)) throw new RangeError(`The cell size must be a positive number of metres, got ${cs}`);
  const cols = Math.max(1, Math.ceil(width / cs)), rows = Math.max(1, Math.ceil(height / cs));
  if (cols * rows > 25_000_000) throw new RangeError(`A ${cols} × ${rows} grid is too large; choose a larger cell size.`);
  const density = new Float64Array(cols * rows);
  const p = projected(pts, proj, o.weights);
  const x0 = proj.x(west), yTop = proj.y(north);
  const scale = (K / (h * h)) * 1e6;
  const r = Math.ceil(h / cs);
  for (let i = 0; i < p.x.length; i++) {
    // Column and row of the point, then every cell centre within h.
    const cx = (p.x[i] - x0) / cs - 0.5, cy = (yTop - p.y[i]) / cs - 0.5;
    const c0 = Math.max(0, Math.floor(cx) - r), c1 = Math.min(cols - 1, Math.ceil(cx) + r);
    const r0 = Math.max(0, Math.floor(cy) - r), r1 = Math.min(rows - 1, Math.ceil(cy) + r);
    const wi = p.w[i] * scale;
    for (let row = r0; row <= r1; row++) {
      const dy = (row - cy) * cs;
      for (let col = c0; col <= c1; col++) {
        const dx = (col - cx) * cs;
        const u = (dx * dx + dy * dy) / (h * h);
        if (u < 1) density[row * cols + col] += wi * (1 - u) * (1 - u);
      }
    }
  }
  let max = 0;
  for (const v of density) if (v > max) max = v;
  return { bbox: [west, south, proj.lon(x0 + cols * cs), north], cols, rows, cellSize: cs, bandwidth: bw, density, max };
}

/** The density (incidents per km²) at each H3 cell's centre, for ranking cells. */
export function kernelDensityAtCells(pts: Points, cells: readonly string[], o: KdeOptions = {}): { density: Float64Array; bandwidth: Bandwidth } {
  const proj = projectionFor(pts.lat, pts.lon);
  const bw = resolveBandwidth(pts, proj, o);
  const h = bw.metres;
  const p = projected(pts, proj, o.weights);
  // Buckets of side h: a centre's kernel reaches only its own and the 8 surrounding buckets.
  const buckets = new Map<number, number[]>();
  const key = (bx: number, by: number) => bx * 1_000_003 + by;
  for (let i = 0; i < p.x.length; i++) {
    const k = key(Math.floor(p.x[i] / h), Math.floor(p.y[i] / h));
    const b = buckets.get(k);
    if (b) b.push(i);
    else buckets.set(k, [i]);
  }
  const density = new Float64Array(cells.length);
  const scale = (K / (h * h)) * 1e6;
  for (let c = 0; c < cells.length; c++) {
    const [la, lo] = cellToLatLng(cells[c]);
    const x = proj.x(lo), y = proj.y(la);
    const bx = Math.floor(x / h), by = Math.floor(y / h);
    let s = 0;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const b = buckets.get(key(bx + dx, by + dy));
        if (!b) continue;
        for (const i of b) {
          const u = ((p.x[i] - x) ** 2 + (p.y[i] - y) ** 2) / (h * h);
          if (u < 1) s += p.w[i] * (1 - u) * (1 - u);
        }
      }
    density[c] = s * scale;
  }
  return { density, bandwidth: bw };
}
