/**
 * Issue 6 on the synthetic demo city: evaluating the planted past intervention (street lights
 * repaired in the Lantern Quarter on 2023-06-01, night-time street crime cut by a stated 40 %)
 * recovers its effect within the evaluation's uncertainty; the CLI's `evaluate` (areas and
 * counts) and `score` commands give the same figures as JSON (`--counts` through the real entry
 * point; the data commands in-process, to save a process start each).
 *
 * Control area: the Lantern Quarter's own polygon moved 2.5 km west and 0.5 km south, onto the
 * central nightlife district — a comparable night-time setting chosen on pre-period facts only:
 * its before count of the evaluated offences is within 10 % of the treated area's, it lies well
 * outside the treated area's buffer (no incident on both sides), and no planted hot spot that
 * emerges or fades during the period lies within 1 km of it (ground_truth.json → hot_spots).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Polygon } from 'geojson';
import { createNodeService } from '../../src/lib/engine/node';
import type { IncidentColumns } from '../../src/lib/engine/service';
import { countAreas } from '../../src/lib/planner/area-counts';
import { evaluateCounts } from '../../src/lib/planner/evaluate';
import { parseArgs } from '../../src/cli/args';
import { command as evaluateCommand } from '../../src/cli/commands/evaluate';
import { command as scoreCommand } from '../../src/cli/commands/score';
import { ROOT } from '../helpers/paths';

const DEMO = path.join(ROOT, 'data/demo');
const truth = JSON.parse(fs.readFileSync(path.join(DEMO, 'ground_truth.json'), 'utf8'));
const iv = truth.intervention;
const NIGHT = [20, 21, 22, 23, 0, 1, 2, 3, 4, 5];
const M_LON = truth.city.projection.metres_per_degree_lon, M_LAT = truth.city.projection.metres_per_degree_lat;
const treated: Polygon = iv.area;
const SHIFT = { dx: -2500, dy: -500 };
const control: Polygon = { type: 'Polygon', coordinates: [treated.coordinates[0].map(([x, y]) => [x + SHIFT.dx / M_LON, y + SHIFT.dy / M_LAT])] };
const BUFFER_M = 200;
const cli = (args: string[]) =>
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20 });

let rows: IncidentColumns;

beforeAll(async () => {
  const s = await createNodeService();
  const det = await s.stage('incidents.parquet', fs.readFileSync(path.join(DEMO, 'incidents.parquet')));
  await s.import(det.mapping, JSON.parse(fs.readFileSync(path.join(DEMO, 'boundary.geojson'), 'utf8')), false);
  rows = s.incidentColumns({ offences: iv.offences, hours: NIGHT }, 9);
});

describe('evaluating the Lantern Quarter street-light repair', () => {
  it('counts the same night-time street crimes as the generator', () => {
    const c = countAreas(rows, { treated, control, bufferM: BUFFER_M, date: iv.date });
    expect(c.counts.Rb).toBe(iv.realised.area_before);
    expect(c.counts.Ra).toBe(iv.realised.area_after);
  });

  it('uses a control justified on pre-period facts', () => {
    const c = countAreas(rows, { treated, control, bufferM: BUFFER_M, date: iv.date });
    expect(c.overlaps).toBe(0);
    expect(Math.abs(c.counts.Cb - c.counts.Rb) / c.counts.Rb).toBeLessThan(0.1);
    const ring = control.coordinates[0].slice(0, -1);
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length, cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    for (const h of truth.hot_spots.filter((x: { class: string }) => x.class !== 'persistent'))
      expect(Math.hypot((h.centre.lon - cx) * M_LON, (h.centre.lat - cy) * M_LAT), h.id).toBeGreaterThan(1000 + h.radius_m);
  });

  it('recovers the planted effect within its uncertainty', () => {
    const c = countAreas(rows, { treated, control, bufferM: BUFFER_M, date: iv.date });
    const r = evaluateCounts(c.counts);
    // Relative effect (Ra/Rb)/(Ca/Cb): its 95 % interval holds the planted 0.60 and the realised ratio.
    const [lo, hi] = r.relativeEffectInterval!;
    expect(lo).toBeLessThan(1 - iv.stated_reduction);
    expect(hi).toBeGreaterThan(1 - iv.stated_reduction);
    expect(lo).toBeLessThan(iv.realised.difference_in_differences_ratio);
    expect(hi).toBeGreaterThan(iv.realised.difference_in_differences_ratio);
    // WDD: a significant fall; its 95 % interval holds the incidents the generator removed.
    expect(r.wddZ!).toBeLessThan(-1.96);
    expect(r.wddInterval[0]).toBeLessThan(-iv.incidents_removed);
    expect(r.wddInterval[1]).toBeGreaterThan(-iv.incidents_removed);
    // The treatment worked, so WDQ is defined; no displacement was planted, so it is not below −1.
    expect(r.wdq).not.toBeNull();
    expect(r.wdq!).toBeGreaterThan(-1);
    expect(r.tne!).toBeGreaterThan(0);
  });
});

describe('CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planner-'));
  const write = (name: string, v: unknown) => { const p = path.join(dir, name); fs.writeFileSync(p, JSON.stringify(v)); return p; };

  it('evaluate --counts prints WDQ, TNE, WDD and its standard error', () => {
    const out = JSON.parse(cli(['evaluate', '--counts', '100,70,80,76,200,210,150,152']));
    expect(Object.keys(out)).toEqual(['wdq', 'tne', 'wdd', 'wddStandardError']);
    expect(out.wdq).toBeCloseTo(8 / 35, 12);
    expect(out.tne).toBeCloseTo(43, 12);
    expect(out.wdd).toBe(-46);
    expect(out.wddStandardError).toBeCloseTo(Math.sqrt(1038), 12);
  });

  it('evaluate --counts gives a null WDQ where the treated area did not improve, and refuses bad counts', async () => {
    expect(JSON.parse(await evaluateCommand.run(parseArgs(['--counts', '50,60,40,30,100,100,0,0']))).wdq).toBeNull();
    await expect(evaluateCommand.run(parseArgs(['--counts', '1,2,3']))).rejects.toThrow('--counts needs eight whole numbers ≥ 0: Rb,Ra,Db,Da,Cb,Ca,CDb,CDa, got "1,2,3".');
    await expect(evaluateCommand.run(parseArgs(['--input', 'x.csv', '--treated', 'nope.geojson']))).rejects.toThrow('Treated area file "nope.geojson" does not exist.');
  });

  it('evaluate on the demo city gives the same counts as the library', async () => {
    const fc = (g: Polygon) => ({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: g }] });
    const out = JSON.parse(await evaluateCommand.run(parseArgs(['--input', path.join(DEMO, 'incidents.parquet'), '--treated', write('t.geojson', fc(treated)), '--control', write('c.geojson', fc(control)),
      '--buffer-m', String(BUFFER_M), '--date', iv.date, '--hours', '20-06', ...iv.offences.flatMap((o: string) => ['--type', o])])));
    const lib = countAreas(rows, { treated, control, bufferM: BUFFER_M, date: iv.date });
    expect(out.filter.hours).toEqual(NIGHT);
    expect(out.counts).toEqual(lib.counts);
    expect(out.wdd).toBe(evaluateCounts(lib.counts).wdd);
  });

  it('score refuses an invalid plan with the validator\'s messages, before loading any data', async () => {
    const bad = write('bad.json', { version: 1, name: 'x', start: '2024-13-01', horizonMonths: 12, data: { res: 9 }, placements: [] });
    await expect(scoreCommand.run(parseArgs(['--input', 'unused.parquet', '--plan', bad]))).rejects.toThrow('start: must be a date YYYY-MM-DD, got "2024-13-01".');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{');
    await expect(scoreCommand.run(parseArgs(['--input', 'unused.parquet', '--plan', path.join(dir, 'broken.json')]))).rejects.toThrow(/is not valid JSON/);
  });

  it('score reads a plan file and prints the scored plan as JSON', async () => {
    const plan = {
      version: 1, name: 'Lantern Quarter lighting (demo)', start: '2023-06-01', horizonMonths: 12,
      data: { res: 9, offences: iv.offences, hours: NIGHT, mapping: { base: 'demo' } }, baseline: { windowMonths: 12, asOf: '2023-06-01' },
      placements: [{ id: 'lights', intervention: 'street-lighting', footprint: { type: 'polygon', coordinates: treated.coordinates }, label: 'Lantern Quarter', cost: 150_000 }],
      budget: { amount: 200_000, currency: 'GBP' }, monteCarlo: { draws: 200, seed: 3 },
    };
    const report = path.join(dir, 'report.html');
    const out = JSON.parse(await scoreCommand.run(parseArgs(['--input', path.join(DEMO, 'incidents.parquet'), '--plan', write('plan.json', plan), '--seed', '9', '--report', report])));
    const s = out.score;
    expect(s.seed).toBe(9);
    expect(s.baseline.window).toEqual({ from: '2022-06-01', to: '2023-05-31' });
    const p = s.placements[0];
    expect(p.treatedCells.length).toBeGreaterThan(3);
    // −21 % on every covered night-time offence in the treated cells (no overlap, no other placement).
    expect(p.direct).toBeCloseTo(0.21 * p.baselineCovered, 6);
    expect(s.intervals.net.p5).toBeLessThan(s.totals.net);
    expect(s.intervals.net.p95).toBeGreaterThan(s.totals.net);
    expect(s.totals.cost).toBe(150_000);
    expect(s.totals.withinBudget).toBe(true);
    const html = fs.readFileSync(report, 'utf8');
    expect(html).toContain('Lantern Quarter lighting (demo)');
    expect(html).toContain('Synthetic data');
  });
});
