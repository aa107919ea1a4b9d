/**
 * Text encodings of CSV sources. DuckDB's CSV reader wants UTF-8 (its `latin-1` is ISO-8859-1 for
 * a whole file), so anything else is made UTF-8 here first: UTF-16 with or without a byte-order
 * mark (Excel's "Unicode text"), and Windows-1252 (what "Latin-1" means in practice) line by line,
 * so that a file whose lines mix UTF-8 and Windows-1252 (exports appended to each other) keeps
 * both kinds of line right. Pure functions on bytes: no DuckDB, no DOM.
 */

/** The text encoding a source was read in. */
export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'utf-8 + windows-1252';

export interface Utf8Source {
  bytes: Uint8Array;
  encoding: SourceEncoding;
  /** What was done, in plain words, or null when the file was UTF-8 already. */
  note: string | null;
}

/** Windows-1252 code points of bytes 0x80–0x9F (the rest of the upper half is Latin-1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Index of the first byte in [from, to) that breaks UTF-8 (a cut-off sequence counts), or -1. */
export function invalidUtf8At(b: Uint8Array, from = 0, to = b.length): number {
  let i = from;
  while (i < to) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; else if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; else if (c === 0xf4) hi = 0x8f; }
    else return i;
    if (i + need >= to) return i; // cut off
    const c1 = b[i + 1];
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

/** Whether the bytes are valid UTF-8, checked in large chunks by the platform's decoder. */
function isUtf8(b: Uint8Array): boolean {
  const dec = new TextDecoder('utf-8', { fatal: true });
  const CHUNK = 16 << 20;
  try {
    for (let i = 0; i < b.length; i += CHUNK) dec.decode(b.subarray(i, Math.min(b.length, i + CHUNK)), { stream: i + CHUNK < b.length });
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 byte order: from a byte-order mark, or from the zero bytes of mostly-ASCII text. */
export function utf16Order(b: Uint8Array): 'le' | 'be' | null {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'be';
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > 0.4 * pairs && evenZero < 0.05 * pairs) return 'le';
  if (evenZero > 0.4 * pairs && oddZero < 0.05 * pairs) return 'be';
  return null;
}

/** Appends the UTF-8 form of one Windows-1252 byte at `o`; returns the new offset. */
function putCp1252(out: Uint8Array, o: number, c: number): number {
  const cp = c < 0x80 ? c : c < 0xa0 ? CP1252_HIGH[c - 0x80] : c;
  if (cp < 0x80) out[o++] = cp;
  else if (cp < 0x800) { out[o++] = 0xc0 | (cp >> 6); out[o++] = 0x80 | (cp & 63); }
  else { out[o++] = 0xe0 | (cp >> 12); out[o++] = 0x80 | ((cp >> 6) & 63); out[o++] = 0x80 | (cp & 63); }
  return o;
}

const cp1252Width = (c: number) => (c < 0x80 ? 1 : c < 0xa0 ? (CP1252_HIGH[c - 0x80] < 0x800 ? 2 : 3) : 2);

/**
 * Line by line: lines that are valid UTF-8 are kept, the others are read as Windows-1252.
 * Returns the UTF-8 bytes, how many lines were converted and the first such line (1-based).
 */
export function mixedToUtf8(b: Uint8Array): { bytes: Uint8Array; converted: number; utf8Lines: number; firstConverted: number } {
  // Pass 1: which lines are bad, and the output size.
  const bad: number[] = []; // pairs of [start, end) of converted lines
  let size = 0;
  let utf8Lines = 0;
  let line = 0;
  let firstConverted = 0;
  for (let s = 0; s < b.length; ) {
    let e = b.indexOf(0x0a, s);
    e = e < 0 ? b.length : e + 1;
    line++;
    if (invalidUtf8At(b, s, e) >= 0) {
      bad.push(s, e);
      if (!firstConverted) firstConverted = line;
      for (let i = s; i < e; i++) size += cp1252Width(b[i]);
    } else {
      size += e - s;
      for (let i = s; i < e; i++) if (b[i] >= 0x80) { utf8Lines++; break; }
    }
    s = e;
  }
  // Pass 2: copy good stretches, convert bad lines.
  const out = new Uint8Array(size);
  let o = 0;
  let from = 0;
  for (let k = 0; k < bad.length; k += 2) {
    out.set(b.subarray(from, bad[k]), o);
    o += bad[k] - from;
    for (let i = bad[k]; i < bad[k + 1]; i++) o = putCp1252(out, o, b[i]);
    from = bad[k + 1];
  }
  out.set(b.subarray(from), o);
  return { bytes: out, converted: bad.length / 2, utf8Lines, firstConverted };
}

/** The source as UTF-8 bytes (a UTF-8 byte-order mark removed), with what was done. */
export function toUtf8(b: Uint8Array): Utf8Source {
  const order = utf16Order(b);
  if (order) {
    const text = new TextDecoder(order === 'le' ? 'utf-16le' : 'utf-16be').decode(b);
    return {
      bytes: new TextEncoder().encode(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
      encoding: order === 'le' ? 'utf-16le' : 'utf-16be',
      note: `The file is UTF-16 text (${order === 'le' ? 'little' : 'big'}-endian, as Excel's "Unicode text" saves it); it was converted to UTF-8.`,
    };
  }
  const body = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
  if (isUtf8(body)) return { bytes: body, encoding: 'utf-8', note: null };
  const m = mixedToUtf8(body);
  if (m.utf8Lines === 0)
    return { bytes: m.bytes, encoding: 'windows-1252', note: 'The file is not UTF-8: it was read as Windows-1252 (Latin-1) text. If accented letters look wrong, save it again as "CSV UTF-8".' };
  return {
    bytes: m.bytes,
    encoding: 'utf-8 + windows-1252',
    note: `The file mixes encodings: ${m.converted} line${m.converted === 1 ? '' : 's'} (the first is line ${m.firstConverted}) are not UTF-8 and were read as Windows-1252 (Latin-1); the others as UTF-8.`,
  };
}
