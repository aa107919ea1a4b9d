/**
 * Issue 6, item 4: the budget optimiser. Exact answers are checked against brute force over
 * every subset (scored jointly, so multiplicative overlaps count); the frontier is monotone and
 * ends at the answer; the greedy fallback and cost rounding say that they are approximate.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gridDisk, latLngToCell } from 'h3-js';
import { baselineFromForecast } from '../../src/lib/planner/baseline';
import { candidateGrid, optimisePlan, type Candidate } from '../../src/lib/planner/optimise';
import { defaultPlan, type Plan } from '../../src/lib/planner/plan';
import { scorePlan } from '../../src/lib/planner/score';

const c0 = latLngToCell(40, -40, 9);
const POOL = gridDisk(c0, 2).sort();

function setup(values: [number, number][]) {
  const plan = defaultPlan('opt', '2024-01-01', 9);
  plan.data.mapping = { base: 'demo' };
  plan.monteCarlo.draws = 0;
  const baseline = baselineFromForecast({
    res: 9, cells: POOL, offences: ['Burglary', 'Robbery'], expected: POOL.flatMap((_, i) => values[i % values.length]), horizonMonths: 12,
    window: { from: '2023-01-01', to: '2023-12-31' }, method: 'test',
  });
  return { plan, baseline };
}

/** Best harm over every subset within budget, each subset scored jointly. */
function bruteForce(plan: Plan, baseline: ReturnType<typeof setup>['baseline'], cands: Candidate[], budget: number): number {
  let best = 0;
  for (let m = 0; m < 1 << cands.length; m++) {
    const chosen = cands.filter((_, j) => (m >> j) & 1);
    if (chosen.reduce((s, c) => s + c.cost!, 0) > budget) continue;
    const p = { ...plan, placements: chosen.map((c) => ({ id: c.id, intervention: c.intervention, footprint: c.footprint, start: plan.start, months: 12, cost: c.cost, bufferM: c.bufferM })) };
    best = Math.max(best, scorePlan(p, baseline).totals.harm);
  }
  return best;
}

const IDS = ['street-lighting', 'cctv-car-park', 'alley-gating', 'foot-patrol', 'hot-spots-policing'];

describe('budget optimiser', () => {
  it('matches brute force over every subset (interacting candidates included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 8 })), { minLength: 3, maxLength: 6 }),
        fc.array(fc.record({ iv: fc.constantFrom(...IDS), cell: fc.constantFrom(...POOL), cost: fc.integer({ min: 1, max: 12 }), bufferM: fc.constantFrom(0, 200) }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 40 }),
        (values, cs, budgetK) => {
          const { plan, baseline } = setup(values);
          const cands: Candidate[] = cs.map((c, i) => ({ id: `c${i}`, intervention: c.iv, footprint: { type: 'cells', cells: [c.cell] }, cost: c.cost * 1000, bufferM: c.bufferM }));
          const budget = budgetK * 1000;
          const r = optimisePlan(plan, baseline, cands, { budget });
          expect(r.method).toBe('exact');
          expect(r.cost).toBeLessThanOrEqual(budget);
          expect(r.harm).toBeCloseTo(bruteForce(plan, baseline, cands, budget), 6);
          // The chosen set, scored as a plan, gives the harm the optimiser reports.
          const joint = scorePlan({ ...plan, placements: r.placements }, baseline).totals.harm;
          expect(joint).toBeCloseTo(r.harm, 6);
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });

  it('returns a monotone frontier of budget against harm ending at the answer', () => {
    const { plan, baseline } = setup([[30, 5], [10, 1], [0, 0], [20, 3]]);
    const places = POOL.slice(0, 8).map((c) => ({ id: c, footprint: { type: 'cells' as const, cells: [c] } }));
    const cands = candidateGrid(['street-lighting', 'foot-patrol'], places).map((c, i) => ({ ...c, cost: 1000 * (1 + (i % 5)) }));
    const r = optimisePlan(plan, baseline, cands, { budget: 12_000 });
    expect(r.frontier.length).toBeGreaterThan(2);
    for (let i = 1; i < r.frontier.length; i++) {
      expect(r.frontier[i].budget).toBeGreaterThan(r.frontier[i - 1].budget);
      expect(r.frontier[i].harm).toBeGreaterThan(r.frontier[i - 1].harm);
      expect(r.frontier[i].cost).toBeLessThanOrEqual(r.frontier[i].budget);
    }
    expect(r.frontier.at(-1)!.harm).toBeCloseTo(r.harm, 9);
    expect(r.costUnit).toBe(1000);
    expect(cands[0].id).toBe(`street-lighting@${POOL[0]}`);
  });

  it('says when a large interacting group is searched greedily', () => {
    const { plan, baseline } = setup([[30, 5]]);
    const cands: Candidate[] = IDS.map((iv, i) => ({ id: iv, intervention: iv, footprint: { type: 'cells', cells: [c0] }, cost: 1000 * (i + 1) }));
    const r = optimisePlan(plan, baseline, cands, { budget: 6000, maxExactGroup: 3 });
    expect(r.method).toBe('approximate');
    expect(r.notes[0]).toMatch(/searched greedily/);
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0].method).toBe('greedy');
    expect(r.cost).toBeLessThanOrEqual(6000);
    const exact = optimisePlan(plan, baseline, cands, { budget: 6000 });
    expect(exact.method).toBe('exact');
    expect(exact.harm).toBeGreaterThanOrEqual(r.harm - 1e-9);
  });

  it('scores the chosen plan jointly and says so when groups do not add (diffusion floored at zero)', () => {
    const { plan, baseline } = setup([[1, 0]]);
    const big = baselineFromForecast({ ...baseline, expected: POOL.flatMap((c) => (c === c0 ? [100, 0] : [1, 0])), observed: undefined });
    plan.assumptions.displacement = { pDisplacement: 0, pDiffusion: 1, maxDisplacement: 1, maxDiffusion: 1 };
    const x = gridDisk(c0, 1).find((c) => c !== c0)!;
    const cands: Candidate[] = [
      { id: 'a', intervention: 'street-lighting', footprint: { type: 'cells', cells: [c0] }, cost: 1000, bufferM: 200 },
      { id: 'b', intervention: 'alley-gating', footprint: { type: 'cells', cells: [x] }, cost: 1000, bufferM: 0 },
    ];
    const r = optimisePlan(plan, big, cands, { budget: 2000 });
    expect(r.groups).toHaveLength(2);
    expect(r.chosen).toEqual(['a', 'b']);
    expect(r.method).toBe('approximate');
    expect(r.notes.some((n) => n.includes('Scored jointly'))).toBe(true);
    expect(r.harm).toBeCloseTo(scorePlan({ ...plan, placements: r.placements }, big).totals.harm, 9);
  });

  it('says when costs are rounded to keep the table small, and leaves out uncosted candidates', () => {
    const { plan, baseline } = setup([[30, 5]]);
    const cands: Candidate[] = [
      { id: 'a', intervention: 'street-lighting', footprint: { type: 'cells', cells: [POOL[0]] }, cost: 1234.56 },
      { id: 'b', intervention: 'cctv-car-park', footprint: { type: 'cells', cells: [POOL[10]] }, cost: 99_999.5 },
      { id: 'c', intervention: 'foot-patrol', footprint: { type: 'cells', cells: [POOL[5]] } },
      { id: 'd', intervention: 'foot-patrol', footprint: { type: 'cells', cells: [POOL[6]] }, cost: 5e6 },
    ];
    const r = optimisePlan(plan, baseline, cands, { budget: 1_000_000, maxStates: 1000 });
    expect(r.method).toBe('approximate');
    expect(r.notes.some((n) => n.includes('rounded up'))).toBe(true);
    expect(r.chosen).toEqual(['a', 'b']);
    expect(r.excluded.map((e) => e.id)).toEqual(['c', 'd']);
    expect(r.excluded[0].reason).toMatch(/unknown cost/);
    expect(() => optimisePlan(plan, baseline, [cands[0], cands[0]], { budget: 10 })).toThrow(/share the id/);
  });
});
