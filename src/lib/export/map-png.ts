/**
 * The current map as a PNG with its legend drawn in: the map's WebGL canvas (MapLibre with the
 * deck.gl layers interleaved in the same context) is copied right after a frame is drawn (inside
 * MapLibre's `render` event, while the drawing buffer is still valid, so the map needs no
 * `preserveDrawingBuffer`), then a title band (data set, filters, date) is drawn above it and a
 * legend panel (every legend on the map: analysis classes or counts, density surface, points,
 * environmental layers, repeat places and zones) beside it.
 */
import type { Map as MlMap } from 'maplibre-gl';
import type { RGBA } from '../map/colour-scale';

let current: MlMap | null = null;

/** MapView registers its map here (null when it goes), for the export. */
export function registerMap(m: MlMap | null): void {
  current = m;
}

export function currentMap(): MlMap | null {
  return current;
}

export interface LegendItem {
  colour: RGBA | string;
  label: string;
  shape?: 'square' | 'dot' | 'ring' | 'area';
}

export interface LegendSection {
  title: string;
  items: LegendItem[];
  /** A continuous ramp instead of items: colours low → high with end labels. */
  ramp?: { colours: string[]; low: string; high: string };
  note?: string;
}

export interface MapPicture {
  title: string;
  /** Lines under the title: data set, filters, resolution, date. */
  lines: string[];
  legend: LegendSection[];
  /** Bottom line (base map, how the picture was made). */
  footer: string;
}

/** A copy of the map canvas taken right after the next frame is drawn. */
export function captureMap(map: MlMap, timeoutMs = 5000): Promise<HTMLCanvasElement> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The map did not draw a frame to copy; try again.')), timeoutMs);
    map.once('render', () => {
      clearTimeout(timer);
      const src = map.getCanvas();
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      c.getContext('2d')!.drawImage(src, 0, 0);
      resolve(c);
    });
    map.triggerRepaint();
  });
}

const css = (c: RGBA | string) => (typeof c === 'string' ? c : `rgb(${c[0]} ${c[1]} ${c[2]} / ${Math.max(0.25, c[3] / 255)})`);

/** Splits text into lines no wider than `width` at the context's font. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > width && line) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

/**
 * Composes the map image with a title band and a legend panel (all sizes in CSS pixels times
 * `scale`, the map canvas's pixel ratio).
 */
export function composePicture(mapCanvas: HTMLCanvasElement, pic: MapPicture, scale: number): HTMLCanvasElement {
  const s = scale;
  const panelW = Math.round(300 * s);
  const pad = Math.round(12 * s);
  const measure = document.createElement('canvas').getContext('2d')!;

  // Title band height.
  measure.font = `600 ${16 * s}px ${FONT}`;
  const titleLines = wrap(measure, pic.title, mapCanvas.width + panelW - 2 * pad);
  measure.font = `${12 * s}px ${FONT}`;
  const infoLines = pic.lines.flatMap((l) => wrap(measure, l, mapCanvas.width + panelW - 2 * pad));
  const headH = pad + titleLines.length * 20 * s + infoLines.length * 16 * s + pad / 2;
  const footH = Math.round(22 * s);

  // Legend panel layout (measured first, drawn after).
  const textW = panelW - 2 * pad - 24 * s;
  type Op = { kind: 'title' | 'item' | 'note' | 'ramp'; y: number; text?: string; lines?: string[]; item?: LegendItem; ramp?: LegendSection['ramp'] };
  const ops: Op[] = [];
  let y = pad;
  for (const sec of pic.legend) {
    measure.font = `600 ${13 * s}px ${FONT}`;
    const tl = wrap(measure, sec.title, panelW - 2 * pad);
    ops.push({ kind: 'title', y, lines: tl });
    y += tl.length * 17 * s + 4 * s;
    measure.font = `${12 * s}px ${FONT}`;
    if (sec.ramp) {
      ops.push({ kind: 'ramp', y, ramp: sec.ramp });
      y += 34 * s;
    }
    for (const it of sec.items) {
      const lines = wrap(measure, it.label, textW);
      ops.push({ kind: 'item', y, lines, item: it });
      y += Math.max(18 * s, lines.length * 15 * s + 3 * s);
    }
    if (sec.note) {
      measure.font = `${11 * s}px ${FONT}`;
      const nl = wrap(measure, sec.note, panelW - 2 * pad);
      ops.push({ kind: 'note', y, lines: nl });
      y += nl.length * 14 * s;
    }
    y += 10 * s;
  }
  const legendH = y + pad;

  const out = document.createElement('canvas');
  out.width = mapCanvas.width + panelW;
  out.height = Math.ceil(headH + Math.max(mapCanvas.height, legendH) + footH);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.textBaseline = 'top';

  // Title band.
  let ty = pad;
  ctx.fillStyle = '#0f172a';
  ctx.font = `600 ${16 * s}px ${FONT}`;
  for (const l of titleLines) {
    ctx.fillText(l, pad, ty);
    ty += 20 * s;
  }
  ctx.fillStyle = '#334155';
  ctx.font = `${12 * s}px ${FONT}`;
  for (const l of infoLines) {
    ctx.fillText(l, pad, ty);
    ty += 16 * s;
  }

  // Map, with a thin frame.
  ctx.drawImage(mapCanvas, 0, headH);
  ctx.strokeStyle = '#cbd5e1';
  ctx.lineWidth = Math.max(1, s);
  ctx.strokeRect(0.5, headH + 0.5, mapCanvas.width - 1, mapCanvas.height - 1);

  // Legend panel.
  const x0 = mapCanvas.width;
  const y0 = headH;
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(x0, y0, panelW, Math.max(mapCanvas.height, legendH));
  for (const op of ops) {
    const yy = y0 + op.y;
    if (op.kind === 'title') {
      ctx.fillStyle = '#0f172a';
      ctx.font = `600 ${13 * s}px ${FONT}`;
      op.lines!.forEach((l, i) => ctx.fillText(l, x0 + pad, yy + i * 17 * s));
    } else if (op.kind === 'note') {
      ctx.fillStyle = '#475569';
      ctx.font = `${11 * s}px ${FONT}`;
      op.lines!.forEach((l, i) => ctx.fillText(l, x0 + pad, yy + i * 14 * s));
    } else if (op.kind === 'ramp') {
      const r = op.ramp!;
      const w = panelW - 2 * pad;
      const g = ctx.createLinearGradient(x0 + pad, 0, x0 + pad + w, 0);
      r.colours.forEach((c, i) => g.addColorStop(r.colours.length === 1 ? 0 : i / (r.colours.length - 1), c));
      ctx.fillStyle = g;
      ctx.fillRect(x0 + pad, yy, w, 12 * s);
      ctx.fillStyle = '#0f172a';
      ctx.font = `${12 * s}px ${FONT}`;
      ctx.fillText(r.low, x0 + pad, yy + 15 * s);
      ctx.textAlign = 'right';
      ctx.fillText(r.high, x0 + pad + w, yy + 15 * s);
      ctx.textAlign = 'left';
    } else {
      const it = op.item!;
      const sx = x0 + pad;
      const sz = 13 * s;
      ctx.fillStyle = css(it.colour);
      ctx.strokeStyle = 'rgb(15 23 42 / 0.35)';
      ctx.lineWidth = Math.max(1, s);
      if (it.shape === 'dot' || it.shape === 'ring') {
        ctx.beginPath();
        ctx.arc(sx + sz / 2, yy + sz / 2 + s, sz / 2.4, 0, 2 * Math.PI);
        if (it.shape === 'dot') ctx.fill();
        else {
          ctx.fill();
          ctx.strokeStyle = css(it.colour);
          ctx.lineWidth = 2 * s;
        }
        ctx.stroke();
      } else {
        ctx.fillRect(sx, yy + s, sz, sz);
        ctx.strokeRect(sx, yy + s, sz, sz);
      }
      ctx.fillStyle = '#0f172a';
      ctx.font = `${12 * s}px ${FONT}`;
      op.lines!.forEach((l, i) => ctx.fillText(l, sx + 20 * s, yy + i * 15 * s));
    }
  }

  // Footer.
  ctx.fillStyle = '#475569';
  ctx.font = `${11 * s}px ${FONT}`;
  ctx.fillText(pic.footer, pad, out.height - footH + 5 * s);
  return out;
}

/** The canvas as PNG bytes. */
export function pngBytes(c: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? b.arrayBuffer().then((a) => resolve(new Uint8Array(a)), reject) : reject(new Error('The picture could not be encoded as PNG.'))), 'image/png'),
  );
}
