/**
 * `npx tsx bench/run.ts risk`: risk terrain modelling timings (issue #5) in Node on Chicago
 * burglary 2017 with the seven environmental layers of ../shared/data/chicago/environment —
 * the res-9 study area (5,351 cells, the parity case) and the res-10 one (about 37,000 cells).
 * Steps: layer import (7 CSVs through DuckDB, 135,000 points); terms (count, distance and
 * density for every layer); Poisson fit (IRLS); NB2 fit (θ by ML); Poisson lasso with 10-fold
 * cross-validation (full path + 10 fold paths); a what-if scenario (remove every liquor outlet:
 * that layer's terms recomputed and every cell predicted again, with the delta-method interval).
 * Medians over BENCH_RUNS runs (default 3).
 * The analysis runs in one thread; nothing here is a test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createNodeService } from '../src/lib/engine/node';
import { readParquetTable } from '../src/lib/engine/parquet';
import { loadLayer } from '../src/lib/environment/load';
import type { EnvironmentLayer } from '../src/lib/environment/layer';
import { computeTerms } from '../src/lib/analysis/risk/terms';
import { buildDesign } from '../src/lib/analysis/risk/design';
import { fitRiskModel } from '../src/lib/analysis/risk/model';
import { riskTerrain } from '../src/lib/analysis/risk/risk-terrain';
import { whatIf } from '../src/lib/analysis/risk/what-if';

const SHARED = path.resolve(import.meta.dirname, '../../shared');
const TYPES = ['street_lights_out', 'abandoned_buildings', 'abandoned_cars', 'graffiti', 'sanitation', 'liquor_retail', 'cta_bus_stops'];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (xs: number[]) => `${median(xs).toFixed(0).padStart(7)} ms  (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
const time = <T>(f: () => T): [T, number] => { const t = performance.now(); const r = f(); return [r, performance.now() - t]; };

/** The risk section of `npm run bench` (Node only; `which` = 'browser' skips it). */
export async function run(which = 'all'): Promise<void> {
  if (which === 'browser') return;
  const csv = path.join(SHARED, 'data/chicago/burglary_2017.csv');
  if (!fs.existsSync(csv)) throw new Error(`Benchmark data not found: ${csv}`);
  const s = await createNodeService();
  const det = await s.stage('burglary_2017.csv', fs.readFileSync(csv));
  await s.import(det.mapping, JSON.parse(fs.readFileSync(path.join(SHARED, 'data/chicago/boundaries/city_boundary.geojson'), 'utf8')), false);
  const load: number[] = [];
  let layers: EnvironmentLayer[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    layers = [];
    for (const type of TYPES) layers.push(await loadLayer(`${type}.csv`, fs.readFileSync(path.join(SHARED, `data/chicago/environment/${type}.csv`)), { type }, { engine: s.engine, readParquet: readParquetTable }));
    load.push(performance.now() - t);
  }
  console.log(`Risk terrain — Chicago burglary 2017, 7 layers (${layers.reduce((a, l) => a + l.n, 0).toLocaleString('en')} points), ${RUNS} runs, median`);
  console.log(`  layer import (7 CSV, DuckDB)     ${fmt(load)}`);
  for (const res of [9, 10]) {
    const agg = s.aggregate(res, {});
    const t = { terms: [] as number[], count: [] as number[], poisson: [] as number[], negbin: [] as number[], lasso: [] as number[], whatIf: [] as number[] };
    const rt = riskTerrain(agg.cells, agg.counts, layers, { k: 1 });
    for (let r = 0; r < RUNS; r++) {
      const [terms, a] = time(() => computeTerms(agg.cells, layers, { k: 1 }));
      t.terms.push(a);
      t.count.push(time(() => computeTerms(agg.cells, layers, { k: 1, kinds: ['count'] }))[1]);
      const design = buildDesign(terms);
      t.poisson.push(time(() => fitRiskModel(agg.counts, design, {}))[1]);
      t.negbin.push(time(() => fitRiskModel(agg.counts, design, { model: 'negbin' }))[1]);
      t.lasso.push(time(() => fitRiskModel(agg.counts, design, { penalty: 'lasso', seed: 1 }))[1]);
      t.whatIf.push(time(() => whatIf(rt, [{ kind: 'remove', type: 'liquor_retail', all: true }]))[1]);
    }
    console.log(`\n  res ${res}: ${agg.cells.length.toLocaleString('en')} cells, k = 1`);
    console.log(`  terms (count + distance + density) ${fmt(t.terms)}`);
    console.log(`  terms (count only)               ${fmt(t.count)}`);
    console.log(`  Poisson fit (IRLS)               ${fmt(t.poisson)}`);
    console.log(`  NB2 fit (IRLS + θ by ML)         ${fmt(t.negbin)}`);
    console.log(`  Poisson lasso, 10-fold CV        ${fmt(t.lasso)}`);
    console.log(`  what-if (remove a whole layer)   ${fmt(t.whatIf)}`);
  }
}
