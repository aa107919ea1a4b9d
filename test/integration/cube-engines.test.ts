/**
 * Issue #10: the CLI's `--engine native` (native DuckDB through src/lib/engine/bulk.ts) gives the
 * same validation report and the same counts per cell as the app's engine (IncidentService on
 * DuckDB-wasm), on a messy CSV cut from Chicago's 2017 records (missing, swapped and projected-only
 * coordinates, unreadable dates, repeated ids) and on a synthetic Parquet city; and the `cube`
 * command runs end to end on both engines. The 1.03 M-row and 50 M-row comparisons are in the
 * bench (`npm run bench` section "scale").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { syntheticParquet } from '../../scripts/generate-demo';
import { createNodeService } from '../../src/lib/engine/node';
import { createNativeRunner, type NativeRunner } from '../../src/lib/engine/native';
import { BulkIncidents } from '../../src/lib/engine/bulk';
import { nativeFileSource } from '../../src/lib/engine/cube-build';
import { str } from '../../src/lib/engine/engine';
import type { ColumnMapping, Filter, ValidationReport } from '../../src/lib/engine/protocol';
import type { IncidentService } from '../../src/lib/engine/service';
import { ROOT } from '../helpers/paths';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-engines-test-'));
const CHICAGO_CSV = path.resolve(ROOT, '../shared/data/chicago/crimes_2017.csv');
const FILTERS: Filter[] = [{}, { offences: ['THEFT', 'BATTERY', 'Burglary'] }, { from: '2017-02-01', to: '2023-06-30', hours: [0, 1, 2, 22, 23] }, { weekdays: [1, 3, 5] }];

let native: NativeRunner;
/** A guard, not a speed target: the shared 2-core machine can be heavily loaded (timings live in the bench). */
const LONG = 600_000;

/** The wasm import and the native import of one file under one mapping. */
async function both(file: string): Promise<{ wasm: IncidentService; wasmReport: ValidationReport; bulk: BulkIncidents; bulkReport: ValidationReport; mapping: ColumnMapping }> {
  const wasm = await createNodeService();
  const det = await wasm.stage(path.basename(file), fs.readFileSync(file));
  const wasmReport = await wasm.import(det.mapping, null, false);
  const src = await nativeFileSource(native, file);
  const bulk = new BulkIncidents(native);
  const bulkReport = await bulk.import(path.basename(file), { relation: await src.load(0, []), format: src.format, columns: src.columns }, det.mapping, null, false);
  return { wasm, wasmReport, bulk, bulkReport, mapping: det.mapping };
}

const withoutNotes = (r: ValidationReport) => {
  const { notes: _, ...rest } = r as ValidationReport & { notes?: string[] };
  return rest;
};

beforeAll(async () => {
  native = await createNativeRunner({ threads: 2 });
  // 4,000 Chicago rows made messy in known ways, written by DuckDB as a plain CSV.
  await native.exec(`COPY (SELECT
      CASE WHEN rn % 97 = 5 THEN first_value(ID) OVER (ORDER BY rn) ELSE ID END AS ID,
      CASE WHEN rn % 61 = 3 THEN 'not a date' ELSE "Date" END AS "Date",
      "Primary Type", "Block",
      CASE WHEN rn % 41 = 7 THEN NULL WHEN rn % 53 = 1 THEN "Longitude" ELSE "Latitude" END AS "Latitude",
      CASE WHEN rn % 41 = 7 THEN NULL WHEN rn % 53 = 1 THEN "Latitude" ELSE "Longitude" END AS "Longitude",
      "X Coordinate", "Y Coordinate"
    FROM (SELECT row_number() OVER () AS rn, * FROM read_csv(${str(CHICAGO_CSV)}, all_varchar = true) LIMIT 4000) ORDER BY rn)
    TO ${str(path.join(TMP, 'messy.csv'))} (HEADER)`);
  fs.writeFileSync(path.join(TMP, 'city.parquet'), syntheticParquet(10_000, 5));
}, LONG);

afterAll(() => {
  native?.close();
  fs.rmSync(TMP, { recursive: true, force: true });
});

describe('native DuckDB and DuckDB-wasm import alike', () => {
  it('a messy CSV: the same rows read, kept and rejected for each reason, and the same counts per cell', async () => {
    const r = await both(path.join(TMP, 'messy.csv'));
    expect(r.mapping).toMatchObject({ x: 'X Coordinate', y: 'Y Coordinate', crs: 'EPSG:3435' });
    expect(r.wasmReport.read).toBe(4000);
    // Each kind of damage is there and is caught.
    for (const k of ['no_coordinates', 'swapped_lat_lon', 'unparseable_date', 'duplicate_id'] as const) expect(r.wasmReport.rejected[k]).toBeGreaterThan(0);
    expect(withoutNotes(r.bulkReport)).toEqual(withoutNotes(r.wasmReport));
    for (const res of [7, 9])
      for (const f of FILTERS) expect(await r.bulk.aggregate(res, f)).toEqual(r.wasm.aggregate(res, f));
  }, LONG);

  it('a synthetic Parquet city', async () => {
    const r = await both(path.join(TMP, 'city.parquet'));
    expect(withoutNotes(r.bulkReport)).toEqual(withoutNotes(r.wasmReport));
    for (const res of [6, 11]) for (const f of FILTERS) expect(await r.bulk.aggregate(res, f)).toEqual(r.wasm.aggregate(res, f));
  }, LONG);
});

describe('the CLI', () => {
  const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  it('aggregate --engine native prints what the default engine prints', () => {
    const args = ['aggregate', '--input', path.join(TMP, 'messy.csv'), '--res', '8', '--type', 'THEFT'];
    expect(cli(...args, '--engine', 'native', '--threads', '2')).toBe(cli(...args));
  }, LONG);

  it('cube writes the same cube on both engines, and explains bad options', async () => {
    const a = JSON.parse(cli('cube', '--input', path.join(TMP, 'city.parquet'), '--folder', path.join(TMP, 'cube-w')));
    const b = JSON.parse(cli('cube', '--input', path.join(TMP, 'city.parquet'), '--folder', path.join(TMP, 'cube-n'), '--engine', 'native', '--partition', 'cell:5'));
    expect(a.engine).toBe('wasm');
    expect(b.engine).toBe('native');
    expect(b.cubeRows).toBe(a.cubeRows);
    expect(b.counted).toBe(a.read);
    const diff = await native.query(`SELECT count(*)::INTEGER AS n FROM (
      (SELECT * FROM read_parquet(${str(TMP + '/cube-w/**/*.parquet')}, hive_partitioning = false) EXCEPT ALL SELECT * FROM read_parquet(${str(TMP + '/cube-n/**/*.parquet')}, hive_partitioning = false))
      UNION ALL
      (SELECT * FROM read_parquet(${str(TMP + '/cube-n/**/*.parquet')}, hive_partitioning = false) EXCEPT ALL SELECT * FROM read_parquet(${str(TMP + '/cube-w/**/*.parquet')}, hive_partitioning = false)))`);
    expect(diff.getChild('n')!.get(0)).toBe(0);
    const fail = (...args: string[]) => {
      try {
        cli(...args);
        return '';
      } catch (e) {
        return String((e as { stderr: string }).stderr);
      }
    };
    expect(fail('cube', '--input', path.join(TMP, 'city.parquet'), '--folder', path.join(TMP, 'cube-w'))).toMatch(/exists and is not an empty folder/);
    expect(fail('cube', '--input', path.join(TMP, 'city.parquet'), '--folder', path.join(TMP, 'x'), '--partition', 'month')).toMatch(/--partition must be year, cell:R/);
    expect(fail('cube', '--input', path.join(TMP, 'city.parquet'), '--folder', path.join(TMP, 'x'), '--engine', 'spark')).toMatch(/--engine must be wasm/);
  }, LONG);
});
