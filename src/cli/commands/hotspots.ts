/**
 * `hotspots`: Gi*, Gi or local Moran's I over the study-area H3 cells (zeros included), with the
 * global Moran's I and the method record, as JSON (issue #3 item 9), CSV or GeoJSON. Also exports
 * the option helpers the other hot-spot commands share.
 */
import { cellToBoundary } from 'h3-js';
import { getisOrd, type GetisOrdResult } from '../../lib/analysis/hotspots/getis-ord';
import { globalMoran } from '../../lib/analysis/hotspots/global-moran';
import { localMoran, type LocalMoranResult } from '../../lib/analysis/hotspots/local-moran';
import { localRow, type DataRecord, type LocalResult } from '../../lib/analysis/hotspots/types';
import { WEIGHT_SCHEMES, ringNeighbours, suggestK, type WeightScheme } from '../../lib/analysis/hotspots/weights';
import type { ValidationReport } from '../../lib/engine/protocol';
import { MAX_RES, MIN_RES } from '../../lib/geo/h3bits';
import type { Args } from '../args';
import { UsageError, filterOf, intOpt, loadIncidents, type Command } from '../common';

/** A number option within [lo, hi], or the default. */
export function numOpt(a: Args, name: string, def: number, lo: number, hi: number): number {
  const v = a.one(name);
  if (v === undefined) return def;
  const x = Number(v);
  if (!Number.isFinite(x) || x < lo || x > hi) throw new UsageError(`--${name} must be a number ${lo}–${hi}.`);
  return x;
}

/** One of a fixed set of words, or the default. */
export function choiceOpt<T extends string>(a: Args, name: string, choices: readonly T[], def: T): T {
  const v = a.one(name) ?? def;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} must be ${choices.join(', ')}; got "${v}".`);
  return v as T;
}

export const weightsOpt = (a: Args): WeightScheme => choiceOpt(a, 'weights', WEIGHT_SCHEMES, 'binary');

/** The data part of a method record. */
export function dataRecord(report: ValidationReport, res: number, cells: number, total: number): DataRecord {
  return { source: report.source, rows: report.kept, res, cells, total, from: report.from, to: report.to };
}

/** Cells as a GeoJSON FeatureCollection of hexagons with the given properties. */
export function cellsGeoJson(cells: readonly string[], props: (i: number) => Record<string, unknown>): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: cells.map((c, i) => {
      const ring = cellToBoundary(c, true);
      return { type: 'Feature', properties: { cell: c, ...props(i) }, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } };
    }),
  });
}

const METHODS = ['gistar', 'gi', 'local-moran'] as const;

export const command: Command = {
  usage: `hotspots --input FILE [--boundary GEOJSON] [--res N (${MIN_RES}-${MAX_RES}, default 9)] [--method gistar|gi|local-moran]
            [--k K (default: data-driven)] [--weights binary|triangular|quartic|gaussian] [--fdr]
            [--permutations N --seed S] [--alpha A (local Moran, default 0.05)] [filters as aggregate] [--format json|csv|geojson]`,
  async run(a) {
    const res = intOpt(a, 'res', 9, MIN_RES, MAX_RES);
    const method = choiceOpt(a, 'method', METHODS, 'gistar');
    const scheme = weightsOpt(a);
    const permutations = intOpt(a, 'permutations', 0, 0, 99_999);
    const seed = intOpt(a, 'seed', 0, 0, 2 ** 32 - 1);
    const alpha = numOpt(a, 'alpha', 0.05, 1e-6, 0.5);
    const format = choiceOpt(a, 'format', ['json', 'csv', 'geojson'] as const, 'json');
    if (a.one('seed') !== undefined && !permutations) throw new UsageError('--seed needs --permutations N (N > 0).');
    const filter = filterOf(a);
    const { service, report } = await loadIncidents(a);
    const agg = service.aggregate(res, filter);
    const suggested = suggestK(agg.total, agg.cells.length, res);
    const k = intOpt(a, 'k', suggested.k, 1, 10);
    const nb = ringNeighbours(agg.cells, k);
    const data = { cells: agg.cells, counts: agg.counts };
    const opts = { scheme, fdr: a.flag('fdr'), permutations, seed };
    const r: LocalResult = method === 'local-moran' ? localMoran(data, nb, { ...opts, alpha }) : getisOrd(data, nb, { ...opts, star: method === 'gistar' });
    r.method.data = dataRecord(report, res, agg.cells.length, agg.total);
    r.method.filter = filter;
    r.method.notes.push(a.one('k') === undefined ? suggested.explanation : `k = ${k}, set by the user (the data-driven default would be ${suggested.k}).`);
    const extra = (i: number): Record<string, number> =>
      method === 'local-moran'
        ? { I: r.value[i], expected: (r as LocalMoranResult).expected[i], variance: (r as LocalMoranResult).variance[i] }
        : { G: r.value[i], neighbourhoodCount: (r as GetisOrdResult).lag[i] };
    const rows = r.cells.map((_, i) => {
      const row = localRow(r, i);
      return { cell: row.cell, count: row.count, ...extra(i), z: row.z, p: row.p, ...(r.pSim ? { pSim: row.pSim } : {}), pAdjusted: row.pAdjusted, class: row.class };
    });
    if (format === 'csv') {
      const keys = Object.keys(rows[0] ?? { cell: 0 });
      return [keys.join(','), ...rows.map((o) => keys.map((k2) => String((o as Record<string, unknown>)[k2])).join(','))].join('\n');
    }
    if (format === 'geojson') return cellsGeoJson(r.cells, (i) => { const { cell: _c, ...rest } = rows[i]; return rest; });
    const g = globalMoran(agg.counts, nb, { scheme });
    const classes = Object.fromEntries(r.legend.map((c) => [c.key, 0]));
    for (const o of rows) classes[o.class]++;
    return JSON.stringify({
      cells: rows,
      global: { cells: agg.cells.length, incidents: agg.total, k, classes, moran: { I: g.I, expected: g.expected, variance: g.variance, z: g.z, p: g.p, weights: scheme, rowStandardised: true } },
      legend: r.legend,
      warnings: r.warnings,
      method: r.method,
    });
  },
};
