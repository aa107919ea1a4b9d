/**
 * Staging of a source file into the DuckDB table `import_raw` (one row per source record, with a
 * 0-based `__rn` row number): CSV is parsed by DuckDB, Parquet by parquet-wasm through Arrow, and
 * GeoJSON points in JavaScript (DuckDB's spatial/json extensions are not available offline).
 */
import { Table, makeVector, tableFromArrays, tableFromIPC, type Vector } from 'apache-arrow';
import type { Feature, FeatureCollection } from 'geojson';
import { Engine, ident, str } from './engine';
import type { SourceFormat } from './protocol';

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
}

/** Guesses the format from the name and the first bytes. */
export function sniffFormat(name: string, bytes: Uint8Array): SourceFormat {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31) return 'parquet';
  const lower = name.toLowerCase();
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return 'geojson';
  let i = 0;
  while (i < bytes.length && i < 64 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  if (bytes[i] === 0x7b) return 'geojson';
  return 'csv';
}

/** Stages bytes as `import_raw` (CSV, GeoJSON) or reads the Parquet schema (Parquet). */
export async function stageSource(engine: Engine, name: string, bytes: Uint8Array, readParquet: ParquetReader): Promise<StagedSource> {
  const format = sniffFormat(name, bytes);
  engine.exec('DROP TABLE IF EXISTS import_raw');
  if (format === 'csv') {
    engine.registerFile('source.csv', bytes);
    try {
      engine.exec(
        `CREATE TABLE import_raw AS SELECT (row_number() OVER () - 1)::BIGINT AS __rn, * FROM read_csv('source.csv', all_varchar = true, header = true, null_padding = true)`,
      );
    } catch (e) {
      throw new Error(`This file could not be read as CSV: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      engine.dropFile('source.csv');
    }
  } else if (format === 'geojson') {
    engine.insertArrow('import_raw', geojsonToArrow(bytes));
  } else {
    let table: Table;
    try {
      table = await readParquet(bytes);
    } catch (e) {
      throw new Error(`This file could not be read as Parquet: ${(e as Error).message}`);
    }
    engine.insertArrow('import_raw', withRowNumbers(table.slice(0, 20)));
    return { name, format, table, columns: describe(engine), rows: table.numRows };
  }
  const rows = engine.rows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM import_raw')[0].n;
  return { name, format, columns: describe(engine), rows };
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

/** GeoJSON points → an Arrow table of text properties plus `longitude`/`latitude` from geometry. */
export function geojsonToArrow(bytes: Uint8Array): Table {
  let fc: FeatureCollection;
  try {
    fc = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`This file is not valid JSON: ${(e as Error).message}`);
  }
  const feats: Feature[] = fc?.type === 'FeatureCollection' && Array.isArray(fc.features) ? fc.features : (fc as { type?: string })?.type === 'Feature' ? [fc as unknown as Feature] : [];
  if (feats.length === 0) throw new Error('This GeoJSON has no features (expected a FeatureCollection of points).');
  const keys = new Set<string>();
  for (const f of feats) for (const k of Object.keys(f.properties ?? {})) keys.add(k);
  keys.delete('longitude');
  keys.delete('latitude');
  const cols: Record<string, (string | null)[] | Float64Array> = {};
  for (const k of keys) cols[k] = feats.map((f) => {
    const v = f.properties?.[k];
    return v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
  const lon = new Float64Array(feats.length).fill(NaN);
  const lat = new Float64Array(feats.length).fill(NaN);
  feats.forEach((f, i) => {
    const g = f.geometry;
    if (g?.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.length >= 2) {
      lon[i] = Number(g.coordinates[0]);
      lat[i] = Number(g.coordinates[1]);
    }
  });
  cols.longitude = lon;
  cols.latitude = lat;
  const rn = new BigInt64Array(feats.length);
  for (let i = 0; i < rn.length; i++) rn[i] = BigInt(i);
  return tableFromArrays({ __rn: rn, ...cols } as never) as unknown as Table;
}

export { str };
