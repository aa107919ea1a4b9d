/**
 * Issue #5 items 4 and 5 through the engine's own request handlers (what the worker runs) on the
 * synthetic demo city, with the app's settings (res 9, count terms, k = 1, Poisson, lasso):
 * - the planner-facing default: working street lights are a control, so "repair every broken
 *   light" lowers modelled incidents (as a risk factor they made it raise them, by 7 %, because
 *   each repaired light became one more unit of street density); the broken-lights factor is
 *   kept and every edit kind runs with the association-is-not-causation caution;
 * - accuracy: the risk model's row sits next to the hot-spot rows, which are exactly those of the
 *   "Over time" forecast (runForecast) on the same split, and the risk row equals the hot-spot
 *   evaluation of the training-period fit's ranking.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createNodeService } from '../../src/lib/engine/node';
import { readParquetTable } from '../../src/lib/engine/parquet';
import { NO_CTX, type IncidentService } from '../../src/lib/engine/service';
import { DEFAULT_FEATURE_TYPES, DEMO_LAYERS, defaultControls } from '../../src/lib/environment/feature-types';
import { runLoadLayers, runRisk, runRiskAccuracy, runWhatIf, type RiskParams } from '../../src/lib/engine/analyses/risk';
import { runForecast, splitByDate } from '../../src/lib/engine/analyses/hotspot-time';
import { accuracy, CURVE_SHARES } from '../../src/lib/analysis/hotspots/accuracy';
import { CAUTION } from '../../src/lib/analysis/risk/what-if';
import { ROOT } from '../helpers/paths';

describe('demo city through the engine: what-if default and accuracy next to hot spots', () => {
  let s: IncidentService;
  let n: Record<string, number>;
  const base: RiskParams = { res: 9, filter: {}, k: 1, model: 'poisson', penalty: 'lasso', seed: 1, term: 'count', trend: 0 };
  beforeAll(async () => {
    s = await createNodeService();
    const det = await s.stage('incidents.parquet', fs.readFileSync(`${ROOT}/data/demo/incidents.parquet`));
    await s.import(det.mapping, JSON.parse(fs.readFileSync(`${ROOT}/data/demo/boundary.geojson`, 'utf8')), false);
    const sources = DEMO_LAYERS.map((d) => ({ name: d.file, bytes: new Uint8Array(fs.readFileSync(`${ROOT}/data/demo/environment/${d.file}`)), type: d.type, where: d.where }));
    const loaded = await runLoadLayers(s, readParquetTable, async () => { throw new Error('no fetch'); }, sources, NO_CTX);
    expect(loaded.map((l) => l.type).sort()).toEqual(DEMO_LAYERS.map((d) => d.type).sort());
    n = Object.fromEntries(loaded.map((l) => [l.type, l.n]));
  }, 120_000);

  it('repairing every broken light lowers modelled crime once working lights are a control', async () => {
    const controls = defaultControls(DEFAULT_FEATURE_TYPES, DEMO_LAYERS.map((d) => d.type));
    expect(controls).toEqual(['street_light']);
    const all = { kind: 'retype' as const, from: 'street_light_out', to: 'street_light', all: true };
    // The old default, as a factor: the repair "raises" crime.
    await runRisk(s, { ...base, controls: [] }, NO_CTX);
    const before = runWhatIf([all]);
    expect(before.changedTypes).toEqual(['street_light_out', 'street_light']);
    expect(before.totalChange).toBeGreaterThan(0);
    // The planner-facing default.
    const fit = await runRisk(s, { ...base, controls }, NO_CTX);
    const lights = fit.factors.find((f) => f.term === 'street_light')!;
    const broken = fit.factors.find((f) => f.term === 'street_light_out')!;
    expect(lights).toMatchObject({ role: 'control', selected: true });
    expect(broken).toMatchObject({ role: 'factor', selected: true });
    expect(broken.coefficient).toBeGreaterThan(0);
    const res = runWhatIf([all]);
    console.log(`Demo, repair every broken light (${res.affected[0].features} lights): ${res.totalBefore.toFixed(0)} → ${res.totalAfter.toFixed(0)} modelled incidents (${res.percentChange.toFixed(2)} %, 95 % CI ${res.totalChangeInterval.map((v) => v.toFixed(0)).join(' to ')}); as a factor it was ${before.percentChange.toFixed(2)} %`);
    expect(res.affected[0].features).toBe(n.street_light_out);
    expect(n.street_light_out).toBeGreaterThan(100);
    expect(res).toMatchObject({ changedTypes: ['street_light_out'], heldFixed: ['street_light'], noEffect: [], caution: CAUTION });
    expect(res.totalChangeInterval[1]).toBeLessThan(0);
    expect(res.percentChange).toBeGreaterThan(-10);
    // Every kind of edit in one scenario: greening vacant lots and removing bars lower it further; a camera is accounted for.
    const mix = runWhatIf([all, { kind: 'retype', from: 'vacant', to: 'park', all: true }, { kind: 'remove', type: 'bar', all: true }, { kind: 'add', type: 'cctv', lon: -40, lat: 40 }]);
    expect(mix.affected.map((a) => a.features)).toEqual([n.street_light_out, n.vacant, n.bar, 1]);
    expect(mix.totalChange).toBeLessThan(res.totalChange);
    expect(() => runWhatIf([])).toThrow(/at least one change/);
  }, 120_000);

  it('reports the risk model’s PAI/PEI next to the hot-spot methods, on the same split and evaluation', async () => {
    const ctx = NO_CTX;
    const trainTo = '2023-12-31';
    const out = await runRiskAccuracy(s, { ...base, controls: ['street_light'], trainTo, methods: ['prior', 'best'] }, ctx);
    expect(out.rows.map((r) => r.method)).toEqual(['risk', 'prior', 'best']);
    const fc = await runForecast(s, { res: 9, filter: {}, trainTo, methods: ['prior', 'best'] }, ctx);
    expect(out.rows.slice(1).map((r) => r.points)).toEqual(fc.curves.map((c) => c.points));
    expect([out.trainTotal, out.testTotal]).toEqual([fc.trainTotal, fc.testTotal]);
    const sp = splitByDate(s, 9, {}, trainTo);
    expect(out.cells).toBe(sp.all.cells.length);
    const risk = out.rows[0].points;
    expect(risk.map((p) => p.share)).toEqual([...CURVE_SHARES]);
    // The risk row is the shared accuracy code applied to some ranking: its hits never exceed the best possible.
    for (const p of risk) expect(p.pei).toBeLessThanOrEqual(1 + 1e-12);
    const at5 = (pts: typeof risk) => pts.find((p) => Math.abs(p.share - 0.05) < 1e-9)!;
    console.log(`Demo, split ${trainTo}, 5 % of the area: ${out.rows.map((r) => `${r.method} PAI ${at5(r.points).pai.toFixed(2)} PEI ${at5(r.points).pei.toFixed(3)}`).join('; ')}`);
    expect(at5(risk).pai).toBeGreaterThan(1.5);
    // Same evaluation code: feeding the test counts as the ranking gives PEI 1 (sanity of the shared scorer on this split).
    expect(accuracy(sp.test, sp.test, sp.trainCounts, [0.05])[0].pei).toBe(1);
  }, 240_000);
});
