/**
 * Column detection: which source column plays which role (id, date-time, coordinates, offence,
 * place), from known presets first and from column names and sample values otherwise.
 * The user confirms or corrects the result before the import runs.
 */
import type { ColumnMapping } from '../engine/protocol';

/** A known source layout. `match` lists columns that must all be present (case-insensitive). */
export interface Preset {
  name: string;
  label: string;
  match: string[];
  mapping: ColumnMapping;
}

export const PRESETS: Preset[] = [
  {
    name: 'chicago',
    label: 'City of Chicago data portal (Crimes – 2001 to present)',
    match: ['ID', 'Date', 'Block', 'Primary Type', 'X Coordinate', 'Y Coordinate', 'Latitude', 'Longitude'],
    mapping: {
      id: 'ID', datetime: 'Date', dateFormat: '%m/%d/%Y %I:%M:%S %p', lat: 'Latitude', lon: 'Longitude',
      x: 'X Coordinate', y: 'Y Coordinate', crs: 'EPSG:3435', offence: 'Primary Type', location: 'Block',
    },
  },
  {
    name: 'chicago-tidy',
    label: 'City of Chicago crimes, tidied (Parquet: ts, primary_type, x_coord, y_coord)',
    match: ['id', 'ts', 'block', 'primary_type', 'lat', 'lon', 'x_coord', 'y_coord'],
    mapping: {
      id: 'id', datetime: 'ts', lat: 'lat', lon: 'lon', x: 'x_coord', y: 'y_coord', crs: 'EPSG:3435',
      offence: 'primary_type', location: 'block',
    },
  },
  {
    name: 'memphis',
    label: 'Crime Open Database (Memphis layout)',
    match: ['uid', 'offense_type', 'date', 'longitude', 'latitude'],
    mapping: { id: 'uid', datetime: 'date', dateFormat: '%Y-%m-%d %H:%M:%S', lat: 'latitude', lon: 'longitude', offence: 'offense_type' },
  },
  {
    name: 'police-uk',
    label: 'data.police.uk street-level crimes',
    match: ['Month', 'Longitude', 'Latitude', 'Crime type', 'LSOA code', 'Location'],
    mapping: {
      id: 'Crime ID', datetime: 'Month', dateFormat: '%Y-%m', lat: 'Latitude', lon: 'Longitude',
      offence: 'Crime type', location: 'Location',
    },
  },
  {
    name: 'demo',
    label: 'Synthetic demo city',
    match: ['incident_id', 'occurred_at', 'offence', 'address', 'latitude', 'longitude'],
    mapping: { id: 'incident_id', datetime: 'occurred_at', lat: 'latitude', lon: 'longitude', offence: 'offence', location: 'address' },
  },
];

/**
 * Date(-time) formats tried on text columns, most specific first (a tie goes to the earlier one,
 * so US month/day comes before UK day/month). Numbers that count time (Unix seconds or
 * milliseconds, Excel serial days) are recognised separately: see `dates.ts`.
 */
export const DATE_FORMATS = [
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%d %H:%M',
  '%Y-%m-%dT%H:%M',
  '%Y-%m-%dT%H:%M:%SZ',
  '%Y-%m-%dT%H:%M:%S.%fZ',
  '%Y-%m-%d %H:%M:%S.%f',
  '%Y-%m-%dT%H:%M:%S.%f',
  '%m/%d/%Y %I:%M:%S %p',
  '%m/%d/%Y %I:%M %p',
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M',
  '%d/%m/%Y %H:%M:%S',
  '%d/%m/%Y %H:%M',
  '%Y/%m/%d %H:%M:%S',
  '%Y-%m-%d',
  '%m/%d/%Y',
  '%d/%m/%Y',
  '%d.%m.%Y %H:%M',
  '%d.%m.%Y',
  '%d %b %Y %H:%M:%S',
  '%d %b %Y %H:%M',
  '%d %b %Y',
  '%d-%b-%Y %H:%M:%S',
  '%d-%b-%Y %H:%M',
  '%d-%b-%Y',
  '%d-%b-%y',
  '%d %B %Y %H:%M',
  '%d %B %Y',
  '%b %d, %Y %I:%M %p',
  '%b %d, %Y %H:%M',
  '%b %d, %Y',
  '%B %d, %Y %I:%M %p',
  '%B %d, %Y',
  '%a, %d %b %Y %H:%M:%S',
  '%m/%d/%y %H:%M',
  '%m/%d/%y',
  '%d/%m/%y %H:%M',
  '%d/%m/%y',
  '%Y-%m',
];

const NAME_RULES: [keyof ColumnMapping, RegExp][] = [
  ['id', /^(id|uid|incident_?id|crime_?id|case_?id|event_?id|objectid|fid)$/i],
  ['datetime', /^(date_?time|datetime|occurred(_?at|_?on)?|ts|timestamp|date_?occ(urred)?|reported_?at|offen[cs]e_?date|date|month|when|time_?stamp)$/i],
  ['time', /^(time|hour|time_?occ(urred)?)$/i],
  ['lat', /^(lat|latitude|y_?lat|point_?y|wgs84_?lat)$/i],
  ['lon', /^(lon|lng|long|longitude|x_?lon|point_?x|wgs84_?lon)$/i],
  ['x', /^(x|x_?coord(inate)?|easting|x coordinate)$/i],
  ['y', /^(y|y_?coord(inate)?|northing|y coordinate)$/i],
  ['offence', /^(offen[cs]e(_?type|_?category|_?group)?|crime_?type|primary_?type|category|type|crime|ucr_?desc)$/i],
  ['location', /^(address|block|location|street|place|premise|addr)$/i],
];

/** Recognises a preset from column names, or returns null. */
export function matchPreset(columns: string[]): Preset | null {
  const have = new Set(columns.map((c) => c.toLowerCase()));
  return PRESETS.find((p) => p.match.every((m) => have.has(m.toLowerCase()))) ?? null;
}

/** Maps a preset's column names to the actual spelling in the file. */
function respell(mapping: ColumnMapping, columns: string[]): ColumnMapping {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const out: ColumnMapping = {};
  for (const [k, v] of Object.entries(mapping) as [keyof ColumnMapping, string][]) {
    if (k === 'dateFormat' || k === 'crs') out[k] = v;
    else if (byLower.has(v.toLowerCase())) out[k] = byLower.get(v.toLowerCase());
  }
  return out;
}

/** Guesses a mapping: a preset if one matches, else column by column from names. */
export function detectMapping(columns: string[]): { preset: string | null; mapping: ColumnMapping } {
  const preset = matchPreset(columns);
  if (preset) return { preset: preset.name, mapping: respell(preset.mapping, columns) };
  const mapping: ColumnMapping = {};
  for (const c of columns) {
    const norm = c.trim().replace(/\s+/g, '_');
    for (const [role, re] of NAME_RULES) {
      if (mapping[role] === undefined && (re.test(norm) || re.test(c.trim()))) {
        mapping[role] = c;
        break;
      }
    }
  }
  if (mapping.datetime && mapping.time) {
    mapping.date = mapping.datetime;
    delete mapping.datetime;
  }
  return { preset: null, mapping };
}

/** Checks a mapping names what an import needs; returns problems in plain words. */
export function mappingProblems(m: ColumnMapping, columns: string[]): string[] {
  const problems: string[] = [];
  const have = new Set(columns);
  for (const [k, v] of Object.entries(m) as [keyof ColumnMapping, string][]) {
    if (k === 'dateFormat' || k === 'crs' || !v) continue;
    if (!have.has(v)) problems.push(`Column "${v}" (chosen for ${k}) is not in the file.`);
  }
  const hasLatLon = !!(m.lat && m.lon);
  const hasXY = !!(m.x && m.y);
  if (!hasLatLon && !hasXY) problems.push('Choose latitude and longitude columns, or projected X and Y columns with their CRS.');
  if (hasXY && !m.crs) problems.push('Projected X/Y need a coordinate system (for example EPSG:3435).');
  if (!m.datetime && !m.date) problems.push('Choose a date or date-time column.');
  return problems;
}

/** The mapping of a named preset, respelled to the file's columns; throws for an unknown name. */
export function presetMapping(name: string, columns: string[]): ColumnMapping {
  const p = PRESETS.find((x) => x.name === name);
  if (!p) throw new Error(`Unknown preset "${name}". Known presets: ${PRESETS.map((x) => x.name).join(', ')}.`);
  return respell(p.mapping, columns);
}
