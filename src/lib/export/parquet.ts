/**
 * Export rows as Parquet through Arrow and parquet-wasm (as the engine reads Parquet): numbers as
 * Float64, text as UTF-8, nulls kept. Cells get their outline as WKT (`geometry_wkt`) and their
 * centre (`lon`, `lat`); places keep `lon`, `lat`. In the app the file is written in a worker
 * (`rowsParquetInWorker`), loaded only when a Parquet export is asked for.
 */
import { Float64, makeData, makeVector, Table, tableToIPC, Utf8, type Vector } from 'apache-arrow';
import { writeParquet } from '../engine/parquet';
import { cellCentre, cellWkt, type Rows } from './tables';

/** Validity bitmap (LSB first) of `ok`, or undefined when none is null. */
function validity(ok: boolean[]): { nullCount: number; nullBitmap?: Uint8Array } {
  const nullCount = ok.filter((x) => !x).length;
  if (nullCount === 0) return { nullCount };
  const bits = new Uint8Array(Math.ceil(ok.length / 8));
  ok.forEach((x, i) => x && (bits[i >> 3] |= 1 << (i & 7)));
  return { nullCount, nullBitmap: bits };
}

// Arrow's builders (vectorFromArray) compile a function from a string, which the page's
// Content-Security-Policy forbids: the vectors are assembled from their buffers instead.
function floats(values: readonly unknown[]): Vector {
  const ok = values.map((v) => typeof v === 'number' && Number.isFinite(v));
  const data = Float64Array.from(values, (v, i) => (ok[i] ? (v as number) : 0));
  return makeVector(makeData({ type: new Float64(), length: values.length, data, ...validity(ok) }));
}

function strings(values: readonly unknown[]): Vector {
  const ok = values.map((v) => v !== null && v !== undefined);
  const enc = new TextEncoder();
  const parts = values.map((v, i) => (ok[i] ? enc.encode(String(v)) : new Uint8Array(0)));
  const valueOffsets = new Int32Array(values.length + 1);
  parts.forEach((b, i) => (valueOffsets[i + 1] = valueOffsets[i] + b.length));
  const data = new Uint8Array(valueOffsets[values.length]);
  parts.forEach((b, i) => data.set(b, valueOffsets[i]));
  return makeVector(makeData({ type: new Utf8(), length: values.length, valueOffsets, data, ...validity(ok) }));
}

/** The Arrow table of export rows (geometry columns added for cells). */
export function rowsArrow(r: Rows): Table {
  const cols: Record<string, Vector> = {};
  r.header.forEach((h, j) => {
    const values = r.rows.map((row) => row[j]);
    cols[h] = r.numeric[j] ? floats(values) : strings(values);
  });
  if (r.cells) {
    const centres = r.cells.map(cellCentre);
    if (!('lon' in cols)) cols.lon = floats(centres.map((c) => c[0]));
    if (!('lat' in cols)) cols.lat = floats(centres.map((c) => c[1]));
    cols.geometry_wkt = strings(r.cells.map(cellWkt));
  }
  return new Table(cols);
}

/** Parquet bytes of export rows (parquet-wasm must be initialised: `ensureParquet`). */
export function rowsParquet(r: Rows): Uint8Array {
  return writeParquet(tableToIPC(rowsArrow(r), 'stream'));
}

let worker: Worker | null = null;
let nextId = 0;

/**
 * Parquet bytes of export rows, written in a worker (parquet-wasm cannot run under the page's
 * Content-Security-Policy); the worker stays for later exports.
 */
export function rowsParquetInWorker(r: Rows): Promise<Uint8Array> {
  worker ??= new Worker(new URL('./parquet.worker.ts', import.meta.url), { type: 'module' });
  const w = worker;
  const id = ++nextId;
  const ipc = tableToIPC(rowsArrow(r), 'stream');
  return new Promise((resolve, reject) => {
    const onMessage = (e: MessageEvent<{ id: number; bytes?: Uint8Array; error?: string }>) => {
      if (e.data.id !== id) return;
      w.removeEventListener('message', onMessage);
      if (e.data.bytes) resolve(e.data.bytes);
      else reject(new Error(`The Parquet file could not be written: ${e.data.error ?? 'unknown error'}`));
    };
    w.addEventListener('message', onMessage);
    w.postMessage({ id, ipc }, [ipc.buffer]);
  });
}
