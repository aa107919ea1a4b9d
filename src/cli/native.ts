/**
 * The CLI's `--engine wasm|native` option. `native` runs the import's rules in SQL on native DuckDB
 * (@duckdb/node-api: multi-threaded, spills to disk) through src/lib/engine/bulk.ts, for inputs of
 * any size; only distinct places cross into JavaScript. The mapping is detected by the app's own
 * detection on a sample of the file (its first 200 rows for Parquet, its first 4 MiB for CSV),
 * with the same command-line overrides as the default engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ParquetFile } from 'parquet-wasm/esm';
import { createNodeService } from '../lib/engine/node';
import type { NativeRunner } from '../lib/engine/native';
import { BulkIncidents } from '../lib/engine/bulk';
import { formatOf, nativeFileSource } from '../lib/engine/cube-build';
import { writeParquet } from '../lib/engine/parquet';
import type { ColumnMapping, Detection, ValidationReport } from '../lib/engine/protocol';
import type { Args } from './args';
import { UsageError, intOpt, mappingOf, readGeoJson } from './common';

export type EngineKind = 'wasm' | 'native';

/** `--engine wasm|native` (default wasm, the app's engine). */
export function engineOf(a: Args): EngineKind {
  const e = a.one('engine') ?? 'wasm';
  if (e !== 'wasm' && e !== 'native') throw new UsageError(`--engine must be wasm (the app's DuckDB-wasm, the default) or native (DuckDB for Node, for large files), got "${e}".`);
  return e;
}

/** The input file named by --input, checked. */
export function inputOf(a: Args): string {
  const input = a.one('input');
  if (!input) throw new UsageError('--input FILE is required.');
  if (!fs.existsSync(input) || !fs.statSync(input).isFile()) throw new UsageError(`Input file "${input}" does not exist.`);
  try {
    formatOf(input);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return input;
}

/** The app's detection on a sample of the file (see above). */
export async function detectSample(file: string): Promise<Detection> {
  const service = await createNodeService();
  const name = path.basename(file);
  let bytes: Uint8Array;
  if (formatOf(file) === 'parquet') {
    const pf = await ParquetFile.fromFile(await fs.openAsBlob(file));
    bytes = writeParquet((await pf.read({ limit: 200 })).intoIPCStream());
    pf.free();
  } else {
    const fd = fs.openSync(file, 'r');
    const buf = new Uint8Array(4 << 20);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    const end = n < buf.length ? n : buf.lastIndexOf(0x0a, n - 1) + 1;
    bytes = buf.subarray(0, end > 0 ? end : n);
  }
  return service.stage(name, bytes);
}

/** The mapping for `--input` on any engine: sample detection, then the command line's overrides. */
export async function sampleMapping(a: Args, file: string): Promise<ColumnMapping> {
  return mappingOf(a, await detectSample(file));
}

/** A native DuckDB with `--threads` and `--memory` (e.g. 4GB). */
export async function nativeRunner(a: Args): Promise<NativeRunner> {
  const threads = a.one('threads') === undefined ? undefined : intOpt(a, 'threads', 1, 1, 256);
  const memory = a.one('memory');
  if (memory !== undefined && !/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memory)) throw new UsageError(`--memory must be a size such as 4GB, got "${memory}".`);
  // Loaded on demand: the native binding is needed only for `--engine native`.
  return import('../lib/engine/native').then((m) => m.createNativeRunner({ threads, memoryLimit: memory }));
}

/** Imports `--input` on native DuckDB with the app's rules. */
export async function loadNative(a: Args): Promise<{ incidents: BulkIncidents; report: ValidationReport; close: () => void }> {
  const input = inputOf(a);
  const boundary = readGeoJson(a.one('boundary'));
  const mapping = await sampleMapping(a, input);
  const runner = await nativeRunner(a);
  try {
    const src = await nativeFileSource(runner, input);
    const incidents = new BulkIncidents(runner);
    const report = await incidents.import(src.name, { relation: await src.load(0, []), format: src.format, columns: src.columns }, mapping, boundary, a.flag('clip'));
    return { incidents, report, close: () => runner.close() };
  } catch (e) {
    runner.close();
    throw e;
  }
}
