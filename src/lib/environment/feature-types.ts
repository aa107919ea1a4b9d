/**
 * The feature types an environmental layer can be tagged with. The list is data, not code: the
 * user extends it with `addFeatureType` (a feature type the tool has never heard of is fine — the
 * CLI's `--env TYPE=FILE` accepts any id). A type's `id` is the model's term name.
 *
 * `expected` records the direction the situational-prevention literature usually reports (Caplan
 * & Kennedy 2016, Risk Terrain Modeling: Crime Prediction and Risk Reduction, ch. 3–4), shown
 * beside a fitted sign so a planner notices a surprising one; it is not used by the model.
 */
import type { GeometryKind } from './layer';

/** A feature type a layer can be tagged with. */
export interface FeatureType {
  /** Lower-case id, letters, digits and underscores: the model's term (e.g. `street_light_out`). */
  id: string;
  label: string;
  /** The geometry it usually comes as (any geometry is accepted). */
  geometry: GeometryKind;
  /** Legend colour, CSS hex. */
  colour: string;
  /** Usual association with crime nearby: raises, lowers, or no settled direction. */
  expected: 'raises' | 'lowers' | 'mixed';
  description: string;
}

/** The built-in list; the demo city's layers and the Chicago test layers map onto it. */
export const DEFAULT_FEATURE_TYPES: readonly FeatureType[] = [
  { id: 'street_light', label: 'Street light', geometry: 'point', colour: '#f2d15c', expected: 'lowers', description: 'A working street light.' },
  { id: 'street_light_out', label: 'Broken street light', geometry: 'point', colour: '#7a5c00', expected: 'raises', description: 'A street light reported out or not working.' },
  { id: 'bar', label: 'Bar / liquor outlet', geometry: 'point', colour: '#c2185b', expected: 'raises', description: 'Bar, nightclub or off-licence liquor store.' },
  { id: 'transit_stop', label: 'Transit stop', geometry: 'point', colour: '#1565c0', expected: 'raises', description: 'Bus stop or rail station.' },
  { id: 'vacant', label: 'Vacant lot or building', geometry: 'polygon', colour: '#6d4c41', expected: 'raises', description: 'Vacant or abandoned property, lot or building.' },
  { id: 'school', label: 'School', geometry: 'point', colour: '#8e24aa', expected: 'mixed', description: 'Primary or secondary school.' },
  { id: 'park', label: 'Park', geometry: 'polygon', colour: '#2e7d32', expected: 'mixed', description: 'Park or green space.' },
  { id: 'cctv', label: 'CCTV camera', geometry: 'point', colour: '#00838f', expected: 'lowers', description: 'Public or private surveillance camera.' },
  { id: 'police_station', label: 'Police station', geometry: 'point', colour: '#283593', expected: 'mixed', description: 'Police station or district office.' },
];

const ID = /^[a-z][a-z0-9_]{0,63}$/;

/** Whether `id` can be a feature type id (and so a model term and a CLI `--env` TYPE). */
export function isFeatureTypeId(id: string): boolean {
  return ID.test(id);
}

/** The list with one more type; throws on a malformed or duplicate id. */
export function addFeatureType(list: readonly FeatureType[], t: FeatureType): FeatureType[] {
  if (!isFeatureTypeId(t.id)) throw new Error(`A feature type id is lower-case letters, digits and underscores, starting with a letter: got "${t.id}".`);
  if (list.some((x) => x.id === t.id)) throw new Error(`There is already a feature type "${t.id}".`);
  return [...list, t];
}

/** The type with this id, or a plain entry for an id the list does not know. */
export function featureType(list: readonly FeatureType[], id: string): FeatureType {
  return list.find((t) => t.id === id) ?? { id, label: id.replaceAll('_', ' '), geometry: 'point', colour: '#616161', expected: 'mixed', description: 'User-defined feature type.' };
}

/**
 * How the demo city's files (data/demo/environment/*.geojson) map onto feature types: the street
 * lights file splits by `working` into working and broken lights.
 */
export const DEMO_LAYERS: readonly { file: string; type: string; where?: { column: string; equals: string | boolean } }[] = [
  { file: 'street_lights.geojson', type: 'street_light_out', where: { column: 'working', equals: false } },
  { file: 'street_lights.geojson', type: 'street_light', where: { column: 'working', equals: true } },
  { file: 'bars.geojson', type: 'bar' },
  { file: 'transit_stops.geojson', type: 'transit_stop' },
  { file: 'vacant.geojson', type: 'vacant' },
  { file: 'schools.geojson', type: 'school' },
  { file: 'parks.geojson', type: 'park' },
  { file: 'cctv.geojson', type: 'cctv' },
];
