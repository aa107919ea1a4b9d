/**
 * Checks that the columns chosen for each role hold values of a usable type (a Parquet file can
 * hold booleans, lists or structs where numbers or dates are expected), in plain words.
 */
import type { ColumnMapping } from '../engine/protocol';
import { isNumericDateFormat } from './dates';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL(\(.*\))?)$/;

/** Whether a DuckDB column type is a number. */
export const isNumericType = (t: string) => NUMERIC.test(t);
/** Whether a DuckDB column type is a date or timestamp. */
export const isTemporalType = (t: string) => t === 'DATE' || t.startsWith('TIMESTAMP');

const LABELS: Partial<Record<keyof ColumnMapping, string>> = {
  datetime: 'date and time', date: 'date', time: 'time', lat: 'latitude', lon: 'longitude', x: 'projected X', y: 'projected Y',
};

/** Problems with the types of the mapped columns; empty when every role can be read. */
export function typeProblems(m: ColumnMapping, columns: { name: string; type: string }[]): string[] {
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const out: string[] = [];
  for (const role of ['lat', 'lon', 'x', 'y'] as const) {
    const c = m[role];
    const t = c ? types.get(c) : undefined;
    if (c && t && t !== 'VARCHAR' && !isNumericType(t))
      out.push(`Column "${c}" (chosen for ${LABELS[role]}) holds ${t} values, not numbers: choose a column of coordinates.`);
  }
  const d = m.datetime ?? m.date;
  const dt = d ? types.get(d) : undefined;
  if (d && dt) {
    const fmt = m.dateFormat;
    if (dt !== 'VARCHAR' && !isTemporalType(dt) && !isNumericType(dt))
      out.push(`Column "${d}" (chosen for ${LABELS[m.datetime ? 'datetime' : 'date']}) holds ${dt} values, not dates: choose the column with the incident dates.`);
    else if (isNumericType(dt) && !isNumericDateFormat(fmt))
      out.push(`Column "${d}" holds numbers, not text dates: under "Date format" choose how to read them (Unix seconds, Unix milliseconds or Excel day numbers).`);
    else if (isTemporalType(dt) && isNumericDateFormat(fmt))
      out.push(`Column "${d}" already holds dates; set "Date format" to automatic.`);
  }
  const tm = m.time ? types.get(m.time) : undefined;
  if (m.time && tm && tm !== 'VARCHAR' && tm !== 'TIME' && !isTemporalType(tm))
    out.push(`Column "${m.time}" (chosen for time) holds ${tm} values, not times of day.`);
  return out;
}
