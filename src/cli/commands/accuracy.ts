/**
 * `accuracy`: forecast accuracy of hot-spot maps on a train/test split — by date within one file
 * (--train-to DATE: training up to and including DATE, test after it) or with a second file
 * (--test FILE, same boundary). Ranks cells by prior counts, kernel density, Gi* and the default
 * "best" method, and reports PAI, PEI, hit rate and RRI at --share and over 0.5–20 % of the area.
 * Also exports `forecastSplit`, which the tests use.
 */
import fs from 'node:fs';
import { CURVE_SHARES, accuracy } from '../../lib/analysis/hotspots/accuracy';
import { RANK_METHODS, rankCells, type RankMethod, type TrainingData } from '../../lib/analysis/hotspots/forecast';
import { ringNeighbours } from '../../lib/analysis/hotspots/weights';
import { createNodeService } from '../../lib/engine/node';
import type { Filter } from '../../lib/engine/protocol';
import type { IncidentService } from '../../lib/engine/service';
import { MAX_RES, MIN_RES } from '../../lib/geo/h3bits';
import { UsageError, filterOf, intOpt, loadIncidents, readFile, type Command } from '../common';
import { numOpt } from './hotspots';

/** Training incidents and test counts over one study area (the union of both sides' study areas). */
export interface Split {
  training: TrainingData;
  train: Float64Array;
  test: Float64Array;
  trainFilter: Filter;
  testFilter: Filter;
}

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The split: `test` null means a date split of `train` at `trainTo`. */
export function forecastSplit(train: IncidentService, test: IncidentService | null, res: number, filter: Filter, trainTo?: string): Split {
  if (!test && !trainTo) throw new UsageError('Give --train-to DATE or --test FILE.');
  if (trainTo && !/^\d{4}-\d{2}-\d{2}$/.test(trainTo)) throw new UsageError(`--train-to must be a date YYYY-MM-DD, got "${trainTo}".`);
  const trainFilter: Filter = trainTo ? { ...filter, to: filter.to && filter.to < trainTo ? filter.to : trainTo } : filter;
  const testFilter: Filter = test ? filter : { ...filter, from: filter.from && filter.from > trainTo! ? filter.from : nextDay(trainTo!) };
  const a = train.aggregate(res, trainFilter);
  const b = (test ?? train).aggregate(res, testFilter);
  const cells = [...new Set([...a.cells, ...b.cells])].sort();
  const pos = new Map(cells.map((c, i) => [c, i]));
  const trainCounts = new Float64Array(cells.length), testCounts = new Float64Array(cells.length);
  a.cells.forEach((c, i) => (trainCounts[pos.get(c)!] = a.counts[i]));
  b.cells.forEach((c, i) => (testCounts[pos.get(c)!] = b.counts[i]));
  const cols = train.incidentColumns(trainFilter, res);
  const training: TrainingData = { cells, cellIndex: Int32Array.from(cols.cell, (c) => pos.get(c) ?? -1), lat: cols.lat, lon: cols.lon, ms: cols.ms };
  return { training, train: trainCounts, test: testCounts, trainFilter, testFilter };
}

export const command: Command = {
  usage: `accuracy --input FILE (--train-to YYYY-MM-DD | --test FILE) [--boundary GEOJSON] [--res N (${MIN_RES}-${MAX_RES}, default 9)]
            [--methods prior,kde,gistar,best] [--share S (default 0.05)] [--k K (Gi*, default 1)] [--bandwidth METRES (KDE)] [filters as aggregate]`,
  async run(a) {
    const res = intOpt(a, 'res', 9, MIN_RES, MAX_RES);
    const share = numOpt(a, 'share', 0.05, 0.001, 1);
    const k = intOpt(a, 'k', 1, 1, 10);
    const bandwidth = a.one('bandwidth') === undefined ? undefined : numOpt(a, 'bandwidth', 0, 1, 100_000);
    const methods = (a.one('methods') ?? RANK_METHODS.join(',')).split(',').map((m) => m.trim()) as RankMethod[];
    for (const m of methods) if (!RANK_METHODS.includes(m)) throw new UsageError(`--methods: unknown method "${m}" (choose from ${RANK_METHODS.join(', ')}).`);
    const testFile = a.one('test');
    if (!testFile === !a.one('train-to')) throw new UsageError('Give exactly one of --train-to DATE or --test FILE.');
    const filter = filterOf(a);
    const { service, report } = await loadIncidents(a);
    let testService: IncidentService | null = null;
    if (testFile) {
      testService = await createNodeService();
      const det = await testService.stage(testFile.split('/').pop() ?? testFile, readFile(testFile, 'Test file'));
      const boundary = a.one('boundary') ? JSON.parse(fs.readFileSync(a.one('boundary')!, 'utf8')) : service.boundary();
      await testService.import(det.mapping, boundary, a.flag('clip'));
    }
    const split = forecastSplit(service, testService, res, filter, a.one('train-to'));
    const nb1 = ringNeighbours(split.training.cells, 1);
    const shares = [...new Set([...CURVE_SHARES, share])].sort((x, y) => x - y);
    const results = Object.fromEntries(methods.map((m) => {
      const rk = rankCells(split.training, m, { share, k, bandwidth, nb1 });
      const curve = accuracy(rk.score, split.test, split.train, shares);
      return [m, { description: rk.description, chosen: rk.chosen, candidates: rk.candidates, at: curve.find((p) => p.share === share), curve }];
    }));
    const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
    return JSON.stringify({
      split: { train: split.trainFilter, test: split.testFilter, source: report.source, testSource: testFile ?? report.source },
      cells: split.training.cells.length, trainIncidents: sum(split.train), testIncidents: sum(split.test), share,
      definitions: {
        pai: 'hit rate ÷ area share (Chainey, Tompson & Uhlig 2008)', pei: 'hits ÷ the most test incidents the same number of cells could hold',
        hitRate: 'test incidents in flagged cells ÷ all test incidents', rri: 'test hit rate ÷ training hit rate of the same cells (Levine 2008)',
        ties: 'cells tied at the cut-off count in expectation (their mean)',
      },
      results,
    });
  },
};
