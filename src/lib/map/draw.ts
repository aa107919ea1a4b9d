/**
 * Drawing one polygon (or, with `kind: 'line'`, one street as a polyline) on the MapLibre map:
 * click to add corners, double-click or Enter to finish,
 * Escape to cancel, Backspace to take back the last corner. The sketch (outline, fill, corners and
 * a rubber band to the pointer) lives in its own GeoJSON source and layers on top of the map, and
 * a one-line hint says what to do (as text: nothing built from HTML). Double-click zoom is off
 * while drawing. The finished ring is checked and closed by draw-geometry.ts.
 */
import type { GeoJSONSource, Map as MlMap, MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import { dropRepeats, finishLine, finishPolygon, type LonLat } from './draw-geometry';
import { t, tDynamic } from '../i18n';

/** What the drawing hands back. */
export interface DrawRequest {
  /** `area` (default): a closed ring, [lon, lat], anticlockwise; `line`: the points of a street in the order drawn. */
  kind?: 'area' | 'line';
  onFinish: (coordinates: LonLat[]) => void;
  onCancel: () => void;
}

const SOURCE = 'draw-sketch';
const LAYERS = ['draw-sketch-fill', 'draw-sketch-line', 'draw-sketch-corners'] as const;
const COLOUR = '#0f172a';
/** Clicks closer than this (pixels) to the previous corner add no corner (the second click of a double-click). */
const SAME_PX = 6;


export class PolygonDraw {
  #corners: { lngLat: LonLat; x: number; y: number }[] = [];
  #pointer: LonLat | null = null;
  #hint: HTMLDivElement | null = null;
  #dblZoom = false;
  #active = false;

  constructor(
    private readonly map: MlMap,
    private readonly req: DrawRequest,
  ) {}

  start(): void {
    if (this.#active) return;
    this.#active = true;
    const m = this.map;
    if (!m.getSource(SOURCE)) m.addSource(SOURCE, { type: 'geojson', data: this.#data() });
    if (!m.getLayer(LAYERS[0])) m.addLayer({ id: LAYERS[0], type: 'fill', source: SOURCE, filter: ['==', '$type', 'Polygon'], paint: { 'fill-color': COLOUR, 'fill-opacity': 0.12 } });
    if (!m.getLayer(LAYERS[1])) m.addLayer({ id: LAYERS[1], type: 'line', source: SOURCE, filter: ['!=', '$type', 'Point'], paint: { 'line-color': COLOUR, 'line-width': 2, 'line-dasharray': [2, 1] } });
    if (!m.getLayer(LAYERS[2])) m.addLayer({ id: LAYERS[2], type: 'circle', source: SOURCE, filter: ['==', '$type', 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': COLOUR, 'circle-stroke-width': 2 } });
    this.#dblZoom = m.doubleClickZoom.isEnabled();
    m.doubleClickZoom.disable();
    m.on('click', this.#onClick);
    m.on('dblclick', this.#onDblClick);
    m.on('mousemove', this.#onMove);
    window.addEventListener('keydown', this.#onKey);
    const hint = document.createElement('div');
    hint.setAttribute('role', 'status');
    hint.dataset.testid = 'draw-hint';
    Object.assign(hint.style, {
      position: 'absolute', top: '10px', left: '50%', transform: 'translateX(-50%)', zIndex: '6', maxWidth: '80%',
      background: 'rgb(15 23 42 / 0.92)', color: '#f8fafc', font: '0.8rem system-ui, sans-serif', padding: '0.3rem 0.6rem', borderRadius: '5px', pointerEvents: 'none',
    } satisfies Partial<CSSStyleDeclaration>);
    hint.textContent = this.#hintText();
    m.getContainer().appendChild(hint);
    this.#hint = hint;
    this.#render();
  }

  /** Removes the sketch, the hint and the listeners (idempotent). */
  stop(): void {
    if (!this.#active) return;
    this.#active = false;
    const m = this.map;
    m.off('click', this.#onClick);
    m.off('dblclick', this.#onDblClick);
    m.off('mousemove', this.#onMove);
    window.removeEventListener('keydown', this.#onKey);
    if (this.#dblZoom) m.doubleClickZoom.enable();
    // The style may already be gone when the map is being removed.
    try {
      for (const id of LAYERS) if (m.getLayer(id)) m.removeLayer(id);
      if (m.getSource(SOURCE)) m.removeSource(SOURCE);
    } catch {
      /* map torn down */
    }
    this.#hint?.remove();
    this.#hint = null;
    this.#corners = [];
  }

  #say(text: string): void {
    if (this.#hint) this.#hint.textContent = text;
  }

  #onClick = (e: MapMouseEvent): void => {
    const last = this.#corners.at(-1);
    if (last && Math.hypot(last.x - e.point.x, last.y - e.point.y) < SAME_PX) return;
    this.#corners.push({ lngLat: [e.lngLat.lng, e.lngLat.lat], x: e.point.x, y: e.point.y });
    const need = this.#line ? 2 : 3;
    this.#say(this.#corners.length < need ? `${this.#hintText()} — ${t(this.#line ? 'draw.points' : 'draw.corners', { n: this.#corners.length })}` : this.#hintText());
    this.#render();
  };

  #onDblClick = (e: MapMouseEvent): void => {
    e.preventDefault();
    this.#finish();
  };

  #onMove = (e: MapMouseEvent): void => {
    this.#pointer = [e.lngLat.lng, e.lngLat.lat];
    if (this.#corners.length) this.#render();
  };

  #onKey = (e: KeyboardEvent): void => {
    const t = e.target as HTMLElement | null;
    if (t && (t.isContentEditable || t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement)) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      this.stop();
      this.req.onCancel();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.#finish();
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      this.#corners.pop();
      this.#render();
    }
  };

  #finish(): void {
    const corners = dropRepeats(this.#corners, (a, b) => Math.hypot(a.x - b.x, a.y - b.y) < SAME_PX).map((c) => c.lngLat);
    if (this.#line) {
      const r = finishLine(corners);
      if (!r.ok) return this.#say(`${tDynamic(`draw.err.${r.code}`, r.message)} ${this.#hintText()}`);
      this.stop();
      return this.req.onFinish(r.line);
    }
    const r = finishPolygon(corners);
    if (!r.ok) {
      this.#say(`${tDynamic(`draw.err.${r.code}`, r.message, { n: r.n ?? 0 })} ${this.#hintText()}`);
      return;
    }
    this.stop();
    this.req.onFinish(r.ring);
  }

  #data(): FeatureCollection {
    const cs = this.#corners.map((c) => c.lngLat);
    const features: Feature[] = cs.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } }));
    const open = this.#pointer ? [...cs, this.#pointer] : cs;
    if (this.#line) {
      if (open.length >= 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: open } });
    } else if (open.length >= 3) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...open, open[0]]] } });
    else if (open.length === 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: open } });
    return { type: 'FeatureCollection', features };
  }

  get #line(): boolean {
    return this.req.kind === 'line';
  }

  #hintText(): string {
    return t(this.#line ? 'draw.hintLine' : 'draw.hintArea');
  }

  #render(): void {
    (this.map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(this.#data());
  }
}
