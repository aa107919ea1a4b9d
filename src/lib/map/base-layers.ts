/**
 * GeoJSON layers drawn by MapLibre under the data: the demo streets (width by class) and the study
 * boundary outline. Sources are created once and updated with setData.
 */
import type { FeatureCollection } from 'geojson';
import type { Map as MlMap, GeoJSONSource } from 'maplibre-gl';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Adds the (empty) sources and layers; call after the style has loaded. */
export function addBaseLayers(map: MlMap, offline: boolean): void {
  map.addSource('streets', { type: 'geojson', data: EMPTY });
  map.addSource('boundary', { type: 'geojson', data: EMPTY });
  // On the offline base the study area is lightened; an online base map is left as it is.
  if (offline) map.addLayer({
    id: 'boundary-fill',
    type: 'fill',
    source: 'boundary',
    paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.6 },
  });
  map.addLayer({
    id: 'river',
    type: 'line',
    source: 'streets',
    filter: ['==', ['get', 'class'], 'river'],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#a9c8e6', 'line-width': ['interpolate', ['exponential', 2], ['zoom'], 11, 4, 16, 40] },
  });
  map.addLayer({
    id: 'streets',
    type: 'line',
    source: 'streets',
    filter: ['!=', ['get', 'class'], 'river'],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': ['match', ['get', 'class'], 'arterial', '#9aa3ad', 'ring_road', '#9aa3ad', 'collector', '#b4bbc3', '#c9ced4'],
      'line-width': [
        'interpolate', ['exponential', 2], ['zoom'],
        11, ['match', ['get', 'class'], 'arterial', 1.6, 'ring_road', 2, 'collector', 1, 0.5],
        16, ['match', ['get', 'class'], 'arterial', 14, 'ring_road', 16, 'collector', 9, 5],
      ],
    },
  });
  map.addLayer({
    id: 'boundary-line',
    type: 'line',
    source: 'boundary',
    paint: { 'line-color': '#334155', 'line-width': 2, 'line-dasharray': [3, 2] },
  });
}

export function setStreets(map: MlMap, fc: FeatureCollection | null): void {
  (map.getSource('streets') as GeoJSONSource | undefined)?.setData(fc ?? EMPTY);
}

export function setBoundary(map: MlMap, fc: FeatureCollection | null): void {
  (map.getSource('boundary') as GeoJSONSource | undefined)?.setData(fc ?? EMPTY);
}
