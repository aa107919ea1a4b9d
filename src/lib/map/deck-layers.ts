/**
 * The deck.gl layers over the map, built from columnar engine results (accessors by index, no
 * object per row): H3 cells coloured by count, and incident points at high zoom.
 */
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { FeatureCollection } from 'geojson';
import type { PickingInfo } from '@deck.gl/core';
import type { CellCounts, Points } from '../engine/protocol';
import type { ColourScale, RGBA } from './colour-scale';
import type { CellOverlay } from './overlay';
import { POINT_COLOURS } from './palettes';

/** Categorical colours for offences of incident points (Okabe–Ito, colour-blind safe). */
// (in map/palettes.ts with the other palettes, checked for colour-blind readers)

export function pointColour(i: number): RGBA {
  return POINT_COLOURS[i % POINT_COLOURS.length];
}

/** One stable `data` object per result, so deck.gl recomputes attributes only for new results. */
const dataOf = new WeakMap<object, { length: number }>();
function stableData(key: object, length: number): { length: number } {
  let d = dataOf.get(key);
  if (!d) dataOf.set(key, (d = { length }));
  return d;
}

/** The hexagon layer; `onHover` gets the cell index (or -1) and the pointer position. */
export function hexLayer(
  cells: CellCounts,
  scale: ColourScale,
  opts: { faded: boolean; beforeId?: string; onHover: (index: number, x: number, y: number) => void },
): H3HexagonLayer<unknown, { beforeId?: string }> {
  return new H3HexagonLayer<unknown, { beforeId?: string }>({
    id: 'cells',
    // Interleaved with MapLibre: drawn under this map layer (the streets stay visible on top).
    beforeId: opts.beforeId,
    data: stableData(cells, cells.cells.length),
    getHexagon: (_: unknown, { index }: { index: number }) => cells.cells[index],
    getFillColor: (_: unknown, { index }: { index: number }) => scale.colourOf(cells.counts[index]),
    extruded: false,
    stroked: false,
    filled: true,
    opacity: opts.faded ? 0.3 : 1,
    pickable: true,
    autoHighlight: true,
    highlightColor: [15, 23, 42, 90],
    onHover: (info: PickingInfo) => opts.onHover(info.index ?? -1, info.x, info.y),
    // A new scale comes with new counts, hence with a new `data` object: no update triggers needed.
  });
}

/** Incident points, one colour per offence. */
export function pointsLayer(points: Points): ScatterplotLayer<unknown> {
  return new ScatterplotLayer<unknown>({
    id: 'points',
    data: stableData(points, points.lat.length),
    getPosition: (_: unknown, { index }: { index: number }) => [points.lon[index], points.lat[index]],
    getFillColor: (_: unknown, { index }: { index: number }) => pointColour(points.offence[index]),
    getLineColor: [255, 255, 255, 230],
    stroked: true,
    lineWidthMinPixels: 1,
    radiusUnits: 'pixels',
    getRadius: 4,
    pickable: false,
  });
}

/** An analysis overlay's cells, coloured per cell by the analysis. */
export function overlayLayer(
  o: CellOverlay,
  opts: { beforeId?: string; onHover: (index: number, x: number, y: number) => void },
): H3HexagonLayer<unknown, { beforeId?: string }> {
  return new H3HexagonLayer<unknown, { beforeId?: string }>({
    id: 'overlay',
    beforeId: opts.beforeId,
    data: stableData(o, o.cells.length),
    getHexagon: (_: unknown, { index }: { index: number }) => o.cells[index],
    getFillColor: (_: unknown, { index }: { index: number }) => [o.colours[4 * index], o.colours[4 * index + 1], o.colours[4 * index + 2], o.colours[4 * index + 3]] as RGBA,
    extruded: false,
    stroked: false,
    filled: true,
    pickable: true,
    autoHighlight: true,
    highlightColor: [15, 23, 42, 90],
    onHover: (info: PickingInfo) => opts.onHover(info.index ?? -1, info.x, info.y),
  });
}

/** Environmental features of one type as dots in the type's legend colour. */
export function featureLayer(l: { type: string; n: number; lon: Float64Array; lat: Float64Array }, colour: RGBA): ScatterplotLayer<unknown> {
  return new ScatterplotLayer<unknown>({
    id: `env-${l.type}`,
    data: stableData(l, l.n),
    getPosition: (_: unknown, { index }: { index: number }) => [l.lon[index], l.lat[index]],
    getFillColor: colour,
    getLineColor: [255, 255, 255, 200],
    stroked: true,
    lineWidthMinPixels: 1,
    radiusUnits: 'pixels',
    getRadius: 3,
    pickable: false,
  });
}

/** Environmental lines and polygons (streets, parks, vacant lots) as outlines in the type's colour. */
export function featureOutlineLayer(l: { type: string; outlines: FeatureCollection }, colour: RGBA): GeoJsonLayer {
  return new GeoJsonLayer({
    id: `env-outline-${l.type}`,
    data: l.outlines,
    filled: true,
    stroked: true,
    getFillColor: [colour[0], colour[1], colour[2], 50],
    getLineColor: [colour[0], colour[1], colour[2], 220],
    lineWidthMinPixels: 1.5,
    pickable: false,
  });
}

/** Repeat places: rings sized by their count, flagged places in red. */
export function repeatPlacesLayer(places: { lon: number; lat: number; count: number; flagged: boolean }[]): ScatterplotLayer<{ lon: number; lat: number; count: number; flagged: boolean }> {
  return new ScatterplotLayer({
    id: 'repeat-places',
    data: places,
    getPosition: (d) => [d.lon, d.lat],
    getRadius: (d) => 3 + Math.sqrt(d.count) * 1.5,
    radiusUnits: 'pixels',
    stroked: true,
    filled: true,
    getFillColor: (d) => (d.flagged ? [220, 38, 38, 120] : [30, 64, 175, 90]),
    getLineColor: (d) => (d.flagged ? [153, 27, 27, 255] : [30, 64, 175, 255]),
    lineWidthMinPixels: 1.5,
  });
}

/** Near-repeat risk zones as outlined areas. */
export function zonesLayer(fc: FeatureCollection): GeoJsonLayer {
  return new GeoJsonLayer({ id: 'risk-zones', data: fc, filled: true, stroked: true, getFillColor: [147, 51, 234, 60], getLineColor: [107, 33, 168, 230], lineWidthMinPixels: 1.5 });
}
