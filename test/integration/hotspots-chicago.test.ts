/**
 * Issue #3 items 1, 2, 6 and 9 through the engine: Chicago burglary 2017 imported with the city
 * boundary, aggregated by the service, then Gi*, Gi, local and global Moran against R spdep
 * (../shared/reference/gistar/, 1e-9 relative); the forecast accuracy of 2017 → 2018 at res 9; and
 * the `hotspots` command's JSON.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { accuracy, rankOrder } from '../../src/lib/analysis/hotspots/accuracy';
import { rankCells } from '../../src/lib/analysis/hotspots/forecast';
import { getisOrd } from '../../src/lib/analysis/hotspots/getis-ord';
import { globalMoran } from '../../src/lib/analysis/hotspots/global-moran';
import { localMoran } from '../../src/lib/analysis/hotspots/local-moran';
import { ringNeighbours } from '../../src/lib/analysis/hotspots/weights';
import { forecastSplit } from '../../src/cli/commands/accuracy';
import { createNodeService } from '../../src/lib/engine/node';
import type { IncidentService } from '../../src/lib/engine/service';
import { ROOT, shared } from '../helpers/paths';

const TOL = 1e-9;
const BOUNDARY = shared('data/chicago/boundaries/city_boundary.geojson');
const ref = (f: string) => {
  const [head, ...rows] = fs.readFileSync(shared(`reference/gistar/${f}`), 'utf8').trim().split('\n');
  const names = head.split(',').map((s) => s.replace(/"/g, ''));
  return rows.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v.replace(/"/g, '')])));
};
const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) { if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return Infinity; continue; }
    m = Math.max(m, b[i] === 0 ? Math.abs(a[i]) : Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  }
  return m;
};
async function load(file: string): Promise<IncidentService> {
  const s = await createNodeService();
  const det = await s.stage(path.basename(file), fs.readFileSync(file));
  await s.import(det.mapping, JSON.parse(fs.readFileSync(BOUNDARY, 'utf8')), false);
  return s;
}

describe('hot spots on Chicago burglary through the engine', () => {
  let y2017: IncidentService, y2018: IncidentService;
  beforeAll(async () => {
    y2017 = await load(shared('data/chicago/burglary_2017.csv'));
    y2018 = await load(shared('data/chicago/burglary_2018.csv'));
  });

  for (const [res, k] of [[9, 1], [9, 2], [8, 1]] as const)
    it(`matches R spdep at res ${res}, k = ${k} (1e-9 relative)`, () => {
      const agg = y2017.aggregate(res, {});
      const r = ref(`chi_burg2017_r${res}_k${k}_spdep.csv`);
      expect(agg.cells).toEqual(r.map((x) => x.cell));
      const col = (key: string) => Float64Array.from(r, (x) => Number(x[key]));
      const nb = ringNeighbours(agg.cells, k);
      const star = getisOrd(agg, nb, { fdr: true }), gi = getisOrd(agg, nb, { star: false }), lm = localMoran(agg, nb);
      const errors = {
        gistar_z: maxRel(star.z, col('gistar_z')), gistar_p_bh: maxRel(star.pAdjusted, col('gistar_p_bh')), gi_z: maxRel(gi.z, col('gi_z')),
        lmoran_I: maxRel(lm.value, col('lmoran_I')), lmoran_Z_cond: maxRel(lm.z, col('lmoran_Z_cond')), lmoran_Z_total: maxRel(lm.zTotal, col('lmoran_Z_total')),
      };
      const g = JSON.parse(fs.readFileSync(shared(`reference/gistar/chi_burg2017_r${res}_k${k}_global.json`), 'utf8'));
      const gw = globalMoran(agg.counts, nb);
      const global = Math.max(...(['I', 'E', 'Var', 'z'] as const).map((f) => Math.abs(({ I: gw.I, E: gw.expected, Var: gw.variance, z: gw.z })[f] - g.moran_W[f]) / Math.abs(g.moran_W[f])));
      console.log(`res ${res} k ${k} max relative error`, JSON.stringify({ ...errors, moran_W: global }, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(2)) : v)));
      for (const [key, e] of Object.entries(errors)) expect(e, key).toBeLessThan(TOL);
      expect(global).toBeLessThan(TOL);
    });

  it('forecast accuracy 2017 → 2018 at res 9 and 5 % of the area: prior counts PAI ≈ 3.11, PEI ≈ 0.64', () => {
    const split = forecastSplit(y2017, y2018, 9, {});
    const prior = rankCells(split.training, 'prior');
    const [p] = accuracy(prior.score, split.test, split.train, [0.05]);
    // 269 of 5,370 cells are flagged and the cut falls inside 103 cells tied at 8 burglaries; which of
    // them count moves PAI by a few hundredths. We count ties in expectation; the 3.11 came
    // from one ordering. Check that 3.11 lies inside the range every ordering of the tied cells
    // gives, and that our expectation is within 0.02 (PAI) and 0.01 (PEI) of the stated figures.
    const order = rankOrder(prior.score);
    const m = p.cells, cut = prior.score[order[m - 1]];
    const tied = Array.from(order).filter((i) => prior.score[i] === cut).map((i) => split.test[i]).sort((a, b) => a - b);
    const above = Array.from(order).filter((i) => prior.score[i] > cut).reduce((s, i) => s + split.test[i], 0);
    const room = m - Array.from(order).filter((i) => prior.score[i] > cut).length;
    const N = split.test.reduce((s, v) => s + v, 0);
    const paiOf = (hits: number) => hits / N / (m / split.test.length);
    const lo = paiOf(above + tied.slice(0, room).reduce((s, v) => s + v, 0)), hi = paiOf(above + tied.slice(-room).reduce((s, v) => s + v, 0));
    console.log(`prior counts: PAI ${p.pai.toFixed(3)} (any tie order: ${lo.toFixed(3)}–${hi.toFixed(3)}), PEI ${p.pei.toFixed(3)}, hit rate ${p.hitRate.toFixed(3)}, RRI ${p.rri.toFixed(3)}`);
    expect(lo).toBeLessThanOrEqual(3.11);
    expect(hi).toBeGreaterThanOrEqual(3.11);
    expect(Math.abs(p.pai - 3.11)).toBeLessThan(0.02);
    expect(Math.abs(p.pei - 0.64)).toBeLessThan(0.01);

    const nb1 = ringNeighbours(split.training.cells, 1);
    const out: Record<string, number> = {};
    for (const m2 of ['kde', 'gistar', 'best'] as const) out[m2] = accuracy(rankCells(split.training, m2, { nb1 }).score, split.test, split.train, [0.05])[0].pai;
    const best = rankCells(split.training, 'best', { nb1 });
    console.log(`PAI at 5 %: kde ${out.kde.toFixed(3)}, Gi* ${out.gistar.toFixed(3)}, best ${out.best.toFixed(3)} (${best.chosen}); target 3.7 not reached (see forecast.ts)`);
    expect(out.best).toBeGreaterThan(p.pai);
  });

  it('prints the issue\'s JSON from the hotspots command (res 8, local Moran, seeded permutations)', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', 'hotspots', '--input', shared('data/chicago/burglary_2017.csv'),
      '--boundary', BOUNDARY, '--res', '8', '--method', 'local-moran', '--k', '1', '--fdr', '--permutations', '99', '--seed', '5'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    const j = JSON.parse(out);
    expect(j.cells).toHaveLength(810);
    expect(Object.keys(j.cells[0])).toEqual(['cell', 'count', 'I', 'expected', 'variance', 'z', 'p', 'pSim', 'pAdjusted', 'class']);
    const r = ref('chi_burg2017_r8_k1_spdep.csv');
    expect(maxRel(j.cells.map((c: { z: number | null }) => c.z ?? NaN), r.map((x) => Number(x.lmoran_Z_cond)))).toBeLessThan(TOL);
    expect(j.global.moran.I).toBeCloseTo(0.549100414718338, 12);
    expect(j.method).toMatchObject({ statistic: 'local-moran', seed: 5, parameters: { k: 1, permutations: 99, fdr: true }, data: { res: 8, cells: 810, total: 12947 } });
    expect(j.method.classesFrom).toMatch(/FDR-adjusted two-sided permutation p/);
  });
});
