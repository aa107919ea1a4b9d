/**
 * The smoothed baseline (src/lib/planner/baseline-smoothed.ts): spreading keeps every offence's
 * total (property), a share of 1 is the recent rate itself, the share is chosen inside the window
 * (smoothing wins where incidents scatter around places, not where they repeat at the same
 * cells), plans carry the choice, and its method line is written in the report's language.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { recentRateBaseline, type IncidentRows } from '../../src/lib/planner/baseline';
import { planBaseline, smoothedBaseline, spread } from '../../src/lib/planner/baseline-smoothed';
import { defaultPlan, validatePlan } from '../../src/lib/planner/plan';
import { isKnownPlannerText, plannerText } from '../../src/lib/i18n/planner-texts';
import { rng } from '../../src/lib/analysis/random';

const c0 = latLngToCell(41.88, -87.63, 9);
const area = gridDisk(c0, 6);

/** `n` incidents a month over 24 months: scattered around `centres` (within 2 rings) or exactly at them. */
function rows(centres: string[], n: number, scatter: boolean, seed = 1): IncidentRows {
  const r = rng(seed);
  const ms: number[] = [], cell: string[] = [], offence: string[] = [];
  for (let m = 0; m < 24; m++)
    for (let i = 0; i < n; i++) {
      const c = centres[r.int(centres.length)];
      const ring = gridDisk(c, 2);
      cell.push(scatter ? ring[r.int(ring.length)] : c);
      ms.push(Date.UTC(2022, m, 1 + r.int(27), r.int(24)));
      offence.push(r.next() < 0.7 ? 'Burglary' : 'Robbery');
    }
  return { n: ms.length, ms: Float64Array.from(ms), cell, offence };
}

describe('smoothed baseline', () => {
  it('spreading keeps each offence total, whatever the counts and the share', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: area.length - 1 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })), { minLength: 1, maxLength: 30 }), fc.constantFrom(1, 0.75, 0.5, 0.25, 0), (xs, a) => {
        const m = new Map<string, Float64Array>();
        for (const [i, x, y] of xs) m.set(area[i], Float64Array.of(x, y));
        const out = spread(m, 2, a);
        for (let j = 0; j < 2; j++) {
          const before = [...m.values()].reduce((s, v) => s + v[j], 0);
          const after = [...out.values()].reduce((s, v) => s + v[j], 0);
          expect(after).toBeCloseTo(before, 9);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a share of 1 is the recent rate; with scattered incidents smoothing is chosen and keeps the total', () => {
    const centres = [c0, area[40], area[90]];
    const data = rows(centres, 6, true);
    const opts = { res: 9, windowMonths: 24, horizonMonths: 12, asOf: '2024-01-01' };
    const recent = recentRateBaseline(data, opts);
    const s = smoothedBaseline(data, opts);
    expect(s.alpha).toBeLessThan(1);
    expect(s.deviance.chosen).toBeLessThan(s.deviance.unsmoothed);
    const sum = (x: Float64Array) => x.reduce((a, b) => a + b, 0);
    expect(sum(s.expected)).toBeCloseTo(sum(recent.expected), 6);
    expect(s.cells.length).toBeGreaterThan(recent.cells.length);
    expect(s.offences).toEqual(recent.offences);
    // Observed counts (for suppression) are the cells' own, 0 where only smoothing reached.
    expect(s.observed.reduce((a, b) => a + b, 0)).toBe(recent.observed.reduce((a, b) => a + b, 0));
    const one = spread(new Map(recent.cells.map((c, i) => [c, Float64Array.from(recent.expected.subarray(i * 2, i * 2 + 2))])), 2, 1);
    for (const [c, v] of one) expect([...v]).toEqual([...recent.expected.subarray(recent.cells.indexOf(c) * 2, recent.cells.indexOf(c) * 2 + 2)]);
  });

  it('keeps the cells as they are when incidents repeat at the same places', () => {
    const fixed = Array.from({ length: 40 }, (_, i) => area[(i * 7) % area.length]);
    const s = smoothedBaseline(rows(fixed, 60, false, 3), { res: 9, windowMonths: 24, horizonMonths: 12, asOf: '2024-01-01' });
    expect(s.alpha).toBe(1);
    expect(cellToLatLng(s.cells[0])).toHaveLength(2);
  });

  it('is a plan setting, checked when a plan is read, and its method line is translated', () => {
    const plan = defaultPlan('p', '2024-01-01', 9);
    expect(validatePlan({ ...plan, baseline: { windowMonths: 12, method: 'smoothed' } })).toMatchObject({ ok: true, value: { baseline: { method: 'smoothed' } } });
    expect(validatePlan({ ...plan, baseline: { windowMonths: 12, method: 'kde' } }).ok).toBe(false);
    const data = rows([c0, area[40]], 20, true);
    const b = planBaseline(data, { ...plan, baseline: { windowMonths: 24, method: 'smoothed' } });
    expect(b.method).toMatch(/^Constant recent rate: .* Smoothed over neighbouring cells: each cell keeps \d+ % /);
    expect(isKnownPlannerText(b.method)).toBe(true);
    expect(plannerText(b.method, 'es')).toMatch(/^Tasa reciente constante.*Suavizado con las celdas vecinas: cada celda conserva el \d+ %/);
    expect(plannerText(b.method, 'fr')).toMatch(/Lissé sur les cellules voisines/);
    expect(planBaseline(data, { ...plan, baseline: { windowMonths: 24 } }).method).not.toMatch(/Smoothed/);
  });
});
