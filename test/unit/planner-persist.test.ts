/**
 * The planner's saved state (src/lib/state/planner/persist.ts): what `Planner.toJSON` writes reads
 * back whole through `parsePlannerSave` — the plan with its own interventions and edited tables,
 * scenarios with scores, the comparison, candidates from the Repeats tab — and broken parts are
 * refused (the plan) or dropped with a warning (a scenario, a candidate).
 */
import { describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { repeatPlaceCandidates } from '../../src/lib/analysis/repeats/candidates';
import { repeatPlaces } from '../../src/lib/analysis/repeats/repeat-places';
import { baselineFromForecast } from '../../src/lib/planner/baseline';
import { fromDraft, toDraft } from '../../src/lib/state/planner/intervention-draft';
import { newIntervention } from '../../src/lib/planner/own-interventions';
import { defaultPlan } from '../../src/lib/planner/plan';
import { scorePlan } from '../../src/lib/planner/score';
import { parsePlannerSave, PLANNER_SAVE_KIND, type PlannerSave } from '../../src/lib/state/planner/persist';

const cell = latLngToCell(51.5, -0.12, 9);

function save(): PlannerSave {
  const d = toDraft(newIntervention('Door chains', []));
  Object.assign(d.effects[0], { point: -30, low: -45, high: -10, citation: 'Local pilot (2023)', interval: 'assumed' });
  const own = fromDraft(d, 'GBP');
  const plan = defaultPlan('Saved', '2024-01-01', 9);
  plan.interventions = [own];
  plan.costs[own.id] = { currency: 'GBP', capital: 100, annual: null, unit: 'placement', example: false };
  plan.harm = { index: 'custom', name: 'Mine', unit: 'points', weights: { residential_burglary: 3 } };
  plan.data.mapping = { base: 'demo', edits: { Assault: 'violence_with_injury' } };
  plan.placements = [
    { id: 'p1', intervention: own.id, footprint: { type: 'cells', cells: [cell] }, start: '2024-01-01', months: 12 },
    { id: 'p2', intervention: 'street-lighting', footprint: { type: 'polygon', coordinates: [[[-0.13, 51.49], [-0.11, 51.49], [-0.11, 51.51], [-0.13, 51.49]]] }, start: '2024-01-01', months: 6, cost: 500 },
  ];
  const baseline = baselineFromForecast({ res: 9, cells: [cell], offences: ['Burglary'], expected: [10], horizonMonths: 12, window: { from: '2023-01-01', to: '2023-12-31' }, method: 'test' });
  const score = scorePlan(plan, baseline, { draws: 50 });
  const DAY = 86_400_000;
  const inbox = repeatPlaceCandidates(repeatPlaces({
    ms: Float64Array.from([0, 3].map((k) => Date.UTC(2023, 5, 1) + k * DAY)), lat: Float64Array.of(51.5, 51.5), lon: Float64Array.of(-0.12, -0.12),
    offence: ['Burglary', 'Burglary'], location: ['1 High St', '1 High St'],
  }));
  return {
    kind: PLANNER_SAVE_KIND, version: 1, plan, followFilters: false, selected: own.id, topN: 7,
    scenarios: [{ name: 'A', plan, score }, { name: 'B', plan: { ...plan, placements: [] }, score: null }], compare: { a: 'A', b: 'B' }, inbox,
  };
}

describe('saved planner state', () => {
  it('reads back whole through JSON', () => {
    const s = save();
    const v = parsePlannerSave(JSON.parse(JSON.stringify(s)));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.warnings).toEqual([]);
    // Rows of incidents are not kept with the candidates.
    expect(v.value).toEqual({ ...JSON.parse(JSON.stringify(s)), inbox: s.inbox.map((c) => ({ ...c, rows: [] })) });
  });

  it('refuses a broken plan or another kind of file, naming the field', () => {
    const s = save();
    expect(parsePlannerSave({ ...s, kind: 'something' })).toMatchObject({ ok: false, errors: [expect.stringContaining('kind')] });
    const bad = JSON.parse(JSON.stringify(s));
    bad.plan.placements[0].intervention = 'no-such';
    const v = parsePlannerSave(bad);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors[0]).toMatch(/^plan\.placements\[0\]\.intervention/);
    expect(parsePlannerSave('x')).toMatchObject({ ok: false });
  });

  it('drops broken scenarios and candidates with a warning, and a comparison of a dropped scenario', () => {
    const s = JSON.parse(JSON.stringify(save()));
    s.scenarios[1].plan.version = 99;
    s.scenarios.push({ name: 'A', plan: s.plan, score: null });
    s.scenarios[0].score = { nonsense: true };
    s.inbox.push({ id: 'x' });
    s.topN = 1e6;
    const v = parsePlannerSave(s);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.value.scenarios.map((x) => [x.name, x.score])).toEqual([['A', null]]);
    expect(v.value.compare).toEqual({ a: 'A', b: '' });
    expect(v.value.inbox).toHaveLength(1);
    expect(v.value.topN).toBe(10);
    expect(v.warnings).toEqual([
      'scenarios[0]: its score was unreadable and is left out (score it again).',
      expect.stringMatching(/^scenarios\[1\]: left out \(version/),
      'scenarios[2]: a second scenario named "A" was left out.',
      'inbox[1]: not a repeat place or risk zone candidate; left out.',
    ]);
  });
});
