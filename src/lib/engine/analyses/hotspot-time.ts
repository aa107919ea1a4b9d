/**
 * Hot spots over time and forecast accuracy, as engine requests: the emerging hot-spot analysis
 * (space-time cube of the study-area cells, space-time Gi*, Mann-Kendall, ArcGIS's 17 patterns),
 * and the concentration of incidents with PAI/PEI curves of each ranking method on a date split.
 */
import { accuracy, CURVE_SHARES, type AccuracyPoint } from '../../analysis/hotspots/accuracy';
import { concentration, type Concentration } from '../../analysis/hotspots/concentration';
import { emergingHotSpotsAsync, type EmergingResult } from '../../analysis/hotspots/emerging';
import { rankCells, RANK_METHODS, type RankMethod, type TrainingData } from '../../analysis/hotspots/forecast';
import { spaceTimeCube, type TimeStep } from '../../analysis/hotspots/space-time-cube';
import { kernelDensityGrid } from '../../analysis/hotspots/kernel-density';
import { ringNeighbours } from '../../analysis/hotspots/weights';
import type { Filter } from '../protocol';
import type { Ctx, IncidentService } from '../service';

export interface EmergingParams {
  res: number;
  filter: Filter;
  step: TimeStep;
  k: number;
  fdr: boolean;
}

/** The per-cell part of an emerging result (per-bin arrays stay in the worker). */
export type EmergingOutcome = Omit<EmergingResult, 'z' | 'p' | 'pAdjusted' | 'bins'> & { counted: number; dropped: number };

export async function runEmerging(s: IncidentService, p: EmergingParams, ctx: Ctx): Promise<EmergingOutcome> {
  ctx.progress('Building the space-time cube', 0.05);
  const study = s.aggregate(p.res, {});
  const cols = s.incidentColumns(p.filter, p.res);
  const cube = spaceTimeCube(study.cells, cols.cell, cols.ms, { step: p.step });
  await ctx.checkpoint();
  ctx.progress('Finding neighbours', 0.15);
  const nb = ringNeighbours(study.cells, p.k);
  const r = await emergingHotSpotsAsync(cube, nb, { fdr: p.fdr }, ctx);
  const { z: _z, p: _p, pAdjusted: _a, bins: _b, ...rest } = r;
  rest.method.filter = p.filter;
  return { ...rest, warnings: [...cube.warnings, ...rest.warnings], counted: cube.counted, dropped: cube.dropped };
}

export interface ForecastParams {
  res: number;
  filter: Filter;
  /** Last day of the training period (YYYY-MM-DD); the test period is everything after it. */
  trainTo: string;
  methods: RankMethod[];
}

export interface ForecastOutcome {
  concentration: Concentration;
  trainTotal: number;
  testTotal: number;
  curves: { method: RankMethod; description: string; chosen?: string; points: AccuracyPoint[] }[];
}

/** Training incidents and test counts per study-area cell either side of a split date. */
export interface DateSplit {
  /** Study-area cells with every incident's counts (both periods). */
  all: { cells: string[]; counts: ArrayLike<number> };
  training: TrainingData;
  trainCounts: Float64Array;
  test: Float64Array;
  trainTotal: number;
  testTotal: number;
}

/** Splits the filtered incidents at the end of `trainTo` (the forecast's split; the risk model's accuracy uses it too). */
export function splitByDate(s: IncidentService, res: number, filter: Filter, trainTo: string): DateSplit {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(trainTo)) throw new RangeError(`The split date must be YYYY-MM-DD, got "${trainTo}"`);
  const all = s.aggregate(res, filter);
  const cols = s.incidentColumns(filter, res);
  const pos = new Map(all.cells.map((c, i) => [c, i]));
  const split = Date.parse(`${trainTo}T00:00:00Z`) + 86_400_000;
  const train: number[] = [];
  const test = new Float64Array(all.cells.length);
  const trainCounts = new Float64Array(all.cells.length);
  for (let i = 0; i < cols.n; i++) {
    const c = pos.get(cols.cell[i]) ?? -1;
    if (cols.ms[i] < split) {
      train.push(i);
      if (c >= 0) trainCounts[c]++;
    } else if (c >= 0) test[c]++;
  }
  const testTotal = test.reduce((a, b) => a + b, 0);
  if (train.length === 0 || testTotal === 0) throw new Error(`Both periods need incidents: ${train.length} before and ${testTotal} after ${trainTo}. Choose another split date.`);
  const training: TrainingData = {
    cells: all.cells,
    cellIndex: Int32Array.from(train, (i) => pos.get(cols.cell[i]) ?? -1),
    lat: Float64Array.from(train, (i) => cols.lat[i]),
    lon: Float64Array.from(train, (i) => cols.lon[i]),
    ms: Float64Array.from(train, (i) => cols.ms[i]),
  };
  return { all, training, trainCounts, test, trainTotal: train.length, testTotal };
}

export async function runForecast(s: IncidentService, p: ForecastParams, ctx: Ctx): Promise<ForecastOutcome> {
  for (const m of p.methods) if (!RANK_METHODS.includes(m)) throw new RangeError(`Unknown ranking method "${m}"`);
  ctx.progress('Counting', 0.05);
  const { all, training: d, trainCounts, test, trainTotal, testTotal } = splitByDate(s, p.res, p.filter, p.trainTo);
  const curves: ForecastOutcome['curves'] = [];
  for (const [j, m] of p.methods.entries()) {
    ctx.progress(`Ranking cells: ${m}`, 0.1 + (0.85 * j) / p.methods.length);
    await ctx.checkpoint();
    const r = rankCells(d, m);
    curves.push({ method: m, description: r.description, chosen: r.chosen, points: accuracy(r.score, test, trainCounts, CURVE_SHARES) });
  }
  return { concentration: concentration(all.counts), trainTotal, testTotal, curves };
}

export interface KdeParams {
  filter: Filter;
  /** Bandwidth in metres, or null for the rule of thumb. */
  bandwidth: number | null;
}

/** The density grid (row 0 = north) as float32, with the bandwidth rule used. */
export interface KdeOutcome {
  bbox: [number, number, number, number];
  cols: number;
  rows: number;
  cellSize: number;
  bandwidth: { metres: number; rule: string };
  density: Float32Array;
  max: number;
  n: number;
}

export async function runKde(s: IncidentService, p: KdeParams, ctx: Ctx): Promise<KdeOutcome> {
  if (p.bandwidth !== null && !(p.bandwidth > 0 && p.bandwidth <= 20_000)) throw new RangeError(`The bandwidth must be 1–20,000 m, got ${p.bandwidth}`);
  ctx.progress('Kernel density', 0.1);
  const cols = s.incidentColumns(p.filter);
  if (cols.n === 0) throw new Error('No incidents under the current filters.');
  const g = kernelDensityGrid({ lat: cols.lat, lon: cols.lon }, p.bandwidth === null ? {} : { bandwidth: p.bandwidth });
  return { bbox: g.bbox, cols: g.cols, rows: g.rows, cellSize: g.cellSize, bandwidth: g.bandwidth, density: Float32Array.from(g.density), max: g.max, n: cols.n };
}
