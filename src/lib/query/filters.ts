/**
 * SQL for the shared filters (offence, date range, hours, weekdays) over the `incidents` table.
 * Every user value is validated and quoted, never spliced raw.
 */
import { str } from '../engine/engine';
import type { Filter } from '../engine/protocol';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function ints(values: number[], lo: number, hi: number, what: string): number[] {
  for (const v of values) if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${what} must be whole numbers ${lo}–${hi}, got ${v}`);
  return values;
}

/** The WHERE clause (without the keyword) for a filter; `TRUE` when it restricts nothing. */
export function filterSql(f: Filter): string {
  const parts: string[] = [];
  if (f.offences && f.offences.length > 0) parts.push(`offence IN (${f.offences.map(str).join(', ')})`);
  if (f.from) {
    if (!DATE_RE.test(f.from)) throw new RangeError(`"from" must be a date YYYY-MM-DD, got ${f.from}`);
    parts.push(`ts >= DATE ${str(f.from)}`);
  }
  if (f.to) {
    if (!DATE_RE.test(f.to)) throw new RangeError(`"to" must be a date YYYY-MM-DD, got ${f.to}`);
    parts.push(`ts < DATE ${str(f.to)} + INTERVAL 1 DAY`);
  }
  if (f.hours && f.hours.length > 0 && f.hours.length < 24) parts.push(`hour IN (${ints(f.hours, 0, 23, 'Hours').join(', ')})`);
  if (f.weekdays && f.weekdays.length > 0 && f.weekdays.length < 7) parts.push(`dow IN (${ints(f.weekdays, 1, 7, 'Weekdays').join(', ')})`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}
