/**
 * Dates beyond strptime text: numbers that count time (Unix seconds or milliseconds, Excel serial
 * days), several text formats in one column, and the SQL that reads each. A mapping's
 * `dateFormat` holds a strptime format, several joined by " | " (tried in order), or one of the
 * special names below, so every choice stays visible and editable in the column dialog.
 */
import { str } from '../engine/engine';

/** Date "formats" that are numbers, with what they mean. */
export const NUMERIC_DATE_FORMATS = {
  epoch_s: 'Unix time: seconds since 1970-01-01 (UTC)',
  epoch_ms: 'Unix time: milliseconds since 1970-01-01 (UTC)',
  excel: 'Excel serial day number (days since 1899-12-30, fraction = time of day)',
} as const;
export type NumericDateFormat = keyof typeof NUMERIC_DATE_FORMATS;

/** Separator of several formats in one `dateFormat`. */
export const FORMAT_SEPARATOR = ' | ';

/** Plausible range of each numeric format: 1900-01-01 to 2100-01-01. */
const RANGES: Record<NumericDateFormat, [number, number]> = {
  epoch_s: [-2_208_988_800, 4_102_444_800],
  epoch_ms: [-2_208_988_800_000, 4_102_444_800_000],
  excel: [1, 73_051],
};

export const isNumericDateFormat = (f: string | undefined): f is NumericDateFormat => !!f && f in NUMERIC_DATE_FORMATS;

/** The formats of a (possibly combined) `dateFormat`. */
export const splitFormats = (f: string): string[] => f.split(FORMAT_SEPARATOR).map((x) => x.trim()).filter(Boolean);

/** A label for a date format in the column dialog. */
export function dateFormatLabel(f: string): string {
  if (isNumericDateFormat(f)) return NUMERIC_DATE_FORMATS[f];
  return splitFormats(f).length > 1 ? `${f} (tried in this order)` : f;
}

/**
 * Which numeric format a column of numbers most likely is, from its sampled values: the one whose
 * plausible range holds at least 90 % of them, preferring magnitudes typical of each (seconds
 * ~10⁹, milliseconds ~10¹², Excel days ~4·10⁴). Null when none fits.
 */
export function guessNumericDateFormat(values: number[]): NumericDateFormat | null {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return null;
  const share = (lo: number, hi: number) => v.filter((x) => x >= lo && x <= hi).length / v.length;
  // Typical magnitudes first: 1973–2100 in ms, 1973–2100 in s, 1927–2100 in Excel days.
  if (share(1e11, RANGES.epoch_ms[1]) >= 0.9) return 'epoch_ms';
  if (share(1e8, RANGES.epoch_s[1]) >= 0.9) return 'epoch_s';
  if (share(10_000, RANGES.excel[1]) >= 0.9) return 'excel';
  return null;
}

/** SQL reading a number `num` (a DOUBLE expression) as a TIMESTAMP; NULL outside 1900–2100. */
export function numericDateSql(num: string, f: NumericDateFormat): string {
  const [lo, hi] = RANGES[f];
  const micros = f === 'epoch_s' ? `${num} * 1e6` : f === 'epoch_ms' ? `${num} * 1e3` : `(${num} - 25569) * 86400e6`;
  return `CASE WHEN ${num} BETWEEN ${lo} AND ${hi} THEN make_timestamp(round(${micros})::BIGINT) END`;
}

/** SQL reading text `text` as a TIMESTAMP under a (possibly combined) strptime format. */
export function textDateSql(text: string, f: string): string {
  const fs = splitFormats(f);
  return fs.length === 1 ? `try_strptime(${text}, ${str(fs[0])})` : `try_strptime(${text}, [${fs.map(str).join(', ')}])`;
}

/** The same format with day and month swapped (US ↔ UK), to avoid combining the two. */
export const dayMonthSwapped = (f: string) => f.replace(/%d|%m/g, (x) => (x === '%d' ? '%m' : '%d'));

/**
 * Chooses formats for a column from which sample rows each format reads: the one that reads most,
 * then, while some rows stay unread, the format that reads most of those (never the day/month
 * swap of one already chosen, since a row readable both ways cannot be told apart), up to three.
 * `reads` maps each format to the indices of the samples it reads. Null when none reads any.
 */
export function coverFormats(reads: Map<string, Set<number>>, total: number, max = 3): string | null {
  const chosen: string[] = [];
  const covered = new Set<number>();
  while (chosen.length < max && covered.size < total) {
    let best = '';
    let gain = 0;
    for (const [f, rows] of reads) {
      if (chosen.includes(f) || chosen.some((c) => dayMonthSwapped(c) === f)) continue;
      let g = 0;
      for (const r of rows) if (!covered.has(r)) g++;
      if (g > gain) [best, gain] = [f, g];
    }
    // A second format must read a real share of the rows, not one stray value.
    if (!best || (chosen.length > 0 && gain < Math.max(2, 0.02 * total))) break;
    chosen.push(best);
    for (const r of reads.get(best)!) covered.add(r);
  }
  return chosen.length ? chosen.join(FORMAT_SEPARATOR) : null;
}
