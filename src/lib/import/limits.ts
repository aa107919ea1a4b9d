/**
 * How large a source file the app accepts, per format, checked before the file is read so an
 * oversized file gives a message instead of a crashed tab.
 *
 * Why these numbers: the engine is 32-bit WebAssembly (at most 4 GiB of memory for DuckDB, the
 * staged table and the typed columns together), and a browser cannot hold a JavaScript string
 * over about 512 million characters, which bounds what JSON.parse can read. A CSV takes roughly
 * twice its size while it is staged and typed; Parquet is compressed, so it unpacks to several
 * times its size; GeoJSON is parsed as one string into JavaScript objects.
 */

const MiB = 1 << 20;

/** Largest accepted file per format, in bytes. */
export const MAX_SOURCE_BYTES = {
  csv: 1024 * MiB,
  parquet: 512 * MiB,
  geojson: 256 * MiB,
} as const;

/** The limit for a file, by its format or else its name (CSV when the name says nothing). */
export function limitOf(name: string, format?: keyof typeof MAX_SOURCE_BYTES): number {
  if (format) return MAX_SOURCE_BYTES[format];
  const n = name.toLowerCase().replace(/\.gz$/, '');
  if (n.endsWith('.parquet')) return MAX_SOURCE_BYTES.parquet;
  if (n.endsWith('.geojson') || n.endsWith('.json')) return MAX_SOURCE_BYTES.geojson;
  return MAX_SOURCE_BYTES.csv;
}

const size = (b: number) => (b >= 1 << 30 ? `${(b / (1 << 30)).toFixed(1)} GiB` : `${Math.round(b / MiB)} MiB`);

/** The message for a file over its limit. */
export function sizeMessage(name: string, bytes: number, limit: number, unpacked = false): string {
  return (
    `"${name}" is too large to open in the browser: ${unpacked ? 'unpacked it is ' : ''}${size(bytes)}, and the limit for this kind of file is ${size(limit)}. ` +
    'Split it (for example by year), keep only the columns you need, or convert a CSV to Parquet, and load the parts you want to study.'
  );
}

/**
 * Throws a clear message when a file of `bytes` bytes named `name` is over its limit. Call it with
 * the file's size before reading it (a browser File, a file on disk), and again once its format
 * is known.
 */
export function checkSourceSize(name: string, bytes: number, format?: keyof typeof MAX_SOURCE_BYTES): void {
  const limit = limitOf(name, format);
  if (bytes > limit) throw new RangeError(sizeMessage(name, bytes, limit));
}
