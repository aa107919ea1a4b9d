/**
 * CSV text (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled. Text
 * that a spreadsheet would run as a formula (starting with = + − @, tab or return) gets a leading
 * apostrophe, so a value from the data cannot run anything when the file is opened (CSV
 * injection). Numbers are written in full precision with a dot as decimal mark.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const out = [header.map(csvField).join(',')];
  for (const r of rows) out.push(r.map(csvField).join(','));
  return out.join('\r\n') + '\r\n';
}
