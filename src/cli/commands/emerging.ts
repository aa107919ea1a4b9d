/**
 * `emerging`: emerging hot spot analysis — space-time cube of H3 cells × weeks or months, space-time
 * Gi*, Mann-Kendall trends and the 17 Esri pattern classes, as JSON (or CSV / GeoJSON per cell).
 * Per cell, `bins` spells the steps: H hot, C cold, . neither.
 */
import { emergingHotSpots } from '../../lib/analysis/hotspots/emerging';
import { spaceTimeCube } from '../../lib/analysis/hotspots/space-time-cube';
import { ringNeighbours } from '../../lib/analysis/hotspots/weights';
import { MAX_RES, MIN_RES } from '../../lib/geo/h3bits';
import { filterOf, intOpt, loadIncidents, type Command } from '../common';
import { cellsGeoJson, choiceOpt, dataRecord, numOpt, weightsOpt } from './hotspots';

export const command: Command = {
  usage: `emerging --input FILE [--boundary GEOJSON] [--res N (${MIN_RES}-${MAX_RES}, default 9)] [--k K (default 1)] [--step week|month (default month)]
            [--time-window N (earlier steps in the neighbourhood, default 1)] [--weights binary|triangular|quartic|gaussian]
            [--adjust fdr|none (default fdr)] [--alpha A (default 0.05)] [filters as aggregate; --from/--to also bound the cube] [--format json|csv|geojson]`,
  async run(a) {
    const res = intOpt(a, 'res', 9, MIN_RES, MAX_RES);
    const k = intOpt(a, 'k', 1, 1, 10);
    const step = choiceOpt(a, 'step', ['week', 'month'] as const, 'month');
    const timeWindow = intOpt(a, 'time-window', 1, 0, 52);
    const fdr = choiceOpt(a, 'adjust', ['fdr', 'none'] as const, 'fdr') === 'fdr';
    const alpha = numOpt(a, 'alpha', 0.05, 1e-6, 0.5);
    const scheme = weightsOpt(a);
    const format = choiceOpt(a, 'format', ['json', 'csv', 'geojson'] as const, 'json');
    const filter = filterOf(a);
    const { service, report } = await loadIncidents(a);
    const agg = service.aggregate(res, filter);
    const cols = service.incidentColumns(filter, res);
    const cube = spaceTimeCube(agg.cells, cols.cell, cols.ms, { step, from: filter.from, to: filter.to });
    const r = emergingHotSpots(cube, ringNeighbours(agg.cells, k), { scheme, timeWindow, fdr, alpha });
    r.method.data = dataRecord(report, res, agg.cells.length, cube.counted);
    r.method.filter = filter;
    const label = new Map(r.legend.map((c) => [c.code, c.key]));
    const change = new Map(r.changeLegend.map((c) => [c.code, c.key]));
    const rows = agg.cells.map((cell, i) => ({
      cell, count: agg.counts[i], pattern: label.get(r.pattern[i])!, change: change.get(r.change[i])!,
      hotSteps: r.hotSteps[i], coldSteps: r.coldSteps[i],
      firstHot: r.firstHot[i] >= 0 ? r.labels[r.firstHot[i]] : null, lastHot: r.lastHot[i] >= 0 ? r.labels[r.lastHot[i]] : null,
      trendTau: r.trendTau[i], trendP: r.trendP[i], countTrendTau: r.countTrendTau[i], countTrendP: r.countTrendP[i],
      bins: Array.from(r.bins.subarray(i * r.T, (i + 1) * r.T), (b) => (b > 0 ? 'H' : b < 0 ? 'C' : '.')).join(''),
    }));
    if (format === 'csv') {
      const keys = Object.keys(rows[0] ?? { cell: 0 });
      return [keys.join(','), ...rows.map((o) => keys.map((key) => String((o as Record<string, unknown>)[key])).join(','))].join('\n');
    }
    if (format === 'geojson') return cellsGeoJson(agg.cells, (i) => { const { cell: _c, ...rest } = rows[i]; return rest; });
    const patterns = Object.fromEntries(r.legend.map((c) => [c.key, 0]));
    for (const o of rows) patterns[o.pattern]++;
    return JSON.stringify({ steps: r.labels, cells: rows, global: { cells: agg.cells.length, incidents: cube.counted, dropped: cube.dropped, patterns }, legend: r.legend, changeLegend: r.changeLegend, warnings: r.warnings, method: r.method });
  },
};
