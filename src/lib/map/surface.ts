/**
 * A continuous surface (kernel density) drawn under the cells: a grid of values turned into an
 * image on a sequential, colour-blind-safe ramp (viridis-like), with its legend range.
 */
import { BitmapLayer } from '@deck.gl/layers';

export interface Surface {
  key: string;
  title: string;
  /** [west, south, east, north]. */
  bounds: [number, number, number, number];
  canvas: HTMLCanvasElement;
  max: number;
  unit: string;
  note: string;
}

/** Viridis stops (Smith & van der Walt), 0 → 1. */
const STOPS: [number, number, number][] = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

export function ramp(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i], b = STOPS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/**
 * The value the colour ramp tops out at: the 99th percentile of the non-zero values, so that a
 * few point-like peaks (one address hit many times) do not wash out the rest of the surface.
 */
export function rampTop(values: ArrayLike<number>): number {
  const nz: number[] = [];
  const step = Math.max(1, Math.floor(values.length / 200_000));
  for (let i = 0; i < values.length; i += step) if (values[i] > 0) nz.push(values[i]);
  if (nz.length === 0) return 0;
  nz.sort((a, b) => a - b);
  return nz[Math.min(nz.length - 1, Math.floor(0.99 * nz.length))];
}

/** Paints a row-major grid (row 0 = north) into a canvas; values below 2 % of `max` are clear. */
export function gridCanvas(values: ArrayLike<number>, cols: number, rows: number, max: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(cols, rows);
  for (let i = 0; i < cols * rows; i++) {
    const t = max > 0 ? values[i] / max : 0;
    if (t < 0.02) continue;
    const [r, g, b] = ramp(t);
    img.data.set([r, g, b, Math.round(90 + 130 * Math.min(1, t * 2))], 4 * i);
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

export function surfaceLayer(s: Surface, beforeId?: string): BitmapLayer<{ beforeId?: string }> {
  return new BitmapLayer<{ beforeId?: string }>({ id: `surface-${s.key}`, image: s.canvas, bounds: s.bounds, beforeId, opacity: 0.85, pickable: false });
}
