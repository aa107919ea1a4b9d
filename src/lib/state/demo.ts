/**
 * The embedded synthetic demo city (data/demo): served by the app itself, never from another host.
 * The incidents are fetched by the engine worker; the boundary is bundled; the streets are fetched
 * on demand for the offline base map.
 */
import type { FeatureCollection } from 'geojson';
import incidentsUrl from '../../../data/demo/incidents.parquet?url';
import streetsUrl from '../../../data/demo/streets.geojson?url';
import boundaryText from '../../../data/demo/boundary.geojson?raw';
import { DEMO_LAYERS } from '../environment/feature-types';
import type { LayerSource } from '../engine/analyses/risk';

/** Absolute URL of the demo incidents (the worker resolves URLs against its own location). */
export function demoIncidentsUrl(): string {
  return new URL(incidentsUrl, location.href).href;
}

export function demoBoundary(): FeatureCollection {
  return JSON.parse(boundaryText) as FeatureCollection;
}

let streets: Promise<FeatureCollection> | null = null;

/** The demo streets (LineStrings with a `class`), fetched once from the app's own origin. */
export function demoStreets(): Promise<FeatureCollection> {
  streets ??= fetch(new URL(streetsUrl, location.href)).then((r) => {
    if (!r.ok) throw new Error(`Could not load the demo streets (${r.status})`);
    return r.json() as Promise<FeatureCollection>;
  });
  return streets;
}

const layerUrls = import.meta.glob('../../../data/demo/environment/*.geojson', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

/** The demo's environment layers as engine layer sources (broken and working lights split). */
export function demoLayerSources(): LayerSource[] {
  return DEMO_LAYERS.map((d) => {
    const key = Object.keys(layerUrls).find((k) => k.endsWith('/' + d.file));
    if (!key) throw new Error(`The demo layer ${d.file} is missing from the build.`);
    return { name: d.file, url: new URL(layerUrls[key], location.href).href, type: d.type, where: d.where };
  });
}
