/**
 * `knox`: the Knox test for near repeats (see src/lib/analysis/repeats/knox.ts), printed as
 * {"n","permutations","seed","cells":[{"space":[from,to],"time":[from,to],"observed","expected",
 * "knoxRatio","knoxRatioMedian","p"}]} with `to` null for the open band (and a ratio null where it
 * is 0/0 or x/0).
 */
import type { Args } from '../args';
import { UsageError, filterOf, intOpt, loadIncidents, numList, type Command } from '../common';
import { spaceTimeEvents } from '../../lib/analysis/repeats/events';
import { knoxTest, type KnoxOptions, type KnoxResult } from '../../lib/analysis/repeats/knox';

/** Knox options from the command line (shared with `nearrepeat`). */
export function knoxOptionsOf(a: Args, defaults?: { space: number[]; time: number[] }): KnoxOptions {
  const spaceBands = numList(a.one('space-bands'), '--space-bands') ?? defaults?.space;
  const timeBands = numList(a.one('time-bands'), '--time-bands') ?? defaults?.time;
  if (!spaceBands || !timeBands) throw new UsageError('--space-bands and --time-bands are required (e.g. --space-bands 0,0.01,201,401,601 --time-bands 0,1,2,3).');
  const metric = a.one('metric') ?? 'manhattan';
  if (metric !== 'manhattan' && metric !== 'euclidean') throw new UsageError(`--metric must be manhattan or euclidean, got "${metric}".`);
  const same = a.one('same-place');
  const samePlace = same === undefined ? undefined : Number(same);
  if (samePlace !== undefined && !(samePlace > 0)) throw new UsageError('--same-place must be a tolerance in metres > 0.');
  return { spaceBands, timeBands, metric, samePlace, permutations: intOpt(a, 'permutations', 999, 0, 1_000_000), seed: intOpt(a, 'seed', 1, -2147483648, 4294967295) };
}

/** The Knox table in the CLI's JSON shape. */
export function knoxJson(r: KnoxResult): object {
  const band = (b: { from: number; to: number | null }) => [b.from, b.to];
  return {
    n: r.n, permutations: r.permutations, seed: r.seed,
    cells: r.cells.map((c) => ({ space: band(r.spaceBands[c.space]), time: band(r.timeBands[c.time]), observed: c.observed, expected: c.expected, knoxRatio: c.knoxRatio, knoxRatioMedian: c.knoxRatioMedian, p: c.p })),
  };
}

export const command: Command = {
  usage: `knox --input FILE [--x COLUMN --y COLUMN --crs EPSG:N | --lat COLUMN --lon COLUMN] [--time COLUMN]
            --space-bands 0,0.01,201,401,601 --time-bands 0,1,2,3 [--same-place METRES] [--metric manhattan|euclidean]
            [--permutations N (default 999)] [--seed S (default 1)] [--type NAME]... [--from DATE] [--to DATE] [--out FILE]`,
  async run(a) {
    const opts = knoxOptionsOf(a);
    const filter = filterOf(a);
    const { service } = await loadIncidents(a);
    const ev = spaceTimeEvents(service.incidentColumns(filter));
    if (ev.n < 2) throw new UsageError(`The Knox test needs at least 2 incidents with coordinates and a date, got ${ev.n}.`);
    try {
      return JSON.stringify(knoxJson(knoxTest(ev, opts)));
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
  },
};
