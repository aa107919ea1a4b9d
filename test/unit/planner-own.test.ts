/**
 * Issue 6, items 1 and 3: the planner's own interventions with their own evidence (the form, its
 * checks, validation, an edited copy of a catalogue entry replacing it), and the tables a planner
 * edits — the offence mapping, a shipped cost-of-crime table with edits, a custom one — with
 * hand-checked scores.
 */
import { describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { baselineFromForecast } from '../../src/lib/planner/baseline';
import { CATALOGUE } from '../../src/lib/planner/catalogue';
import { editableCopy, isCatalogueId, newIntervention, ownId, removalProblem } from '../../src/lib/planner/own-interventions';
import { defaultPlan, validatePlan, type Plan } from '../../src/lib/planner/plan';
import { scorePlan } from '../../src/lib/planner/score';
import { validateIntervention } from '../../src/lib/planner/validate-intervention';
import { blankEffect, draftProblems, fromDraft, toDraft } from '../../src/lib/state/planner/intervention-draft';

const cell = latLngToCell(51.5, -0.12, 9);
const baseline = baselineFromForecast({ res: 9, cells: [cell], offences: ['Burglary', 'Robbery'], expected: [100, 10], horizonMonths: 12, window: { from: '2023-01-01', to: '2023-12-31' }, method: 'test' });

function plan(edit: (p: Plan) => void): Plan {
  const p = defaultPlan('t', '2024-01-01', 9);
  p.data.mapping = { base: 'demo' };
  p.assumptions.displacement = { pDisplacement: 0, pDiffusion: 0, maxDisplacement: 1, maxDiffusion: 1 };
  p.monteCarlo.draws = 0;
  edit(p);
  return p;
}

describe('own interventions', () => {
  it('get a unique id from their name', () => {
    expect(ownId('Bike racks & CCTV!', [])).toBe('own-bike-racks-cctv');
    expect(ownId('Éclairage', ['own-eclairage'])).toBe('own-eclairage-2');
    expect(ownId('', [])).toBe('own-intervention');
    expect(newIntervention('Door chains', ['own-door-chains']).id).toBe('own-door-chains-2');
  });

  it('a blank form names what is missing; a filled one validates and round-trips', () => {
    const d = toDraft(newIntervention('', []));
    expect(draftProblems(d)).toEqual(['Give the intervention a name.', 'name the source of the figure (authors, year, publication).']);
    d.name = 'Door chains';
    d.effects[0] = { ...blankEffect(), all: false, categories: ['residential_burglary'], point: -30, low: -10, high: -45, citation: 'Local pilot (2023)' };
    expect(draftProblems(d)).toEqual(['the interval must hold the effect: low -10 % ≤ effect -30 % ≤ high -45 %.']);
    [d.effects[0].low, d.effects[0].high] = [-45, -10];
    d.effects[0].interval = 'assumed';
    expect(draftProblems(d)).toEqual([]);
    const iv = fromDraft(d, 'GBP');
    expect(iv.effects[0]).toMatchObject({ categories: ['residential_burglary'], point: -0.3, low: -0.45, high: -0.1, interval: 'assumed', significant: null });
    const v = validateIntervention(JSON.parse(JSON.stringify(iv)));
    expect(v.ok).toBe(true);
    expect(toDraft(iv)).toEqual(d);
    // Without an interval the form asks for one.
    expect(draftProblems({ ...d, effects: [{ ...d.effects[0], low: null }] })[0]).toMatch(/give the interval too/);
  });

  it('score with their own evidence, only on the offences they cover', () => {
    const d = toDraft(newIntervention('Door chains', []));
    d.effects[0] = { ...blankEffect(), all: false, categories: ['residential_burglary'], point: -30, low: -45, high: -10, citation: 'Local pilot (2023)' };
    const iv = fromDraft(d, 'GBP');
    const p = plan((p) => {
      p.interventions = [iv];
      p.placements = [{ id: 'p1', intervention: iv.id, footprint: { type: 'cells', cells: [cell] }, start: '2024-01-01', months: 12, bufferM: 0, cost: 1000 }];
    });
    const v = validatePlan(JSON.parse(JSON.stringify(p)));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const s = scorePlan(v.value, baseline);
    expect(s.totals.net).toBeCloseTo(30, 9); // 30 % of 100 burglaries, robbery untouched
    expect(s.placements[0].evidence[0].citation).toBe('Local pilot (2023)');
  });

  it('an edited copy of a catalogue entry replaces it in the plan (an effect for household security)', () => {
    const hs = CATALOGUE.find((i) => i.id === 'household-security')!;
    expect(isCatalogueId(hs.id)).toBe(true);
    const d = toDraft(editableCopy(hs));
    expect(d.effects[0].point).toBeNull();
    Object.assign(d.effects[0], { point: -50, low: -70, high: -30, interval: 'assumed', confirm: true });
    const p = plan((p) => {
      p.interventions = [fromDraft(d, 'GBP')];
      p.placements = [{ id: 'p1', intervention: hs.id, footprint: { type: 'cells', cells: [cell] }, start: '2024-01-01', months: 12, bufferM: 0 }];
    });
    const v = validatePlan(JSON.parse(JSON.stringify(p)));
    expect(v.ok).toBe(true);
    if (v.ok) expect(scorePlan(v.value, baseline).totals.net).toBeCloseTo(50, 9);
    // Without the copy, the catalogue entry has no figure and the plan is refused.
    const bare = validatePlan(JSON.parse(JSON.stringify({ ...p, interventions: [] })));
    expect(bare.ok).toBe(false);
    // Removing a copy is always allowed; removing a new entry that placements use is not.
    expect(removalProblem(p, hs.id)).toBeNull();
    expect(removalProblem({ placements: [...p.placements, { ...p.placements[0], id: 'p2', intervention: 'own-x' }] }, 'own-x')).toBe('1 placement uses it: remove it first.');
  });
});

describe('tables the planner edits', () => {
  const lit = (edit: (p: Plan) => void = () => {}) =>
    plan((p) => {
      p.placements = [{ id: 'p1', intervention: 'street-lighting', footprint: { type: 'cells', cells: [cell] }, start: '2024-01-01', months: 12, bufferM: 0, cost: 10_000 }];
      edit(p);
    });

  it('a changed offence mapping changes harm and benefit', () => {
    // Street lighting: −21 % of all: 21 burglaries and 2.1 robberies prevented.
    const a = scorePlan(lit(), baseline);
    expect(a.totals.harm).toBeCloseTo(21 * 273.5 + 2.1 * 365, 6);
    const b = scorePlan(lit((p) => (p.data.mapping.edits = { Burglary: 'non_residential_burglary' })), baseline);
    expect(b.totals.harm).toBeCloseTo(21 * 183.5 + 2.1 * 365, 6);
    // The Home Office table does not price non-residential burglary: only the robberies count.
    expect(b.totals.benefit).toBeCloseTo(2.1 * 11_320, 6);
    expect(b.byOffence[0]).toMatchObject({ offence: 'Burglary', category: 'non_residential_burglary' });
  });

  it('an edited shipped table and a custom table price the prevented incidents', () => {
    const e = scorePlan(lit((p) => (p.costOfCrime = { table: 'uk-home-office-2018', edits: { residential_burglary: 4000 } })), baseline);
    expect(e.totals.benefit).toBeCloseTo(21 * 4000 + 2.1 * 11_320, 6);
    const c = scorePlan(lit((p) => (p.costOfCrime = { table: 'custom', name: 'Mine', currency: 'GBP', costs: { residential_burglary: 1000, robbery: 5000 } })), baseline);
    expect(c.totals.benefit).toBeCloseTo(21 * 1000 + 2.1 * 5000, 6);
    expect(c.totals.bcr).toBeCloseTo((21 * 1000 + 2.1 * 5000) / 10_000, 9);
    expect(validatePlan(JSON.parse(JSON.stringify(lit((p) => (p.costOfCrime = { table: 'custom', name: 'Mine', currency: 'GBP', costs: { robbery: 5000 } })))))).toMatchObject({ ok: true });
  });
});
