/**
 * `kde`: quartic kernel density of the incidents (bandwidth by the spatial Silverman rule unless
 * --bandwidth is given) as a grid over the data's box, plus the density at each study-area H3
 * cell's centre, as JSON (or the cells as CSV / GeoJSON).
 */
import { kernelDensityAtCells, kernelDensityGrid } from '../../lib/analysis/hotspots/kernel-density';
import { MAX_RES, MIN_RES } from '../../lib/geo/h3bits';
import { filterOf, intOpt, loadIncidents, type Command } from '../common';
import { cellsGeoJson, choiceOpt, dataRecord, numOpt } from './hotspots';

export const command: Command = {
  usage: `kde --input FILE [--boundary GEOJSON] [--bandwidth METRES] [--cell-size METRES] [--res N (${MIN_RES}-${MAX_RES}, default 9)]
            [filters as aggregate] [--format json|csv|geojson]`,
  async run(a) {
    const res = intOpt(a, 'res', 9, MIN_RES, MAX_RES);
    const bandwidth = a.one('bandwidth') === undefined ? undefined : numOpt(a, 'bandwidth', 0, 1, 100_000);
    const cellSize = a.one('cell-size') === undefined ? undefined : numOpt(a, 'cell-size', 0, 1, 100_000);
    const format = choiceOpt(a, 'format', ['json', 'csv', 'geojson'] as const, 'json');
    const filter = filterOf(a);
    const { service, report } = await loadIncidents(a);
    const agg = service.aggregate(res, filter);
    const cols = service.incidentColumns(filter, res);
    const pts = { lat: cols.lat, lon: cols.lon };
    const atCells = kernelDensityAtCells(pts, agg.cells, { bandwidth });
    if (format === 'csv') return 'cell,count,density\n' + agg.cells.map((c, i) => `${c},${agg.counts[i]},${atCells.density[i]}`).join('\n');
    if (format === 'geojson') return cellsGeoJson(agg.cells, (i) => ({ count: agg.counts[i], density: atCells.density[i] }));
    const grid = kernelDensityGrid(pts, { bandwidth: atCells.bandwidth.metres, cellSize });
    return JSON.stringify({
      bandwidth: atCells.bandwidth,
      grid: { bbox: grid.bbox, cols: grid.cols, rows: grid.rows, cellSize: grid.cellSize, max: grid.max, unit: 'incidents per km²', order: 'row-major, row 0 at the north', density: Array.from(grid.density, (v) => Number(v.toPrecision(6))) },
      cells: agg.cells.map((c, i) => ({ cell: c, count: agg.counts[i], density: atCells.density[i] })),
      method: {
        statistic: 'kde', citation: 'Silverman (1986) Density Estimation, eq. 4.5 (quartic kernel); bandwidth rule of ArcGIS Pro Kernel Density',
        data: dataRecord(report, res, agg.cells.length, agg.total), filter,
        parameters: { bandwidth: atCells.bandwidth.metres, cellSize: grid.cellSize, kernel: 'quartic' }, seed: null, classesFrom: 'none', notes: [atCells.bandwidth.rule],
      },
    });
  },
};
