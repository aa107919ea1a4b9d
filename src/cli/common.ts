/** Shared pieces of the CLI commands: reading files, loading incidents, parsing options. */
import fs from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { createNodeService } from '../lib/engine/node';
import type { ColumnMapping, Detection, Filter, ValidationReport } from '../lib/engine/protocol';
import type { IncidentService } from '../lib/engine/service';
import { presetMapping } from '../lib/import/detect';
import { checkSourceSize } from '../lib/import/limits';
import type { Args } from './args';

/** An error in what the user asked for: printed as one line, exit status 1. */
export class UsageError extends Error {}

/** A command: runs with parsed options and returns the text to print (or write to --out). */
export interface Command {
  usage: string;
  run(a: Args): Promise<string>;
}

export function readFile(path: string, what: string): Uint8Array {
  if (!fs.existsSync(path)) throw new UsageError(`${what} "${path}" does not exist.`);
  // Before reading it: the app's size limits, with the app's message.
  checkSourceSize(path.split(/[\\/]/).pop() || path, fs.statSync(path).size);
  return fs.readFileSync(path);
}

export function readGeoJson(path: string | undefined, what = 'Boundary file'): FeatureCollection | null {
  if (!path) return null;
  try {
    return JSON.parse(new TextDecoder().decode(readFile(path, what)));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what} "${path}" is not valid GeoJSON: ${(e as Error).message}`);
  }
}

export function intList(v: string | undefined, what: string): number[] | undefined {
  if (v === undefined) return undefined;
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isInteger(x))) throw new UsageError(`${what} must be a comma-separated list of whole numbers, got "${v}".`);
  return xs;
}

export function numList(v: string | undefined, what: string): number[] | undefined {
  if (v === undefined) return undefined;
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isFinite(x))) throw new UsageError(`${what} must be a comma-separated list of numbers, got "${v}".`);
  return xs;
}

/** A whole number option within [lo, hi], or the default. */
export function intOpt(a: Args, name: string, def: number, lo: number, hi: number): number {
  const v = a.one(name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new UsageError(`--${name} must be a whole number ${lo}–${hi}.`);
  return n;
}

/** The filter options shared by commands: --type (repeatable), --from, --to, --hours, --weekdays. */
export function filterOf(a: Args): Filter {
  return { offences: a.all('type'), from: a.one('from'), to: a.one('to'), hours: intList(a.one('hours'), '--hours'), weekdays: intList(a.one('weekdays'), '--weekdays') };
}

/**
 * Loads `--input` into a fresh engine: detected (or `--preset`) mapping, with column overrides
 * `--x/--y/--crs/--lat/--lon/--time/--key/--offence`, `--boundary` and `--clip`.
 */
export async function loadIncidents(a: Args): Promise<{ service: IncidentService; report: ValidationReport }> {
  const input = a.one('input');
  if (!input) throw new UsageError('--input FILE is required.');
  const bytes = readFile(input, 'Input file');
  const boundary = readGeoJson(a.one('boundary'));
  const service = await createNodeService();
  const det = await service.stage(input.split('/').pop() ?? input, bytes);
  const report = await service.import(mappingOf(a, det), boundary, a.flag('clip'));
  return { service, report };
}

/** The detected (or `--preset`) mapping with the column overrides of the command line. */
export function mappingOf(a: Args, det: Detection): ColumnMapping {
  const names = det.columns.map((c) => c.name);
  const preset = a.one('preset');
  const mapping: ColumnMapping = preset ? presetMapping(preset, names) : { ...det.mapping };
  if (preset && !mapping.dateFormat && det.mapping.dateFormat) mapping.dateFormat = det.mapping.dateFormat;
  const overrides: [string, keyof ColumnMapping][] = [['x', 'x'], ['y', 'y'], ['lat', 'lat'], ['lon', 'lon'], ['time', 'datetime'], ['key', 'location'], ['offence', 'offence'], ['id', 'id']];
  for (const [opt, role] of overrides) {
    const v = a.one(opt);
    if (v === undefined) continue;
    if (!names.includes(v)) throw new UsageError(`--${opt}: the file has no column "${v}" (columns: ${names.join(', ')}).`);
    (mapping as Record<string, string>)[role] = v;
  }
  if (a.one('crs')) mapping.crs = a.one('crs');
  if (a.one('x') && !a.one('lat')) { delete mapping.lat; delete mapping.lon; }
  return mapping;
}
