/**
 * What each export contains, as plain rows: the cells table (the map's content), hot spots with
 * every figure, the Knox table, repeat places, risk factors, and the layers (cells, repeat places,
 * near-repeat zones, environmental features). With a `Publish` rule (small-count suppression),
 * counts below the threshold are withheld (empty, with `suppressed` = true), places and zones
 * resting on fewer incidents than the threshold are left out, and addresses are dropped with
 * coordinates rounded to about 100 m. Pure functions (no DOM): tested in Node.
 */
import type { Feature, FeatureCollection } from 'geojson';
import { cellToBoundary, cellToLatLng } from 'h3-js';
import type { CellTable, CellValue } from '../a11y/cell-table';
import type { KnoxResult } from '../analysis/repeats/knox';
import type { RepeatPlacesResult } from '../analysis/repeats/repeat-places';
import type { LocalResult } from '../analysis/hotspots/types';
import { localRow } from '../analysis/hotspots/types';
import type { FactorResult } from '../analysis/risk/model';
import type { Publish } from './disclosure.svelte';

/** Columns and rows ready for CSV, GeoJSON properties or Parquet columns. */
export interface Rows {
  header: string[];
  /** Which columns are numbers (the rest text or booleans). */
  numeric: boolean[];
  rows: CellValue[][];
  /** Cell ids (hex) of the rows, when the rows are H3 cells. */
  cells?: string[];
  /** Point coordinates of the rows, when they are places. */
  points?: [number, number][];
  /** Rows left out under the suppression rule. */
  omitted: number;
}

/** The cells table with its cell ids first; under `publish`, count columns of a small row withheld. */
export function cellRows(t: CellTable, publish: Publish | null): Rows {
  const first = t.columns.findIndex((c) => c.count);
  const header = ['cell', ...(t.res !== null ? ['res'] : []), ...t.columns.map((c) => c.label)];
  const numeric = [false, ...(t.res !== null ? [true] : []), ...t.columns.map((c) => c.numeric)];
  if (publish) {
    header.push('suppressed');
    numeric.push(false);
  }
  const rows = t.rows.map((r, i) => {
    // A row is small when its incidents (the first count column) fall under the threshold.
    const basis = first >= 0 ? r[first] : null;
    const small = !!publish && typeof basis === 'number' && basis < publish.threshold;
    const vals: CellValue[] = r.map((v, j) => (small && t.columns[j].count ? null : v));
    return [t.cells[i], ...(t.res !== null ? [t.res] : []), ...vals, ...(publish ? [small ? 'true' : 'false'] : [])];
  });
  return { header, numeric, rows, cells: t.cells, omitted: 0 };
}

/** Every figure of a hot-spot result per cell; under `publish`, counts of small cells withheld. */
export function hotspotRows(r: LocalResult, publish: Publish | null): Rows {
  const header = ['cell', 'count', 'value', 'z', 'p', 'p_adjusted', 'p_permutation', 'class', ...(publish ? ['suppressed'] : [])];
  const numeric = [false, true, true, true, true, true, true, false, false];
  const rows: CellValue[][] = [];
  for (let i = 0; i < r.cells.length; i++) {
    const w = localRow(r, i);
    const small = !!publish && w.count < publish.threshold;
    rows.push([w.cell, small ? null : w.count, small ? null : w.value, w.z, w.p, w.pAdjusted, w.pSim, w.class, ...(publish ? [small ? 'true' : 'false'] : [])]);
  }
  return { header, numeric: numeric.slice(0, header.length), rows, cells: r.cells as string[], omitted: 0 };
}

/** The Knox table, one row per distance × time band (counts of pairs: nothing to suppress). */
export function knoxRows(k: KnoxResult): Rows {
  const header = ['distance_band', 'distance_from_m', 'distance_to_m', 'time_band', 'time_from_days', 'time_to_days', 'observed_pairs', 'expected_pairs', 'knox_ratio', 'knox_ratio_median', 'p'];
  const rows: CellValue[][] = k.cells.map((c) => {
    const s = k.spaceBands[c.space];
    const t = k.timeBands[c.time];
    return [s.label, s.from, s.to, t.label, t.from, t.to, c.observed, c.expected, c.knoxRatio, c.knoxRatioMedian, c.p];
  });
  return { header, numeric: header.map((_, j) => j !== 0 && j !== 3), rows, omitted: 0 };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Repeat places, ranked. Under `publish`: places with fewer incidents than the threshold are left
 * out, and the rest lose their address (label, key) and have coordinates rounded to 0.001° (~100 m).
 */
export function placeRows(r: RepeatPlacesResult, publish: Publish | null): Rows {
  const header = ['rank', 'place', 'incidents', 'first', 'last', 'max_in_window', 'window_start', 'flagged', 'offences', 'lon', 'lat'];
  const numeric = [true, false, true, false, false, true, false, false, false, true, true];
  const rows: CellValue[][] = [];
  const points: [number, number][] = [];
  let omitted = 0;
  for (const p of r.ranked) {
    if (publish && p.count < publish.threshold) {
      omitted++;
      continue;
    }
    const lon = publish ? round3(p.lon) : p.lon;
    const lat = publish ? round3(p.lat) : p.lat;
    rows.push([p.rank, publish ? null : p.label, p.count, p.first.slice(0, 10), p.last.slice(0, 10), p.maxInWindow, p.windowStart.slice(0, 10), p.flagged ? 'true' : 'false', p.offences.map((o) => `${o.offence} (${o.count})`).join('; '), lon, lat]);
    points.push([lon, lat]);
  }
  return { header, numeric, rows, points, omitted };
}

/** Risk-terrain factors: coefficient, relative risk with its interval, whether kept. */
export function factorRows(factors: readonly FactorResult[], label: (term: string) => string): Rows {
  const header = ['factor', 'term', 'role', 'unit', 'coefficient', 'standard_error', 'z', 'p', 'relative_risk', 'rr_low', 'rr_high', 'selected'];
  const rows: CellValue[][] = factors
    .filter((f) => f.term !== 'intercept')
    .map((f) => [label(f.term), f.term, f.role, f.unit, f.coefficient, f.standardError, f.z, f.pValue, f.relativeRisk, f.relativeRiskInterval?.[0] ?? null, f.relativeRiskInterval?.[1] ?? null, f.selected ? 'true' : 'false']);
  return { header, numeric: header.map((_, j) => j >= 4 && j <= 10), rows, omitted: 0 };
}

/** Environmental features as points (the user's own layers: nothing to suppress). */
export function featureRows(layers: readonly { type: string; n: number; lon: Float64Array; lat: Float64Array }[], label: (type: string) => string): Rows {
  const rows: CellValue[][] = [];
  const points: [number, number][] = [];
  for (const l of layers)
    for (let i = 0; i < l.n; i++) {
      rows.push([l.type, label(l.type), l.lon[i], l.lat[i]]);
      points.push([l.lon[i], l.lat[i]]);
    }
  return { header: ['type', 'label', 'lon', 'lat'], numeric: [false, false, true, true], rows, points, omitted: 0 };
}

/** H3 cell outline as a closed GeoJSON ring ([lon, lat]; h3-js closes it in GeoJSON order). */
export function cellRing(cell: string): number[][] {
  const ring = cellToBoundary(cell, true);
  const [a, b] = [ring[0], ring[ring.length - 1]];
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
}

/** The cell's outline as WKT (for Parquet, read by GIS tools and DuckDB spatial). */
export function cellWkt(cell: string): string {
  return `POLYGON((${cellRing(cell).map(([x, y]) => `${x} ${y}`).join(', ')}))`;
}

/** Rows as GeoJSON: hexagons for cells, points for places; properties by header. */
export function rowsGeoJson(r: Rows, meta: Record<string, unknown> = {}): FeatureCollection & Record<string, unknown> {
  const features: Feature[] = r.rows.map((row, i) => {
    const properties = Object.fromEntries(r.header.map((h, j) => [h, row[j]]));
    const geometry = r.cells ? { type: 'Polygon' as const, coordinates: [cellRing(r.cells[i])] } : r.points ? { type: 'Point' as const, coordinates: r.points[i] } : null;
    return { type: 'Feature', properties, geometry: geometry as Feature['geometry'] };
  });
  return { type: 'FeatureCollection', ...meta, features };
}

/** Zones as published: under `publish`, zones resting on fewer incidents than the threshold are left out. */
export function publishedZones(fc: FeatureCollection, publish: Publish | null): { fc: FeatureCollection; omitted: number } {
  if (!publish) return { fc, omitted: 0 };
  const features = fc.features.filter((f) => Number((f.properties as { incidents?: unknown } | null)?.incidents ?? 0) >= publish.threshold);
  return { fc: { ...fc, features }, omitted: fc.features.length - features.length };
}

/** Centroid [lon, lat] of a cell. */
export function cellCentre(cell: string): [number, number] {
  const [lat, lon] = cellToLatLng(cell);
  return [lon, lat];
}
