/**
 * A project exported to one file: a plain ZIP archive (entries stored, not compressed) that any
 * unzip tool opens — `project.json` and the data files as they were imported — so a user can see
 * exactly what the file contains.
 *
 * Written and read through Blob slices, so a large data file is never copied whole into memory;
 * every entry's CRC-32 is checked on reading. Only what this writer produces is read (stored
 * entries, no ZIP64, no encryption); anything else gets a clear message.
 */

/** CRC-32 (IEEE 802.3, as ZIP uses), table-driven. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32Update(crc: number, b: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 of a blob, read in chunks; `onBytes` is told how many bytes were read. */
export async function crc32Blob(blob: Blob, onBytes?: (n: number) => void, signal?: AbortSignal): Promise<number> {
  let crc = 0;
  const reader = blob.stream().getReader();
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel();
      throw abortError();
    }
    const { done, value } = await reader.read();
    if (done) return crc;
    crc = crc32Update(crc, value);
    onBytes?.(value.length);
  }
}

function abortError(): Error {
  const e = new Error('Cancelled');
  e.name = 'AbortError';
  return e;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const UTF8_NAMES = 0x0800;
const MAX_ZIP = 0xffffffff;
const MAX_ENTRIES = 1000;

/** MS-DOS date and time of a Date (local time, 2-second steps), as ZIP headers keep them. */
function dosTime(d: Date): { time: number; date: number } {
  const y = Math.max(1980, Math.min(2107, d.getFullYear()));
  return { time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1), date: ((y - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate() };
}

/** One entry to write. */
export interface ArchiveEntry {
  name: string;
  blob: Blob;
}

/** Writes a stored ZIP archive. `onProgress` gets the fraction of bytes checksummed. */
export async function writeArchive(entries: ArchiveEntry[], opts: { date?: Date; onProgress?: (f: number) => void; signal?: AbortSignal } = {}): Promise<Blob> {
  const enc = new TextEncoder();
  const { time, date } = dosTime(opts.date ?? new Date());
  const total = entries.reduce((s, e) => s + e.blob.size, 0) || 1;
  let done = 0;
  const parts: BlobPart[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const crc = await crc32Blob(e.blob, (n) => opts.onProgress?.((done += n) / total), opts.signal);
    const size = e.blob.size;
    if (offset + 30 + name.length + size > MAX_ZIP) throw new Error('The project is larger than 4 GiB and cannot be exported as one file. Remove layers or use a smaller data file.');
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, LOCAL, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, UTF8_NAMES, true);
    l.setUint16(8, 0, true);
    l.setUint16(10, time, true);
    l.setUint16(12, date, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, size, true);
    l.setUint32(22, size, true);
    l.setUint16(26, name.length, true);
    l.setUint16(28, 0, true);
    local.set(name, 30);
    const c = new Uint8Array(46 + name.length);
    const v = new DataView(c.buffer);
    v.setUint32(0, CENTRAL, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, 20, true);
    v.setUint16(8, UTF8_NAMES, true);
    v.setUint16(10, 0, true);
    v.setUint16(12, time, true);
    v.setUint16(14, date, true);
    v.setUint32(16, crc, true);
    v.setUint32(20, size, true);
    v.setUint32(24, size, true);
    v.setUint16(28, name.length, true);
    v.setUint32(42, offset, true);
    c.set(name, 46);
    central.push(c);
    parts.push(local as BlobPart, e.blob);
    offset += local.length + size;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  if (offset + cdSize + 22 > MAX_ZIP) throw new Error('The project is larger than 4 GiB and cannot be exported as one file.');
  const end = new Uint8Array(22);
  const d = new DataView(end.buffer);
  d.setUint32(0, END, true);
  d.setUint16(8, entries.length, true);
  d.setUint16(10, entries.length, true);
  d.setUint32(12, cdSize, true);
  d.setUint32(16, offset, true);
  return new Blob([...parts, ...(central as BlobPart[]), end as BlobPart], { type: 'application/zip' });
}

const view = async (b: Blob) => new DataView(await b.arrayBuffer());

/**
 * Reads a stored ZIP archive written by `writeArchive`: its entries by name, each a slice of the
 * file (not a copy), after checking every entry's CRC-32.
 */
export async function readArchive(file: Blob, what: string, opts: { onProgress?: (f: number) => void; signal?: AbortSignal } = {}): Promise<Map<string, Blob>> {
  const bad = (why: string) => new Error(`"${what}" is not a project file this app can read: ${why}. Export the project again from the app.`);
  if (file.size < 22) throw bad('it is too short to be a ZIP archive');
  const tailStart = Math.max(0, file.size - 22 - 0xffff);
  const tail = await view(file.slice(tailStart));
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--)
    if (tail.getUint32(i, true) === END) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw bad('it is not a ZIP archive (or it was cut short)');
  const count = tail.getUint16(eocd + 10, true);
  const cdSize = tail.getUint32(eocd + 12, true);
  const cdOffset = tail.getUint32(eocd + 16, true);
  if (count > MAX_ENTRIES) throw bad(`it has ${count} entries`);
  if (cdOffset + cdSize > file.size) throw bad('its table of contents points past its end (the file was cut short)');
  const cd = await view(file.slice(cdOffset, cdOffset + cdSize));
  const dec = new TextDecoder('utf-8', { fatal: true });
  const entries: { name: string; crc: number; size: number; offset: number }[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.byteLength || cd.getUint32(p, true) !== CENTRAL) throw bad('its table of contents is damaged');
    const flags = cd.getUint16(p + 8, true);
    const method = cd.getUint16(p + 10, true);
    const crc = cd.getUint32(p + 16, true);
    const csize = cd.getUint32(p + 20, true);
    const size = cd.getUint32(p + 24, true);
    const nameLen = cd.getUint16(p + 28, true);
    const extraLen = cd.getUint16(p + 30, true);
    const commentLen = cd.getUint16(p + 32, true);
    const offset = cd.getUint32(p + 42, true);
    if (p + 46 + nameLen > cd.byteLength) throw bad('its table of contents is damaged');
    let name: string;
    try {
      name = dec.decode(new Uint8Array(cd.buffer, p + 46, nameLen));
    } catch {
      throw bad('an entry name is not UTF-8');
    }
    if (flags & 1) throw bad(`"${name}" is encrypted`);
    if (method !== 0 || csize !== size) throw bad(`"${name}" is compressed (this app writes and reads uncompressed entries only)`);
    entries.push({ name, crc, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const total = entries.reduce((s, e) => s + e.size, 0) || 1;
  let done = 0;
  const out = new Map<string, Blob>();
  for (const e of entries) {
    const h = await view(file.slice(e.offset, e.offset + 30));
    if (h.byteLength < 30 || h.getUint32(0, true) !== LOCAL) throw bad(`the entry "${e.name}" is damaged`);
    const start = e.offset + 30 + h.getUint16(26, true) + h.getUint16(28, true);
    if (start + e.size > cdOffset) throw bad(`the entry "${e.name}" runs past the end of the data (the file was cut short)`);
    const blob = file.slice(start, start + e.size);
    const crc = await crc32Blob(blob, (n) => opts.onProgress?.((done += n) / total), opts.signal);
    if (crc !== e.crc) throw bad(`the entry "${e.name}" is damaged (its checksum does not match)`);
    if (out.has(e.name)) throw bad(`the entry "${e.name}" appears twice`);
    out.set(e.name, blob);
  }
  return out;
}
