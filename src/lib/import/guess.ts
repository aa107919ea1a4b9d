/**
 * Guesses from the values of a staged file (`import_raw`), after names and presets have had their
 * say: the date column and how to read it (text formats, several in one column, Unix or Excel
 * numbers), and whether the coordinate columns are swapped, projected or not named at all. Every
 * guess edits the mapping the user confirms, and says what it did in a note.
 */
import type { ColumnMapping } from '../engine/protocol';
import { ident, str, type Engine } from '../engine/engine';
import { latLonHint, xyHint } from './coordinates';
import { DATE_FORMATS } from './detect';
import { coverFormats, dateFormatLabel, dayMonthSwapped, guessNumericDateFormat, isNumericDateFormat, splitFormats } from './dates';
import { isNumericType, isTemporalType } from './column-types';

type Column = { name: string; type: string };

/** Rows sampled for guesses: the first 200 and an even spread of about 300 more. */
function sampleWhere(rows: number): string {
  const step = Math.max(1, Math.floor(rows / 300));
  return `(__rn < 200 OR __rn % ${step} = 0)`;
}

/**
 * SQL reading a column as a number: typed numbers as they are, text trimmed, with a decimal
 * comma read as a point ("41,85" → 41.85; "1,234,567" stays unreadable).
 */
export function numberSql(c: string, type: string): string {
  if (type === 'DOUBLE') return ident(c);
  if (isNumericType(type)) return `${ident(c)}::DOUBLE`;
  if (type !== 'VARCHAR') return `try_cast(${ident(c)}::VARCHAR AS DOUBLE)`;
  const v = `trim(${ident(c)})`;
  return `coalesce(try_cast(${v} AS DOUBLE), try_cast(replace(${v}, ',', '.') AS DOUBLE))`;
}

/** Sampled values of some columns as numbers (NaN where not a number). */
function numbers(engine: Engine, cols: Column[], rows: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (cols.length === 0) return out;
  const t = engine.query(`SELECT ${cols.map((c, i) => `${numberSql(c.name, c.type)} AS n${i}`).join(', ')} FROM import_raw WHERE ${sampleWhere(rows)} ORDER BY __rn LIMIT 500`);
  cols.forEach((c, i) => {
    const v = t.getChild(`n${i}`)!;
    out.set(c.name, Array.from({ length: t.numRows }, (_, k) => (v.isValid(k) ? Number(v.get(k)) : NaN)));
  });
  return out;
}

const fmt = (v: number[]) => v.filter(Number.isFinite).slice(0, 2).map((x) => String(+x.toFixed(6))).join(', ');

/** Fixes swapped or projected lat/lon, X/Y in degrees, and finds unnamed coordinate columns. */
export function adjustCoordinates(engine: Engine, m: ColumnMapping, columns: Column[], rows: number, notes: string[]): void {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const col = (n?: string) => (n ? byName.get(n) : undefined);
  if (m.lat && m.lon && col(m.lat) && col(m.lon)) {
    const v = numbers(engine, [col(m.lat)!, col(m.lon)!], rows);
    const [lat, lon] = [v.get(m.lat)!, v.get(m.lon)!];
    const hint = latLonHint(lat, lon);
    if (hint === 'swap') {
      notes.push(`"${m.lat}" holds longitudes and "${m.lon}" latitudes (values such as ${fmt(lat)} and ${fmt(lon)}), so the two were swapped. Swap them back if this is wrong.`);
      [m.lat, m.lon] = [m.lon, m.lat];
    } else if (hint === 'projected' && !m.x && !m.y) {
      notes.push(`"${m.lat}"/"${m.lon}" hold values such as ${fmt(lat)} / ${fmt(lon)}, far beyond degrees: they look like projected X/Y (metres or feet), so they are used as X/Y. Give their coordinate system (CRS, for example EPSG:3435) to import them.`);
      [m.x, m.y] = [m.lon, m.lat];
      delete m.lat;
      delete m.lon;
    }
  } else if (m.x && m.y && !m.lat && !m.lon && !m.crs && col(m.x) && col(m.y)) {
    const v = numbers(engine, [col(m.x)!, col(m.y)!], rows);
    if (xyHint(v.get(m.x)!, v.get(m.y)!) === 'degrees') {
      notes.push(`"${m.x}"/"${m.y}" hold degrees (values such as ${fmt(v.get(m.x)!)} / ${fmt(v.get(m.y)!)}), so they are used as longitude/latitude.`);
      [m.lon, m.lat] = [m.x, m.y];
      delete m.x;
      delete m.y;
    }
  } else if (!m.lat && !m.lon && !m.x && !m.y) {
    findCoordinateColumns(engine, m, columns, rows, notes);
  }
}

/** Two unmapped columns of decimal numbers within ±180 are coordinates; one beyond ±90 is longitude. */
function findCoordinateColumns(engine: Engine, m: ColumnMapping, columns: Column[], rows: number, notes: string[]): void {
  const used = new Set(Object.values(m));
  const cands = columns.filter((c) => !used.has(c.name) && (c.type === 'VARCHAR' || c.type === 'DOUBLE' || c.type === 'FLOAT' || c.type.startsWith('DECIMAL')));
  const v = numbers(engine, cands, rows);
  const coords = cands.filter((c) => {
    const all = v.get(c.name)!;
    const x = all.filter(Number.isFinite);
    return x.length >= 0.9 * all.length && x.length > 0 && x.every((a) => Math.abs(a) <= 180) && x.filter((a) => !Number.isInteger(a)).length >= 0.5 * x.length;
  });
  if (coords.length !== 2) return;
  const wide = coords.map((c) => v.get(c.name)!.some((a) => Math.abs(a) > 90));
  if (wide[0] === wide[1]) {
    notes.push(`"${coords[0].name}" and "${coords[1].name}" look like coordinates, but which is latitude cannot be told from the values: choose them.`);
    return;
  }
  const [lon, lat] = wide[0] ? coords : [coords[1], coords[0]];
  m.lat = lat.name;
  m.lon = lon.name;
  notes.push(`"${lat.name}" and "${lon.name}" were taken as latitude and longitude from their values.`);
}

const DATE_NAME = /date|time|when|occur|epoch|unix|stamp|^ts$|created|reported|day/i;

/** Without a date column by name, takes the first column whose values read as dates. */
export function guessDateColumn(engine: Engine, m: ColumnMapping, columns: Column[], rows: number): void {
  const used = new Set(Object.values(m));
  for (const c of columns) {
    if (used.has(c.name)) continue;
    if (isTemporalType(c.type)) { m.datetime = c.name; return; }
    if (isNumericType(c.type)) {
      if (DATE_NAME.test(c.name) && guessNumericDateFormat(numbers(engine, [c], rows).get(c.name)!)) { m.datetime = c.name; return; }
      continue;
    }
    if (c.type !== 'VARCHAR') continue;
    const v = `trim(${ident(c.name)})`;
    const parsed = DATE_FORMATS.map((f) => `try_strptime(${v}, ${str(f)})`).join(', ');
    const r = engine.rows<{ n: number; ok: number }>(
      `SELECT count(*)::INTEGER AS n, count(coalesce(${parsed}))::INTEGER AS ok FROM (SELECT ${ident(c.name)} FROM import_raw WHERE ${ident(c.name)} IS NOT NULL ORDER BY __rn LIMIT 200)`,
    )[0];
    if (r.n > 0 && r.ok >= 0.8 * r.n) { m.datetime = c.name; return; }
  }
}

/**
 * Chooses how to read the date column: nothing for typed dates; a numeric format for numbers
 * (typed, or text that is all digits); else the preset's format if it reads the samples, or the
 * text formats that together read most of them (see `coverFormats`).
 */
export function chooseDateFormat(engine: Engine, m: ColumnMapping, columns: Column[], rows: number, dateText: string, notes: string[]): void {
  const col = m.datetime ?? m.date;
  const c = columns.find((x) => x.name === col);
  if (!col || !c) return;
  if (isTemporalType(c.type)) { delete m.dateFormat; return; }
  if (isNumericType(c.type) || c.type === 'VARCHAR') {
    const nums = numbers(engine, [c], rows).get(col)!;
    const filled = nums.length ? engine.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (SELECT ${ident(col)} FROM import_raw WHERE ${sampleWhere(rows)} AND ${ident(col)} IS NOT NULL ORDER BY __rn LIMIT 500)`)[0].n : 0;
    const numeric = nums.filter(Number.isFinite).length;
    if (isNumericType(c.type) || (numeric > 0 && numeric >= 0.9 * filled)) {
      if (isNumericDateFormat(m.dateFormat)) return;
      const g = guessNumericDateFormat(nums);
      if (g) {
        m.dateFormat = g;
        notes.push(`The dates in "${col}" are numbers (such as ${nums.find(Number.isFinite)}), read as ${dateFormatLabel(g)}. Change the date format if this is wrong.`);
        return;
      }
      if (isNumericType(c.type)) { delete m.dateFormat; return; }
    }
  }
  if (c.type !== 'VARCHAR') { delete m.dateFormat; return; }
  const formats = [...new Set([...(m.dateFormat && !isNumericDateFormat(m.dateFormat) ? [m.dateFormat] : []), ...DATE_FORMATS])];
  const t = engine.query(`WITH s AS (SELECT row_number() OVER () AS i, v FROM (SELECT ${dateText} AS v FROM import_raw WHERE ${sampleWhere(rows)} AND ${ident(col)} IS NOT NULL ORDER BY __rn LIMIT 500))
    SELECT count(*)::INTEGER AS n, ${formats.map((f, k) => `list(i::INTEGER) FILTER (WHERE ${splitFormats(f).length > 1 ? `try_strptime(v, [${splitFormats(f).map(str).join(', ')}])` : `try_strptime(v, ${str(f)})`} IS NOT NULL) AS f${k}`).join(', ')} FROM s`);
  const total = Number(t.getChild('n')!.get(0));
  const reads = new Map<string, Set<number>>();
  formats.forEach((f, k) => {
    const l = t.getChild(`f${k}`)!.get(0) as { toArray(): ArrayLike<number> } | null;
    reads.set(f, new Set(l ? Array.from(l.toArray()) : []));
  });
  // A preset's (or the user's) format that reads the samples is kept.
  if (m.dateFormat && !isNumericDateFormat(m.dateFormat) && (reads.get(m.dateFormat)?.size ?? 0) > 0) return;
  const chosen = coverFormats(reads, total);
  if (!chosen) { delete m.dateFormat; return; }
  m.dateFormat = chosen;
  const parts = splitFormats(chosen);
  if (parts.length > 1) notes.push(`The dates in "${col}" are written in ${parts.length} ways; each is read with the first format that fits: ${parts.join(' | ')}.`);
  const first = parts[0];
  if (first.includes('%d') && first.includes('%m') && dayMonthSwapped(first) !== first && (reads.get(dayMonthSwapped(first))?.size ?? -1) === reads.get(first)!.size)
    notes.push(`Dates in "${col}" could be month/day or day/month (no day above 12 in the samples): they are read as ${first}. Choose ${dayMonthSwapped(first)} if they are the other way round.`);
}
