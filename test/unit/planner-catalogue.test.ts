/**
 * Issue 6, item 1: the intervention catalogue embeds ../shared/EVIDENCE.md faithfully (figures,
 * citations, *(confirm)* caveats), ships no cost as fact, validates planners' own interventions
 * with clear messages, and maps offence names onto the planner's categories.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE, effectFor, mergeCatalogue } from '../../src/lib/planner/catalogue';
import { CAMBRIDGE_CHI, harmTable } from '../../src/lib/planner/harm';
import { UK_HOME_OFFICE_2018, US_MCCOLLISTER_2010, crimeCostTable } from '../../src/lib/planner/crime-costs';
import { CHICAGO_MAPPING, DEMO_MAPPING, mapOffences } from '../../src/lib/planner/offence-categories';
import { validateIntervention } from '../../src/lib/planner/validate-intervention';
import { TECHNIQUES, aimOf } from '../../src/lib/planner/techniques';

const byId = new Map(CATALOGUE.map((i) => [i.id, i]));
const point = (id: string, k = 0) => byId.get(id)!.effects[k].point;

describe('intervention catalogue', () => {
  it('passes its own validator (intervals contain points, citations present, known categories)', () => {
    for (const iv of CATALOGUE) {
      const v = validateIntervention(iv, iv.id);
      expect(v.ok, JSON.stringify(!v.ok && v.errors)).toBe(true);
      expect(new Set(CATALOGUE.map((i) => i.id)).size).toBe(CATALOGUE.length);
    }
  });

  it('carries the effect figures of EVIDENCE.md', () => {
    expect(point('street-lighting')).toBe(-0.21);
    expect(point('street-lighting-2022')).toBe(-0.14);
    expect(point('cctv')).toBe(-0.13);
    expect(point('cctv-car-park')).toBe(-0.51);
    expect(point('cctv-city-centre')).toBe(-0.07);
    expect(point('alley-gating')).toBe(-0.37);
    expect(point('hot-spots-policing')).toBe(-0.16);
    expect(point('foot-patrol')).toBe(-0.23);
    expect(point('problem-oriented-policing')).toBe(-0.34);
    expect(point('repeat-victimisation')).toBe(-0.17);
    expect(point('vacant-lot-greening', 0)).toBe(-0.29);
    expect(point('vacant-lot-greening', 1)).toBe(-0.22);
    expect(byId.get('abandoned-building-remediation')!.effects[0]).toMatchObject({ point: -0.39, low: -0.5, high: -0.28, interval: 'reported-95' });
    expect(byId.get('neighbourhood-watch')!.effects[0]).toMatchObject({ low: -0.26, high: -0.16, interval: 'range', confirm: true });
    expect(point('business-improvement-district', 0)).toBe(-0.12);
    expect(point('responsible-beverage-service')).toBe(-0.29);
    expect(point('household-security')).toBeNull();
  });

  it('marks every (confirm) figure and states assumed intervals', () => {
    const confirmed = CATALOGUE.filter((i) => i.effects.some((e) => e.confirm)).map((i) => i.id).sort();
    expect(confirmed).toEqual(['cctv', 'cctv-car-park', 'cctv-city-centre', 'cctv-public-transport', 'neighbourhood-watch', 'problem-oriented-policing'].sort());
    // A non-significant effect gets an assumed interval spanning zero; a significant one stays below zero.
    expect(byId.get('cctv-city-centre')!.effects[0]).toMatchObject({ low: -0.14, high: 0.07, significant: false, interval: 'assumed' });
    expect(byId.get('street-lighting')!.effects[0]).toMatchObject({ low: -0.315, high: -0.105, interval: 'assumed' });
    expect(CAMBRIDGE_CHI.confirm).toBe(true);
    expect(UK_HOME_OFFICE_2018.costs.residential_burglary).toMatchObject({ value: 5930, confirm: true });
    expect(UK_HOME_OFFICE_2018.costs.robbery).toMatchObject({ value: 11320, confirm: false });
    expect(Object.values(US_MCCOLLISTER_2010.costs).every((c) => c === null || c.confirm)).toBe(true);
  });

  it('ships no cost as fact; examples are flagged', () => {
    for (const iv of CATALOGUE) {
      expect(iv.cost.capital, iv.id).toBeNull();
      expect(iv.cost.annual, iv.id).toBeNull();
      if (iv.exampleCost) expect(iv.exampleCost.example, iv.id).toBe(true);
    }
  });

  it('notes rights issues: cameras privacy and signage, gates public access', () => {
    for (const iv of CATALOGUE.filter((i) => i.id.startsWith('cctv'))) {
      expect(iv.rightsFlags).toEqual(expect.arrayContaining(['privacy', 'signage']));
      expect(iv.rights.join(' ')).toMatch(/privacy/i);
      expect(iv.rights.join(' ')).toMatch(/sign/i);
    }
    expect(byId.get('alley-gating')!.rightsFlags).toContain('public-access');
    expect(byId.get('alley-gating')!.rights.join(' ')).toMatch(/public access|free access|through-routes/i);
  });

  it('uses only the 25 techniques, each in its aim', () => {
    expect(TECHNIQUES.length).toBe(25);
    expect(aimOf('target hardening')).toBe('increase the effort');
    expect(aimOf('control drugs and alcohol')).toBe('remove excuses');
  });

  it('finds the effect for a category: specific first, else "all", else none', () => {
    const g = byId.get('vacant-lot-greening')!;
    expect(effectFor(g, 'residential_burglary')!.point).toBe(-0.22);
    expect(effectFor(g, 'homicide')!.point).toBe(-0.29);
    expect(effectFor(g, 'shoplifting')).toBeNull();
    expect(effectFor(byId.get('street-lighting')!, 'shoplifting')!.point).toBe(-0.21);
    expect(effectFor(byId.get('repeat-victimisation')!, 'rape')).toBeNull();
  });
});

describe('planner-defined interventions', () => {
  const good = {
    id: 'youth-club', name: 'Late-night youth club', techniques: ['reduce frustration and stress'], cpted: ['activity support'], footprint: 'address', bufferM: 150,
    effects: [{ categories: ['criminal_damage'], point: -0.1, low: -0.2, high: 0, interval: 'assumed', citation: 'Local pilot 2023', confirm: false }],
    cost: { currency: 'EUR', capital: 0, annual: 30000, unit: 'placement', example: false },
  };

  it('accepts a complete one and marks it as the planner\'s', () => {
    const v = validateIntervention(good);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.value.source).toBe('planner');
    // Same id as a catalogue entry replaces it (an edited copy).
    const merged = mergeCatalogue([{ ...CATALOGUE[0], effects: [{ ...CATALOGUE[0].effects[0], point: -0.3, low: -0.4, high: -0.2 }] }]);
    expect(merged.find((i) => i.id === 'street-lighting')!.effects[0].point).toBe(-0.3);
    expect(merged.length).toBe(CATALOGUE.length);
  });

  it('names the field and the rule in its messages', () => {
    const bad = {
      ...good, id: 'Youth Club!', bufferM: -1, techniques: ['magic'],
      effects: [{ categories: ['burglary'], point: -0.3, low: -0.2, high: 0, interval: 'guess', citation: '', confirm: 'no' }],
      cost: { currency: null, capital: 100, annual: null, unit: 'street' },
    };
    const v = validateIntervention(bad);
    expect(v.ok).toBe(false);
    const text = !v.ok ? v.errors.join('\n') : '';
    expect(text).toContain('intervention.id: must be lower-case letters');
    expect(text).toContain('intervention.bufferM: must be a number from 0 to 5000, got -1');
    expect(text).toContain('unknown technique "magic"');
    expect(text).toContain('intervention.effects[0].categories: unknown categories "burglary"');
    expect(text).toContain('the interval must contain the point');
    expect(text).toContain('intervention.effects[0].citation: must be a non-empty text');
    expect(text).toContain('intervention.effects[0].interval: must be one of');
    expect(text).toContain('intervention.cost.unit: must be one of "placement", "cell", "km2", got "street"');
    expect(text).toContain('intervention.cost.currency: a cost needs its currency');
    expect(validateIntervention({ ...good, effects: [] }).ok).toBe(false);
  });
});

describe('offence categories, harm and cost tables', () => {
  it('maps the demo city\'s eight offences and Chicago\'s primary types', () => {
    const demo = mapOffences(Object.keys(DEMO_MAPPING), DEMO_MAPPING);
    expect(demo.every((m) => m.how === 'mapping')).toBe(true);
    expect(demo.find((m) => m.offence === 'Street theft / pickpocket')!.category).toBe('theft_from_person');
    const chi = mapOffences(['BURGLARY', 'battery', ' MOTOR VEHICLE THEFT ', 'DECEPTIVE PRACTICE', 'HOMICIDE'], CHICAGO_MAPPING);
    expect(chi.map((m) => m.category)).toEqual(['residential_burglary', 'violence_with_injury', 'vehicle_theft', 'other', 'homicide']);
    expect(chi[3].how).toBe('none');
  });

  it('guesses unlisted names by keyword and says so', () => {
    const m = mapOffences(['Residential Burglary', 'Shoplifting', 'Theft from motor vehicle', 'Bicycle theft', 'Fraud'], {});
    expect(m.map((x) => [x.category, x.how])).toEqual([
      ['residential_burglary', 'guess'], ['shoplifting', 'guess'], ['theft_from_vehicle', 'guess'], ['other_theft', 'guess'], ['other', 'none'],
    ]);
  });

  it('holds the Cambridge CHI weights and lets the planner choose none or custom', () => {
    expect(CAMBRIDGE_CHI.weights).toMatchObject({ homicide: 5475, rape: 2555, robbery: 365, residential_burglary: 273.5, weapons_possession: 273.75, violence_without_injury: 10, shoplifting: 1, other: null });
    expect(harmTable({ index: 'none' }).weights.other).toBe(1);
    const custom = harmTable({ index: 'custom', name: 'Mine', unit: 'points', weights: { robbery: 7 } });
    expect(custom.weights.robbery).toBe(7);
    expect(custom.weights.homicide).toBeNull();
  });

  it('holds both cost-of-crime tables, editable', () => {
    expect(UK_HOME_OFFICE_2018).toMatchObject({ currency: 'GBP', priceYear: '2015/16' });
    expect(UK_HOME_OFFICE_2018.costs.homicide!.value).toBe(3_200_000);
    expect(US_MCCOLLISTER_2010.costs.homicide!.value).toBe(8_980_000);
    expect(US_MCCOLLISTER_2010.costs.other_theft!.value).toBe(3532);
    const edited = crimeCostTable({ table: 'uk-home-office-2018', edits: { shoplifting: 100, robbery: null } })!;
    expect(edited.costs.shoplifting!.value).toBe(100);
    expect(edited.costs.robbery).toBeNull();
    expect(UK_HOME_OFFICE_2018.costs.robbery!.value).toBe(11320); // the shipped table is untouched
    expect(crimeCostTable({ table: 'none' })).toBeNull();
  });
});
