/**
 * Issue #3 items 1–2: invariants of the weights, Gi*, local and global Moran, BH FDR and the normal
 * tail, checked with fast-check on random study areas (ragged subsets of an H3 disk).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gridDisk, latLngToCell } from 'h3-js';
import { benjaminiHochberg } from '../../src/lib/analysis/hotspots/fdr';
import { getisOrd } from '../../src/lib/analysis/hotspots/getis-ord';
import { globalMoran } from '../../src/lib/analysis/hotspots/global-moran';
import { localMoran } from '../../src/lib/analysis/hotspots/local-moran';
import { normalCdf, normalQuantile, twoSidedP } from '../../src/lib/analysis/hotspots/normal';
import { WEIGHT_SCHEMES, kernelWeight, ringNeighbours, ringWeights, suggestK } from '../../src/lib/analysis/hotspots/weights';
import { rng } from '../../src/lib/analysis/random';

const DISK = gridDisk(latLngToCell(41.88, -87.63, 9), 8).sort();
/** A ragged study area (about 60 % of a disk of 217 cells) and clustered counts, from a seed. */
function area(seed: number) {
  const r = rng(seed);
  const cells = DISK.filter(() => r.next() < 0.6);
  const counts = Float64Array.from(cells, (_, i) => (i % 17 < 3 ? 5 + r.int(10) : r.int(3)));
  return { cells, counts };
}
const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('weights', () => {
  it('kernels are 1 at the cell, positive and non-increasing out to k rings', () => {
    for (const s of WEIGHT_SCHEMES)
      for (let k = 1; k <= 5; k++) {
        expect(kernelWeight(s, 0, k)).toBe(1);
        for (let d = 1; d <= k; d++) {
          expect(kernelWeight(s, d, k)).toBeGreaterThan(0);
          expect(kernelWeight(s, d, k)).toBeLessThanOrEqual(kernelWeight(s, d - 1, k));
        }
      }
  });

  it('neighbours are symmetric, self-free, and row-standardised rows sum to 1', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(...WEIGHT_SCHEMES), (seed, k, scheme) => {
      const { cells } = area(seed);
      const nb = ringNeighbours(cells, k);
      const pairs = new Set<string>();
      for (let i = 0; i < nb.n; i++) for (let e = nb.offsets[i]; e < nb.offsets[i + 1]; e++) { expect(nb.index[e]).not.toBe(i); pairs.add(`${i},${nb.index[e]},${nb.ring[e]}`); }
      for (const p of pairs) { const [i, j, d] = p.split(','); expect(pairs.has(`${j},${i},${d}`)).toBe(true); }
      const w = ringWeights(nb, { scheme, rowStandardise: true });
      for (let i = 0; i < nb.n; i++) if (nb.offsets[i + 1] > nb.offsets[i]) expect(close(w.rowSum[i], 1, 1e-12)).toBe(true);
    }), { numRuns: 30 });
  });

  it('suggests the smallest k whose neighbourhood holds about 10 incidents, and says why', () => {
    expect(suggestK(12947, 5351, 9).k).toBe(1);
    expect(suggestK(12947, 5351 * 7, 10).k).toBe(3);
    expect(suggestK(10, 10_000, 9)).toMatchObject({ k: 5 });
    expect(suggestK(12947, 5351, 9).explanation).toMatch(/^k = 1: with 2\.42 incidents per cell/);
  });
});

describe('Gi*', () => {
  it('z is unchanged by a positive affine change of the counts, for every weight scheme', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.1, max: 50, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), fc.constantFrom(...WEIGHT_SCHEMES), fc.boolean(), (seed, a, b, scheme, star) => {
      const d = area(seed);
      const nb = ringNeighbours(d.cells, 2);
      const z1 = getisOrd(d, nb, { scheme, star }).z;
      const z2 = getisOrd({ cells: d.cells, counts: d.counts.map((x) => a * x + b) }, nb, { scheme, star }).z;
      // Islands (no neighbour) have no Gi z either way.
      for (let i = 0; i < z1.length; i++) expect(Number.isNaN(z1[i]) ? Number.isNaN(z2[i]) : close(z2[i], z1[i], 1e-8)).toBe(true);
    }), { numRuns: 25 });
  });

  it('z has mean 0 and variance 1 over random rearrangements (binary and gaussian weights)', () => {
    // Monte Carlo check of the Ord & Getis (1995) moments for one cell under total randomisation.
    const d = area(11);
    const nb = ringNeighbours(d.cells, 2);
    const r = rng(5);
    for (const scheme of ['binary', 'gaussian'] as const) {
      const zs: number[] = [];
      const x = Float64Array.from(d.counts);
      for (let t = 0; t < 3000; t++) {
        for (let i = x.length - 1; i > 0; i--) { const j = r.int(i + 1); [x[i], x[j]] = [x[j], x[i]]; }
        zs.push(getisOrd({ cells: d.cells, counts: x }, nb, { scheme }).z[40]);
      }
      const m = zs.reduce((s, v) => s + v, 0) / zs.length;
      const v = zs.reduce((s, z) => s + (z - m) ** 2, 0) / (zs.length - 1);
      expect(Math.abs(m)).toBeLessThan(0.06);
      expect(Math.abs(v - 1)).toBeLessThan(0.08);
    }
  });

  it('classes come from the p the result names, FDR-adjusted when asked', () => {
    const d = area(3);
    const nb = ringNeighbours(d.cells, 1);
    const plain = getisOrd(d, nb), fdr = getisOrd(d, nb, { fdr: true });
    expect(plain.pSource).toBe('p');
    expect(fdr.pSource).toBe('pAdjusted');
    expect(fdr.method.classesFrom).toMatch(/FDR-adjusted/);
    for (let i = 0; i < d.cells.length; i++) {
      const lvl = (p: number) => (p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.1 ? 1 : 0);
      expect(Math.abs(plain.classCode[i])).toBe(lvl(plain.p[i]));
      expect(Math.abs(fdr.classCode[i])).toBe(lvl(fdr.pAdjusted[i]));
      expect(Math.abs(fdr.classCode[i])).toBeLessThanOrEqual(Math.abs(plain.classCode[i]));
    }
  });
});

describe('Moran', () => {
  it('the mean of local Iᵢ (row-standardised) equals the global I', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 2 }), (seed, k) => {
      const d = area(seed);
      const nb = ringNeighbours(d.cells, k);
      let islands = 0;
      for (let i = 0; i < nb.n; i++) if (nb.offsets[i + 1] === nb.offsets[i]) islands++;
      fc.pre(islands === 0);
      const local = localMoran(d, nb).value;
      const mean = local.reduce((s, v) => s + v, 0) / local.length;
      expect(close(mean, globalMoran(d.counts, nb).I, 1e-10)).toBe(true);
    }), { numRuns: 25 });
  });
});

describe('Benjamini–Hochberg', () => {
  it('matches the textbook definition, keeps order and never lowers p', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0.01, 0.05, 0.5)), { minLength: 1, maxLength: 60 }), (p) => {
      const adj = benjaminiHochberg(p);
      const m = p.length;
      for (let i = 0; i < m; i++) {
        // adj_i = min over j with p_j ≥ p_i of min(1, p_j · m / rank_j), rank_j = #{p ≤ p_j}.
        let want = 1;
        for (let j = 0; j < m; j++) if (p[j] >= p[i]) want = Math.min(want, (p[j] * m) / p.filter((q) => q <= p[j]).length);
        expect(close(adj[i], want, 1e-12)).toBe(true);
        expect(adj[i]).toBeGreaterThanOrEqual(p[i] - 1e-15);
        for (let j = 0; j < m; j++) if (p[j] < p[i]) expect(adj[j]).toBeLessThanOrEqual(adj[i]);
      }
    }));
  });
});

describe('normal distribution', () => {
  it('agrees with R pnorm far into the tail', () => {
    // R 4.2: pnorm(c(-1.96, -5, -10, -20)), qnorm(0.975)
    const want: [number, number][] = [[-1.96, 0.024997895148220435], [-5, 2.866515718791939e-7], [-10, 7.619853024160527e-24], [-20, 2.753624118606233e-89]];
    for (const [x, p] of want) expect(close(normalCdf(x), p, 1e-13)).toBe(true);
    expect(close(twoSidedP(1.96), 0.04999579029644087, 1e-13)).toBe(true);
    expect(close(normalQuantile(0.975), 1.959963984540054, 1e-12)).toBe(true);
  });
});
