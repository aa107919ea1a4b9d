/**
 * Issue 6, item 2: the plan JSON (what the app saves and `cli score` reads) validates with
 * messages that name the field at fault, fills defaults, and round-trips.
 */
import { describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { validatePlan, DEFAULT_DISPLACEMENT } from '../../src/lib/planner/plan';

const cell = latLngToCell(40, -40, 9);
const minimal = () => ({
  version: 1, name: 'Test plan', start: '2024-01-01', horizonMonths: 12, data: { res: 9 },
  placements: [{ id: 'a', intervention: 'street-lighting', footprint: { type: 'cells', cells: [cell] }, cost: 1000 }],
});
const errorsOf = (json: unknown) => {
  const v = validatePlan(json);
  return v.ok ? [] : v.errors;
};

describe('plan validation', () => {
  it('accepts a minimal plan and fills every default', () => {
    const v = validatePlan(minimal());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const p = v.value;
    expect(p.assumptions.displacement).toEqual(DEFAULT_DISPLACEMENT);
    expect(p.harm).toEqual({ index: 'cambridge-chi' });
    expect(p.costOfCrime).toEqual({ table: 'uk-home-office-2018' });
    expect(p.baseline.windowMonths).toBe(12);
    expect(p.monteCarlo).toEqual({ draws: 1000, seed: 1 });
    expect(p.placements[0]).toMatchObject({ start: '2024-01-01', months: 12 });
    // What the app saves validates again to the same plan.
    const again = validatePlan(JSON.parse(JSON.stringify(p)));
    expect(again.ok && again.value).toEqual(p);
  });

  it('names the field and what it must be', () => {
    expect(errorsOf(null)).toEqual(['plan: must be an object, got null.']);
    const e = errorsOf({ ...minimal(), version: 2, start: '2024-02-30', horizonMonths: 0, data: { res: 5 } });
    expect(e).toContain('version: must be 1, got 2.');
    expect(e).toContain('start: must be a date YYYY-MM-DD, got "2024-02-30".');
    expect(e).toContain('horizonMonths: must be a whole number from 1 to 120, got 0.');
    expect(e).toContain('data.res: must be a whole number from 6 to 11, got 5.');
  });

  it('checks placements: intervention, footprint and ids', () => {
    const p = minimal();
    const e = errorsOf({
      ...p,
      placements: [
        { id: 'a', intervention: 'no-such', footprint: { type: 'cells', cells: [cell] } },
        { id: 'a', intervention: 'cctv', footprint: { type: 'cells', cells: [latLngToCell(40, -40, 8), 'zzz'] } },
        { id: 'c', intervention: 'cctv', footprint: { type: 'circle', lat: 40, lon: -40, radiusM: 0 } },
        { id: 'd', intervention: 'alley-gating', footprint: { type: 'segment', coordinates: [[-40, 40]], widthM: 20 } },
        { id: 'e', intervention: 'cctv', footprint: { type: 'polygon', coordinates: [[[-40, 40], [-40.01, 40], [-40, 40]]] } },
        { id: 'f', intervention: 'household-security', footprint: { type: 'address', lat: 40, lon: -40 } },
        { id: 'g', intervention: 'cctv', footprint: { type: 'hexagon' } },
      ],
    });
    expect(e).toContain('placements[0].intervention: no intervention "no-such" in the catalogue or the plan\'s own interventions.');
    expect(e).toContain('placements[1].footprint.cells[0]: is an H3 cell at resolution 8, the plan works at resolution 9.');
    expect(e).toContain('placements[1].footprint.cells[1]: is not an H3 cell: "zzz".');
    expect(e).toContain('placements[2].footprint.radiusM: must be a number from 1 to 20000, got 0.');
    expect(e).toContain('placements[3].footprint.coordinates: a street segment needs at least two [lon, lat] points.');
    expect(e).toContain('placements[4].footprint.coordinates[0]: a ring needs at least four [lon, lat] points, the last equal to the first.');
    expect(e.some((m) => m.startsWith('placements[5].intervention: "Household security (window and door locks)" has no effect figure'))).toBe(true);
    expect(e.some((m) => m.startsWith('placements[6].footprint.type: must be one of'))).toBe(true);
  });

  it('rejects duplicate placement ids', () => {
    const p = minimal();
    expect(errorsOf({ ...p, placements: [p.placements[0], p.placements[0]] })).toContain('placements[1].id: "a" is used by another placement.');
  });

  it('checks assumptions, tables and mapping', () => {
    const e = errorsOf({
      ...minimal(),
      assumptions: { displacement: { pDisplacement: 0.7, pDiffusion: 0.5, maxDiffusion: 2 } },
      harm: { index: 'custom', name: 'x', unit: 'y', weights: { robbery: -1, burglary: 2 } },
      costOfCrime: { table: 'eu-2030' },
      data: { res: 9, mapping: { base: 'demo', edits: { Assault: 'violence' } } },
      monteCarlo: { draws: 1.5 },
    });
    expect(e).toContain('assumptions.displacement.maxDiffusion: must be a number from 0 to 1, got 2.');
    expect(e).toContain('assumptions.displacement: pDisplacement + pDiffusion must not exceed 1 (got 1.2).');
    expect(e).toContain('harm.weights.robbery: must be a number ≥ 0, got -1.');
    expect(e).toContain('harm.weights.burglary: is not an offence category.');
    expect(e.some((m) => m.startsWith('costOfCrime.table: must be one of'))).toBe(true);
    expect(e.some((m) => m.startsWith('data.mapping.edits["Assault"]: must be one of homicide'))).toBe(true);
    expect(e).toContain('monteCarlo.draws: must be a whole number from 0 to 100000, got 1.5.');
  });

  it('warns, without blocking, about unknown and foreign-currency costs and example costs', () => {
    const p = minimal();
    const v = validatePlan({
      ...p,
      placements: [{ id: 'a', intervention: 'street-lighting', footprint: { type: 'cells', cells: [cell] } }, { id: 'b', intervention: 'cctv', footprint: { type: 'address', lat: 40, lon: -40 } }],
      costs: { cctv: { currency: 'USD', capital: 1, annual: 1, unit: 'placement' } },
    });
    expect(v.ok).toBe(true);
    expect(v.warnings.some((w) => w.includes('no cost for "Improved street lighting"'))).toBe(true);
    expect(v.warnings.some((w) => w.includes('is costed in USD, the budget in GBP'))).toBe(true);
    const ex = validatePlan({ ...p, placements: [{ ...p.placements[0], cost: undefined }], assumptions: { useExampleCosts: true } });
    expect(ex.warnings.some((w) => w.includes('illustrative examples'))).toBe(true);
  });

  it('takes the planner\'s own interventions and unit costs', () => {
    const own = {
      id: 'mural', name: 'Community mural', techniques: ['alert conscience'], cpted: ['territorial reinforcement'], footprint: 'address', bufferM: 50,
      effects: [{ categories: ['criminal_damage'], point: -0.2, low: -0.3, high: -0.1, interval: 'assumed', citation: 'Council pilot', confirm: false }],
      cost: { currency: null, capital: null, annual: null, unit: 'placement', example: false },
    };
    const v = validatePlan({
      ...minimal(), interventions: [own], costs: { mural: { currency: 'GBP', capital: 5000, annual: 0, unit: 'placement' }, nope: { currency: 'GBP', capital: 1, annual: 1, unit: 'cell' } },
      placements: [{ id: 'm', intervention: 'mural', footprint: { type: 'address', lat: 40, lon: -40 } }],
    });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.errors).toEqual(['costs["nope"]: no intervention has this id.']);
  });
});
