/**
 * Issue #5 parity on real data: the seven k = 1 environmental terms computed from
 * ../shared/data/chicago/environment/*.csv (parsed by DuckDB) over the res-9 study area equal the
 * term columns of ../shared/reference/risk/chi_burg2017_r9_env_k1.csv exactly, on the reference
 * cells and on the engine's own cells from burglary_2017.csv + the city boundary; the Poisson fit on
 * them matches R's glm (estimates and SEs to 1e-6 relative, deviance and AIC to 1e-9); the CLI
 * `risk` command gives the same and refuses bad options; CSV (WKT) and Parquet (WKB, lon/lat) layers load;
 * `risk --test FILE` reports the model's PAI/PEI next to the hot-spot methods with the `accuracy`
 * command's own figures for those.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Table, makeVector, tableToIPC, vectorFromArray, Binary } from 'apache-arrow';
import { createNodeService } from '../../src/lib/engine/node';
import { readParquetTable, writeParquet } from '../../src/lib/engine/parquet';
import type { IncidentService } from '../../src/lib/engine/service';
import { loadLayer } from '../../src/lib/environment/load';
import type { EnvironmentLayer } from '../../src/lib/environment/layer';
import { computeTerms } from '../../src/lib/analysis/risk/terms';
import { buildDesign } from '../../src/lib/analysis/risk/design';
import { fitRiskModel, type RiskModel } from '../../src/lib/analysis/risk/model';
import { command } from '../../src/cli/commands/risk';
import { command as accuracyCommand } from '../../src/cli/commands/accuracy';
import { parseArgs } from '../../src/cli/args';
import { ROOT, shared } from '../helpers/paths';

const TYPES = ['street_lights_out', 'abandoned_buildings', 'abandoned_cars', 'graffiti', 'sanitation', 'liquor_retail', 'cta_bus_stops'];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

const refRows = fs.readFileSync(shared('reference/risk/chi_burg2017_r9_env_k1.csv'), 'utf8').trim().split('\n');
const refHead = refRows[0].split(',');
const ref = new Map(refRows.slice(1).map((l) => { const f = l.split(','); return [f[0], f.slice(1).map(Number)] as const; }));
const refEst = fs.readFileSync(shared('reference/risk/chi_burg2017_r9_env_k1_poisson.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(1, 3).map(Number));
const refFit = JSON.parse(fs.readFileSync(shared('reference/risk/chi_burg2017_r9_env_k1_poisson_fit.json'), 'utf8'));

function table(m: RiskModel): string {
  return m.factors.map((f) => `  ${f.term.padEnd(20)} ${f.coefficient.toFixed(6).padStart(10)} ${(f.standardError?.toFixed(6) ?? '—').padStart(9)}  RR ${f.relativeRisk.toFixed(4)} [${f.relativeRiskInterval?.map((v) => v.toFixed(4)).join(', ') ?? '—'}] ${f.selected ? 'selected' : 'not selected'}${f.penalisedCoefficient !== null ? ` (penalised ${f.penalisedCoefficient.toFixed(6)})` : ''}`).join('\n');
}

function checkParity(m: RiskModel) {
  expect(m.factors.map((f) => f.term)).toEqual(['intercept', ...TYPES]);
  m.factors.forEach((f, j) => {
    expect(rel(f.coefficient, refEst[j][0])).toBeLessThan(1e-6);
    expect(rel(f.standardError!, refEst[j][1])).toBeLessThan(1e-6);
  });
  expect(rel(m.fit.deviance, refFit.deviance)).toBeLessThan(1e-9);
  expect(rel(m.fit.aic, refFit.aic)).toBeLessThan(1e-9);
  expect(m.fit.dfResidual).toBe(refFit.df_residual);
}

describe('Chicago burglary 2017 risk terrain (issue #5)', () => {
  let s: IncidentService;
  let layers: EnvironmentLayer[];
  beforeAll(async () => {
    s = await createNodeService();
    const det = await s.stage('burglary_2017.csv', fs.readFileSync(shared('data/chicago/burglary_2017.csv')));
    await s.import(det.mapping, JSON.parse(fs.readFileSync(shared('data/chicago/boundaries/city_boundary.geojson'), 'utf8')), false);
    layers = [];
    for (const t of TYPES) layers.push(await loadLayer(`${t}.csv`, fs.readFileSync(shared(`data/chicago/environment/${t}.csv`)), { type: t }, { engine: s.engine, readParquet: readParquetTable }));
  });

  it('computes the seven k = 1 terms exactly as the reference, on the engine’s own study area', () => {
    expect(refHead.slice(2)).toEqual(TYPES);
    const agg = s.aggregate(9, {});
    expect(agg.cells.length).toBe(5351);
    const terms = computeTerms(agg.cells, layers, { k: 1, kinds: ['count'] });
    let compared = 0;
    agg.cells.forEach((c, i) => {
      const r = ref.get(c)!;
      expect(agg.counts[i]).toBe(r[0]);
      TYPES.forEach((_, j) => { expect(terms.layers[j].count![i], `${c} ${TYPES[j]}`).toBe(r[j + 1]); compared++; });
    });
    expect(compared).toBe(5351 * 7);
    const m = fitRiskModel(agg.counts, buildDesign(terms), {});
    checkParity(m);
    console.log(`Chicago burglary 2017, res 9, k 1 — Poisson, unpenalised:\n${table(m)}\n  deviance ${m.fit.deviance.toFixed(4)}, AIC ${m.fit.aic.toFixed(4)}`);
    const lasso = fitRiskModel(agg.counts, buildDesign(terms), { penalty: 'lasso', seed: 1 });
    console.log(`Chicago — Poisson lasso (10-fold CV, seed 1, 1-SE rule, λ = ${lasso.fit.lambda!.toPrecision(4)}):\n${table(lasso)}`);
    expect(lasso.fit.selected).toBe(7);
    checkParity(lasso); // every factor kept: the refit is the unpenalised model
    const nb = fitRiskModel(agg.counts, buildDesign(terms), { model: 'negbin' });
    console.log(`Chicago — NB2, unpenalised (θ = ${nb.fit.theta!.toFixed(4)} ± ${nb.fit.thetaSE!.toFixed(4)}):\n${table(nb)}\n  deviance ${nb.fit.deviance.toFixed(4)}, AIC ${nb.fit.aic.toFixed(4)}`);
    expect(nb.fit.aic).toBeLessThan(m.fit.aic);
  });

  it('gives the same through the CLI command, with per-cell output', async () => {
    // In process (the command's own code; the spawned CLI's exit status is checked below).
    const cellsOut = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'risk-')), 'cells.csv');
    const out = await command.run(parseArgs(['--input', shared('data/chicago/burglary_2017.csv'), '--boundary', shared('data/chicago/boundaries/city_boundary.geojson'), '--res', '9', '--k', '1',
      ...TYPES.flatMap((t) => ['--env', `${t}=${shared(`data/chicago/environment/${t}.csv`)}`]), '--cells-out', cellsOut]));
    const j = JSON.parse(out);
    checkParity(j as RiskModel);
    expect(j.factors[1]).toMatchObject({ term: 'street_lights_out', selected: true });
    expect(Object.keys(j.factors[1])).toEqual(expect.arrayContaining(['term', 'coefficient', 'standardError', 'relativeRisk', 'relativeRiskInterval', 'selected']));
    expect(j.layers.map((l: { features: number }) => l.features)).toEqual([14587, 3653, 31390, 54177, 19733, 905, 10822]);
    const lines = fs.readFileSync(cellsOut, 'utf8').trim().split('\n');
    expect(lines.length).toBe(5352);
    expect(lines[0]).toBe(`cell,count,${TYPES.map((t) => `${t}_count`).join(',')},expected,relative_risk,risk_index,percentile,class`);
    const f = lines[1].split(',');
    expect(f.slice(1, 9).map(Number)).toEqual(ref.get(f[0]));
  });

  it('measures the model as a forecast 2017 → 2018 next to the hot-spot methods, with the accuracy command’s split and scores', async () => {
    const common = ['--input', shared('data/chicago/burglary_2017.csv'), '--boundary', shared('data/chicago/boundaries/city_boundary.geojson'), '--res', '9', '--test', shared('data/chicago/burglary_2018.csv')];
    const j = JSON.parse(await command.run(parseArgs([...common, '--k', '1', '--penalty', 'lasso', ...TYPES.flatMap((t) => ['--env', `${t}=${shared(`data/chicago/environment/${t}.csv`)}`])])));
    const hs = JSON.parse(await accuracyCommand.run(parseArgs([...common, '--methods', 'prior,kde,gistar,best'])));
    const acc = j.accuracy;
    expect([acc.cells, acc.trainIncidents, acc.testIncidents]).toEqual([hs.cells, hs.trainIncidents, hs.testIncidents]);
    for (const m of ['prior', 'kde', 'gistar', 'best']) expect(acc.results[m].at).toEqual(hs.results[m].at);
    const rows = Object.entries(acc.results as Record<string, { at: { pai: number; pei: number; hitRate: number } }>);
    console.log(`Chicago burglary, trained on 2017, tested on 2018, res 9, 5 % of the area flagged:\n${rows.map(([m, r]) => `  ${m.padEnd(7)} PAI ${r.at.pai.toFixed(2)}  PEI ${r.at.pei.toFixed(3)}  hit rate ${(100 * r.at.hitRate).toFixed(1)} %`).join('\n')}`);
    expect(acc.results.risk.selected).toEqual(TYPES);
    // The environment alone ranks far better than chance, and below last year's counts.
    expect(acc.results.risk.at.pai).toBeGreaterThan(2);
    expect(acc.results.risk.at.pai).toBeLessThan(acc.results.prior.at.pai);
    await expect(command.run(parseArgs([...common, '--env', 'bar=x.csv', '--train-to', '2017-06-30']))).rejects.toThrow('at most one of --train-to');
  }, 180_000);

  it('refuses bad options with a clear message, before reading the incidents', async () => {
    const risk = (args: string[]) => command.run(parseArgs(['--input', shared('data/chicago/burglary_2017.csv'), ...args]));
    await expect(risk([])).rejects.toThrow('--env TYPE=FILE');
    await expect(risk(['--env', 'nofile'])).rejects.toThrow('--env must be TYPE=FILE');
    await expect(risk(['--env', 'bar=x.csv', '--model', 'ols'])).rejects.toThrow('--model must be poisson, negbin');
    await expect(risk(['--env', 'bar=x.csv', '--where', 'pub:open=yes'])).rejects.toThrow('no --env gives');
    // Through the real CLI: exit status 1 and one line on stderr.
    const missing = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', 'risk', '--input', shared('data/chicago/burglary_2017.csv'), '--env', 'bar=missing.csv'], { cwd: ROOT, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Environmental layer "missing.csv" does not exist.');
  });

  it('loads CSV layers with WKT geometry and Parquet layers with WKB or coordinates', async () => {
    const deps = { engine: s.engine, readParquet: readParquetTable };
    const csv = 'ID,the_geom,status\n1,"LINESTRING (-87.6 41.8, -87.61 41.81)",open\n2,"POINT (-87.62 41.82)",closed\n3,,open\n';
    const l = await loadLayer('streets.csv', new TextEncoder().encode(csv), { type: 'street' }, deps);
    expect(l).toMatchObject({ n: 2, skipped: 1, ids: ['1', '2'] });
    expect(l.attributes.status).toEqual(['open', 'closed']);
    const pts = await loadLayer('p.csv', new TextEncoder().encode('name,LATITUDE,LONGITUDE\na,41.8,-87.6\nb,,\n'), { type: 'police_station', where: { column: 'name', equals: 'a' } }, deps);
    expect(pts).toMatchObject({ n: 1, ids: ['1'] });
    const wkb = (x: number, y: number) => { const d = new DataView(new ArrayBuffer(21)); d.setUint8(0, 1); d.setUint32(1, 1, true); d.setFloat64(5, x, true); d.setFloat64(13, y, true); return new Uint8Array(d.buffer); };
    const t = new Table({ id: vectorFromArray(['a', 'b']), geometry: vectorFromArray([wkb(-87.6, 41.8), wkb(-87.7, 41.9)], new Binary()) });
    const pq = writeParquet(tableToIPC(t, 'stream'));
    const g = await loadLayer('cams.parquet', pq, { type: 'cctv' }, deps);
    expect(g).toMatchObject({ n: 2, ids: ['a', 'b'] });
    expect(Array.from(g.lon)).toEqual([-87.6, -87.7]);
    const t2 = new Table({ lon: makeVector(Float64Array.of(-87.6, NaN)), lat: makeVector(Float64Array.of(41.8, 41.9)) });
    const g2 = await loadLayer('stops.parquet', writeParquet(tableToIPC(t2, 'stream')), { type: 'transit_stop' }, deps);
    expect(g2).toMatchObject({ n: 1, skipped: 1 });
    await expect(loadLayer('x.csv', new TextEncoder().encode('a,b\n1,2\n'), { type: 'bar' }, deps)).rejects.toThrow(/no coordinate columns/i);
  });
});
