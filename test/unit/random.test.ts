import { describe, expect, it } from 'vitest';
import { rng, shuffle } from '../../src/lib/analysis/random';

describe('seeded randomness', () => {
  it('repeats exactly for a seed and differs between seeds', () => {
    const a = rng(42), b = rng(42), c = rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniform whole numbers (chi-square over 10 bins, 100,000 draws)', () => {
    const r = rng(7);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[r.int(10)]++;
    const chi2 = bins.reduce((s, o) => s + (o - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.88); // 99.9th percentile of chi-square with 9 df
  });

  it('shuffles into a permutation, every position equally likely', () => {
    const r = rng(3);
    const first = new Array(4).fill(0);
    for (let k = 0; k < 40_000; k++) {
      const a = shuffle([0, 1, 2, 3], r);
      expect([...a].sort()).toEqual([0, 1, 2, 3]);
      first[a[0]]++;
    }
    for (const f of first) expect(Math.abs(f - 10_000)).toBeLessThan(400);
  });
});
