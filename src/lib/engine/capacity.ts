/**
 * Whether an incident file will fit in the browser's engine, judged before it is decoded: its
 * rows (exact from a Parquet footer, estimated from the first MiB of a CSV) against what was
 * measured to fit (`npm run bench` section "scale": synthetic cities loaded into the app's engine
 * worker in headless Chromium until one failed). A file over the limit is refused with what to do
 * instead (a cube, a part of the file, the native engine); one close to it gets a note.
 *
 * Also limited, by bytes, in src/lib/import/limits.ts (what a browser can read at all).
 */
import { ParquetFile } from 'parquet-wasm/esm';
import { isGzip } from '../import/file-kind';

/**
 * Measured on the 2-core, 24 GB machine (Chromium 2026-11, one tab; the table is in docs/scale.md):
 * the renderer's peak memory while loading fits 447 MiB + 800 bytes a row (0.8 M – 12.8 M rows;
 * 10.0 GiB at 12.8 M). `loadedRows` is the largest synthetic city that loaded and answered every
 * view (aggregation, filters, charts, Gi*, Knox); `failedRows` the smallest that did not: its
 * Parquet decoding ran out of WebAssembly memory ("unreachable") while staging.
 */
export const MEASURED = { loadedRows: 12_807_208, failedRows: 25_617_349, peakBytesPerRow: 800, peakBaseBytes: 447 * 2 ** 20 };

/** Rows up to which a file loads without a note. */
export const COMFORTABLE_ROWS = 5_000_000;
/** Rows above which a file is refused before it is decoded. */
export const MAX_BROWSER_ROWS = MEASURED.loadedRows;

export interface Capacity {
  rows: number;
  /** True when the rows are estimated (CSV), false when read from the file (Parquet). */
  estimated: boolean;
  level: 'fine' | 'near' | 'over';
  /** Peak memory the load is expected to take (bytes). */
  peakBytes: number;
}

const millions = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} million` : n.toLocaleString('en'));
const gb = (b: number) => `${(b / 2 ** 30).toFixed(1)} GB`;

/** Rows of a Parquet file from its footer (nothing decoded). */
export async function parquetRows(bytes: Uint8Array): Promise<number> {
  const f = await ParquetFile.fromFile(new Blob([bytes as BlobPart]));
  try {
    return f.metadata().fileMetadata().numRows();
  } finally {
    f.free();
  }
}

/** Estimated rows of a CSV: its size over the mean line length of its first MiB. */
export function csvRows(bytes: Uint8Array): number {
  const sample = bytes.subarray(0, Math.min(bytes.length, 1 << 20));
  let lines = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0x0a) lines++;
  if (lines === 0) return 1;
  return Math.max(0, Math.round((bytes.length / sample.length) * lines) - 1);
}

/** The capacity verdict for `rows` rows. */
export function capacityOf(rows: number, estimated: boolean): Capacity {
  const peakBytes = MEASURED.peakBaseBytes + MEASURED.peakBytesPerRow * rows;
  return { rows, estimated, peakBytes, level: rows > MAX_BROWSER_ROWS ? 'over' : rows > COMFORTABLE_ROWS ? 'near' : 'fine' };
}

/** The message for a file over the limit. */
export function overMessage(name: string, c: Capacity): string {
  return (
    `"${name}" has ${c.estimated ? 'about ' : ''}${millions(c.rows)} rows: more than the browser can hold (up to ${millions(MAX_BROWSER_ROWS)} incidents were measured to fit, on a 24 GB machine; ` +
    `loading this file would need about ${gb(c.peakBytes)} of memory and stop part-way). Nothing was loaded. To study it here: ` +
    'build a cube of it with the command line (npm run cli -- cube --input FILE --folder CUBE --engine native) and open the cube with "Open a cube…" (counts, charts and hot spots work from it); ' +
    'or load a part of it (one year, or some offences).'
  );
}

/** The note for a file close to the limit. */
export function nearNote(c: Capacity): string {
  return (
    `This file has ${c.estimated ? 'about ' : ''}${millions(c.rows)} rows, near what the browser can hold (about ${millions(MAX_BROWSER_ROWS)}): ` +
    `the import will take a while and use about ${gb(c.peakBytes)} of memory. Close other tabs first; for more rows, use a cube (see "Open a cube…").`
  );
}

/**
 * Checks a file before it is decoded: throws the message when it is over the limit (unless
 * `force`: then it is a note, for a machine with more memory, or the scale benchmark), returns a
 * note when it is close, null otherwise (or when the rows cannot be known cheaply: gzip, GeoJSON,
 * whose byte limits in limits.ts hold them well below this).
 */
export async function checkCapacity(name: string, bytes: Uint8Array, force = false): Promise<string | null> {
  if (isGzip(bytes)) return null;
  const isParquet = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
  let c: Capacity;
  if (isParquet) {
    let rows: number;
    try {
      rows = await parquetRows(bytes);
    } catch {
      return null; // a damaged file: staging says what is wrong with it
    }
    c = capacityOf(rows, false);
  } else if (/\.(csv|tsv|txt)$/i.test(name) || !/\.(geo)?json$/i.test(name)) {
    c = capacityOf(csvRows(bytes), true);
  } else return null;
  if (c.level === 'over') {
    if (!force) throw new RangeError(overMessage(name, c));
    return `Loaded although it has ${c.estimated ? 'about ' : ''}${millions(c.rows)} rows, more than the browser was measured to hold (about ${millions(MAX_BROWSER_ROWS)}): it may stop part-way for lack of memory.`;
  }
  return c.level === 'near' ? nearNote(c) : null;
}
