/**
 * Issue #3 items 1–3: the shared conditional-permutation engine — seeded and reproducible, the
 * same in chunks as in one go, its draws matching the null it states (moments of a sample without
 * replacement), calibrated under the null, and powerful on a planted cluster.
 */
import { describe, expect, it } from 'vitest';
import { gridDisk, latLngToCell } from 'h3-js';
import { getisOrd, getisOrdAsync } from '../../src/lib/analysis/hotspots/getis-ord';
import { localMoran } from '../../src/lib/analysis/hotspots/local-moran';
import { conditionalPermutation } from '../../src/lib/analysis/hotspots/permutation';
import { ringNeighbours, ringWeights, spatialLag } from '../../src/lib/analysis/hotspots/weights';
import { rng } from '../../src/lib/analysis/random';

const cells = gridDisk(latLngToCell(41.88, -87.63, 9), 12).sort(); // 469 cells
const nb = ringNeighbours(cells, 1);
const noCtx = { progress: () => {}, checkpoint: async () => {} };

function poisson(r: ReturnType<typeof rng>, lambda: number): number {
  let k = 0, p = Math.exp(-lambda), s = p;
  const u = r.next();
  while (u > s) { k++; p *= lambda / k; s += p; }
  return k;
}

describe('conditional permutation engine', () => {
  it('repeats exactly for a seed, differs between seeds, and records the seed', () => {
    const r = rng(1);
    const data = { cells, counts: Float64Array.from(cells, () => poisson(r, 2)) };
    const a = getisOrd(data, nb, { permutations: 199, seed: 7 }), b = getisOrd(data, nb, { permutations: 199, seed: 7 }), c = getisOrd(data, nb, { permutations: 199, seed: 8 });
    expect(Array.from(a.pSim!)).toEqual(Array.from(b.pSim!));
    expect(Array.from(a.pSim!)).not.toEqual(Array.from(c.pSim!));
    expect(a.method.seed).toBe(7);
    expect(a.method.parameters.permutations).toBe(199);
  });

  it('gives the same in chunks (worker, with progress and cancel points) as in one go', async () => {
    const r = rng(2);
    const data = { cells, counts: Float64Array.from(cells, () => poisson(r, 3)) };
    const fractions: number[] = [];
    const ctx = { progress: (_s: string, f: number | null) => { if (f !== null) fractions.push(f); }, checkpoint: async () => {} };
    const sync = getisOrd(data, nb, { permutations: 99, seed: 3 });
    const chunked = await getisOrdAsync(data, nb, { permutations: 99, seed: 3 }, ctx);
    expect(Array.from(chunked.pSim!)).toEqual(Array.from(sync.pSim!));
    expect(fractions.at(-1)).toBe(1);
    await expect(getisOrdAsync(data, nb, { permutations: 99, seed: 3 }, { ...noCtx, checkpoint: async () => { throw new Error('cancelled'); } })).rejects.toThrow('cancelled');
  });

  for (const kind of ['counts (shared draws per group)', 'distinct real values (every cell on its own)'] as const)
    it(`draws neighbours without replacement from the other cells: moments of the permuted lag, ${kind}`, () => {
      const r = rng(4);
      const values = Float64Array.from(cells, () => (kind.startsWith('counts') ? poisson(r, 4) : r.next() * 10));
      const w = ringWeights(nb, { scheme: 'gaussian' });
      const observed = spatialLag(w, values);
      const R = 4000;
      const res = conditionalPermutation({ w, values, observed, permutations: R, seed: 9 });
      const n = values.length, sum = values.reduce((s, v) => s + v, 0), sumSq = values.reduce((s, v) => s + v * v, 0);
      for (let i = 0; i < n; i += 23) {
        // Sampling card values without replacement from the N = n − 1 others, weights w_j:
        // E = W μ, Var = σ² N / (N − 1) · (Σw² − W² / N), σ² the others' population variance.
        const N = n - 1, mu = (sum - values[i]) / N, s2 = (sumSq - values[i] ** 2) / N - mu * mu;
        const W = w.rowSum[i], W2 = w.rowSumSq[i];
        const sd = Math.sqrt(((s2 * N) / (N - 1)) * (W2 - (W * W) / N));
        expect(Math.abs(res.lagMean[i] - W * mu)).toBeLessThan((4 * sd) / Math.sqrt(R));
        expect(Math.abs(res.lagSd[i] / sd - 1)).toBeLessThan(0.08);
      }
    });

  it('is calibrated under the null: about 5 % of cells below 0.05 (two-sided) for spatially random counts', () => {
    const r = rng(5);
    let below = 0, total = 0;
    for (let rep = 0; rep < 6; rep++) {
      const data = { cells, counts: Float64Array.from(cells, () => poisson(r, 5)) };
      const g = getisOrd(data, nb, { permutations: 999, seed: rep });
      for (const p of g.pSim!) { total++; if (2 * p < 0.05) below++; }
    }
    // Binomial sd of the share over 2,814 cells is 0.4 %; cells are correlated, so allow 2.5 %.
    expect(Math.abs(below / total - 0.05)).toBeLessThan(0.025);
  });

  it('finds a planted cluster, and agrees with the analytic p on clear cases', () => {
    const r = rng(6);
    const centre = cells.indexOf(latLngToCell(41.88, -87.63, 9));
    const hot = new Set(gridDisk(cells[centre], 1));
    const data = { cells, counts: Float64Array.from(cells, (c) => poisson(r, hot.has(c) ? 12 : 2)) };
    const g = getisOrd(data, nb, { permutations: 999, seed: 1 });
    expect(g.pSource).toBe('pSim');
    expect(g.classCode[centre]).toBe(3);
    expect(g.pSim![centre]).toBe(1 / 1000);
    expect(g.p[centre]).toBeLessThan(1e-6);
    // 999 permutations floor two-sided p at 0.002: too coarse for FDR over 469 cells, and it says so.
    expect(getisOrd(data, nb, { permutations: 999, seed: 1, fdr: true }).warnings.join(' ')).toMatch(/smallest two-sided p is 0\.0020/);
    expect(getisOrd(data, nb, { permutations: 99_999, seed: 1, fdr: true }).classCode[centre]).toBe(3);
    const m = localMoran(data, nb, { permutations: 999, seed: 1 });
    expect(m.classCode[centre]).toBe(1); // high-high
    expect(m.pSim![centre]).toBe(1 / 1000);
  });
});
