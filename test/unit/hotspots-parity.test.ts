/**
 * Issue #3 items 1–2: Gi*, Gi, local Moran's I and global Moran's I against R spdep 1.2-7 on Chicago
 * burglary 2017 (../shared/reference/gistar/, README there), cells and counts read straight from the
 * reference cells files. Tolerance: 1e-9 relative, as the reference README states for closed forms.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { getisOrd } from '../../src/lib/analysis/hotspots/getis-ord';
import { globalMoran } from '../../src/lib/analysis/hotspots/global-moran';
import { localMoran } from '../../src/lib/analysis/hotspots/local-moran';
import { ringNeighbours } from '../../src/lib/analysis/hotspots/weights';
import { shared } from '../helpers/paths';

const TOL = 1e-9;
const csv = (f: string) => {
  const [head, ...rows] = fs.readFileSync(shared(`reference/gistar/${f}`), 'utf8').trim().split('\n');
  const names = head.split(',').map((s) => s.replace(/"/g, ''));
  return rows.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v.replace(/"/g, '')])));
};
/** Largest |a − b| / |b| over the arrays (|a − b| where b = 0); NaN matches only NA/NaN. */
const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) { if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return Infinity; continue; }
    m = Math.max(m, b[i] === 0 ? Math.abs(a[i]) : Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  }
  return m;
};

const cases = [
  { res: 9, k: 1, file: 'chi_burg2017_r9_k1' },
  { res: 9, k: 2, file: 'chi_burg2017_r9_k2' },
  { res: 8, k: 1, file: 'chi_burg2017_r8_k1' },
];

describe('parity with R spdep (1e-9 relative)', () => {
  for (const c of cases) {
    describe(c.file, () => {
      const cellsFile = csv(`chi_burg2017_r${c.res}_cells.csv`);
      const data = { cells: cellsFile.map((r) => r.cell), counts: Float64Array.from(cellsFile, (r) => Number(r.count)) };
      const ref = csv(`${c.file}_spdep.csv`);
      const col = (k: string) => Float64Array.from(ref, (r) => Number(r[k]));
      const nb = ringNeighbours(data.cells, c.k);
      const report: Record<string, number> = {};

      it('has the same cells, counts and neighbour numbers', () => {
        expect(ref.map((r) => r.cell)).toEqual(data.cells);
        for (let i = 0; i < nb.n; i++) expect(nb.offsets[i + 1] - nb.offsets[i]).toBe(Number(ref[i].n_neighbours));
      });

      it('Gi*: z, p and BH-adjusted p', () => {
        const g = getisOrd(data, nb, { star: true, fdr: true });
        report.gistar_z = maxRel(g.z, col('gistar_z'));
        report.gistar_p = maxRel(g.p, col('gistar_p'));
        report.gistar_p_bh = maxRel(g.pAdjusted, col('gistar_p_bh'));
        expect(report.gistar_z).toBeLessThan(TOL);
        expect(report.gistar_p).toBeLessThan(TOL);
        expect(report.gistar_p_bh).toBeLessThan(TOL);
      });

      it('Gi: z', () => {
        const g = getisOrd(data, nb, { star: false });
        report.gi_z = maxRel(g.z, col('gi_z'));
        expect(report.gi_z).toBeLessThan(TOL);
      });

      it('local Moran: I, conditional and total moments and z', () => {
        const m = localMoran(data, nb);
        const pairs: [string, Float64Array][] = [
          ['lmoran_I', m.value], ['lmoran_E_cond', m.expected], ['lmoran_Var_cond', m.variance], ['lmoran_Z_cond', m.z],
          ['lmoran_E_total', m.expectedTotal], ['lmoran_Var_total', m.varianceTotal], ['lmoran_Z_total', m.zTotal],
        ];
        for (const [k, v] of pairs) report[k] = maxRel(v, col(k));
        for (const [k] of pairs) expect(report[k], k).toBeLessThan(TOL);
      });

      it('global Moran (row-standardised and binary)', () => {
        const g = JSON.parse(fs.readFileSync(shared(`reference/gistar/${c.file}_global.json`), 'utf8'));
        for (const [key, rs] of [['moran_W', true], ['moran_B', false]] as const) {
          const r = globalMoran(data.counts, nb, { rowStandardise: rs });
          const got = { I: r.I, E: r.expected, Var: r.variance, z: r.z };
          for (const f of ['I', 'E', 'Var', 'z'] as const) {
            report[`${key}.${f}`] = Math.abs(got[f] - g[key][f]) / Math.abs(g[key][f]);
            expect(report[`${key}.${f}`], `${key}.${f}`).toBeLessThan(TOL);
          }
        }
        console.log(`${c.file} max relative error:`, JSON.stringify(Object.fromEntries(Object.entries(report).map(([k, v]) => [k, Number(v.toPrecision(2))]))));
      });
    });
  }
});
