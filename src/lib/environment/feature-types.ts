/**
 * The feature types an environmental layer can be tagged with. The list is data, not code: the
 * user extends it with `addFeatureType` (a feature type the tool has never heard of is fine — the
 * CLI's `--env TYPE=FILE` accepts any id). A type's `id` is the model's term name.
 *
 * `expected` records the direction the situational-prevention literature usually reports (Caplan
 * & Kennedy 2016, Risk Terrain Modeling: Crime Prediction and Risk Reduction, ch. 3–4), shown
 * beside a fitted sign so a planner notices a surprising one; it is not used by the model.
 * `control` marks a type that enters the model as a control by default (design.ts): working
 * street lights line every street, so their count measures street and address density — the
 * exposure crime is drawn from — rather than a risk of their own. As a risk factor they made
 * "repair every broken light" raise modelled crime on the demo city (each repaired light became
 * one more unit of street density); as a control they are held fixed in what-if scenarios.
 */
import type { GeometryKind } from './layer';

/** A feature type a layer can be tagged with. */
export interface FeatureType {
  /** Lower-case id, letters, digits and underscores: the model's term (e.g. `street_light_out`). */
  id: string;
  label: string;
  /** The geometry it usually comes as (any geometry is accepted). */
  geometry: GeometryKind;
  /** Legend colour, CSS hex (the defaults: Okabe–Ito, checked for colour-blind readers in colour-vision.test.ts). */
  colour: string;
  /** Usual association with crime nearby: raises, lowers, or no settled direction. */
  expected: 'raises' | 'lowers' | 'mixed';
  description: string;
  /** Enters the model as a control by default (see the header), with the reason shown to the user. */
  control?: string;
  /** Added by the user (kept in the browser's storage), not built in. */
  custom?: boolean;
}

/** The built-in list; the demo city's layers and the Chicago test layers map onto it. */
export const DEFAULT_FEATURE_TYPES: readonly FeatureType[] = [
  { id: 'street_light', label: 'Street light', geometry: 'point', colour: '#f0e442', expected: 'lowers', description: 'A working street light.', control: 'Working lights line every street, so their count stands for street and address density (where crime can happen at all); kept as a control, held fixed in what-if scenarios.' },
  { id: 'street_light_out', label: 'Broken street light', geometry: 'point', colour: '#000000', expected: 'raises', description: 'A street light reported out or not working.' },
  { id: 'bar', label: 'Bar / liquor outlet', geometry: 'point', colour: '#cc79a7', expected: 'raises', description: 'Bar, nightclub or off-licence liquor store.' },
  { id: 'transit_stop', label: 'Transit stop', geometry: 'point', colour: '#0072b2', expected: 'raises', description: 'Bus stop or rail station.' },
  { id: 'vacant', label: 'Vacant lot or building', geometry: 'polygon', colour: '#d55e00', expected: 'raises', description: 'Vacant or abandoned property, lot or building.' },
  { id: 'school', label: 'School', geometry: 'point', colour: '#e69f00', expected: 'mixed', description: 'Primary or secondary school.' },
  { id: 'park', label: 'Park', geometry: 'polygon', colour: '#009e73', expected: 'mixed', description: 'Park or green space.' },
  { id: 'cctv', label: 'CCTV camera', geometry: 'point', colour: '#56b4e9', expected: 'lowers', description: 'Public or private surveillance camera.' },
  { id: 'police_station', label: 'Police station', geometry: 'point', colour: '#7f7f7f', expected: 'mixed', description: 'Police station or district office.' },
];

const ID = /^[a-z][a-z0-9_]{0,63}$/;

/** Whether `id` can be a feature type id (and so a model term and a CLI `--env` TYPE). */
export function isFeatureTypeId(id: string): boolean {
  return ID.test(id);
}

/** A type id from a label the user typed: "Late-night shop" → `late_night_shop`, "24h ATM" → `type_24h_atm`; '' when it has no letter. */
export function typeIdFromLabel(label: string): string {
  const slug = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+/, '');
  if (!/[a-z]/.test(slug)) return '';
  return (/^[0-9]/.test(slug) ? `type_${slug}` : slug).slice(0, 64).replace(/_+$/, '');
}

/** Colours for types the list does not know (and a default for new custom types), in turn. */
export const EXTRA_COLOURS: readonly string[] = ['#e65100', '#00695c', '#ad1457', '#4527a0', '#558b2f', '#0277bd', '#6a1b9a', '#ef6c00', '#37474f', '#9e9d24'];

/** A colour for an unknown id, stable for the id. */
export function fallbackColour(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return EXTRA_COLOURS[h % EXTRA_COLOURS.length];
}

/** A user-defined type from a label (throws when the label gives no usable id). */
export function customFeatureType(label: string, colour: string, geometry: GeometryKind = 'point', expected: FeatureType['expected'] = 'mixed'): FeatureType {
  const name = label.trim();
  if (!name) throw new Error('Give the new feature type a name.');
  if (name.length > 80) throw new Error('A feature type name is at most 80 characters.');
  const id = typeIdFromLabel(name);
  if (!isFeatureTypeId(id)) throw new Error(`"${name}" needs at least one letter to make a type name.`);
  if (!/^#[0-9a-f]{6}$/i.test(colour)) throw new Error(`A colour is #rrggbb, got "${colour}".`);
  return { id, label: name, geometry, colour: colour.toLowerCase(), expected, description: 'User-defined feature type.', custom: true };
}

/** The types that enter as controls by default among these layer types. */
export function defaultControls(list: readonly FeatureType[], types: readonly string[]): string[] {
  return types.filter((t) => list.find((x) => x.id === t)?.control);
}

/** The list with one more type; throws on a malformed or duplicate id. */
export function addFeatureType(list: readonly FeatureType[], t: FeatureType): FeatureType[] {
  if (!isFeatureTypeId(t.id)) throw new Error(`A feature type id is lower-case letters, digits and underscores, starting with a letter: got "${t.id}".`);
  const same = list.find((x) => x.id === t.id);
  if (same) throw new Error(`There is already a feature type "${same.label}" (${t.id}).`);
  return [...list, t];
}

/** The type with this id, or a plain entry for an id the list does not know. */
export function featureType(list: readonly FeatureType[], id: string): FeatureType {
  return list.find((t) => t.id === id) ?? { id, label: id.replaceAll('_', ' '), geometry: 'point', colour: fallbackColour(id), expected: 'mixed', description: 'User-defined feature type.' };
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
