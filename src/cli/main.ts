/**
 * Command-line interface on the same engine as the app (DuckDB-wasm's Node build):
 *   npm run -s cli -- import --input FILE [--boundary GEOJSON] [--preset NAME] [--clip]
 *   npm run -s cli -- aggregate --input FILE [--boundary GEOJSON] [--res N] [--type NAME]...
 *        [--from DATE] [--to DATE] [--hours 0,1,…] [--weekdays 1,…,7] [--format json|csv|geojson] [--out FILE]
 * Bad input exits with status 1 and a one-line message on stderr.
 */
import fs from 'node:fs';
import { cellToBoundary } from 'h3-js';
import type { FeatureCollection } from 'geojson';
import { createNodeService } from '../lib/engine/node';
import type { Filter } from '../lib/engine/protocol';
import { presetMapping } from '../lib/import/detect';
import { MAX_RES, MIN_RES } from '../lib/geo/h3bits';
import { parseArgs, type Args } from './args';

const USAGE = `Prevention Planner CLI
  import    --input FILE [--boundary GEOJSON] [--preset NAME] [--clip]
  aggregate --input FILE [--boundary GEOJSON] [--preset NAME] [--clip] [--res N (${MIN_RES}-${MAX_RES}, default 9)]
            [--type NAME]... [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--hours H,H,...] [--weekdays D,D,...]
            [--format json|csv|geojson] [--out FILE]`;

class UsageError extends Error {}

function readFile(path: string, what: string): Uint8Array {
  if (!fs.existsSync(path)) throw new UsageError(`${what} "${path}" does not exist.`);
  return fs.readFileSync(path);
}

function readBoundary(path: string | undefined): FeatureCollection | null {
  if (!path) return null;
  try {
    return JSON.parse(new TextDecoder().decode(readFile(path, 'Boundary file')));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`Boundary file "${path}" is not valid GeoJSON: ${(e as Error).message}`);
  }
}

function intList(v: string | undefined, what: string): number[] | undefined {
  if (v === undefined) return undefined;
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isInteger(x))) throw new UsageError(`${what} must be a comma-separated list of whole numbers, got "${v}".`);
  return xs;
}

async function load(a: Args) {
  const input = a.one('input');
  if (!input) throw new UsageError('--input FILE is required.');
  const bytes = readFile(input, 'Input file');
  const boundary = readBoundary(a.one('boundary'));
  const service = await createNodeService();
  const det = await service.stage(input.split('/').pop() ?? input, bytes);
  const preset = a.one('preset');
  const mapping = preset ? presetMapping(preset, det.columns.map((c) => c.name)) : det.mapping;
  if (preset && !mapping.dateFormat && det.mapping.dateFormat) mapping.dateFormat = det.mapping.dateFormat;
  const report = await service.import(mapping, boundary, a.flag('clip'));
  return { service, report };
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return;
  }
  const a = parseArgs(rest);
  const write = (text: string) => {
    const out = a.one('out');
    if (out) fs.writeFileSync(out, text);
    else process.stdout.write(text + (text.endsWith('\n') ? '' : '\n'));
  };
  if (command === 'import') {
    const { report } = await load(a);
    write(JSON.stringify(report, null, 2));
    return;
  }
  if (command === 'aggregate') {
    const res = Number(a.one('res') ?? 9);
    if (!Number.isInteger(res) || res < MIN_RES || res > MAX_RES) throw new UsageError(`--res must be a whole number ${MIN_RES}–${MAX_RES}.`);
    const format = a.one('format') ?? 'json';
    if (!['json', 'csv', 'geojson'].includes(format)) throw new UsageError(`--format must be json, csv or geojson, got "${format}".`);
    const filter: Filter = { offences: a.all('type'), from: a.one('from'), to: a.one('to'), hours: intList(a.one('hours'), '--hours'), weekdays: intList(a.one('weekdays'), '--weekdays') };
    const { service, report } = await load(a);
    const agg = service.aggregate(res, filter);
    if (format === 'csv') {
      write('cell,count\n' + agg.cells.map((c, i) => `${c},${agg.counts[i]}`).join('\n'));
    } else if (format === 'geojson') {
      write(JSON.stringify({
        type: 'FeatureCollection',
        features: agg.cells.map((c, i) => {
          const ring = cellToBoundary(c, true);
          return { type: 'Feature', properties: { cell: c, count: agg.counts[i] }, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } };
        }),
      }));
    } else {
      const rejected = Object.fromEntries(Object.entries(report.rejected).filter(([, n]) => n > 0));
      write(JSON.stringify({ rows: { read: report.read, kept: report.kept, rejected }, res, filter, total: agg.total, cells: agg.cells.map((c, i) => ({ cell: c, count: agg.counts[i] })) }));
    }
    return;
  }
  throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`Error: ${e.message}\n`);
  process.exit(1);
});
