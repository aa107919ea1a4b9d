/**
 * Issue #5 items 3 and 5: the relative-risk surface (its definitions), the comparison with hot
 * spots ("places to protect early"), and what-if edits — the expected change equals the closed
 * form exp(β₀ + x′β) − exp(β₀ + xβ), edits only touch what they select, unused feature types have
 * no effect, control layers are held fixed, the selectors (cells, nearest place, everything)
 * pick what they say, and every result carries the association-is-not-causation caution. The
 * model's forecast accuracy is the hot-spot evaluation applied to the training fit's ranking.
 */
import { describe, expect, it } from 'vitest';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { pointLayer } from '../../src/lib/environment/layer';
import { riskTerrain } from '../../src/lib/analysis/risk/risk-terrain';
import { compareWithHotSpots, percentiles, riskSurface } from '../../src/lib/analysis/risk/surface';
import { addCamera, applyEdits, CAUTION, greenVacantLot, removeFeature, repairStreetLights, whatIf } from '../../src/lib/analysis/risk/what-if';
import { riskForecast } from '../../src/lib/analysis/risk/forecast';
import { accuracy } from '../../src/lib/analysis/hotspots/accuracy';
import { haversine } from '../../src/lib/analysis/risk/study-area';
import type { RiskModel } from '../../src/lib/analysis/risk/model';
import { rng } from '../../src/lib/analysis/random';

const centre = latLngToCell(40, -40, 9);
const cells = gridDisk(centre, 8);
const r = rng(9);
const scatter = (n: number, type: string) => {
  const lon = Float64Array.from({ length: n }, () => -40 + (r.next() - 0.5) * 0.06);
  const lat = Float64Array.from({ length: n }, () => 40 + (r.next() - 0.5) * 0.045);
  return pointLayer(type, 'test', lon, lat, Array.from({ length: n }, (_, i) => `${type}-${i}`));
};
const lights = scatter(120, 'street_light_out');
const bars = scatter(40, 'bar');
const vacant = scatter(30, 'vacant');
// Counts generated from the k = 1 terms with known effects.
const bin = (l: typeof lights) => { const m = new Map<string, number>(); for (let i = 0; i < l.n; i++) { const c = latLngToCell(l.lat[i], l.lon[i], 9); m.set(c, (m.get(c) ?? 0) + 1); } return m; };
const [bl, bb] = [bin(lights), bin(bars)];
const disk = (m: Map<string, number>, c: string) => gridDisk(c, 1).reduce((s, d) => s + (m.get(d) ?? 0), 0);
const counts = Float64Array.from(cells, (c) => {
  const mu = Math.exp(0.3 + 0.2 * disk(bl, c) + 0.35 * disk(bb, c));
  let k = 0, p = Math.exp(-mu), s = p;
  const u = r.next();
  while (u > s) { k++; p *= mu / k; s += p; }
  return k;
});

describe('risk surface and hot-spot comparison', () => {
  const rt = riskTerrain(cells, counts, [lights, bars, vacant], { k: 1 });

  it('recovers the planted effects and defines the surface as documented', () => {
    const [, l, b] = rt.model.factors;
    expect(Math.abs(l.coefficient - 0.2)).toBeLessThan(3 * l.standardError!);
    expect(Math.abs(b.coefficient - 0.35)).toBeLessThan(3 * b.standardError!);
    const s = rt.surface;
    const mean = s.expected.reduce((a, v) => a + v, 0) / s.expected.length;
    cells.forEach((_, i) => {
      const eta = rt.model.beta.reduce((acc, bj, j) => acc + bj * rt.design.columns[j][i], 0);
      expect(s.relativeRisk[i]).toBeCloseTo(Math.exp(eta), 12);
      expect(s.expected[i]).toBeCloseTo(Math.exp(rt.model.intercept + eta), 10);
      expect(s.riskIndex[i]).toBeCloseTo(s.expected[i] / mean, 12);
    });
    // Modelled expected incidents add up to the observed total (Poisson score equation with an intercept).
    expect(s.expected.reduce((a, v) => a + v, 0)).toBeCloseTo(counts.reduce((a, v) => a + v, 0), 6);
  });

  it('ranks percentiles with ties sharing their mean rank', () => {
    expect(Array.from(percentiles([3, 1, 2, 2]))).toEqual([1, 0, 0.5, 0.5]);
  });

  it('classes cells into risky-hot, protect-early and hot-not-risky', () => {
    const model = { intercept: 0, beta: Float64Array.of(1) } as unknown as RiskModel;
    const x = Float64Array.of(5, 4, 3, 2, 1, 0, 0, 0, 0, 0);
    const surf = riskSurface(model, [x], Array.from({ length: 10 }, (_, i) => `c${i}`));
    const cmp = compareWithHotSpots(surf, [9, 0, 0, 0, 0, 8, 1, 0, 0, 0], { riskShare: 0.3, hotShare: 0.2 });
    // High risk: c0–c2; hot: c0, c5; low crime: count ≤ median (0).
    expect(Array.from(cmp.classes)).toEqual([1, 2, 2, 0, 0, 3, 0, 0, 0, 0]);
    expect(cmp.counts).toEqual({ other: 6, 'risky-hot': 1, 'protect-early': 2, 'hot-not-risky': 1 });
    expect(cmp.protectEarly).toEqual([1, 2]);
    expect(cmp.hotCellsHighRisk).toBe(0.5);
    expect(cmp.incidentsInHighRisk).toBeCloseTo(9 / 18, 12);
    const flagged = compareWithHotSpots(surf, [9, 0, 0, 0, 0, 8, 1, 0, 0, 0], { riskShare: 0.3, hot: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0] });
    expect(Array.from(flagged.classes).slice(0, 3)).toEqual([0, 2, 1]);
  });
});

describe('what if', () => {
  const rt = riskTerrain(cells, counts, [lights, bars, vacant], { k: 1 });
  const [la, lo] = cellToLatLng(centre);
  const area = [[[lo - 0.01, la - 0.008], [lo + 0.01, la - 0.008], [lo + 0.01, la + 0.008], [lo - 0.01, la + 0.008], [lo - 0.01, la - 0.008]]];

  it('repairs the broken lights inside an area and predicts the change in closed form', () => {
    const res = whatIf(rt, [repairStreetLights(area)]);
    const inside = Array.from({ length: lights.n }, (_, i) => i).filter((i) => Math.abs(lights.lon[i] - lo) < 0.01 && Math.abs(lights.lat[i] - la) < 0.008);
    expect(res.affected[0].features).toBe(inside.length);
    expect(res.changedTypes).toEqual(['street_light_out']);
    expect(res.noEffect).toEqual(['street_light']); // the repaired lights become a type the model does not use
    const { layers } = applyEdits(rt.layers, [repairStreetLights(area)]);
    const left = layers.find((l) => l.type === 'street_light_out')!;
    expect(left.n).toBe(lights.n - inside.length);
    expect(layers.find((l) => l.type === 'street_light')!.n).toBe(inside.length);
    const bl2 = bin(left);
    const j = rt.model.names.indexOf('street_light_out');
    cells.forEach((c, i) => {
      const x0 = disk(bl, c), x1 = disk(bl2, c);
      const eta0 = rt.model.beta.reduce((a, b, k) => a + b * rt.design.columns[k][i], 0);
      const eta1 = eta0 + rt.model.beta[j] * (x1 - x0);
      expect(res.change[i]).toBeCloseTo(Math.exp(rt.model.intercept + eta1) - Math.exp(rt.model.intercept + eta0), 10);
    });
    expect(res.totalChange).toBeLessThan(0);
    expect(res.totalChange).toBeCloseTo(res.totalAfter - res.totalBefore, 10);
    expect(res.totalChangeInterval[0]).toBeLessThan(res.totalChange);
    expect(res.totalChangeInterval[1]).toBeGreaterThan(res.totalChange);
    expect(res.caution).toBe(CAUTION);
    expect(res.caution).toMatch(/not causal/);
  });

  it('removes one bar, adds a camera (unused type: no effect), greens a vacant lot', () => {
    const one = whatIf(rt, [removeFeature('bar', 'bar-0')]);
    expect(one.affected[0].features).toBe(1);
    expect(one.totalChange).toBeLessThan(0);
    const cam = whatIf(rt, [addCamera(lo, la)]);
    expect(cam.noEffect).toEqual(['cctv']);
    expect(cam.totalChange).toBe(0);
    const green = whatIf(rt, [greenVacantLot('vacant-3')]);
    expect(green.affected[0].features).toBe(1);
    const { layers } = applyEdits(rt.layers, [greenVacantLot('vacant-3')]);
    expect(layers.find((l) => l.type === 'park')!.ids).toEqual(['vacant-3']);
    expect(layers.find((l) => l.type === 'vacant')!.n).toBe(29);
    expect(whatIf(rt, [removeFeature('bar', 'no-such-bar')]).affected[0].features).toBe(0);
    expect(() => applyEdits(rt.layers, [{ kind: 'remove', type: 'bar' }])).toThrow(/ids or an area/);
  });
});

describe('what if with a control layer and map selections', () => {
  // Working lights: a control. Broken lights: the factor. Counts depend on broken lights only.
  const working = scatter(200, 'street_light');
  const rt = riskTerrain(cells, counts, [lights, working, bars], { k: 1, design: { controls: ['street_light'] } });
  const all = { all: true } as const;

  it('holds a control fixed: a repaired light leaves the broken-lights factor and adds no street density', () => {
    expect(rt.model.factors.find((f) => f.term === 'street_light')).toMatchObject({ role: 'control', selected: true });
    const res = whatIf(rt, [repairStreetLights(all)]);
    expect(res.affected[0].features).toBe(lights.n);
    expect(res.changedTypes).toEqual(['street_light_out']);
    expect(res.heldFixed).toEqual(['street_light']);
    expect(res.noEffect).toEqual([]);
    // Closed form: only the broken-lights term changes (to 0 everywhere).
    const j = rt.model.names.indexOf('street_light_out');
    cells.forEach((c, i) => {
      const eta0 = rt.model.beta.reduce((a, b, k) => a + b * rt.design.columns[k][i], 0);
      const eta1 = eta0 - rt.model.beta[j] * rt.design.columns[j][i];
      expect(res.change[i]).toBeCloseTo(Math.exp(rt.model.intercept + eta1) - Math.exp(rt.model.intercept + eta0), 10);
    });
    expect(rt.model.beta[j]).toBeGreaterThan(0);
    expect(res.totalChange).toBeLessThan(0);
    // Without the control, the same repair adds 120 lights to a factor the model also uses.
    const free = riskTerrain(cells, counts, [lights, working, bars], { k: 1 });
    expect(whatIf(free, [repairStreetLights(all)]).changedTypes).toEqual(['street_light_out', 'street_light']);
    // Adding a working light (a control) changes nothing.
    const add = whatIf(rt, [{ kind: 'add', type: 'street_light', lon: -40, lat: 40 }]);
    expect(add).toMatchObject({ totalChange: 0, heldFixed: ['street_light'] });
  });

  it('selects by picked cells, by the feature nearest a clicked place, and everything', () => {
    const picked = gridDisk(centre, 2);
    const inPicked = Array.from({ length: bars.n }, (_, f) => f).filter((f) => picked.includes(latLngToCell(bars.lat[f], bars.lon[f], 9)));
    expect(inPicked.length).toBeGreaterThan(0);
    const byCells = applyEdits(rt.layers, [{ kind: 'remove', type: 'bar', cells: picked }]);
    expect(byCells.affected).toEqual([inPicked.length]);
    expect(byCells.layers.find((l) => l.type === 'bar')!.n).toBe(bars.n - inPicked.length);
    expect(applyEdits(rt.layers, [{ kind: 'remove', type: 'bar', cells: [] }]).affected).toEqual([0]);
    // Nearest to a place: the closest bar only, and none when none is within reach.
    const [lo, la] = [-40.004, 40.002];
    let best = -1, bestD = Infinity;
    for (let f = 0; f < bars.n; f++) { const d = haversine(lo, la, bars.lon[f], bars.lat[f]); if (d < bestD) { bestD = d; best = f; } }
    const near = applyEdits(rt.layers, [{ kind: 'remove', type: 'bar', near: { lon: lo, lat: la, maxM: bestD + 1 } }]);
    expect(near.affected).toEqual([1]);
    expect(near.layers.find((l) => l.type === 'bar')!.ids).not.toContain(bars.ids[best]);
    expect(applyEdits(rt.layers, [{ kind: 'remove', type: 'bar', near: { lon: lo, lat: la, maxM: bestD - 1 } }]).affected).toEqual([0]);
    expect(applyEdits(rt.layers, [{ kind: 'remove', type: 'bar', all: true }]).affected).toEqual([bars.n]);
  });
});

describe('risk model accuracy as a forecast', () => {
  it('ranks by the training fit only and scores with the hot-spot evaluation', () => {
    // Test counts: the same process again. Training counts: `counts`.
    const r2 = rng(77);
    const test = Float64Array.from(cells, (c) => {
      const mu = Math.exp(0.3 + 0.2 * disk(bl, c) + 0.35 * disk(bb, c));
      let k = 0, p = Math.exp(-mu), s = p;
      const u = r2.next();
      while (u > s) { k++; p *= mu / k; s += p; }
      return k;
    });
    const shares = [0.05, 0.1, 0.2];
    const f = riskForecast(cells, counts, test, [lights, bars, vacant], { k: 1, penalty: 'lasso', seed: 1, folds: 5 }, shares);
    expect(f.points).toEqual(accuracy(f.terrain.surface.expected, test, counts, shares));
    expect(f.selected).toEqual(expect.arrayContaining(['street_light_out', 'bar']));
    // The environment drives crime here, so the ranking beats chance clearly.
    expect(f.points[0].pai).toBeGreaterThan(2);
    // The test counts do not reach the fit.
    const g = riskForecast(cells, counts, test.map((v) => v * 2 + 1), [lights, bars, vacant], { k: 1, penalty: 'lasso', seed: 1, folds: 5 }, shares);
    expect(Array.from(g.score)).toEqual(Array.from(f.score));
    expect(() => riskForecast(cells, counts.slice(1), test, [bars], {}, shares)).toThrow(/training/);
  });
});
