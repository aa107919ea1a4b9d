/**
 * Evaluation presets for the synthetic demo city: the Lantern Quarter, where the generator planted
 * a street-lighting repair (data/demo/ground_truth.json → intervention), and the control area the
 * planner core's integration test uses — the Lantern Quarter's own outline moved 2.5 km west and
 * 0.5 km south onto the central nightlife district, chosen on pre-period facts (similar night-time
 * count before the date, outside every buffer). Only these two fields of the file are bundled.
 */
import type { Polygon } from 'geojson';
import { city, intervention } from '../../../../data/demo/ground_truth.json';
import { fmtDate } from '../format';
import { t } from '../../i18n';

/** One preset area with a name and why it is what it is. */
export interface PresetArea {
  name: string;
  description: string;
  geometry: Polygon;
}

const M_LON = city.projection.metres_per_degree_lon;
const M_LAT = city.projection.metres_per_degree_lat;
const ring = intervention.area.coordinates[0] as [number, number][];

/** The Lantern Quarter (treated area of the planted intervention). */
export const LANTERN_QUARTER: PresetArea = {
  name: `${intervention.area_name} (demo)`,
  description: `${intervention.name}: ${intervention.lights_repaired} street lights repaired on ${intervention.date}.`,
  geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x, y])] },
};

/** The demo's control area: the same outline 2.5 km west and 0.5 km south (central nightlife district). */
export const DEMO_CONTROL: PresetArea = {
  name: 'Central nightlife district (demo control)',
  description:
    'The Lantern Quarter outline moved 2.5 km west and 0.5 km south: a comparable night-time setting with a similar count before the date, ' +
    'outside the treated buffer, and no emerging or fading hot spot within 1 km.',
  geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x - 2500 / M_LON, y - 500 / M_LAT])] },
};

/** The planted intervention's settings, to fill the evaluation form. */
export const DEMO_EVALUATION = {
  date: intervention.date,
  offences: intervention.offences as string[],
  /** 20:00–06:00. */
  hours: [20, 21, 22, 23, 0, 1, 2, 3, 4, 5],
  bufferM: 200,
  statedReduction: intervention.stated_reduction,
};

/** An area's name in the current language (the demo's presets translated, any other as it came). */
export function areaName(a: { name: string; area?: unknown; geometry?: unknown }): string {
  const g = a.area ?? a.geometry;
  if (g === DEMO_CONTROL.geometry) return t('ev.demoControlName');
  if (g === LANTERN_QUARTER.geometry) return t('ev.demoTreatedName', { name: intervention.area_name });
  return a.name;
}

/** Why an area is what it is, in the current language (the demo's presets translated). */
export function areaDescription(a: { description: string; area?: unknown; geometry?: unknown }): string {
  const g = a.area ?? a.geometry;
  if (g === DEMO_CONTROL.geometry) return t('ev.demoControl');
  if (g === LANTERN_QUARTER.geometry) return t('ev.demoTreated', { name: intervention.area_name, n: intervention.lights_repaired, date: fmtDate(intervention.date) });
  return a.description;
}
