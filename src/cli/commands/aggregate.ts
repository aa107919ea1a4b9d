/** `aggregate`: incident counts per study-area H3 cell (zeros included) as JSON, CSV or GeoJSON. */
import { cellToBoundary } from 'h3-js';
import { MAX_RES, MIN_RES } from '../../lib/geo/h3bits';
import { UsageError, filterOf, intOpt, loadIncidents, type Command } from '../common';
import { engineOf, loadNative } from '../native';

export const command: Command = {
  usage: `aggregate --input FILE [--boundary GEOJSON] [--preset NAME] [--clip] [--res N (${MIN_RES}-${MAX_RES}, default 9)]
            [--type NAME]... [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--hours H,H,...] [--weekdays D,D,...]
            [--format json|csv|geojson] [--out FILE] [--engine wasm|native [--threads N] [--memory 4GB]]`,
  async run(a) {
    const res = intOpt(a, 'res', 9, MIN_RES, MAX_RES);
    const format = a.one('format') ?? 'json';
    if (!['json', 'csv', 'geojson'].includes(format)) throw new UsageError(`--format must be json, csv or geojson, got "${format}".`);
    const filter = filterOf(a);
    let report, agg;
    if (engineOf(a) === 'native') {
      const n = await loadNative(a);
      try {
        report = n.report;
        agg = await n.incidents.aggregate(res, filter);
      } finally {
        n.close();
      }
    } else {
      const loaded = await loadIncidents(a);
      report = loaded.report;
      agg = loaded.service.aggregate(res, filter);
    }
    if (format === 'csv') return 'cell,count\n' + agg.cells.map((c, i) => `${c},${agg.counts[i]}`).join('\n');
    if (format === 'geojson')
      return JSON.stringify({
        type: 'FeatureCollection',
        features: agg.cells.map((c, i) => {
          const ring = cellToBoundary(c, true);
          return { type: 'Feature', properties: { cell: c, count: agg.counts[i] }, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } };
        }),
      });
    const rejected = Object.fromEntries(Object.entries(report.rejected).filter(([, n]) => n > 0));
    return JSON.stringify({ rows: { read: report.read, kept: report.kept, rejected }, res, filter, total: agg.total, cells: agg.cells.map((c, i) => ({ cell: c, count: agg.counts[i] })) });
  },
};
