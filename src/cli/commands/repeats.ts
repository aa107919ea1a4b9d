/**
 * `repeats`: repeat places (see src/lib/analysis/repeats/repeat-places.ts): repeat rate within a
 * window, time to the next incident at the same place, the ranked repeat places with their flags,
 * and the same figures per offence.
 */
import { UsageError, filterOf, intOpt, loadIncidents, type Command } from '../common';
import { repeatPlaces, repeatRatesByOffence } from '../../lib/analysis/repeats/repeat-places';

export const command: Command = {
  usage: `repeats --input FILE [--key COLUMN] [--window DAYS (default 365)] [--min-count N (default 2)]
            [--flag-count N (default 3)] [--flag-days T (default 28)] [--top K (default 100; 0 = all)]
            [--type NAME]... [--from DATE] [--to DATE] [--out FILE]`,
  async run(a) {
    const num = (name: string, def: number) => {
      const v = a.one(name);
      if (v === undefined) return def;
      const n = Number(v);
      if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number > 0, got "${v}".`);
      return n;
    };
    const opts = {
      windowDays: num('window', 365), minCount: intOpt(a, 'min-count', 2, 2, 1_000_000), flagCount: intOpt(a, 'flag-count', 3, 2, 1_000_000),
      flagDays: num('flag-days', 28), top: intOpt(a, 'top', 100, 0, 10_000_000),
    };
    const filter = filterOf(a);
    const { service, report } = await loadIncidents(a);
    const c = service.incidentColumns(filter);
    const hasKey = c.location.some((l) => l !== null && l !== '');
    const r = repeatPlaces(c, opts);
    return JSON.stringify({
      source: report.source, key: hasKey ? 'address text (normalised)' : 'exact coordinates',
      n: r.n, places: r.places, windowDays: r.windowDays, repeats: r.repeats, repeatRate: r.repeatRate,
      repeatPlaces: r.repeatPlaces, shareAtRepeatPlaces: r.shareAtRepeatPlaces,
      timeToNext: { median: r.timeToNext.median, p25: r.timeToNext.p25, p75: r.timeToNext.p75, within7Days: r.timeToNext.within7Days, histogram: r.timeToNext.histogram },
      flag: r.flag, flagged: r.flagged,
      byOffence: repeatRatesByOffence(c, opts),
      ranked: r.ranked.map(({ rows: _rows, ...p }) => p),
    });
  },
};
