/**
 * One entry point for importing an environmental layer from a file: GeoJSON (parsed in JS), CSV
 * (parsed by DuckDB) or Parquet (parquet-wasm), tagged with a feature type, optionally keeping
 * only the features whose attribute equals a value (the demo's `working = false` lights).
 * Runs where the engine runs (the engine worker in the browser; Node for CLI, tests, benchmarks).
 */
import type { Engine } from '../engine/engine';
import { sniffFormat, type ParquetReader } from '../engine/sources';
import { isFeatureTypeId } from './feature-types';
import { readGeoJsonLayer } from './geojson';
import { whereAttribute, type EnvironmentLayer } from './layer';
import { readCsvLayer, readParquetLayer, type TabularOptions } from './tabular';

/** What a layer file is and how to read it. */
export interface LayerLoadOptions extends TabularOptions {
  /** Keep only features whose attribute `column` equals `equals` (compared as text). */
  where?: { column: string; equals: string | number | boolean };
}

/** The engine (for CSV) and the Parquet reader (for Parquet). */
export interface LayerLoadDeps {
  engine: Engine;
  readParquet: ParquetReader;
}

/** Reads one layer file; throws an Error with a user-readable message on bad input. */
export async function loadLayer(source: string, bytes: Uint8Array, o: LayerLoadOptions, deps: LayerLoadDeps): Promise<EnvironmentLayer> {
  if (!isFeatureTypeId(o.type)) throw new Error(`A feature type is lower-case letters, digits and underscores, starting with a letter: got "${o.type}".`);
  if (bytes.length === 0) throw new Error(`"${source}" is empty.`);
  const format = sniffFormat(source, bytes);
  const layer =
    format === 'geojson' ? readGeoJsonLayer(source, bytes, o)
    : format === 'csv' ? readCsvLayer(deps.engine, source, bytes, o)
    : await readParquetLayer(deps.readParquet, source, bytes, o);
  const out = o.where ? whereAttribute(layer, o.where.column, o.where.equals) : layer;
  if (out.n === 0) throw new Error(`"${source}" gave no features of type "${o.type}"${o.where ? ` with ${o.where.column} = ${o.where.equals}` : ''} (${layer.skipped} records without usable geometry).`);
  return out;
}
