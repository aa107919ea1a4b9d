/**
 * What a saved project is: one JSON manifest plus the data files it names.
 *
 * The incidents are kept as the original file bytes with the confirmed column mapping, boundary
 * and clip choice, and are imported again on restore: the same bytes through the same import give
 * the same rows, cells and validation report (checked on restore against the saved report), so
 * every result computed from them is identical. Environmental layers are kept the same way (bytes
 * plus feature type and subset), and so is a community survey (bytes plus the confirmed mapping and
 * clip; the synthetic demo survey only as "the demo", loaded again from the app). Settings, the view, every analysis's parameters, the method
 * records of the results on screen, and the planner (plan, scenarios with their scores, the
 * evaluation's areas) are plain JSON.
 *
 * A manifest read from a file may come from anyone: `checkManifest` checks its outline here, and
 * every value is checked again where it is applied (src/lib/persist/state.ts; plans by
 * `validatePlan`).
 */
import type { FeatureCollection } from 'geojson';
import type { ColumnMapping } from '../engine/protocol';
import type { SurveyMapping } from '../import/survey';
import type { BlobRef } from './store';

export const PROJECT_FORMAT = 'prevention-planner-project';
export const PROJECT_VERSION = 1;

/** A data file: its stored id and size, and the file name it was read under. */
export interface FileRef extends BlobRef {
  name: string;
}

/** The imported incidents: their file and how it was imported. */
export interface DatasetRecord {
  /** Shown name of the data set. */
  name: string;
  isDemo: boolean;
  file: FileRef;
  mapping: ColumnMapping;
  boundary: FeatureCollection | null;
  clip: boolean;
  /** The validation report's counts, compared with the import on restore. */
  report: { read: number; kept: number; rejected: Record<string, number> };
}

/** An environmental layer: its file, feature type and subset. */
export interface LayerRecord {
  name: string;
  type: string;
  where?: { column: string; equals: string | number | boolean };
  file: FileRef;
}

/**
 * The community survey (Community tab): its file (none for the synthetic demo survey, which comes
 * with the app) and how it was imported. Its settings (resolution, k, group, thresholds, the gender
 * lens) are in `state.community`.
 */
export interface SurveyRecord {
  name: string;
  isDemo: boolean;
  file: FileRef | null;
  mapping: SurveyMapping;
  clip: boolean;
  /** The import report's counts, compared with the import on restore. */
  report: { read: number; kept: number };
}

/** The saved project. `state` is applied value by value, leniently (see state.ts). */
export interface ProjectManifest {
  format: typeof PROJECT_FORMAT;
  version: typeof PROJECT_VERSION;
  savedAt: string;
  dataset: DatasetRecord | null;
  layers: LayerRecord[];
  /** Absent in projects saved before surveys were kept. */
  community?: SurveyRecord | null;
  settings: { baseMapUrl: string };
  state: Record<string, unknown>;
}

/** Every data file a manifest names. */
export function fileRefs(m: ProjectManifest): FileRef[] {
  return [...(m.dataset ? [m.dataset.file] : []), ...m.layers.map((l) => l.file), ...(m.community?.file ? [m.community.file] : [])];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isFileRef = (x: unknown): x is FileRef =>
  isObj(x) && typeof x.id === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(x.id) && typeof x.name === 'string' && Number.isSafeInteger(x.size) && (x.size as number) >= 0;

/** The mapping keys the import understands, each a column name. */
const MAPPING_KEYS = ['id', 'datetime', 'date', 'time', 'dateFormat', 'lat', 'lon', 'x', 'y', 'crs', 'offence', 'location'] as const;

/** The survey mapping's column names, and its other keys with the values they may take. */
const SURVEY_COLUMNS = ['id', 'lat', 'lon', 'x', 'y', 'crs', 'answer', 'time', 'sex', 'age', 'placeType', 'harassed', 'reasons', 'text'] as const;
const SURVEY_CHOICES = { answerKind: ['yesno', 'scale', 'labels'], yesMeans: ['safe', 'unsafe'], highMeans: ['safe', 'unsafe'] } as const;

/** A survey record from untrusted JSON, or null (with the problems in `errors`). */
function checkSurvey(c: unknown, errors: string[]): SurveyRecord | null {
  if (!isObj(c) || typeof c.name !== 'string' || !isObj(c.mapping) || !isObj(c.report) || (c.isDemo !== true && !isFileRef(c.file))) {
    errors.push('The community survey record is incomplete (name, file, mapping and report are needed).');
    return null;
  }
  const mapping: SurveyMapping = {};
  for (const k of SURVEY_COLUMNS) {
    const v = c.mapping[k];
    if (typeof v === 'string' && v) mapping[k] = v;
    else if (v !== undefined && v !== '' && v !== null) errors.push(`The survey mapping's "${k}" is not a column name.`);
  }
  for (const [k, values] of Object.entries(SURVEY_CHOICES) as [keyof typeof SURVEY_CHOICES, readonly string[]][]) {
    const v = c.mapping[k];
    if (typeof v === 'string' && values.includes(v)) (mapping as Record<string, unknown>)[k] = v;
    else if (v !== undefined && v !== null) errors.push(`The survey mapping's "${k}" is not one of ${values.join(', ')}.`);
  }
  for (const k of ['scaleMin', 'scaleMax'] as const) {
    const v = c.mapping[k];
    if (typeof v === 'number' && Number.isFinite(v)) mapping[k] = v;
    else if (v !== undefined && v !== null) errors.push(`The survey mapping's "${k}" is not a number.`);
  }
  const r = c.report;
  if (!Number.isSafeInteger(r.read) || !Number.isSafeInteger(r.kept)) errors.push('The community survey record has no row counts.');
  const isDemo = c.isDemo === true;
  return { name: c.name, isDemo, file: isDemo ? null : (c.file as FileRef), mapping, clip: c.clip === true, report: { read: r.read as number, kept: r.kept as number } };
}

/**
 * Checks the outline of an untrusted manifest: format and version, the data set and layer
 * records, file references. Returns the manifest or the problems, in plain words.
 */
export function checkManifest(x: unknown): { ok: true; manifest: ProjectManifest } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (!isObj(x)) return { ok: false, errors: ['project.json is not a JSON object.'] };
  if (x.format !== PROJECT_FORMAT) errors.push(`This is not a Prevention Planner project (format is ${JSON.stringify(x.format)?.slice(0, 60)}).`);
  else if (x.version !== PROJECT_VERSION) errors.push(`The project was saved by a ${typeof x.version === 'number' && x.version > PROJECT_VERSION ? 'newer' : 'different'} version of the app (project format ${String(x.version).slice(0, 20)}, this app reads ${PROJECT_VERSION}).`);
  if (errors.length) return { ok: false, errors };
  let dataset: DatasetRecord | null = null;
  if (x.dataset !== null && x.dataset !== undefined) {
    const d = x.dataset;
    if (!isObj(d) || typeof d.name !== 'string' || !isFileRef(d.file) || !isObj(d.mapping) || !isObj(d.report)) errors.push('The data set record is incomplete (name, file, mapping and report are needed).');
    else {
      const mapping: ColumnMapping = {};
      for (const k of MAPPING_KEYS) {
        const v = d.mapping[k];
        if (typeof v === 'string' && v) mapping[k] = v;
        else if (v !== undefined && v !== '' && v !== null) errors.push(`The column mapping's "${k}" is not a column name.`);
      }
      const b = d.boundary;
      const boundary = isObj(b) && b.type === 'FeatureCollection' && Array.isArray(b.features) ? (b as unknown as FeatureCollection) : null;
      if (b !== null && b !== undefined && !boundary) errors.push('The study boundary is not a GeoJSON FeatureCollection.');
      const r = d.report;
      const rejected: Record<string, number> = {};
      if (isObj(r.rejected)) for (const [k, v] of Object.entries(r.rejected)) if (Number.isSafeInteger(v)) rejected[k] = v as number;
      if (!Number.isSafeInteger(r.read) || !Number.isSafeInteger(r.kept)) errors.push('The data set record has no row counts.');
      dataset = { name: d.name, isDemo: d.isDemo === true, file: d.file, mapping, boundary, clip: d.clip === true, report: { read: r.read as number, kept: r.kept as number, rejected } };
    }
  }
  const layers: LayerRecord[] = [];
  if (x.layers !== undefined && !Array.isArray(x.layers)) errors.push('The layers are not a list.');
  for (const [i, l] of (Array.isArray(x.layers) ? x.layers : []).entries()) {
    if (!isObj(l) || typeof l.name !== 'string' || typeof l.type !== 'string' || !isFileRef(l.file)) {
      errors.push(`Layer ${i + 1} is incomplete (name, type and file are needed).`);
      continue;
    }
    const rec: LayerRecord = { name: l.name, type: l.type, file: l.file };
    const w = l.where;
    if (isObj(w) && typeof w.column === 'string' && ['string', 'number', 'boolean'].includes(typeof w.equals)) rec.where = { column: w.column, equals: w.equals as string | number | boolean };
    layers.push(rec);
  }
  const community = x.community === null || x.community === undefined ? null : checkSurvey(x.community, errors);
  const s = isObj(x.settings) ? x.settings : {};
  const manifest: ProjectManifest = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    savedAt: typeof x.savedAt === 'string' ? x.savedAt : '',
    dataset,
    layers,
    community,
    settings: { baseMapUrl: typeof s.baseMapUrl === 'string' ? s.baseMapUrl : '' },
    state: isObj(x.state) ? x.state : {},
  };
  return errors.length ? { ok: false, errors } : { ok: true, manifest };
}
