/**
 * Issue 9, item 5: the action plan carries the Community tab's section (community consultation,
 * safety of women and vulnerable groups) when one is given, in the report's language, escaped,
 * with suppressed figures shown as suppressed; without survey data there is no such section.
 */
import { describe, expect, it } from 'vitest';
import { cellToParent, gridDisk, latLngToCell } from 'h3-js';
import { baselineFromForecast } from '../../src/lib/planner/baseline';
import { defaultPlan } from '../../src/lib/planner/plan';
import { buildActionPlan, renderReportHtml } from '../../src/lib/planner/report';
import { scorePlan } from '../../src/lib/planner/score';
import type { CommunityReportSection } from '../../src/lib/community/plan';

const c0 = latLngToCell(40, -40, 9);
const cells = gridDisk(c0, 1).sort();
const HOSTILE = `<img src=x onerror=alert(1)>`;

function input(community: CommunityReportSection | null, locale: 'en' | 'es' = 'en', intervention = 'street-lighting') {
  const plan = defaultPlan('Safer streets', '2024-01-01', 9);
  plan.data.mapping = { base: 'demo' };
  plan.monteCarlo.draws = 20;
  plan.placements = [{ id: 'a', intervention, footprint: { type: 'cells', cells: [c0] }, start: '2024-01-01', months: 12, cost: 20_000 }];
  const baseline = baselineFromForecast({
    res: 9, cells, offences: ['Robbery'], expected: cells.map((c) => (c === c0 ? 30 : 1)), horizonMonths: 12,
    window: { from: '2023-01-01', to: '2023-12-31' }, method: 'test baseline',
  });
  return { plan, score: scorePlan(plan, baseline), date: '2024-01-15', data: { source: 'test.csv', rows: 36, from: '2023-01-01', to: '2023-12-31' }, community, locale };
}

const section: CommunityReportSection = {
  source: 'audit.csv', synthetic: false, representative: false, read: 120, kept: 118, rule: 'read as yes/no', minRespondents: 5, res: 8,
  headline: [
    { sex: 'women', value: { group: 'women', n: 60, share: 0.55, lo: 0.42, hi: 0.67, suppressed: null } },
    { sex: 'men', value: { group: 'men', n: null, share: null, lo: null, hi: null, suppressed: 'too-few' } },
  ],
  gap: { fearThreshold: 0.5, crimeCut: 40, crimePercentile: 80, classes: [{ key: 'both-high', cells: 1 }, { key: 'feared-only', cells: 2 }, { key: 'recorded-only', cells: 3 }, { key: 'both-low', cells: 4 }] },
  fearedPlaces: [
    { cell: cellToParent(c0, 8), gapClass: 'feared-only', respondents: 12, shareUnsafe: 0.75, recorded: 2 },
    { cell: latLngToCell(41, -41, 8), gapClass: 'both-high', respondents: 9, shareUnsafe: 0.6, recorded: 50 },
  ],
  reasons: [{ reason: HOSTILE, n: 7 }],
  indicators: [],
};

describe('community section of the action plan', () => {
  it('is rendered after the diagnosis, escaped, with suppressed figures as suppressed', () => {
    const html = renderReportHtml(buildActionPlan(input(section)));
    const at = html.indexOf('Community consultation; safety of women and vulnerable groups');
    expect(at).toBeGreaterThan(html.indexOf('Local diagnosis'));
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toMatch(/Women, after dark<\/td><td>55 % \(95 %: 42 %–67 %; 60 respondents\)/);
    expect(html).toMatch(/Men, after dark<\/td><td>suppressed \(small group\)/);
    expect(html).toMatch(/Feared place 1 — Feared, little recorded crime/);
    expect(html).toMatch(/harassment and sexual offences are rarely reported/);
  });
  it('says which actions treat each feared place, and the evidence on fear beside the evidence on crime', () => {
    const m = buildActionPlan(input(section));
    expect(m.community!.fearedPlaces.map((f) => f.actions)).toEqual([['Improved street lighting — placement a'], []]);
    const html = renderReportHtml(m);
    expect(html).toMatch(/Feared places in this plan/);
    expect(html).toMatch(/Feared place 2 — [^<]*<\/td><td>9<\/td><td>60 %<\/td><td>50<\/td><td>none in this plan/);
    expect(m.actions[0].fear).toEqual([{ text: 'On fear: fear of crime and walking after dark (reported, no figure in the evidence base)', citation: 'Painter (1996), Landscape and Urban Planning 35(2–3)', confirm: true }]);
    expect(html).toMatch(/<span class="fear">On fear: fear of crime and walking after dark/);
    // Greening carries the figure of the evidence base, in the report's language.
    expect(buildActionPlan(input(section, 'es', 'vacant-lot-greening')).actions[0].fear[0].text).toBe('Sobre el miedo: miedo de los residentes a salir de casa −58 %');
  });
  it('follows the report language, and is absent without survey data', () => {
    expect(renderReportHtml(buildActionPlan(input(section, 'es')))).toMatch(/Consulta comunitaria; seguridad de las mujeres/);
    const none = buildActionPlan(input(null));
    expect(none.community).toBeNull();
    expect(renderReportHtml(none)).not.toMatch(/Community consultation;/);
  });
});
