/**
 * `risk`: risk terrain modelling (issue #5). Counts per study-area H3 cell regressed on
 * environmental layers' terms; prints the factor table and fit statistics as JSON, and with
 * `--cells-out FILE` writes each cell's terms and modelled risk as CSV. `--control TYPE` enters a
 * layer as a control (always in the model). With `--train-to DATE` or `--test FILE` it also
 * measures the model as a forecast next to the hot-spot methods, on the `accuracy` command's split
 * and with its evaluation: the model is refitted on the training period only, cells are ranked by
 * modelled incidents, and PAI, PEI, hit rate and RRI are reported at `--share` (default 5 %).
 */
import fs from 'node:fs';
import { MAX_RES, MIN_RES } from '../../lib/geo/h3bits';
import { readParquetTable } from '../../lib/engine/parquet';
import { loadLayer } from '../../lib/environment/load';
import type { EnvironmentLayer } from '../../lib/environment/layer';
import { riskTerrain } from '../../lib/analysis/risk/risk-terrain';
import { compareWithHotSpots } from '../../lib/analysis/risk/surface';
import { TERM_KINDS, type TermKind } from '../../lib/analysis/risk/terms';
import { riskForecast } from '../../lib/analysis/risk/forecast';
import { CURVE_SHARES, accuracy } from '../../lib/analysis/hotspots/accuracy';
import { RANK_METHODS, rankCells, type RankMethod } from '../../lib/analysis/hotspots/forecast';
import { ringNeighbours } from '../../lib/analysis/hotspots/weights';
import { createNodeService } from '../../lib/engine/node';
import type { IncidentService } from '../../lib/engine/service';
import { UsageError, filterOf, intOpt, loadIncidents, readFile, readGeoJson, type Command } from '../common';
import type { Args } from '../args';
import { forecastSplit } from './accuracy';

const choice = <T extends string>(a: Args, name: string, allowed: readonly T[], def: T): T => {
  const v = a.one(name) ?? def;
  if (!allowed.includes(v as T)) throw new UsageError(`--${name} must be ${allowed.join(', ')}; got "${v}".`);
  return v as T;
};

const num = (a: Args, name: string, lo: number, hi: number): number | undefined => {
  const v = a.one(name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x < lo || x > hi) throw new UsageError(`--${name} must be a number ${lo}–${hi}, got "${v}".`);
  return x;
};

export const command: Command = {
  usage: `risk --input FILE [--boundary GEOJSON] [--res N (${MIN_RES}-${MAX_RES}, default 9)] --env TYPE=FILE ... [--where TYPE:COLUMN=VALUE]...
            [--k K (default 1)] [--term count|distance|density] [--bandwidth METRES] [--trend 0|1|2] [--model poisson|negbin]
            [--penalty none|lasso|elastic-net] [--alpha A] [--folds K] [--rule 1se|min] [--seed S]
            [--control TYPE]... [--type NAME]... [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--hours H,...] [--weekdays D,...] [--cells-out FILE] [--out FILE]
            [--train-to YYYY-MM-DD | --test FILE] [--share S (default 0.05)] [--methods prior,kde,gistar,best]`,
  async run(a) {
    const res = intOpt(a, 'res', 9, MIN_RES, MAX_RES);
    const k = intOpt(a, 'k', 1, 0, 10);
    const trend = intOpt(a, 'trend', 0, 0, 2) as 0 | 1 | 2;
    const model = choice(a, 'model', ['poisson', 'negbin'] as const, 'poisson');
    const penalty = choice(a, 'penalty', ['none', 'lasso', 'elastic-net'] as const, 'none');
    const rule = choice(a, 'rule', ['1se', 'min'] as const, '1se');
    const term = choice<TermKind>(a, 'term', TERM_KINDS, 'count');
    const seed = intOpt(a, 'seed', 1, 0, 2 ** 31 - 1);
    const folds = intOpt(a, 'folds', 10, 3, 100);
    const alpha = num(a, 'alpha', 0.01, 1);
    const bandwidthM = num(a, 'bandwidth', 1, 1e5);
    const envs = a.all('env').map((s) => {
      const m = /^([^=]+)=(.+)$/.exec(s);
      if (!m) throw new UsageError(`--env must be TYPE=FILE, got "${s}".`);
      return { type: m[1].trim(), file: m[2] };
    });
    if (envs.length === 0) throw new UsageError('Give at least one environmental layer: --env TYPE=FILE.');
    const where = new Map<string, { column: string; equals: string }>();
    for (const s of a.all('where')) {
      const m = /^([^:]+):([^=]+)=(.*)$/.exec(s);
      if (!m) throw new UsageError(`--where must be TYPE:COLUMN=VALUE, got "${s}".`);
      where.set(m[1], { column: m[2], equals: m[3] });
    }
    for (const t of where.keys()) if (!envs.some((e) => e.type === t)) throw new UsageError(`--where names "${t}", which no --env gives.`);
    const controls = a.all('control');
    for (const t of controls) if (!envs.some((e) => e.type === t)) throw new UsageError(`--control names "${t}", which no --env gives.`);
    const testFile = a.one('test'), trainTo = a.one('train-to');
    if (testFile && trainTo) throw new UsageError('Give at most one of --train-to DATE or --test FILE.');
    const share = num(a, 'share', 0.001, 1) ?? 0.05;
    const methods = (a.one('methods') ?? RANK_METHODS.join(',')).split(',').map((m) => m.trim()) as RankMethod[];
    for (const m of methods) if (!RANK_METHODS.includes(m)) throw new UsageError(`--methods: unknown method "${m}" (choose from ${RANK_METHODS.join(', ')}).`);
    const files = envs.map((e) => readFile(e.file, 'Environmental layer'));
    const { service } = await loadIncidents(a);
    const layers: EnvironmentLayer[] = [];
    for (const [i, e] of envs.entries()) {
      const bytes = files[i];
      try {
        layers.push(await loadLayer(e.file.split('/').pop() ?? e.file, bytes, { type: e.type, where: where.get(e.type) }, { engine: service.engine, readParquet: readParquetTable }));
      } catch (err) {
        throw new UsageError(`--env ${e.type}: ${(err as Error).message}`);
      }
    }
    const agg = service.aggregate(res, filterOf(a));
    const options = { k, bandwidthM, design: { kind: term, trend, controls }, model, penalty, alpha, folds, seed, rule };
    let rt;
    try {
      rt = riskTerrain(agg.cells, agg.counts, layers, options);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    let accuracyOut: Record<string, unknown> | undefined;
    if (testFile || trainTo) {
      let testService: IncidentService | null = null;
      if (testFile) {
        testService = await createNodeService();
        const det = await testService.stage(testFile.split('/').pop() ?? testFile, readFile(testFile, 'Test file'));
        await testService.import(det.mapping, a.one('boundary') ? readGeoJson(a.one('boundary')) : service.boundary(), a.flag('clip'));
      }
      const split = forecastSplit(service, testService, res, filterOf(a), trainTo);
      const shares = [...new Set([...CURVE_SHARES, share])].sort((x, y) => x - y);
      const rf = riskForecast(split.training.cells, split.train, split.test, layers, options, shares);
      const nb1 = ringNeighbours(split.training.cells, 1);
      const results: Record<string, unknown> = {
        risk: { description: 'Risk terrain model refitted on the training period; cells ranked by modelled incidents', selected: rf.selected, at: rf.points.find((p) => p.share === share), curve: rf.points },
      };
      for (const m of methods) {
        const r = rankCells(split.training, m, { share, nb1 });
        const curve = accuracy(r.score, split.test, split.train, shares);
        results[m] = { description: r.description, chosen: r.chosen, at: curve.find((p) => p.share === share), curve };
      }
      const sum = (x: Float64Array) => x.reduce((t, v) => t + v, 0);
      accuracyOut = { split: { train: split.trainFilter, test: split.testFilter, testSource: testFile ?? 'same file' }, cells: split.training.cells.length, trainIncidents: sum(split.train), testIncidents: sum(split.test), share, results };
    }
    const cmp = compareWithHotSpots(rt.surface, rt.counts);
    const cellsOut = a.one('cells-out');
    if (cellsOut) {
      const cols = rt.terms.layers.flatMap((l) => TERM_KINDS.filter((kind) => l[kind]).map((kind) => ({ name: `${l.type}_${kind}`, v: l[kind]! })));
      const lines = [['cell', 'count', ...cols.map((c) => c.name), 'expected', 'relative_risk', 'risk_index', 'percentile', 'class'].join(',')];
      const s = rt.surface;
      for (let i = 0; i < agg.cells.length; i++)
        lines.push([agg.cells[i], agg.counts[i], ...cols.map((c) => c.v[i]), s.expected[i], s.relativeRisk[i], s.riskIndex[i], s.percentile[i], ['other', 'risky-hot', 'protect-early', 'hot-not-risky'][cmp.classes[i]]].join(','));
      fs.writeFileSync(cellsOut, lines.join('\n') + '\n');
    }
    const cv = rt.model.cv;
    return JSON.stringify({
      factors: rt.model.factors,
      fit: rt.model.fit,
      res, k, term, trend, bandwidthM: rt.terms.bandwidthM,
      layers: layers.map((l) => ({ type: l.type, source: l.source, features: l.n, skipped: l.skipped })),
      cv: cv && { folds: cv.folds, seed: cv.seed, lambdaMin: cv.lambdaMin, lambda1se: cv.lambda1se, lambdas: cv.lambdas.length },
      comparison: { riskShare: 0.1, counts: cmp.counts, hotCellsHighRisk: cmp.hotCellsHighRisk, incidentsInHighRisk: cmp.incidentsInHighRisk },
      ...(accuracyOut ? { accuracy: accuracyOut } : {}),
    });
  },
};
