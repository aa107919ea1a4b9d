/**
 * `nearrepeat`: near-repeat risk zones and their evaluation (see
 * src/lib/analysis/repeats/risk-zones.ts). The distance and window come from a Knox test on the
 * incidents before `--split` (default: the middle of the period), or from `--distance` and
 * `--days`. The zones are evaluated day by day from the split to the end (share of incidents in
 * zones vs share of the study area covered: the boundary given, else the incidents' convex hull),
 * and drawn for the incidents up to `--as-of` (default the last day).
 */
import { UsageError, filterOf, intOpt, loadIncidents, readGeoJson, type Command } from '../common';
import { knoxJson, knoxOptionsOf } from './knox';
import { riskZoneCandidates } from '../../lib/analysis/repeats/candidates';
import { dayOfIso, isoDay } from '../../lib/analysis/repeats/days';
import { spaceTimeEvents, subsetEvents } from '../../lib/analysis/repeats/events';
import { knoxTest } from '../../lib/analysis/repeats/knox';
import { evaluateRiskZones, riskZones, significantExtent, type RiskZoneParams } from '../../lib/analysis/repeats/risk-zones';
import { riskZonesGeoJson } from '../../lib/analysis/repeats/zone-geojson';
import { polygonsOf } from '../../lib/geo/point-in-polygon';

export const command: Command = {
  usage: `nearrepeat --input FILE [--x COLUMN --y COLUMN --crs EPSG:N | --lat COLUMN --lon COLUMN] [--time COLUMN] [--type NAME]...
            [--distance METRES --days DAYS [--metric manhattan|euclidean]]
            [--space-bands 0,1,101,201,301,401] [--time-bands 0,8,15,22,29] [--permutations N] [--seed S] [--split YYYY-MM-DD]
            [--as-of YYYY-MM-DD] [--lookback DAYS] [--boundary GEOJSON] [--format json|geojson] [--out FILE]`,
  async run(a) {
    const format = a.one('format') ?? 'json';
    if (format !== 'json' && format !== 'geojson') throw new UsageError(`--format must be json or geojson, got "${format}".`);
    const knoxOpts = knoxOptionsOf(a, { space: [0, 1, 101, 201, 301, 401], time: [0, 8, 15, 22, 29] });
    const filter = filterOf(a);
    const { service } = await loadIncidents(a);
    const cols = service.incidentColumns(filter);
    const ev = spaceTimeEvents(cols);
    if (ev.n < 2) throw new UsageError(`Near-repeat zones need incidents with coordinates and a date, got ${ev.n}.`);
    let lo = Infinity, hi = -Infinity;
    for (const d of ev.day) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
    try {
      const split = a.one('split') ? dayOfIso(a.one('split')!) : Math.floor((lo + hi) / 2) + 1;
      let params: RiskZoneParams | null;
      let knox: object | null = null;
      if (a.one('distance') || a.one('days')) {
        params = { distance: Number(a.one('distance')), days: Number(a.one('days')), metric: knoxOpts.metric ?? 'manhattan', basis: 'set by the user' };
      } else {
        const train = subsetEvents(ev, (k) => ev.day[k] < split);
        const k = knoxTest(train, knoxOpts);
        knox = { from: isoDay(lo), to: isoDay(split - 1), ...knoxJson(k) };
        params = significantExtent(k);
      }
      if (!params) return JSON.stringify({ knox, params: null, plane: ev.plane, message: 'No significant near-repeat extent in the Knox table (no first-week cell with p < 0.05 and a Knox ratio ≥ 1.2): no zones.' });
      const boundary = readGeoJson(a.one('boundary'));
      const study = boundary ? polygonsOf(boundary) : null;
      const evaluation = split <= hi ? evaluateRiskZones(ev, params, { from: isoDay(split), study }) : null;
      const zones = riskZones(ev, params, { asOf: a.one('as-of'), lookbackDays: a.one('lookback') ? intOpt(a, 'lookback', 0, 1, 100_000) : undefined });
      if (format === 'geojson') return JSON.stringify(riskZonesGeoJson(zones, ev.toLonLat));
      return JSON.stringify({
        knox, params, plane: ev.plane, evaluation,
        zones: { asOf: zones.asOf, lookbackDays: zones.lookbackDays, areaKm2: zones.areaKm2, list: zones.zones.map(({ rows: _rows, ...z }) => z) },
        candidates: riskZoneCandidates(zones, cols.offence).map(({ rows: _rows, ...c }) => c),
      });
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
  },
};
