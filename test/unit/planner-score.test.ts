/**
 * Issue 6, item 3 (scoring): hand-checked cases — a single placement, multiplicative overlap,
 * displacement and diffusion into the buffer, partial activity in time, offences not covered,
 * harm tables, costs and the benefit–cost ratio — and property tests (fast-check) of the
 * invariants: never more prevented than the baseline; never a net increase when every effect
 * (and every draw of it) is a reduction.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gridDisk, latLngToCell } from 'h3-js';
import { baselineFromForecast, type Baseline } from '../../src/lib/planner/baseline';
import { CATALOGUE } from '../../src/lib/planner/catalogue';
import { defaultPlan, type Placement, type Plan } from '../../src/lib/planner/plan';
import { scorePlan } from '../../src/lib/planner/score';

const TOL = 1e-9;
const c0 = latLngToCell(40, -40, 9);
const ring = gridDisk(c0, 1).filter((c) => c !== c0).sort();
const CELLS = [c0, ...ring];

/** A baseline over c0 and its ring; `v(cell index)` gives [burglary, robbery]. */
function baseline(v: (i: number) => [number, number], months = 12): Baseline {
  return baselineFromForecast({
    res: 9, cells: CELLS, offences: ['Burglary', 'Robbery'], expected: CELLS.flatMap((_, i) => v(i)), horizonMonths: months,
    window: { from: '2023-01-01', to: '2023-12-31' }, method: 'test',
  });
}

function plan(placements: Partial<Placement>[], edit: (p: Plan) => void = () => {}): Plan {
  const p = defaultPlan('test', '2024-01-01', 9);
  p.data.mapping = { base: 'demo' };
  p.assumptions.displacement = { pDisplacement: 0, pDiffusion: 0, maxDisplacement: 1, maxDiffusion: 1 };
  p.monteCarlo.draws = 0;
  p.placements = placements.map((x, i) => ({ id: `p${i}`, intervention: 'street-lighting', footprint: { type: 'cells', cells: [c0] }, start: p.start, months: 12, bufferM: 0, ...x }));
  edit(p);
  return p;
}

const only = (i: number): [number, number] => (i === 0 ? [100, 10] : [0, 0]);

describe('scoring, hand-checked', () => {
  it('one placement: the effect on covered offences, harm, cost and benefit–cost', () => {
    const s = scorePlan(plan([{ cost: 10_000 }]), baseline(only));
    // −21 % of 110 incidents.
    expect(s.totals.direct).toBeCloseTo(23.1, 9);
    expect(s.totals.net).toBeCloseTo(23.1, 9);
    // Cambridge CHI: 21 burglaries × 273.5 + 2.1 robberies × 365.
    expect(s.totals.harm).toBeCloseTo(6510, 6);
    // Home Office costs: 21 × £5,930 + 2.1 × £11,320 = £148,302.
    expect(s.totals.benefit).toBeCloseTo(148_302, 4);
    expect(s.totals.bcr).toBeCloseTo(14.8302, 9);
    expect(s.totals.costPerIncident).toBeCloseTo(10_000 / 23.1, 9);
    expect(s.totals.costPerHarm).toBeCloseTo(10_000 / 6510, 9);
    expect(s.placements[0]).toMatchObject({ treatedCells: [c0], bufferCells: [], baselineCovered: 110, costBasis: 'quote' });
    expect(s.byOffence.map((o) => [o.offence, o.category])).toEqual([['Burglary', 'residential_burglary'], ['Robbery', 'robbery']]);
    expect(s.cells.find((c) => c.cell === c0)!.expected).toBeCloseTo(110 * 0.79, 9);
    expect(s.intervals.net).toBeNull();
  });

  it('overlapping placements multiply, never add, and the reduction is attributed by −ln r', () => {
    const s = scorePlan(plan([{}, { intervention: 'cctv-car-park' }]), baseline(only));
    const combined = 110 * (1 - 0.79 * 0.49);
    expect(s.totals.net).toBeCloseTo(combined, 9); // 67.419, not 110 × (0.21 + 0.51) = 79.2
    const [a, b] = s.placements;
    expect(a.direct + b.direct).toBeCloseTo(combined, 9);
    expect(a.direct / b.direct).toBeCloseTo(Math.log(0.79) / Math.log(0.49), 9);
  });

  it('displacement into the buffer: q = −0.5 moves half the gain, spread by the buffer\'s baseline', () => {
    const b = baseline((i) => (i === 0 ? [100, 0] : [10, 0]));
    const s = scorePlan(plan([{ bufferM: 200 }], (p) => { p.assumptions.displacement = { pDisplacement: 1, pDiffusion: 0, maxDisplacement: 1, maxDiffusion: 1 }; }), b);
    expect(s.placements[0].bufferRings).toBe(1);
    expect(s.placements[0].bufferCells).toEqual(ring);
    expect(s.totals.direct).toBeCloseTo(21, 9);
    expect(s.totals.buffer).toBeCloseTo(-10.5, 9);
    expect(s.totals.net).toBeCloseTo(10.5, 9);
    for (const c of ring) expect(s.cells.find((x) => x.cell === c)!.expected).toBeCloseTo(11.75, 9);
  });

  it('diffusion of benefits: q = +0.5, floored at the buffer\'s own baseline', () => {
    const diffuse = (p: Plan) => { p.assumptions.displacement = { pDisplacement: 0, pDiffusion: 1, maxDisplacement: 1, maxDiffusion: 1 }; };
    const s = scorePlan(plan([{ bufferM: 200 }], diffuse), baseline((i) => (i === 0 ? [100, 0] : [10, 0])));
    expect(s.totals.net).toBeCloseTo(31.5, 9);
    // A buffer holding only 0.06 incidents cannot prevent 10.5.
    const tiny = scorePlan(plan([{ bufferM: 200 }], diffuse), baseline((i) => (i === 0 ? [100, 0] : [0.01, 0])));
    expect(tiny.totals.net).toBeCloseTo(21.06, 9);
    expect(tiny.totals.buffer).toBeCloseTo(0.06, 9);
  });

  it('acts only while active: part of the horizon, overlapping in time', () => {
    // Horizon 2024-01-01 … 2025-01-01 (366 days); the second half starts on day 182.
    const f1 = 182 / 366, f2 = 184 / 366;
    const half = scorePlan(plan([{ start: '2024-07-01', months: 6, cost: undefined }], (p) => { p.costs['street-lighting'] = { currency: 'GBP', capital: 1000, annual: 1200, unit: 'cell', example: false }; }), baseline(only));
    expect(half.totals.net).toBeCloseTo(23.1 * f2, 9);
    expect(half.placements[0].activeMonths).toBeCloseTo(12 * f2, 9);
    expect(half.placements[0].cost).toBeCloseTo(1000 + 1200 * f2, 9);
    const both = scorePlan(plan([{}, { intervention: 'cctv-car-park', start: '2024-07-01', months: 6 }]), baseline(only));
    expect(both.totals.net).toBeCloseTo(110 * (f1 * 0.21 + f2 * (1 - 0.79 * 0.49)), 9);
  });

  it('applies an effect only to the offences its evidence covers', () => {
    const s = scorePlan(plan([{ intervention: 'foot-patrol' }]), baseline(only));
    expect(s.byOffence.find((o) => o.offence === 'Burglary')!.prevented).toBe(0);
    expect(s.totals.net).toBeCloseTo(2.3, 9); // robbery is violent crime: −23 % of 10
    const gating = scorePlan(plan([{ intervention: 'alley-gating' }]), baseline(only));
    expect(gating.totals.net).toBeCloseTo(37, 9);
  });

  it('weighs harm by the chosen table and prices benefit in the chosen currency', () => {
    const none = scorePlan(plan([{}], (p) => { p.harm = { index: 'none' }; }), baseline(only));
    expect(none.totals.harm).toBeCloseTo(none.totals.net, 9);
    const custom = scorePlan(plan([{}], (p) => { p.harm = { index: 'custom', name: 'c', unit: 'u', weights: { robbery: 100 } }; }), baseline(only));
    expect(custom.totals.harm).toBeCloseTo(210, 9);
    const us = scorePlan(plan([{ cost: 1000 }], (p) => { p.costOfCrime = { table: 'us-mccollister-2010' }; }), baseline(only));
    expect(us.totals.benefit).toBeCloseTo(21 * 6462 + 2.1 * 42310, 6);
    expect(us.totals.bcr).toBeNull();
    expect(us.warnings.some((w) => w.includes('Crime costs are in USD, the budget in GBP'))).toBe(true);
    const usd = scorePlan(plan([{ cost: 1000 }], (p) => { p.costOfCrime = { table: 'us-mccollister-2010' }; p.budget = { amount: 500, currency: 'USD' }; }), baseline(only));
    expect(usd.totals.bcr).toBeCloseTo((21 * 6462 + 2.1 * 42310) / 1000, 9);
    expect(usd.totals.withinBudget).toBe(false);
  });

  it('leaves unknown and foreign-currency costs out and says so', () => {
    const s = scorePlan(plan([{}, { intervention: 'cctv', cost: 500 }], (p) => { p.costs.cctv = { currency: 'EUR', capital: 1, annual: 1, unit: 'placement', example: false }; }), baseline(only));
    expect(s.placements[0].cost).toBeNull();
    expect(s.placements[1].cost).toBe(500); // a quote wins over the cost model
    expect(s.totals.unknownCosts).toEqual(['p0']);
    expect(s.totals.bcr).toBeNull();
    const ex = scorePlan(plan([{}], (p) => { p.assumptions.useExampleCosts = true; }), baseline(only));
    expect(ex.placements[0].costBasis).toBe('example');
    expect(ex.placements[0].cost).toBeCloseTo(60_000 + 3_000, 9);
    expect(ex.warnings).toContain('Some costs are illustrative examples, not prices.');
  });

  it('Monte Carlo: intervals around the point, reproducible from the seed', () => {
    const p = plan([{ bufferM: 200 }, { intervention: 'cctv' }], (x) => { x.assumptions.displacement = { pDisplacement: 0.26, pDiffusion: 0.27, maxDisplacement: 1, maxDiffusion: 1 }; });
    const b = baseline((i) => (i === 0 ? [100, 10] : [10, 1]));
    const s1 = scorePlan(p, b, { seed: 7, draws: 400 });
    const s2 = scorePlan(p, b, { seed: 7, draws: 400 });
    const s3 = scorePlan(p, b, { seed: 8, draws: 400 });
    expect(s1.intervals).toEqual(s2.intervals);
    expect(s1.intervals.net).not.toEqual(s3.intervals.net);
    expect(s1.seed).toBe(7);
    const i = s1.intervals.net!;
    expect(i.p5).toBeLessThan(s1.totals.net);
    expect(i.p95).toBeGreaterThan(s1.totals.net);
    // The point uses each effect's point (the mode of its draws) and the mean quotient: close to, not equal to, the draws' mean.
    expect(Math.abs(i.mean - s1.totals.net)).toBeLessThan(0.05 * s1.totals.net);
    expect(i.p5).toBeGreaterThanOrEqual(0);
  });
});

describe('scoring invariants (property tests)', () => {
  const reductions = CATALOGUE.filter((i) => i.effects.every((e) => e.point !== null && e.high! < 0)).map((i) => i.id);
  const any = CATALOGUE.filter((i) => i.effects.every((e) => e.point !== null)).map((i) => i.id);
  const placementArb = (ids: string[]) =>
    fc.record({
      intervention: fc.constantFrom(...ids),
      cells: fc.subarray(CELLS, { minLength: 1 }),
      offset: fc.integer({ min: 0, max: 11 }),
      months: fc.integer({ min: 1, max: 12 }),
      bufferM: fc.constantFrom(0, 200, 400),
    });
  const planArb = (ids: string[]) =>
    fc.record({
      values: fc.array(fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true })), { minLength: 7, maxLength: 7 }),
      placements: fc.array(placementArb(ids), { minLength: 1, maxLength: 4 }),
      d: fc.record({ pDisplacement: fc.double({ min: 0, max: 0.5, noNaN: true }), pDiffusion: fc.double({ min: 0, max: 0.5, noNaN: true }), maxDisplacement: fc.double({ min: 0, max: 1, noNaN: true }), maxDiffusion: fc.double({ min: 0, max: 1, noNaN: true }) }),
      seed: fc.integer({ min: 0, max: 1000 }),
    });
  const build = (x: { placements: { intervention: string; cells: string[]; offset: number; months: number; bufferM: number }[]; d: Plan['assumptions']['displacement'] }) =>
    plan(x.placements.map((p) => ({
      intervention: p.intervention, footprint: { type: 'cells', cells: p.cells }, bufferM: p.bufferM, months: p.months,
      start: new Date(Date.UTC(2024, p.offset, 1)).toISOString().slice(0, 10),
    })), (p) => { p.assumptions.displacement = x.d; });

  it('never prevents more than the baseline, whatever the effects', () => {
    fc.assert(
      fc.property(planArb(any), (x) => {
        const b = baseline((i) => x.values[i]);
        const s = scorePlan(build(x), b, { seed: x.seed, draws: 20 });
        const total = b.expected.reduce((a, v) => a + v, 0);
        expect(s.totals.net).toBeLessThanOrEqual(total + TOL);
        for (const o of s.byOffence) expect(o.prevented).toBeLessThanOrEqual(o.baseline + TOL);
        for (const c of s.cells) expect(c.expected).toBeGreaterThanOrEqual(0);
        expect(s.intervals.net!.p95).toBeLessThanOrEqual(total + TOL);
      }),
      { numRuns: 150, seed: 6 },
    );
  });

  it('prevents ≥ 0 when every effect is a reduction (point and every Monte Carlo draw)', () => {
    fc.assert(
      fc.property(planArb(reductions), (x) => {
        const s = scorePlan(build(x), baseline((i) => x.values[i]), { seed: x.seed, draws: 20 });
        expect(s.totals.net).toBeGreaterThanOrEqual(-TOL);
        expect(s.totals.direct).toBeGreaterThanOrEqual(-TOL);
        expect(s.intervals.net!.p5).toBeGreaterThanOrEqual(-TOL);
        for (const p of s.placements) expect(p.direct).toBeGreaterThanOrEqual(-TOL);
      }),
      { numRuns: 150, seed: 6 },
    );
  });
});
