/**
 * Issue #10: the incident cube. A synthetic city of about 25,000 incidents (the demo's generator)
 * is turned into a cube by both engines (DuckDB-wasm in row-group chunks, native DuckDB in one
 * pass) with different partitionings; the cubes must hold identical rows, and a cube opened in the
 * app's service must give the same counts per cell, charts and Gi* as importing the incidents.
 * A cube rewritten by another writer (partitioned by offence, the partition column only in the
 * folder names, rows spread over many files) must open with identical aggregates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticParquet } from '../../scripts/generate-demo';
import { createNodeService } from '../../src/lib/engine/node';
import { createNativeRunner, type NativeRunner } from '../../src/lib/engine/native';
import { buildCube, nativeFileSource, readCubeFiles, wasmParquetSource, type CubeOptions, type CubeSummary } from '../../src/lib/engine/cube-build';
import { MAX_CUBE_ROWS, hiveKeys, parentSql } from '../../src/lib/engine/cube';
import { wasmRunner } from '../../src/lib/engine/sql-runner';
import { str } from '../../src/lib/engine/engine';
import type { IncidentService } from '../../src/lib/engine/service';
import type { ColumnMapping, Filter } from '../../src/lib/engine/protocol';
import { runHotspots } from '../../src/lib/engine/analyses/hotspots';
import { NO_CTX } from '../../src/lib/engine/service';
import { parentBits } from '../../src/lib/geo/h3bits';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-cube-test-'));
const FILE = path.join(TMP, 'city.parquet');
const MAPPING: ColumnMapping = { id: 'incident_id', datetime: 'occurred_at', lat: 'latitude', lon: 'longitude', offence: 'offence', location: 'address' };
const ALL: CubeOptions = { res: 11, allLevels: true, hour: true, partition: { kind: 'year' } };
const FILTERS: Filter[] = [{}, { offences: ['Burglary', 'Assault'] }, { from: '2023-03-01', to: '2023-08-31', weekdays: [6, 7] }, { hours: [20, 21, 22, 23, 0, 1, 2] }];

let native: NativeRunner;
/** A guard, not a speed target: the shared 2-core machine can be heavily loaded (timings live in the bench). */
const LONG = 600_000;
let imported: IncidentService;

/** Every row of a cube folder as sorted text lines (read by native DuckDB, partition keys left out). */
async function rows(dir: string): Promise<string[]> {
  const t = await native.query(`SELECT * FROM read_parquet(${str(dir + '/**/*.parquet')}, hive_partitioning = false)`);
  const names = t.schema.fields.map((f) => f.name);
  const cols = names.map((n) => t.getChild(n)!);
  return Array.from({ length: t.numRows }, (_, i) => cols.map((c) => String(c.get(i))).join('|')).sort();
}

async function build(engine: 'wasm' | 'native', o: CubeOptions, dir: string): Promise<CubeSummary> {
  if (engine === 'native') return buildCube(native, await nativeFileSource(native, FILE), MAPPING, null, false, o, dir);
  const s = await createNodeService();
  const r = wasmRunner(s.engine);
  // Small chunks, so that the chunked path (partial counts summed per partition) is exercised.
  return buildCube(r, await wasmParquetSource(r, FILE, 8_000), MAPPING, null, false, o, dir);
}

async function opened(dir: string): Promise<IncidentService> {
  const s = await createNodeService();
  await s.openCube(readCubeFiles(dir), null);
  return s;
}

beforeAll(async () => {
  fs.writeFileSync(FILE, syntheticParquet(25_000, 11));
  native = await createNativeRunner({ threads: 2 });
  imported = await createNodeService();
  const det = await imported.stage('city.parquet', fs.readFileSync(FILE));
  expect(det.mapping).toMatchObject(MAPPING);
  await imported.import(det.mapping, null, false);
}, LONG);

afterAll(() => {
  native?.close();
  fs.rmSync(TMP, { recursive: true, force: true });
});

describe('building a cube', () => {
  it('gives identical rows on DuckDB-wasm (chunked) and native DuckDB, whatever the partitioning', async () => {
    const w = await build('wasm', ALL, path.join(TMP, 'w-year'));
    const n = await build('native', ALL, path.join(TMP, 'n-year'));
    const c = await build('native', { ...ALL, partition: { kind: 'cell', res: 4 } }, path.join(TMP, 'n-cell'));
    const p = await build('wasm', { ...ALL, partition: { kind: 'none' } }, path.join(TMP, 'w-none'));
    expect(w.read).toBe(n.read);
    expect(w.counted).toBe(w.read);
    expect(w.cubeRows).toBe(n.cubeRows);
    expect(w.files).toEqual(['year=2022/part-0.parquet', 'year=2023/part-0.parquet', 'year=2024/part-0.parquet']);
    expect(n.files).toEqual(w.files);
    expect(p.files).toEqual(['part-0.parquet']);
    expect(c.files.every((f) => /^cell_r4=\d+\/part-0\.parquet$/.test(f))).toBe(true);
    const a = await rows(path.join(TMP, 'w-year'));
    expect(a.length).toBe(w.cubeRows);
    expect(await rows(path.join(TMP, 'n-year'))).toEqual(a);
    expect(await rows(path.join(TMP, 'n-cell'))).toEqual(a);
    expect(await rows(path.join(TMP, 'w-none'))).toEqual(a);
    // Each file is sorted by its key columns (the wasm engine writes a partition bucket by bucket).
    for (const dir of ['w-year', 'w-none', 'n-year']) {
      const t = await native.query(`SELECT * EXCLUDE (n) FROM read_parquet(${str(path.join(TMP, dir, dir.endsWith('none') ? 'part-0.parquet' : 'year=2023/part-0.parquet'))})`);
      const cols = t.schema.fields.map((f) => t.getChild(f.name)!);
      const key = (i: number) => cols.map((c) => c.get(i) as bigint | number | string);
      const less = (a: (bigint | number | string)[], b: (bigint | number | string)[]) => { for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] < b[k]; return false; };
      let unsorted = 0;
      for (let i = 1; i < t.numRows; i++) if (less(key(i), key(i - 1))) unsorted++;
      expect(unsorted).toBe(0);
    }
    // The counts add up to the incidents, and the columns are the documented ones.
    const sum = await native.query(`SELECT sum(n)::DOUBLE AS s FROM read_parquet(${str(TMP + '/w-year/**/*.parquet')})`);
    expect(sum.getChild('s')!.get(0)).toBe(w.read);
    expect(w.columns).toEqual(['c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'day', 'hour', 'offence', 'n']);
  }, LONG);

  it('parent cells in SQL match the H3 parent arithmetic', async () => {
    const t = await native.query(`SELECT c11, ${parentSql('c11', 4)} AS p4, ${parentSql('c11', 9)} AS p9 FROM read_parquet(${str(TMP + '/n-year/**/*.parquet')}) LIMIT 500`);
    for (let i = 0; i < t.numRows; i++) {
      const c = BigInt(t.getChild('c11')!.get(i) as bigint);
      expect(BigInt(t.getChild('p4')!.get(i) as bigint)).toBe(parentBits(c, 4));
      expect(BigInt(t.getChild('p9')!.get(i) as bigint)).toBe(parentBits(c, 9));
    }
  }, LONG);
});

describe('opening a cube in the app', () => {
  it('counts per cell as an import does, at every resolution and under every filter', async () => {
    const s = await opened(path.join(TMP, 'w-year'));
    for (const res of [6, 7, 9, 11])
      for (const f of FILTERS) {
        const a = s.aggregate(res, f);
        const b = imported.aggregate(res, f);
        expect(a.cells).toEqual(b.cells);
        expect(Array.from(a.counts)).toEqual(Array.from(b.counts));
        expect(a.total).toBe(b.total);
      }
  }, LONG);

  it('draws the same charts and the same Gi* hot spots', async () => {
    const s = await opened(path.join(TMP, 'n-cell'));
    for (const f of FILTERS) expect(s.charts(f)).toEqual(imported.charts(f));
    const p = { res: 9, filter: { offences: ['Assault'] }, method: 'gistar' as const, k: null, weights: 'binary' as const, fdr: true, permutations: 0, seed: 1 };
    const a = await runHotspots(s, p, NO_CTX);
    const b = await runHotspots(imported, p, NO_CTX);
    expect(a.result).toEqual(b.result);
    expect(a.k).toBe(b.k);
  }, LONG);

  it('opens a cube written with another partitioning (columns only in folder names, many files) with identical aggregates', async () => {
    const dir = path.join(TMP, 'other');
    // As another writer would: partitioned by offence and year, the partition columns kept out of
    // the files (DuckDB's and Spark's default), two files per folder (written in two batches).
    const src = `read_parquet(${str(TMP + '/n-year/**/*.parquet')}, hive_partitioning = false)`;
    for (const half of ['<= 15', '> 15'])
      await native.exec(`COPY (SELECT *, year(day) AS yr FROM ${src} WHERE day(day) ${half}) TO ${str(dir)} (FORMAT parquet, PARTITION_BY (offence, yr), APPEND)`);
    const files = readCubeFiles(dir);
    expect(files.length).toBe(8 * 3 * 2);
    expect(files.some((f) => f.path.includes('%2F') || f.path.includes('%20'))).toBe(true); // "Street theft / pickpocket"
    expect(Object.keys(hiveKeys(files[0].path))).toEqual(['offence', 'yr']);
    const a = await opened(dir);
    const b = await opened(path.join(TMP, 'w-year'));
    for (const res of [7, 9, 10])
      for (const f of FILTERS) expect(a.aggregate(res, f)).toEqual(b.aggregate(res, f));
    expect(a.charts({})).toEqual(b.charts({}));
  }, LONG);

  it('rolls up from the finest cell when a cube has only it, and says so at finer resolutions', async () => {
    const dir = path.join(TMP, 'finest');
    await build('native', { res: 9, allLevels: false, hour: false, partition: { kind: 'none' } }, dir);
    const s = await opened(dir);
    // Res 9 is indexed directly: the same count in every cell (the study areas may differ at the
    // edge, as the derived boundary comes from rolled-up res-7 cells).
    const nonzero = (c: { cells: string[]; counts: Uint32Array }) => Object.fromEntries(c.cells.flatMap((x, i) => (c.counts[i] ? [[x, c.counts[i]]] : [])));
    expect(nonzero(s.aggregate(9, { offences: ['Robbery'] }))).toEqual(nonzero(imported.aggregate(9, { offences: ['Robbery'] })));
    // Res 7 from res-9 cells by H3's parent arithmetic: the same total, cells may differ near edges.
    expect(s.aggregate(7, {}).total).toBe(imported.aggregate(7, {}).total);
    expect(() => s.aggregate(10, {})).toThrow(/resolution 9 at the finest/);
    expect(() => s.aggregate(9, { hours: [1, 2] })).toThrow(/no hour of day/);
    expect(s.charts({}).hourByWeekday).toEqual([]);
    expect(() => s.incidentColumns({})).toThrow(/cube is open/);
  }, LONG);

  it('refuses files that are not a cube, with a message naming the file and what is missing', async () => {
    const s = await createNodeService();
    await expect(s.openCube([{ path: 'city.parquet', bytes: fs.readFileSync(FILE) }], null)).rejects.toThrow(/"city.parquet" is not an incident cube: it has no an H3 cell column \(c6 … c15\), day, n/);
    await expect(s.openCube([{ path: 'notes.txt', bytes: new Uint8Array([1, 2]) }], null)).rejects.toThrow(/No Parquet files/);
    await expect(s.openCube([{ path: 'x/part-0.parquet', bytes: new Uint8Array([80, 65, 82, 49, 0, 0]) }], null)).rejects.toThrow(/could not be read as Parquet/);
    const mixed = [...readCubeFiles(path.join(TMP, 'w-none')), ...readCubeFiles(path.join(TMP, 'finest')).map((f) => ({ ...f, path: 'z/' + f.path }))];
    await expect(s.openCube(mixed, null)).rejects.toThrow(/different columns/);
    // A failed open leaves the service without data, not half a cube.
    expect(() => s.aggregate(9, {})).toThrow(/No incidents are loaded/);
    // A cube with more rows than the browser's engine holds is refused from the footers alone.
    const big = path.join(TMP, 'big-cube.parquet');
    await native.exec(`COPY (SELECT 617700169958293503::BIGINT AS c9, DATE '2020-01-01' + (i % 1000)::INTEGER AS day, 'THEFT' AS offence, 1 AS n
      FROM range(${MAX_CUBE_ROWS + 10}) t(i)) TO ${str(big)} (FORMAT parquet, COMPRESSION zstd)`);
    await expect(s.openCube([{ path: 'big-cube.parquet', bytes: fs.readFileSync(big) }], null)).rejects.toThrow(/This cube is too large for the browser \(12\.0 million rows; .*--res 9 --hour no/);
  }, LONG);
});
