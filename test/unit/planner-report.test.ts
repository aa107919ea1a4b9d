/**
 * Issue 6, item 6: the action-plan model (problems, actions, budget, monitoring, evaluation,
 * SDG 11.7/16.1, rights, method record), small-count suppression, no incident-level data unless
 * asked, and an HTML rendering that escapes every text (hostile strings stay inert).
 */
import { describe, expect, it } from 'vitest';
import { gridDisk, latLngToCell } from 'h3-js';
import { baselineFromForecast } from '../../src/lib/planner/baseline';
import { evaluateCounts } from '../../src/lib/planner/evaluate';
import { defaultPlan, type Plan } from '../../src/lib/planner/plan';
import { buildActionPlan, renderReportHtml, type ReportInput } from '../../src/lib/planner/report';
import { scorePlan } from '../../src/lib/planner/score';
import { escapeHtml, formatNumber } from '../../src/lib/planner/report-html';

const c0 = latLngToCell(40, -40, 9);
const cells = gridDisk(c0, 1).sort();
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>'"&`;

function input(name = 'Safer streets', extra: Partial<ReportInput> = {}, edit: (p: Plan) => void = () => {}): ReportInput {
  const plan = defaultPlan(name, '2024-01-01', 9);
  plan.data.mapping = { base: 'demo' };
  plan.monteCarlo.draws = 50;
  plan.budget.amount = 100_000;
  plan.placements = [
    { id: 'a', intervention: 'street-lighting', footprint: { type: 'cells', cells: [c0] }, start: '2024-01-01', months: 12, cost: 20_000, agencies: ['Council highways'], label: 'Main street' },
    { id: 'b', intervention: 'cctv', footprint: { type: 'cells', cells: [cells[1]] }, start: '2024-04-01', months: 9, cost: 15_000 },
  ];
  edit(plan);
  // c0 holds 40 burglaries and 10 robberies; every other cell 1 burglary (below the threshold of 5).
  const baseline = baselineFromForecast({
    res: 9, cells, offences: ['Burglary', 'Robbery'], expected: cells.flatMap((c) => (c === c0 ? [40, 10] : [1, 0])),
    horizonMonths: 12, window: { from: '2023-01-01', to: '2023-12-31' }, method: 'test baseline',
  });
  return { plan, score: scorePlan(plan, baseline), date: '2024-01-15', data: { source: 'test.csv', rows: 56, from: '2023-01-01', to: '2023-12-31' }, ...extra };
}

describe('action plan model', () => {
  it('fills every section from the plan and its score', () => {
    const m = buildActionPlan(input());
    expect(m.actions.map((a) => [a.id, a.agencies, a.start, a.end])).toEqual([
      ['a', ['Council highways'], '2024-01-01', '2024-12-31'], ['b', [], '2024-04-01', '2024-12-31'],
    ]);
    expect(m.problems.length).toBeGreaterThan(0);
    expect(m.problems[0].targetReduction).toBeGreaterThan(0);
    expect(m.budget).toMatchObject({ currency: 'GBP', available: 100_000, total: 35_000, withinBudget: true });
    expect(m.budget.bcr).not.toBeNull();
    expect(m.monitoring.some((x) => x.indicator.startsWith('Implementation'))).toBe(true);
    expect(m.evaluation.measures.join(' ')).toMatch(/Weighted Displacement Quotient.*Wheeler & Ratcliffe/);
    expect(m.evaluation.controls[0].name).toBe('To be chosen');
    expect(m.sdg.map((s) => s.indicator)).toEqual(['SDG 11.7 / 11.7.2', 'SDG 16.1.1', 'SDG 16.1.3', 'SDG 16.1.4']);
    expect(m.sdg.find((s) => s.indicator === 'SDG 16.1.3')!.addressed).toBe(true); // robbery is violence
    expect(m.sdg.find((s) => s.indicator === 'SDG 16.1.1')!.addressed).toBe(false);
    expect(m.rights.map((r) => r.topic)).toEqual(expect.arrayContaining(['Stigmatisation', 'CCTV (general)', 'Women, men and vulnerable groups']));
    expect(m.rights.find((r) => r.topic === 'Stigmatisation')!.text).toMatch(/never people or communities/);
    expect(m.method.monteCarlo).toEqual({ draws: 50, seed: 1 });
    expect(m.method.citations.some((c) => c.startsWith('Welsh & Farrington (2008)'))).toBe(true);
    expect(m.method.citations.some((c) => c.startsWith('Piza') && c.endsWith('(confirm)'))).toBe(true);
  });

  it('suppresses cells below the threshold (editable) and holds no incident-level data unless asked', () => {
    const m = buildActionPlan(input());
    expect(m.suppression).toEqual({ threshold: 5, suppressedCells: m.cells.length - 1 });
    const main = m.cells.find((c) => c.cell === c0)!;
    expect(main.baseline).toEqual({ value: 50, suppressed: false });
    for (const c of m.cells.filter((x) => x.cell !== c0)) expect(c.baseline).toEqual({ value: null, suppressed: true });
    // Action b treats one cell holding 1 incident: its expected figure is suppressed too.
    expect(m.actions[1].expectedNet).toEqual({ value: null, suppressed: true });
    expect(m.actions[1].netInterval).toBeNull();
    expect(buildActionPlan(input('x', { suppressBelow: 0 })).suppression.suppressedCells).toBe(0);
    expect(m.incidentLevelData).toBe(false);
    const incidents = [{ date: '2023-02-01', offence: 'Burglary', cell: c0 }];
    expect(buildActionPlan(input('x', { incidents })).incidents).toBeUndefined();
    expect(buildActionPlan(input('x', { incidents, includeIncidents: true })).incidents).toEqual(incidents);
  });

  it('carries an evaluation result when one is given', () => {
    const result = evaluateCounts({ Rb: 100, Ra: 70, Db: 80, Da: 76, Cb: 200, Ca: 210, CDb: 150, CDa: 152 });
    const m = buildActionPlan(input('x', { evaluation: { controlAreas: [{ name: 'Westside', description: 'similar counts' }], result } }));
    expect(m.evaluation.result!.wdd).toBe(-46);
    expect(renderReportHtml(m)).toContain('−46 (32.2)');
  });
});

describe('HTML rendering', () => {
  it('escapes every text: hostile plan names, labels, agencies, diagnosis and problems stay inert', () => {
    const m = buildActionPlan(input(HOSTILE, {
      title: HOSTILE, place: HOSTILE, preparedBy: HOSTILE,
      diagnosis: {
        summary: HOSTILE, hotSpots: [{ label: HOSTILE, cells: 3, count: 40 }], riskFactors: [{ factor: HOSTILE, relativeRisk: 2 }],
        figures: [
          { title: HOSTILE, alt: HOSTILE, dataUrl: 'javascript:alert(1)' },
          { title: 'ok', alt: 'ok', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
          { title: 'svg', alt: 'svg', dataUrl: 'data:image/svg+xml,<svg onload=alert(1)>' },
        ],
      },
      problems: [{ statement: HOSTILE, offences: ['Burglary'], targetReduction: 0.2, byDate: HOSTILE }],
      evaluation: { controlAreas: [{ name: HOSTILE, description: HOSTILE }] },
    }, (p) => { p.placements[0].label = HOSTILE; p.placements[0].agencies = [HOSTILE]; }));
    const html = renderReportHtml(m);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toMatch(/<[^>]*\bon\w+=/i); // no event-handler attribute in any tag
    expect(html).not.toMatch(/onload=/i);
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('<img src="data:image/png;base64,iVBORw0KGgo="');
    expect(html).toContain(`default-src 'none'`);
    expect(html).toContain('@media print');
    // Every tag in the document is one the renderer writes itself.
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((x) => x[1].toLowerCase()));
    for (const t of tags) expect(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'p', 'section', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'span', 'em', 'strong', 'ul', 'li', 'figure', 'img', 'figcaption']).toContain(t);
  });

  it('prints suppressed figures as suppressed, and numbers without locale', () => {
    const html = renderReportHtml(buildActionPlan(input()));
    expect(html).toContain('suppressed (small count)');
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(-0.5, 2)).toBe('−0.50');
    expect(formatNumber(-0.001, 1)).toBe('0.0');
    expect(formatNumber(null)).toBe('—');
    expect(escapeHtml(`a&b<c>"d'e\``)).toBe('a&#38;b&#60;c&#62;&#34;d&#39;e&#96;');
  });
});
