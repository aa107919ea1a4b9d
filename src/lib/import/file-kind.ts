/**
 * Files that are not incident tables, recognised by their first bytes, so the user hears what the
 * file is and what to do instead of a parser's complaint; and gzip, which is unpacked.
 */
import { limitOf, sizeMessage } from './limits';

const starts = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Known non-table formats: signature and what to say. */
const KINDS: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'an Excel workbook (.xlsx) or a ZIP archive. Open it in a spreadsheet and save the sheet as "CSV UTF-8", or unzip it and choose the CSV inside'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel workbook (.xls). Open it in a spreadsheet and save the sheet as "CSV UTF-8"'],
  [ascii('%PDF'), 'a PDF document. Ask for the data as CSV, or export the table from the system that made the report'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image. Choose a CSV, Parquet or GeoJSON file'],
  [[0xff, 0xd8, 0xff], 'a JPEG image. Choose a CSV, Parquet or GeoJSON file'],
  [ascii('SQLite format 3'), 'an SQLite database. Export the incident table to CSV first'],
  [[0x00, 0x00, 0x27, 0x0a], 'an ESRI shapefile (.shp). Convert it to GeoJSON (for example with QGIS or mapshaper) and load that'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive. Unpack it and choose the CSV inside'],
  [ascii('Rar!'), 'a RAR archive. Unpack it and choose the CSV inside'],
];

/** Whether the bytes are gzip-compressed. */
export const isGzip = (b: Uint8Array) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * Why a file cannot be read as a table, from its first bytes, or null. Text in UTF-16 has zero
 * bytes too, so call this after the encoding check.
 */
export function notATableMessage(name: string, b: Uint8Array): string | null {
  for (const [sig, what] of KINDS) if (b.length >= sig.length && starts(b, sig)) return `"${name}" is ${what}.`;
  const n = Math.min(b.length, 65536);
  let zeros = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) zeros++;
    else if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b)) controls++;
  }
  if (zeros > 0 || controls > 0.05 * n)
    return `"${name}" is not a text table: it holds binary data (${zeros ? 'zero bytes' : 'control characters'} near the start). Choose a CSV, Parquet or GeoJSON file.`;
  return null;
}

/**
 * Unpacks gzip in this thread (DecompressionStream, in browsers and Node), stopping with a clear
 * message as soon as the unpacked size passes the limit for the format inside.
 */
export async function gunzip(name: string, b: Uint8Array): Promise<Uint8Array> {
  const inner = name.replace(/\.gz$/i, '');
  const limit = limitOf(inner);
  const stream = new Blob([b as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        throw new RangeError(sizeMessage(inner, size, limit, true));
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof RangeError) throw e;
    throw new Error(`"${name}" is gzip-compressed but could not be unpacked (${(e as Error).message}); it may be cut short. Unpack it yourself and load the file inside.`);
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
