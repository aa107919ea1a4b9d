/**
 * Staging of a source file into the DuckDB table `import_raw` (one row per source record, with a
 * 0-based `__rn` row number): CSV is parsed by DuckDB, Parquet by parquet-wasm through Arrow, and
 * GeoJSON or JSON records in JavaScript (DuckDB's spatial/json extensions are not available
 * offline). Bad input ends in a message that names the problem and what to do; what could be
 * repaired (encoding, gzip, a preamble, ragged rows, long lines) is, with a note saying so.
 */
import { Table, makeVector, type Vector } from 'apache-arrow';
import { Engine, ident, str } from './engine';
import type { SourceFormat } from './protocol';
import { toUtf8, utf16Order } from '../import/encoding';
import { gunzip, isGzip, notATableMessage } from '../import/file-kind';
import { jsonToArrow } from '../import/geojson';
import { checkSourceSize } from '../import/limits';

/** Decodes a whole Parquet file into an Arrow table (in this thread or spread over workers). */
export type ParquetReader = (bytes: Uint8Array) => Promise<Table>;

/** A file the user has chosen, held until its mapping is confirmed. */
export interface StagedSource {
  name: string;
  format: SourceFormat;
  /** A Parquet file is read once, whole; the import takes only the mapped columns from it. */
  table?: Table;
  columns: { name: string; type: string }[];
  rows: number;
  /** What was repaired or guessed while reading, in plain words. */
  notes: string[];
}

/** Guesses the format from the name and the first bytes. */
export function sniffFormat(name: string, bytes: Uint8Array): SourceFormat {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31) return 'parquet';
  const lower = name.toLowerCase();
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return 'geojson';
  let i = 0;
  while (i < bytes.length && i < 64 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  if (bytes[i] === 0x7b || (bytes[i] === 0x5b && (lower.endsWith('.json') || bytes.indexOf(0x7b) > i))) return 'geojson';
  return 'csv';
}

/** Stages bytes as `import_raw` (CSV, JSON) or reads the Parquet schema (Parquet). */
export async function stageSource(engine: Engine, name: string, bytes: Uint8Array, readParquet: ParquetReader): Promise<StagedSource> {
  checkSourceSize(name, bytes.length);
  const notes: string[] = [];
  if (isGzip(bytes)) {
    bytes = await gunzip(name, bytes);
    name = name.replace(/\.gz$/i, '');
    notes.push('The file was gzip-compressed and has been unpacked.');
    if (bytes.length === 0) throw new Error(`"${name}" is empty once unpacked: there is nothing to import.`);
  }
  const format = sniffFormat(name, bytes);
  checkSourceSize(name, bytes.length, format);
  engine.exec('DROP TABLE IF EXISTS import_raw');
  if (format === 'csv') {
    notes.push(...stageCsv(engine, name, bytes));
  } else if (format === 'geojson') {
    const json = jsonToArrow(name, bytes);
    engine.insertArrow('import_raw', json.table);
    notes.push(...json.notes);
  } else {
    let table: Table;
    try {
      table = await readParquet(bytes);
    } catch (e) {
      throw new Error(`"${name}" could not be read as Parquet (${(e as Error).message}). It may be cut short or damaged: export or download it again.`);
    }
    if (table.numRows === 0) throw new Error(`"${name}" has columns (${table.schema.fields.map((f) => f.name).join(', ')}) but no rows: there is nothing to import.`);
    try {
      engine.insertArrow('import_raw', withRowNumbers(table.slice(0, 200)));
    } catch (e) {
      const types = table.schema.fields.map((f) => `${f.name}: ${f.type}`).join(', ');
      throw new Error(`"${name}" has column types the engine cannot read (${(e as Error).message.split('\n')[0]}; columns ${types}). Save it again with plain numbers, text and timestamps.`);
    }
    return { name, format, table, columns: describe(engine), rows: table.numRows, notes };
  }
  const rows = engine.rows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM import_raw')[0].n;
  return { name, format, columns: describe(engine), rows, notes };
}

const CSV_OPTIONS = 'all_varchar = true, null_padding = true, parallel = false';
/** DuckDB's default longest line (bytes); longer lines need `max_line_size`, up to LONG_LINE. */
const DEFAULT_LINE = 2_000_000;
const LONG_LINE = 256 << 20;

/** The longest line in bytes (lines end at \n, or at \r in old Mac files). */
function longestLine(b: Uint8Array): number {
  const longest = (sep: number, from: number, to: number) => {
    let max = 0;
    for (let s = from; s < to; ) {
      let e = b.indexOf(sep, s);
      if (e < 0 || e > to) e = to;
      if (e - s > max) max = sep === 0x0a && e - s > DEFAULT_LINE ? Math.max(max, longest(0x0d, s, e)) : e - s;
      s = e + 1;
    }
    return max;
  };
  return longest(0x0a, 0, b.length);
}

/** First line of a DuckDB error, and the source line it names, if any. */
function csvError(e: unknown): { text: string; line: number | null } {
  const msg = (e as Error).message ?? String(e);
  const line = /CSV Error on Line: (\d+)/.exec(msg);
  const reason = msg.split('\n').map((l) => l.trim()).find((l) => l && !/^(Invalid Input Error|Parameter Not Allowed Error|Conversion Error): CSV Error on Line/.test(l) && !l.startsWith('Original Line')) ?? msg.split('\n')[0];
  return { text: reason.replace(/^[A-Za-z ]+Error: /, ''), line: line ? Number(line[1]) : null };
}

/** Lines before the header to skip: `#` comments and Excel's `sep=;` hint (whose delimiter is used). */
function preamble(b: Uint8Array): { skip: number; delim: string | null } {
  let skip = 0;
  let delim: string | null = null;
  let s = 0;
  for (;;) {
    const e = b.indexOf(0x0a, s);
    const line = new TextDecoder().decode(b.subarray(s, e < 0 ? b.length : e)).trim();
    const sep = /^"?sep=(.)"?$/i.exec(line);
    if (skip === 0 && sep) delim = sep[1];
    else if (!line.startsWith('#')) break;
    skip++;
    if (e < 0 || skip > 100) break;
    s = e + 1;
  }
  return { skip, delim };
}

/** A column name that is really a value (a number or a date): the file has no header row. */
const valueLike = (s: string) => /^[-+]?\d+([.,]\d+)?$/.test(s.trim()) || /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(s.trim());

/** Reads CSV bytes into `import_raw`; returns notes on what was repaired. */
function stageCsv(engine: Engine, name: string, raw: Uint8Array): string[] {
  const notes: string[] = [];
  if (!utf16Order(raw)) {
    const kind = notATableMessage(name, raw);
    if (kind) throw new Error(kind);
  }
  const text = toUtf8(raw);
  if (text.note) notes.push(text.note);
  const bytes = text.bytes;
  if (!bytes.some((c) => c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)) throw new Error(`"${name}" holds only blank lines: there is no table in it.`);
  const pre = preamble(bytes);
  if (pre.skip) notes.push(`The first ${pre.skip} line${pre.skip === 1 ? ' was' : 's were'} a preamble (comments or a "sep=" line) and ${pre.skip === 1 ? 'was' : 'were'} skipped.`);
  const opts = [CSV_OPTIONS, pre.skip ? `skip = ${pre.skip}` : '', pre.delim ? `delim = ${str(pre.delim)}` : ''];
  const long = longestLine(bytes);
  if (long > DEFAULT_LINE) {
    if (long > LONG_LINE) throw new Error(`"${name}" has a line longer than ${LONG_LINE >> 20} MB: it is probably not a CSV table of incidents.`);
    // DuckDB's buffer must hold a line twice; sized to the line, not to the largest allowed.
    opts.push(`max_line_size = ${long + 1}`, `buffer_size = ${Math.max(2 * (long + 1), 32 << 20)}`);
    notes.push(`Some lines are very long (the longest is ${(long / (1 << 20)).toFixed(1)} MB); they were read whole.`);
  }
  const read = (extra: string[]) =>
    engine.exec(`CREATE OR REPLACE TABLE import_raw AS SELECT (row_number() OVER () - 1)::BIGINT AS __rn, * FROM read_csv('source.csv', ${[...opts, ...extra].filter(Boolean).join(', ')})`);
  engine.registerFile('source.csv', bytes);
  try {
    let extra = ['header = true'];
    for (let attempt = 0; ; attempt++) {
      try {
        read(extra);
      } catch (e) {
        const err = csvError(e);
        const at = err.line ? ` on line ${err.line}` : '';
        if (attempt < 3 && /expected number of columns/i.test(err.text) && !extra.includes('strict_mode = false')) {
          extra = [...extra, 'strict_mode = false'];
          notes.push(`Some lines have more fields than the header (the first${at}); the extra fields were ignored.`);
          continue;
        }
        if (/maximum line size/i.test(err.text))
          throw new Error(`"${name}" has a record longer than ${((long || DEFAULT_LINE) / (1 << 20)).toFixed(0)} MB${at}: a quote (") is probably never closed. Check the quoting near that line.`);
        throw new Error(
          `"${name}" could not be read as CSV${at}: ${err.text}. Check that it is a text table with one header row and one record per line, separated by commas, semicolons, tabs or |; if it was cut short, export it again.`,
        );
      }
      const cols = describe(engine).map((c) => c.name);
      if (extra.includes('header = true') && cols.length > 1 && cols.filter(valueLike).length >= cols.length / 2) {
        extra = extra.map((x) => (x === 'header = true' ? 'header = false' : x));
        notes.push('The first row holds values, not column names, so it was read as data; the columns are named column0, column1, … in file order.');
        continue;
      }
      break;
    }
    const cols = describe(engine);
    const rows = engine.rows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM import_raw')[0].n;
    if (cols.length === 1)
      throw new Error(
        `Only one column ("${cols[0].name.slice(0, 80)}") was found in "${name}": it is not a table of incidents, or its values are separated by something other than commas, semicolons, tabs or |.`,
      );
    if (rows === 0)
      throw new Error(`"${name}" has column names (${cols.slice(0, 8).map((c) => c.name).join(', ')}${cols.length > 8 ? ', …' : ''}) but no rows of data: the export may have failed or been cut short. Export it again.`);
    if (bytes.includes(0x22)) {
      const q = engine.rows<{ q: string }>(`SELECT Quote AS q FROM sniff_csv('source.csv', ${[...opts, ...extra].filter(Boolean).join(', ')})`)[0]?.q;
      if (q !== '"') notes.push(`Quotes (") in this file are unbalanced (first on line ${oddQuoteLine(bytes)}), so it was read without quoting: a value that contains the separator is split over two columns. Check rows near that line.`);
    }
  } finally {
    engine.dropFile('source.csv');
  }
  return notes;
}

/** The first line (1-based) with an odd number of double quotes. */
function oddQuoteLine(b: Uint8Array): number {
  let line = 1;
  let quotes = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x22) quotes++;
    else if (b[i] === 0x0a) {
      if (quotes % 2) return line;
      line++;
      quotes = 0;
    }
  }
  return line;
}

/** Reads the mapped columns of a staged Parquet file into `import_raw`. */
export function loadParquetColumns(engine: Engine, src: StagedSource, columns: string[]): void {
  if (!src.table) throw new Error('No Parquet file is staged');
  engine.insertArrow('import_raw', withRowNumbers(src.table.select(columns)));
}

/** Column names and SQL types of `import_raw`, without the row number. */
function describe(engine: Engine): { name: string; type: string }[] {
  return engine
    .rows<{ column_name: string; column_type: string }>('DESCRIBE import_raw')
    .filter((r) => r.column_name !== '__rn')
    .map((r) => ({ name: r.column_name, type: r.column_type }));
}

/** Up to `n` sample values per column as text, from the first 200 rows (one query). */
export function sampleValues(engine: Engine, columns: string[], n = 5): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (columns.length === 0) return out;
  const t = engine.query(`SELECT ${columns.map((c, i) => `${ident(c)}::VARCHAR AS c${i}`).join(', ')} FROM import_raw ORDER BY __rn LIMIT 200`);
  columns.forEach((c, i) => {
    const v = (t.getChild(`c${i}`)!.toArray() as (string | null)[]).filter((x): x is string => x !== null && x !== '');
    out[c] = v.slice(0, n);
  });
  return out;
}

function withRowNumbers(t: Table): Table {
  const rn = new BigInt64Array(t.numRows);
  for (let i = 0; i < rn.length; i++) rn[i] = BigInt(i);
  const cols: Record<string, Vector> = { __rn: makeVector(rn) };
  for (const f of t.schema.fields) cols[f.name] = t.getChild(f.name)!;
  return new Table(cols);
}

export { str };
