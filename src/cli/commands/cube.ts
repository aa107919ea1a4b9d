/**
 * `cube`: turns an incident file (Parquet or CSV) into the pre-aggregated cube the app opens
 * directly (src/lib/engine/cube.ts): counts per H3 cell (64-bit integers, resolutions 6 … RES, each
 * indexed directly) × day × hour × offence, as hive-partitioned Parquet in --folder. Either engine
 * writes the same rows; `--engine native` for files larger than memory. Prints a JSON summary.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCube, nativeFileSource, wasmParquetSource, formatOf, type CubeOptions, type CubePartition, type ChunkedSource } from '../../lib/engine/cube-build';
import { createNodeService } from '../../lib/engine/node';
import { describeSource } from '../../lib/engine/bulk';
import { wasmRunner } from '../../lib/engine/sql-runner';
import { MAX_RES, MIN_RES } from '../../lib/geo/h3bits';
import { UsageError, intOpt, readGeoJson, type Command } from '../common';
import { engineOf, inputOf, nativeRunner, sampleMapping } from '../native';

/** `--partition year|cell:R|none`. */
export function partitionOf(v: string | undefined): CubePartition {
  if (v === undefined || v === 'year') return { kind: 'year' };
  if (v === 'none') return { kind: 'none' };
  const m = /^cell:(\d{1,2})$/.exec(v);
  if (m && Number(m[1]) <= 15) return { kind: 'cell', res: Number(m[1]) };
  throw new UsageError(`--partition must be year, cell:R (folders per parent H3 cell at resolution R, 0–15, e.g. cell:4) or none, got "${v}".`);
}

export const command: Command = {
  usage: `cube      --input FILE --folder FOLDER [--engine wasm|native [--threads N] [--memory 4GB]] [--res N (${MIN_RES}-15, default ${MAX_RES})]
            [--levels all|finest] [--hour yes|no] [--partition year|cell:R|none] [--boundary GEOJSON [--clip]]
            [--preset NAME] [--lat COL --lon COL | --x COL --y COL --crs EPSG:N] [--time COL] [--offence COL] [--id COL] [--out SUMMARY.json]`,
  async run(a) {
    const input = inputOf(a);
    const out = a.one('folder');
    if (!out) throw new UsageError('--folder FOLDER is required (the cube is written as Parquet files inside it).');
    if (fs.existsSync(out) && (!fs.statSync(out).isDirectory() || fs.readdirSync(out).length)) throw new UsageError(`--folder "${out}" exists and is not an empty folder: choose a new folder.`);
    const levels = a.one('levels') ?? 'all';
    const hour = a.one('hour') ?? 'yes';
    if (levels !== 'all' && levels !== 'finest') throw new UsageError(`--levels must be all (a column per resolution from ${MIN_RES}) or finest, got "${levels}".`);
    if (hour !== 'yes' && hour !== 'no') throw new UsageError(`--hour must be yes or no, got "${hour}".`);
    const o: CubeOptions = { res: intOpt(a, 'res', MAX_RES, MIN_RES, 15), allLevels: levels === 'all', hour: hour === 'yes', partition: partitionOf(a.one('partition')) };
    const engine = engineOf(a);
    const boundary = readGeoJson(a.one('boundary'));
    const mapping = await sampleMapping(a, input);
    const log = (line: string) => process.stderr.write(`cube (${engine}): ${line}\n`);
    const result = async (s: object) => JSON.stringify(s, null, 2);
    if (engine === 'native') {
      const r = await nativeRunner(a);
      try {
        const src = await nativeFileSource(r, input);
        return await result(await buildCube(r, src, mapping, boundary, a.flag('clip'), o, path.resolve(out), log));
      } catch (e) {
        throw new UsageError((e as Error).message.split('\n')[0]);
      } finally {
        r.close();
      }
    }
    const service = await createNodeService();
    const r = wasmRunner(service.engine);
    let src: ChunkedSource;
    if (formatOf(input) === 'parquet') src = await wasmParquetSource(r, input);
    else {
      // A CSV is staged whole, as the app stages it (up to its size limit).
      await service.stage(path.basename(input), fs.readFileSync(input));
      src = { name: path.basename(input), format: 'csv', columns: await describeSource(r, 'import_raw'), chunks: 1, load: async () => 'import_raw', release: async () => {} };
    }
    try {
      return await result(await buildCube(r, src, mapping, boundary, a.flag('clip'), o, path.resolve(out), log));
    } catch (e) {
      throw new UsageError((e as Error).message.split('\n')[0]);
    }
  },
};
