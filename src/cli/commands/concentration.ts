/** `concentration`: Lorenz curve, share of cells holding 25 % and 50 % of incidents, Gini (plain and generalised). */
import { concentration } from '../../lib/analysis/hotspots/concentration';
import { MAX_RES, MIN_RES } from '../../lib/geo/h3bits';
import { filterOf, intOpt, loadIncidents, type Command } from '../common';
import { dataRecord } from './hotspots';

export const command: Command = {
  usage: `concentration --input FILE [--boundary GEOJSON] [--res N (${MIN_RES}-${MAX_RES}, default 9)] [--points N (Lorenz points, default 100)] [filters as aggregate]`,
  async run(a) {
    const res = intOpt(a, 'res', 9, MIN_RES, MAX_RES);
    const points = intOpt(a, 'points', 100, 1, 10_000);
    const filter = filterOf(a);
    const { service, report } = await loadIncidents(a);
    const agg = service.aggregate(res, filter);
    const c = concentration(agg.counts, points);
    return JSON.stringify({
      ...c,
      lorenz: Array.from(c.lorenz.cellShare, (x, i) => [x, c.lorenz.incidentShare[i]]),
      method: {
        statistic: 'concentration', citation: 'Weisburd (2015) Criminology 53:133–157; Bernasco & Steenbeek (2017) J. Quant. Criminol. 33:451–467',
        data: dataRecord(report, res, agg.cells.length, agg.total), filter, parameters: { res }, seed: null, classesFrom: 'none', notes: [],
      },
    });
  },
};
