/**
 * Issue #3 items 3–7: forecast accuracy (the PAI/PEI small case of ../shared/reference/README.md),
 * concentration (Gini, generalised Gini, shares), Mann-Kendall, the 17 emerging patterns,
 * space-time Gi*, kernel density and scale sensitivity on small cases worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { cellToLatLng, cellToParent, gridDisk, latLngToCell } from 'h3-js';
import { accuracy } from '../../src/lib/analysis/hotspots/accuracy';
import { concentration } from '../../src/lib/analysis/hotspots/concentration';
import { EMERGING_PATTERNS, classifyPattern, emergingLegendText } from '../../src/lib/analysis/hotspots/emerging-patterns';
import { emergingHotSpots } from '../../src/lib/analysis/hotspots/emerging';
import { getisOrd } from '../../src/lib/analysis/hotspots/getis-ord';
import { kernelDensityAtCells, kernelDensityGrid, silvermanBandwidth } from '../../src/lib/analysis/hotspots/kernel-density';
import { mannKendall } from '../../src/lib/analysis/hotspots/mann-kendall';
import { localProjection, projectionFor } from '../../src/lib/analysis/hotspots/projection';
import { scaleSensitivity } from '../../src/lib/analysis/hotspots/scale';
import { spaceTimeCube } from '../../src/lib/analysis/hotspots/space-time-cube';
import { ringNeighbours } from '../../src/lib/analysis/hotspots/weights';
import { rng } from '../../src/lib/analysis/random';

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('forecast accuracy', () => {
  it('reproduces the reference small case: counts (6, 3, 0), ranking (3, 2, 1) → PAI 2, 1.5, 1 and PEI 1, 1, 1', () => {
    const r = accuracy([3, 2, 1], [6, 3, 0], null, [1 / 3, 2 / 3, 1]);
    expect(r.map((p) => p.pai)).toEqual([2, 1.5, 1]);
    expect(r.map((p) => p.pei)).toEqual([1, 1, 1]);
    expect(r.map((p) => p.hitRate)).toEqual([6 / 9, 1, 1]);
  });

  it('splits ties at the cut-off in expectation and defines RRI as test over training hit rate', () => {
    const [p] = accuracy([1, 1, 0], [4, 0, 2], [3, 3, 0], [1 / 3]);
    expect(p.hits).toBe(2);
    expect(close(p.pai, 1)).toBe(true);
    expect(close(p.pei, 0.5)).toBe(true);
    expect(close(p.rri, (2 / 6) / (3 / 6))).toBe(true);
    expect(accuracy([5, 1, 0, 2], [5, 1, 0, 2], [5, 1, 0, 2], [0.5])[0].rri).toBe(1);
  });
});

describe('concentration', () => {
  it('Gini by hand: 0 when even, (n − 1)/n when one cell holds all', () => {
    expect(concentration([2, 2, 2, 2]).gini).toBe(0);
    expect(close(concentration([0, 10, 0, 0]).gini, 0.75)).toBe(true);
  });

  it('generalised Gini is 0 for the most even spread of fewer incidents than cells, with a caveat', () => {
    const c = concentration([1, 0, 1, 0]);
    expect(close(c.gini, 0.5)).toBe(true);
    expect(close(c.giniGeneralised, 0)).toBe(true);
    expect(c.caveat).toMatch(/Fewer incidents \(2\) than cells \(4\)/);
    expect(concentration([3, 1, 2, 2]).caveat).toBeNull();
  });

  it('shares of cells holding 25 % and 50 % of incidents, and a Lorenz curve from (0, 0) to (1, 1)', () => {
    const c = concentration([1, 5, 3, 1, 0, 0, 0, 0, 0, 0]);
    expect(c.cellsFor25).toBe(0.1);
    expect(c.cellsFor50).toBe(0.1);
    expect(c.shareWithAny).toBe(0.4);
    expect(c.lorenz.cellShare[0]).toBe(0);
    expect(c.lorenz.incidentShare.at(-1)).toBe(1);
    expect(c.lorenz.incidentShare[1]).toBe(0.5);
  });
});

describe('Mann-Kendall', () => {
  it('matches hand values, with the tie correction', () => {
    const a = mannKendall(Float64Array.from({ length: 10 }, (_, i) => i + 1));
    expect(a).toMatchObject({ S: 45, varS: 125, tau: 1 });
    expect(close(a.z, 44 / Math.sqrt(125))).toBe(true);
    const b = mannKendall([1, 1, 2, 2, 3]);
    expect(b.S).toBe(8);
    expect(close(b.varS, (300 - 36) / 18)).toBe(true);
    expect(close(b.z, 7 / Math.sqrt(264 / 18))).toBe(true);
    expect(mannKendall([3, 3, 3]).p).toBe(1);
  });
});

describe('emerging hot spot patterns', () => {
  const T = 20;
  const series = (f: (t: number) => number) => Int8Array.from({ length: T }, (_, t) => f(t));
  const cases: [string, Int8Array, number, number][] = [
    ['new-hot', series((t) => (t === T - 1 ? 1 : 0)), 1, 0.5],
    ['consecutive-hot', series((t) => (t >= T - 5 ? 1 : 0)), 1, 0.01],
    ['intensifying-hot', series(() => 1), 1, 0.01],
    ['persistent-hot', series((t) => (t === 4 ? 0 : 1)), 1, 0.5],
    ['diminishing-hot', series(() => 1), -1, 0.01],
    ['sporadic-hot', series((t) => (t === 3 || t === 9 || t === T - 1 ? 1 : 0)), 1, 0.5],
    ['oscillating-hot', series((t) => (t === 2 ? -1 : t >= T - 3 ? 1 : 0)), 1, 0.5],
    ['historical-hot', series((t) => (t < T - 1 ? 1 : 0)), -1, 0.5],
    ['no-pattern', series((t) => (t < T / 2 ? 1 : 0)), -1, 0.001],
  ];
  const key = (code: number) => EMERGING_PATTERNS.find((c) => c.code === code)!.key;
  for (const [want, bins, s, p] of cases) {
    it(`classes ${want}, and its cold mirror`, () => {
      expect(key(classifyPattern(bins, s, p, 0.05))).toBe(want);
      expect(key(classifyPattern(bins.map((b) => -b), -s, p, 0.05))).toBe(want.replace('-hot', '-cold'));
    });
  }

  it('has 17 classes, each with a definition for the legend', () => {
    expect(EMERGING_PATTERNS).toHaveLength(17);
    expect(new Set(EMERGING_PATTERNS.map((c) => c.code)).size).toBe(17);
    const text = emergingLegendText();
    expect(text.split('\n')).toHaveLength(17);
    expect(text).toMatch(/Intensifying cold spot: .*clustering of low counts is growing: a significant downward Mann-Kendall trend/);
  });
});

describe('space-time Gi*', () => {
  const cells = gridDisk(latLngToCell(41.88, -87.63, 9), 6).sort();
  const nb = ringNeighbours(cells, 1);

  it('with one time step is the spatial Gi*', () => {
    const r = rng(1);
    const counts = Float64Array.from(cells, () => r.int(6));
    const cube = { cells, step: 'month' as const, T: 1, labels: ['2020-01-01'], counts, counted: 0, dropped: 0, warnings: [] };
    const st = emergingHotSpots(cube, nb, { timeWindow: 1 });
    const sp = getisOrd({ cells, counts }, nb);
    for (let i = 0; i < cells.length; i++) expect(close(st.z[i], sp.z[i], 1e-12)).toBe(true);
  });

  it('finds a cluster that appears in the last months as consecutive hot spots, from incident times', () => {
    const r = rng(2);
    const hot = new Set(gridDisk(cells[60], 1));
    const cellOf: string[] = [], ms: number[] = [];
    for (let m = 0; m < 24; m++)
      for (const c of cells) {
        const n = r.int(3) + (hot.has(c) && m >= 18 ? 8 : 0);
        for (let k = 0; k < n; k++) { cellOf.push(c); ms.push(Date.UTC(2020, m, 1 + r.int(28))); }
      }
    const cube = spaceTimeCube(cells, cellOf, Float64Array.from(ms), { step: 'month' });
    expect(cube.T).toBe(24);
    expect(cube.labels[0]).toBe('2020-01-01');
    const res = emergingHotSpots(cube, nb, {});
    const key = (i: number) => res.legend.find((c) => c.code === res.pattern[i])!.key;
    expect(key(60)).toBe('consecutive-hot');
    expect(res.firstHot[60]).toBe(18);
    expect(res.change[60]).toBe(1);
  });

  it('warns about partly covered first and last steps', () => {
    const cube = spaceTimeCube(cells, [cells[0], cells[1]], Float64Array.of(Date.UTC(2021, 0, 15), Date.UTC(2021, 11, 3)), { step: 'week' });
    expect(cube.warnings.join(' ')).toMatch(/last week .* only partly covered/);
    expect(cube.labels[0]).toBe('2021-01-11'); // the Monday of 15 January 2021
  });
});

describe('kernel density', () => {
  const p = localProjection(40, -40);
  const at = (x: number, y: number) => [p.lat(y), p.lon(x)] as const;

  it('uses the spatial Silverman rule: 0.9 · min(SD, √(1/ln 2)·Dm) · n^−0.2', () => {
    const pts = [at(100, 0), at(-100, 0), at(0, 100), at(0, -100)];
    const bw = silvermanBandwidth({ lat: pts.map((q) => q[0]), lon: pts.map((q) => q[1]) });
    expect(Math.abs(bw.metres - 0.9 * 100 * 4 ** -0.2)).toBeLessThan(0.01);
    expect(bw.rule).toMatch(/Spatial Silverman rule/);
  });

  it('integrates to the number of incidents and agrees with the formula at cell centres', () => {
    const r = rng(3);
    const lat: number[] = [], lon: number[] = [];
    for (let i = 0; i < 300; i++) { const [a, b] = at((r.next() - 0.5) * 2000, (r.next() - 0.5) * 2000); lat.push(a); lon.push(b); }
    const g = kernelDensityGrid({ lat, lon }, { bandwidth: 300, cellSize: 20 });
    const total = g.density.reduce((s, v) => s + v, 0) * (20 * 20) / 1e6;
    expect(Math.abs(total / 300 - 1)).toBeLessThan(0.01);
    const cells = gridDisk(latLngToCell(40, -40, 9), 3);
    const d = kernelDensityAtCells({ lat, lon }, cells, { bandwidth: 300 }).density;
    const q = projectionFor(lat, lon);
    cells.forEach((c, k) => {
      const [cl, cn] = cellToLatLng(c);
      let s = 0;
      for (let i = 0; i < lat.length; i++) {
        const u = ((q.x(lon[i]) - q.x(cn)) ** 2 + (q.y(lat[i]) - q.y(cl)) ** 2) / 300 ** 2;
        if (u < 1) s += (3 / Math.PI / 300 ** 2) * (1 - u) ** 2 * 1e6;
      }
      expect(close(d[k], s, 1e-9)).toBe(true);
    });
  });
});

describe('scale sensitivity', () => {
  it('agrees fully with itself, and follows parent cells at a coarser resolution', () => {
    const r = rng(4);
    const cells9 = gridDisk(latLngToCell(41.88, -87.63, 9), 10).sort();
    const hot = new Set(gridDisk(cells9[150], 2));
    const counts9 = Float64Array.from(cells9, (c) => r.int(3) + (hot.has(c) ? 12 : 0));
    const parents = new Map<string, number>();
    cells9.forEach((c, i) => parents.set(cellToParent(c, 8), (parents.get(cellToParent(c, 8)) ?? 0) + counts9[i]));
    const byRes = new Map([[9, { cells: cells9, counts: counts9 }], [8, { cells: [...parents.keys()].sort(), counts: Float64Array.from([...parents.keys()].sort(), (c) => parents.get(c)!) }]]);
    const one = scaleSensitivity(byRes, { res: 9, k: 1 }, []);
    expect(Array.from(one.agreement).every((a) => a === 1)).toBe(true);
    const many = scaleSensitivity(byRes, { res: 9, k: 1 }, [{ res: 9, k: 2 }, { res: 8, k: 1 }]);
    expect(many.runs).toHaveLength(3);
    expect(many.hotShare[150]).toBe(1);
    expect(many.agreement[150]).toBe(1);
  });
});
