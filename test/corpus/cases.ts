/**
 * The bad-input corpus (issue 7, item 1): every file, how it is made (seeded, so the bytes are the
 * same on every run) and what the import must end in — an error naming the problem and what to
 * do, at the step where it is found, or a validation report with read = kept + rejected.
 *
 * Small files are committed in `files/` (written by `generate.ts`); large ones (`large: true`) are
 * made at test time in a temporary folder. `too-large.csv` is a sparse file just over the CSV
 * limit: it takes no disk space and is refused before it is read.
 */
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Bool, Field, Float64, List, Table, TimestampMillisecond, Utf8, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { initParquetSync, writeParquet } from '../../src/lib/engine/parquet';
import type { ColumnMapping, RejectReason } from '../../src/lib/engine/protocol';
import { rng } from '../../src/lib/analysis/random';
import { MAX_SOURCE_BYTES } from '../../src/lib/import/limits';

/** Where the import must stop, and with what message. */
export interface ErrorExpect {
  /** `stage`: reading the file; `mapping`: the column dialog lists the problem and Import stays disabled; `import`: the import refuses. */
  at: 'stage' | 'mapping' | 'import';
  error: RegExp;
}

/** The validation report expected when the file can be imported. */
export interface ReportExpect {
  read: number;
  kept: number;
  rejected?: Partial<Record<RejectReason, number>>;
  /** Detected mapping fields that must hold. */
  mapping?: Partial<ColumnMapping>;
  /** Each must match one of the notes (what was repaired or guessed). */
  notes?: RegExp[];
  /** Offence categories that must be among the kept ones (checks text survived intact). */
  offences?: string[];
  /** First incident time, ISO local. */
  from?: string;
}

export interface CorpusCase {
  file: string;
  what: string;
  make(): Uint8Array;
  /** Made at test time, never committed. */
  large?: boolean;
  /** Made as a sparse file of this many bytes (no content). */
  sparse?: number;
  expect: ErrorExpect | ReportExpect;
}

export const isError = (e: ErrorExpect | ReportExpect): e is ErrorExpect => 'error' in e;

// ------------------------------------------------------------------ seeded rows

const OFFENCES = ['THEFT', 'BURGLARY', 'ROBBERY', 'ASSAULT'];
const STREETS = ['N State St', 'W Madison St', 'S Halsted St', 'W Division St', 'N Clark St'];

interface Row { id: string; ms: number; lat: number; lon: number; offence: string; address: string }

/** `n` incidents in Chicago in 2021 (seeded): ids 1…n, one a day from 5 March, at varied hours. */
function rows(n = 20, seed = 7): Row[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: String(i + 1),
    ms: Date.UTC(2021, 2, 5 + (i % 250), r.int(24), r.int(60)),
    lat: +(41.75 + 0.2 * r.next()).toFixed(6),
    lon: +(-87.75 + 0.2 * r.next()).toFixed(6),
    offence: OFFENCES[i % OFFENCES.length],
    address: `${100 + r.int(3900)} ${STREETS[r.int(STREETS.length)]}`,
  }));
}

const pad = (n: number) => String(n).padStart(2, '0');
const d = (ms: number) => new Date(ms);
const iso = (ms: number) => d(ms).toISOString().slice(0, 19).replace('T', ' ');
const isoT = (ms: number) => d(ms).toISOString().slice(0, 19);
const us = (ms: number) => { const t = d(ms); const h = t.getUTCHours() % 12 || 12; return `${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${t.getUTCFullYear()} ${pad(h)}:${pad(t.getUTCMinutes())} ${t.getUTCHours() < 12 ? 'AM' : 'PM'}`; };
const uk = (ms: number) => { const t = d(ms); return `${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`; };
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const textMonth = (ms: number) => { const t = d(ms); return `${t.getUTCDate()} ${MON[t.getUTCMonth()]} ${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`; };

const utf8 = (s: string) => new TextEncoder().encode(s);
const HEADER = 'id,date,latitude,longitude,offence,address';

/** A CSV of the rows, with each field made by `cell` (default: the plain values). */
function csv(rs: Row[], opts: { header?: string; sep?: string; eol?: string; line?: (r: Row, i: number) => string } = {}): string {
  const sep = opts.sep ?? ',';
  const line = opts.line ?? ((r: Row) => [r.id, iso(r.ms), r.lat, r.lon, r.offence, r.address].join(sep));
  const head = opts.header ?? HEADER.replaceAll(',', sep);
  return [head, ...rs.map(line)].join(opts.eol ?? '\n') + (opts.eol ?? '\n');
}

/** Windows-1252 bytes of text that uses only Latin-1 and a few 0x80–0x9F characters. */
function cp1252(s: string): Uint8Array {
  const high: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
  return Uint8Array.from(Array.from(s, (c) => high[c] ?? c.charCodeAt(0)));
}

function utf16(s: string, le: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  let o = 0;
  const put = (c: number) => { out[o++] = le ? c & 255 : c >> 8; out[o++] = le ? c >> 8 : c & 255; };
  if (bom) put(0xfeff);
  for (let i = 0; i < s.length; i++) put(s.charCodeAt(i));
  return out;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};

// ------------------------------------------------------------------ Parquet and GeoJSON helpers

let parquetReady = false;
function parquet(cols: Record<string, Vector>): Uint8Array {
  if (!parquetReady) {
    const require = createRequire(import.meta.url);
    initParquetSync(fs.readFileSync(path.join(path.dirname(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')), 'parquet_wasm_bg.wasm')));
    parquetReady = true;
  }
  return writeParquet(tableToIPC(new Table(cols), 'stream'));
}
const texts = (v: (string | null)[]) => vectorFromArray(v, new Utf8());
const doubles = (v: number[]) => makeVector(Float64Array.from(v));

function feature(r: Row, geometry: unknown) {
  return { type: 'Feature', properties: { id: r.id, date: iso(r.ms), offence: r.offence, address: r.address }, geometry };
}
const point = (r: Row) => ({ type: 'Point', coordinates: [r.lon, r.lat] });
const square = (r: Row) => ({ type: 'Polygon', coordinates: [[[r.lon, r.lat], [r.lon + 0.01, r.lat], [r.lon + 0.01, r.lat + 0.01], [r.lon, r.lat + 0.01], [r.lon, r.lat]]] });
const json = (v: unknown) => utf8(JSON.stringify(v));

// ------------------------------------------------------------------ the corpus

const R = rows();
const ok20 = (extra: Omit<ReportExpect, 'read' | 'kept'> = {}): ReportExpect => ({ read: 20, kept: 20, ...extra });

export const CASES: CorpusCase[] = [
  // Empty, truncated, not a table
  { file: 'empty.csv', what: 'zero bytes', make: () => new Uint8Array(), expect: { at: 'stage', error: /is empty \(0 bytes\).*export it again/ } },
  { file: 'blank-lines.csv', what: 'only blank lines', make: () => utf8('\n  \r\n\t\n\n'), expect: { at: 'stage', error: /only blank lines/ } },
  { file: 'header-only.csv', what: 'a header and no rows', make: () => utf8(HEADER + '\n'), expect: { at: 'stage', error: /column names \(id, date, .*\) but no rows of data.*Export it again/ } },
  { file: 'header-only-no-newline.csv', what: 'a header without a line end', make: () => utf8(HEADER), expect: { at: 'stage', error: /but no rows of data/ } },
  { file: 'one-column.csv', what: 'notes, not a table', make: () => utf8('Incidents for June\nsee the attached map\nthanks\n'), expect: { at: 'stage', error: /Only one column .* not a table/ } },
  { file: 'truncated-row.csv', what: 'cut off in the middle of the last row', make: () => { const s = csv(R); return utf8(s.slice(0, s.lastIndexOf('\n', s.length - 2) + 12)); }, expect: { read: 20, kept: 19, rejected: { no_coordinates: 1 } } },
  {
    file: 'truncated-in-quotes.csv', what: 'cut off inside a quoted field',
    make: () => { const s = csv(R, { line: (r) => [r.id, iso(r.ms), r.lat, r.lon, r.offence, `"${r.address}"`].join(',') }); return utf8(s.slice(0, s.length - 6)); },
    expect: ok20({ notes: [/Quotes \(\"\) in this file are unbalanced \(first on line 21\)/] }),
  },
  {
    file: 'unbalanced-quote.csv', what: 'a quote that never closes, with commas inside quoted fields',
    make: () => utf8(csv(R, { line: (r, i) => [r.id, iso(r.ms), r.lat, r.lon, r.offence, i === 9 ? `"${r.address}, rear` : `"${r.address}, Apt ${i}"`].join(',') })),
    expect: ok20({ notes: [/unbalanced \(first on line 11\)/] }),
  },
  { file: 'xlsx-renamed.csv', what: 'an Excel workbook named .csv', make: () => concat(Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, 6, 0]), utf8('[Content_Types].xml'), new Uint8Array(40)), expect: { at: 'stage', error: /Excel workbook \(\.xlsx\).*save the sheet as "CSV UTF-8"/ } },
  { file: 'binary.csv', what: 'random bytes', make: () => { const r = rng(3); return Uint8Array.from({ length: 2048 }, () => r.int(256)); }, expect: { at: 'stage', error: /not a text table: it holds binary data/ } },
  { file: 'report.pdf.csv', what: 'a PDF named .csv', make: () => utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), expect: { at: 'stage', error: /PDF document/ } },

  // Delimiters, preambles, line ends, structure
  {
    file: 'semicolon-decimal-comma.csv', what: 'European export: semicolons, decimal commas, dd.mm.yyyy',
    make: () => utf8(csv(R, { sep: ';', line: (r) => { const t = d(r.ms); return [r.id, `${pad(t.getUTCDate())}.${pad(t.getUTCMonth() + 1)}.${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`, String(r.lat).replace('.', ','), String(r.lon).replace('.', ','), r.offence, r.address].join(';'); } })),
    expect: ok20({ mapping: { dateFormat: '%d.%m.%Y %H:%M' } }),
  },
  { file: 'tab-separated.tsv', what: 'tabs', make: () => utf8(csv(R, { sep: '\t' })), expect: ok20() },
  { file: 'pipe-separated.csv', what: 'pipes', make: () => utf8(csv(R, { sep: '|' })), expect: ok20() },
  { file: 'excel-sep-hint.csv', what: 'Excel\'s "sep=;" first line', make: () => utf8('sep=;\n' + csv(R, { sep: ';' })), expect: ok20({ notes: [/preamble/] }) },
  { file: 'comment-preamble.csv', what: '# comment lines before the header', make: () => utf8('# Export from the records system\n# run 2021-06-30\n' + csv(R)), expect: ok20({ notes: [/first 2 lines were a preamble/] }) },
  { file: 'crlf.csv', what: 'Windows line ends', make: () => utf8(csv(R, { eol: '\r\n' })), expect: ok20() },
  { file: 'cr-only.csv', what: 'old Mac line ends', make: () => utf8(csv(R, { eol: '\r' })), expect: ok20() },
  {
    file: 'quoted-newlines.csv', what: 'quoted fields with line breaks inside',
    make: () => utf8(csv(R, { header: HEADER + ',narrative', line: (r, i) => [r.id, iso(r.ms), r.lat, r.lon, r.offence, r.address, `"Caller said:\n""door forced""\nline ${i}"`].join(',') })),
    expect: ok20(),
  },
  {
    file: 'ragged-rows.csv', what: 'short rows, and a long one early',
    make: () => utf8(csv(R, { line: (r, i) => (i === 4 ? `${r.id},${iso(r.ms)},${r.lat}` : i === 2 ? [r.id, iso(r.ms), r.lat, r.lon, r.offence, r.address, 'extra', 'more'].join(',') : [r.id, iso(r.ms), r.lat, r.lon, r.offence, r.address].join(',')) })),
    expect: { read: 20, kept: 19, rejected: { no_coordinates: 1 } },
  },
  {
    file: 'ragged-late.csv', what: 'a row with extra fields after the first 20,000 (beyond the sniffer)', large: true,
    make: () => utf8(csv(rows(25_000, 11), { line: (r, i) => [r.id, iso(r.ms), r.lat, r.lon, r.offence, r.address, ...(i === 22_000 ? ['x', 'y'] : [])].join(',') })),
    expect: { read: 25_000, kept: 25_000, notes: [/more fields than the header \(the first on line 22002\)/] },
  },
  {
    file: 'very-long-line.csv', what: 'one 3 MB field', large: true,
    make: () => utf8(csv(R, { header: HEADER + ',narrative', line: (r, i) => [r.id, iso(r.ms), r.lat, r.lon, r.offence, r.address, i === 2 ? 'x'.repeat(3_000_000) : 'short'].join(',') })),
    expect: ok20({ notes: [/very long/] }),
  },
  { file: 'duplicate-column-names.csv', what: 'repeated and blank column names', make: () => utf8(csv(R, { header: 'id,date,latitude,longitude,offence,offence,', line: (r) => [r.id, iso(r.ms), r.lat, r.lon, r.offence, r.address, ''].join(',') })), expect: ok20({ mapping: { offence: 'offence' } }) },
  { file: 'no-header.csv', what: 'no header row (Los Angeles: longitude beyond ±90)', make: () => utf8(csv(R.map((r) => ({ ...r, lat: r.lat - 7.7, lon: r.lon - 30.5 }))).split('\n').slice(1).join('\n')), expect: ok20({ notes: [/first row holds values/, /taken as latitude and longitude/], mapping: { lat: 'column2', lon: 'column3', datetime: 'column1' } }) },
  { file: 'no-header-ambiguous.csv', what: 'no header row, coordinates that do not say which is which', make: () => utf8(csv(R).split('\n').slice(1).join('\n')), expect: { at: 'mapping', error: /Choose latitude and longitude columns/ } },
  { file: 'gzipped.csv.gz', what: 'gzip-compressed CSV', make: () => new Uint8Array(gzipSync(utf8(csv(R)))), expect: ok20({ notes: [/gzip-compressed/] }) },

  // Encodings
  { file: 'bom-utf8.csv', what: 'UTF-8 with a byte-order mark', make: () => concat(Uint8Array.from([0xef, 0xbb, 0xbf]), utf8(csv(R))), expect: ok20({ mapping: { id: 'id' } }) },
  { file: 'utf16le-bom.txt', what: 'Excel "Unicode text": UTF-16LE, tabs', make: () => utf16(csv(R.map((r) => ({ ...r, offence: 'Dégradation' })), { sep: '\t' }), true, true), expect: ok20({ notes: [/UTF-16/], offences: ['Dégradation'] }) },
  { file: 'utf16be.csv', what: 'UTF-16BE without a byte-order mark', make: () => utf16(csv(R), false, false), expect: ok20({ notes: [/UTF-16 text \(big-endian/] }) },
  { file: 'latin1.csv', what: 'Latin-1 accents', make: () => cp1252(csv(R.map((r, i) => ({ ...r, offence: i % 2 ? 'Dégradation' : 'Vol à l’étalage', address: `${r.address} – Façade` })))), expect: ok20({ notes: [/read as Windows-1252/], offences: ['Dégradation', 'Vol à l’étalage'] }) },
  { file: 'mixed-encoding.csv', what: 'UTF-8 lines followed by Windows-1252 lines', make: () => { const s = csv(R.map((r) => ({ ...r, offence: 'Dégradation' }))).split('\n'); return concat(utf8(s.slice(0, 11).join('\n') + '\n'), cp1252(s.slice(11).join('\n'))); }, expect: ok20({ notes: [/mixes encodings: 10 lines \(the first is line 12\)/], offences: ['Dégradation'] }) },

  // Coordinates
  { file: 'swapped-all.csv', what: 'latitude and longitude swapped in every row', make: () => utf8(csv(R.map((r) => ({ ...r, lat: r.lon, lon: r.lat })))), expect: ok20({ mapping: { lat: 'longitude', lon: 'latitude' }, notes: [/swapped/] }) },
  { file: 'swapped-some.csv', what: 'three rows with latitude and longitude swapped', make: () => utf8(csv(R.map((r, i) => (i % 7 === 3 ? { ...r, lat: r.lon, lon: r.lat } : r)))), expect: { read: 20, kept: 17, rejected: { swapped_lat_lon: 3 } } },
  { file: 'projected-xy-no-crs.csv', what: 'State Plane X/Y and no CRS', make: () => utf8(csv(R, { header: 'id,date,X,Y,offence,address', line: (r) => [r.id, iso(r.ms), Math.round(1_165_000 + (r.lon + 87.65) * 273_000), Math.round(1_900_000 + (r.lat - 41.85) * 364_000), r.offence, r.address].join(',') })), expect: { at: 'mapping', error: /Projected X\/Y need a coordinate system/ } },
  { file: 'projected-in-latlon-columns.csv', what: 'projected values in columns named latitude/longitude', make: () => utf8(csv(R, { line: (r) => [r.id, iso(r.ms), Math.round(1_900_000 + (r.lat - 41.85) * 364_000), Math.round(1_165_000 + (r.lon + 87.65) * 273_000), r.offence, r.address].join(',') })), expect: { at: 'mapping', error: /Projected X\/Y need a coordinate system/ } },
  { file: 'xy-in-degrees.csv', what: 'columns named X/Y holding longitude/latitude', make: () => utf8(csv(R, { header: 'id,date,Y,X,offence,address' })), expect: ok20({ mapping: { lat: 'Y', lon: 'X' }, notes: [/hold degrees/] }) },
  {
    file: 'zero-and-out-of-range.csv', what: '0,0, latitudes beyond 90, a longitude beyond 180, a blank',
    make: () => { const rs = R.map((r, i) => (i < 2 ? { ...r, lat: 0, lon: 0 } : i < 4 ? { ...r, lat: 95.5 } : i === 4 ? { ...r, lon: 200 } : r)); return utf8(csv(rs, { line: (r, i) => (i === 5 ? [r.id, iso(r.ms), '', '', r.offence, r.address] : [r.id, iso(r.ms), r.lat, r.lon, r.offence, r.address]).join(',') })); },
    expect: { read: 20, kept: 14, rejected: { out_of_range: 5, no_coordinates: 1 } },
  },
  { file: 'all-zero-coordinates.csv', what: 'every point at 0,0', make: () => utf8(csv(R.map((r) => ({ ...r, lat: 0, lon: 0 })))), expect: { at: 'import', error: /None of the 20 rows .* out of valid range or at 0,0: 20\)/ } },
  { file: 'no-coordinates.csv', what: 'coordinate columns empty', make: () => utf8(csv(R, { line: (r) => [r.id, iso(r.ms), '', '', r.offence, r.address].join(',') })), expect: { at: 'import', error: /None of the 20 rows .*no coordinates: 20\).*right coordinate columns/ } },

  // Dates
  { file: 'dates-iso.csv', what: 'ISO 8601 with T', make: () => utf8(csv(R, { line: (r) => [r.id, isoT(r.ms), r.lat, r.lon, r.offence, r.address].join(',') })), expect: ok20({ mapping: { dateFormat: '%Y-%m-%dT%H:%M:%S' }, from: isoT(R[0].ms) }) },
  { file: 'dates-us.csv', what: 'US month/day with AM/PM', make: () => utf8(csv(R, { line: (r) => [r.id, us(r.ms), r.lat, r.lon, r.offence, r.address].join(',') })), expect: ok20({ mapping: { dateFormat: '%m/%d/%Y %I:%M %p' }, from: isoT(R[0].ms) }) },
  { file: 'dates-uk.csv', what: 'UK day/month', make: () => utf8(csv(R, { line: (r) => [r.id, uk(r.ms), r.lat, r.lon, r.offence, r.address].join(',') })), expect: ok20({ mapping: { dateFormat: '%d/%m/%Y %H:%M' }, from: isoT(R[0].ms) }) },
  { file: 'dates-epoch-seconds.csv', what: 'Unix seconds', make: () => utf8(csv(R, { line: (r) => [r.id, r.ms / 1000, r.lat, r.lon, r.offence, r.address].join(',') })), expect: ok20({ mapping: { dateFormat: 'epoch_s' }, from: isoT(R[0].ms), notes: [/Unix time: seconds/] }) },
  { file: 'dates-epoch-millis.csv', what: 'Unix milliseconds', make: () => utf8(csv(R, { line: (r) => [r.id, r.ms, r.lat, r.lon, r.offence, r.address].join(',') })), expect: ok20({ mapping: { dateFormat: 'epoch_ms' }, from: isoT(R[0].ms) }) },
  { file: 'dates-excel-serial.csv', what: 'Excel serial days with fractions', make: () => utf8(csv(R, { line: (r) => [r.id, (r.ms / 86_400_000 + 25_569).toFixed(8), r.lat, r.lon, r.offence, r.address].join(',') })), expect: ok20({ mapping: { dateFormat: 'excel' }, from: isoT(R[0].ms) }) },
  { file: 'dates-text-month.csv', what: '"5 Mar 2021 14:30"', make: () => utf8(csv(R, { line: (r) => [r.id, textMonth(r.ms), r.lat, r.lon, r.offence, r.address].join(',') })), expect: ok20({ mapping: { dateFormat: '%d %b %Y %H:%M' }, from: isoT(R[0].ms) }) },
  {
    file: 'dates-mixed-formats.csv', what: 'ISO, US and text-month dates in one column',
    make: () => utf8(csv(R, { line: (r, i) => [r.id, i % 3 === 0 ? iso(r.ms) : i % 3 === 1 ? us(r.ms) : textMonth(r.ms), r.lat, r.lon, r.offence, r.address].join(',') })),
    expect: ok20({ notes: [/written in 3 ways/], from: isoT(R[0].ms) }),
  },
  { file: 'dates-ambiguous.csv', what: 'day/month or month/day cannot be told (no day above 12)', make: () => utf8(csv(R.slice(0, 8), { line: (r, i) => [r.id, `${pad(i + 1)}/03/2021 10:00`, r.lat, r.lon, r.offence, r.address].join(',') })), expect: { read: 8, kept: 8, notes: [/could be month\/day or day\/month/] } },
  { file: 'dates-future.csv', what: 'three dates in 2091', make: () => utf8(csv(R.map((r, i) => (i < 3 ? { ...r, ms: r.ms + 70 * 365 * 86_400_000 } : r)))), expect: ok20({ notes: [/3 incidents are dated in the future \(the latest 2091-/] }) },
  { file: 'dates-unreadable.csv', what: 'no readable date at all', make: () => utf8(csv(R, { line: (r, i) => [r.id, ['sometime', 'n/a', 'last week', '?'][i % 4], r.lat, r.lon, r.offence, r.address].join(',') })), expect: { at: 'import', error: /None of the 20 rows .*date could not be read: 20\).*choose the matching date format/ } },
  { file: 'dates-some-unreadable.csv', what: 'two unreadable dates', make: () => utf8(csv(R, { line: (r, i) => [r.id, i === 3 || i === 8 ? '31/02/2021 25:00' : iso(r.ms), r.lat, r.lon, r.offence, r.address].join(',') })), expect: { read: 20, kept: 18, rejected: { unparseable_date: 2 } } },
  { file: 'separate-date-time.csv', what: 'date and time in two columns', make: () => utf8(csv(R, { header: 'id,date,time,latitude,longitude,offence', line: (r) => [r.id, iso(r.ms).slice(0, 10), iso(r.ms).slice(11, 16), r.lat, r.lon, r.offence].join(',') })), expect: ok20({ mapping: { date: 'date', time: 'time' }, from: isoT(R[0].ms) }) },

  // Ids and hostile values
  { file: 'duplicate-ids.csv', what: 'four repeated ids', make: () => utf8(csv(R.map((r, i) => (i >= 16 ? { ...r, id: String(i - 15) } : r)))), expect: { read: 20, kept: 16, rejected: { duplicate_id: 4 } } },
  {
    file: 'hostile-values.csv', what: 'SQL and HTML in ids, offences and addresses',
    make: () => utf8(csv(R, { line: (r, i) => [`"${r.id}'; DROP TABLE incidents; --"`, iso(r.ms), r.lat, r.lon, i % 2 ? `"Robbery'); DELETE FROM incident_base; --"` : '"<img src=x onerror=alert(1)>"', `"${r.address}"" OR 1=1 --"`].join(',') })),
    expect: ok20({ offences: ["Robbery'); DELETE FROM incident_base; --", '<img src=x onerror=alert(1)>'] }),
  },

  // Parquet
  { file: 'parquet-text-columns.parquet', what: 'every column text', make: () => parquet({ id: texts(R.map((r) => r.id)), date: texts(R.map((r) => iso(r.ms))), latitude: texts(R.map((r) => String(r.lat))), longitude: texts(R.map((r) => String(r.lon))), offence: texts(R.map((r) => r.offence)) }), expect: ok20({ mapping: { dateFormat: '%Y-%m-%d %H:%M:%S' } }) },
  { file: 'parquet-epoch-int.parquet', what: 'dates as int64 Unix seconds, float ids', make: () => parquet({ id: doubles(R.map((r) => Number(r.id) + 0.5)), occurred: makeVector(BigInt64Array.from(R.map((r) => BigInt(r.ms / 1000)))), latitude: doubles(R.map((r) => r.lat)), longitude: doubles(R.map((r) => r.lon)), offence: texts(R.map((r) => r.offence)) }), expect: ok20({ mapping: { datetime: 'occurred', dateFormat: 'epoch_s' }, from: isoT(R[0].ms) }) },
  { file: 'parquet-bool-coordinates.parquet', what: 'booleans where coordinates belong', make: () => parquet({ id: texts(R.map((r) => r.id)), date: texts(R.map((r) => iso(r.ms))), latitude: vectorFromArray(R.map((_, i) => i % 2 === 0), new Bool()), longitude: doubles(R.map((r) => r.lon)) }), expect: { at: 'import', error: /"latitude" \(chosen for latitude\) holds BOOLEAN values, not numbers/ } },
  { file: 'parquet-nested.parquet', what: 'a list where latitude belongs', make: () => parquet({ id: texts(R.map((r) => r.id)), date: texts(R.map((r) => iso(r.ms))), latitude: vectorFromArray(R.map((r) => [r.lat]), new List(new Field('item', new Float64()))), longitude: doubles(R.map((r) => r.lon)) }), expect: { at: 'import', error: /holds DOUBLE\[\] values, not numbers/ } },
  { file: 'parquet-timestamp-tz.parquet', what: 'timestamps with a time zone', make: () => parquet({ id: texts(R.map((r) => r.id)), occurred_at: vectorFromArray(R.map((r) => r.ms), new TimestampMillisecond('UTC')), latitude: doubles(R.map((r) => r.lat)), longitude: doubles(R.map((r) => r.lon)), offence: texts(R.map((r) => r.offence)) }), expect: ok20({ from: isoT(R[0].ms) }) },
  { file: 'parquet-truncated.parquet', what: 'cut off halfway', make: () => { const b = parquet({ id: texts(R.map((r) => r.id)), latitude: doubles(R.map((r) => r.lat)) }); return b.slice(0, Math.floor(b.length / 2)); }, expect: { at: 'stage', error: /could not be read as Parquet .*export or download it again/ } },
  { file: 'parquet-no-rows.parquet', what: 'a schema and no rows', make: () => parquet({ id: texts([]), latitude: doubles([]) }), expect: { at: 'stage', error: /has columns \(id, latitude\) but no rows/ } },

  // GeoJSON and JSON
  { file: 'polygons-only.geojson', what: 'polygons where points were expected', make: () => json({ type: 'FeatureCollection', features: R.slice(0, 5).map((r) => feature(r, square(r))) }), expect: { at: 'stage', error: /holds no point features \(5 Polygon\).*choose it as the boundary/ } },
  {
    file: 'mixed-geometries.geojson', what: 'points with polygons, a line and a null geometry',
    make: () => json({ type: 'FeatureCollection', features: R.map((r, i) => feature(r, i === 3 || i === 9 ? square(r) : i === 12 ? null : i === 15 ? { type: 'LineString', coordinates: [[r.lon, r.lat], [r.lon + 0.01, r.lat]] } : point(r))) }),
    expect: { read: 20, kept: 16, rejected: { no_coordinates: 4 }, notes: [/4 of 20 features are not points \(2 Polygon, 1 no geometry, 1 LineString\)/] },
  },
  { file: 'multipoint.geojson', what: 'single-point MultiPoints', make: () => json({ type: 'FeatureCollection', features: R.map((r) => feature(r, { type: 'MultiPoint', coordinates: [[r.lon, r.lat]] })) }), expect: ok20() },
  { file: 'truncated.geojson', what: 'cut off in the middle', make: () => json({ type: 'FeatureCollection', features: R.map((r) => feature(r, point(r))) }).slice(0, 900), expect: { at: 'stage', error: /is not valid JSON .*cut short/ } },
  { file: 'not-geojson.json', what: 'JSON of another shape', make: () => json({ data: { rows: 20 } }), expect: { at: 'stage', error: /JSON but not GeoJSON/ } },
  { file: 'single-geometry.geojson', what: 'a bare Polygon', make: () => json(square(R[0])), expect: { at: 'stage', error: /single Polygon geometry/ } },
  { file: 'records.json', what: 'a JSON list of records', make: () => json(R.map((r) => ({ id: r.id, date: iso(r.ms), lat: r.lat, lng: r.lon, category: r.offence }))), expect: ok20({ mapping: { lat: 'lat', lon: 'lng', offence: 'category' } }) },
  { file: 'newline-delimited.geojson', what: 'one feature per line (GeoJSONSeq)', make: () => utf8(R.map((r) => JSON.stringify(feature(r, point(r)))).join('\n') + '\n'), expect: ok20() },

  // Too large
  { file: 'too-large.csv', what: 'just over the CSV limit (sparse file)', make: () => new Uint8Array(), sparse: MAX_SOURCE_BYTES.csv + 1, expect: { at: 'stage', error: /too large to open in the browser: 1\.0 GiB, and the limit .* is 1\.0 GiB\. Split it/ } },
];

/** Writes a case's file into `dir` and returns its path. */
export function writeCase(c: CorpusCase, dir: string): string {
  const p = path.join(dir, c.file);
  if (c.sparse) {
    fs.writeFileSync(p, '');
    fs.truncateSync(p, c.sparse);
  } else fs.writeFileSync(p, c.make());
  return p;
}

/** The folder of committed (small) corpus files. */
export const FILES_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'files');

/** The path of a case's file: committed, or made in `tmp` (large and sparse ones). */
export function casePath(c: CorpusCase, tmp: string): string {
  return c.large || c.sparse ? writeCase(c, tmp) : path.join(FILES_DIR, c.file);
}
