/**
 * Browser test of the Plan tab on the demo city: place an intervention by clicking the map (drawn
 * as treated cells: pixels), undo, score it in the engine worker (figures with intervals; the
 * exported plan JSON scores the same through the CLI's path in Node), run the budget optimiser
 * (frontier chart, adopt), open the printable report (every section, no incident-level data), and
 * evaluate the Lantern Quarter's planted street-light repair (relative effect ≈ 0.58, 95 %
 * interval holding the planted 0.6). Then: draw an area on the map (its cells are those of the
 * exported polygon), send a repeat place and a near-repeat risk zone from the Repeats tab and
 * place their responses, add an own intervention with its own evidence and score it under a
 * custom harm table, draw an evaluation's treated and control areas, and compare two scenarios
 * side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createNodeService } from '../../src/lib/engine/node';
import { recentRateBaseline } from '../../src/lib/planner/baseline';
import { footprintCells } from '../../src/lib/planner/footprint';
import { validatePlan } from '../../src/lib/planner/plan';
import { scorePlan } from '../../src/lib/planner/score';
import { decodePng } from './png';
import { ROOT, openApp } from './harness';

let app: Awaited<ReturnType<typeof openApp>>;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await openApp();
  context = await app.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(app.origin + '/');
  await page.waitForSelector('[data-testid=legend]', { timeout: 90_000 });
  // The first-visit tour, if shown, is not what this test is about.
  if (await page.isVisible('[data-testid=tour-close]')) await page.click('[data-testid=tour-close]');
  await page.click('[data-testid=tab-plan]');
  await page.waitForSelector('[data-testid=overlay-legend]', { timeout: 20_000 });
});

afterAll(async () => {
  await app?.close();
});

/** Share of map pixels in the street-lighting blue (Okabe–Ito #0072B2). */
async function blueShare(): Promise<number> {
  const png = decodePng(await page.locator('[data-testid=map]').screenshot());
  let n = 0;
  for (let i = 0; i < png.width * png.height; i++) {
    const [r, g, b] = [png.data[4 * i], png.data[4 * i + 1], png.data[4 * i + 2]];
    if (r < 60 && b > 140 && g > 80 && g < 140) n++;
  }
  return n / (png.width * png.height);
}

const placements = () => page.locator('[data-testid=plan-placement]').count();

/** The first placement's text contains `text`. */
const placementSays = (text: string) => () => page.evaluate((t) => !!document.querySelector('[data-testid=plan-placement]')?.textContent?.includes(t), text);

/** Clicks the map at (x, y) until `done` (a busy machine may draw the layer a moment after the click). */
async function clickMapUntil(x: number, y: number, done: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.mouse.click(x, y);
    for (let i = 0; i < 25; i++) {
      if (await done()) return;
      await page.waitForTimeout(200);
    }
  }
  throw new Error(`The click at ${x}, ${y} did not take effect`);
}

describe('Plan tab', () => {
  it('places street lighting by clicking cells on the map, draws it, and undoes a click', async () => {
    expect(await blueShare()).toBeLessThan(0.0005);
    await page.click('[data-testid=plan-place]');
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await clickMapUntil(x, y, placementSays('1 cell'));
    await page.waitForTimeout(400); // two clicks in quick succession would be a double-click (zoom)
    await clickMapUntil(x + 60, y, placementSays('2 cells'));
    await page.click('[data-testid=plan-undo]');
    await page.waitForFunction(() => document.querySelector('[data-testid=plan-placement]')?.textContent?.includes('1 cell'));
    await page.click('[data-testid=plan-place-done]');
    expect(await placements()).toBe(1);
    expect(await page.textContent('[data-testid=overlay-legend]')).toContain('Improved street lighting');
    await page.waitForTimeout(500);
    expect(await blueShare()).toBeGreaterThan(0.0005);
    // The evidence is shown with its citation.
    expect(await page.textContent('[data-testid=evidence-card]')).toContain('Welsh & Farrington (2008)');
  });

  it('scores the plan in the worker, with intervals, and the exported plan scores the same in Node', async () => {
    await page.click('[data-testid=plan-step-score]');
    await page.check('[data-testid=plan-example-costs]');
    await page.click('[data-testid=plan-score-run]');
    await page.waitForSelector('[data-testid=plan-score]', { timeout: 30_000 });
    const text = (await page.textContent('[data-testid=plan-score]')) ?? '';
    expect(text).toContain('Constant recent rate');
    expect(text).toMatch(/5–95 %: [\d,.]+ to [\d,.]+/);
    expect(text).toContain('includes examples');
    expect(await page.textContent('[data-testid=plan-score-method]')).toContain('Seed 1, 1,000 Monte Carlo draws');
    const net = Number(await page.getAttribute('[data-testid=plan-kpi-net]', 'data-value'));
    expect(net).toBeGreaterThan(0);

    await page.click('[data-testid=plan-step-scenarios]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=plan-export]')]);
    const file = (await dl.path())!;
    const v = validatePlan(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    // The file imports back as the current plan (the score is then still current).
    await page.setInputFiles('[data-testid=plan-import]', { name: 'plan.json', mimeType: 'application/json', buffer: fs.readFileSync(file) });
    await page.click('[data-testid=plan-step-score]');
    expect(await page.isVisible('[data-testid=plan-score] .warn')).toBe(false);
    expect(v.value.placements).toHaveLength(1);
    const s = await createNodeService();
    const det = await s.stage('incidents.parquet', new Uint8Array(fs.readFileSync(path.join(ROOT, 'data/demo/incidents.parquet'))));
    await s.import(det.mapping, JSON.parse(fs.readFileSync(path.join(ROOT, 'data/demo/boundary.geojson'), 'utf8')), false);
    const plan = v.value;
    const rows = s.incidentColumns({ offences: plan.data.offences, hours: plan.data.hours, weekdays: plan.data.weekdays }, plan.data.res);
    const baseline = recentRateBaseline(rows, { res: plan.data.res, windowMonths: plan.baseline.windowMonths, horizonMonths: plan.horizonMonths, asOf: plan.baseline.asOf });
    expect(scorePlan(plan, baseline, { draws: 0 }).totals.net).toBeCloseTo(net, 6);
  });

  it('finds the best plan within a budget, draws the frontier and adopts it', async () => {
    await page.click('[data-testid=plan-step-budget]');
    await page.fill('[data-testid=plan-budget]', '300000');
    await page.locator('[data-testid=plan-budget]').dispatchEvent('change');
    await page.click('[data-testid=plan-optimise-run]');
    await page.waitForSelector('[data-testid=plan-frontier] svg', { timeout: 30_000 });
    expect(await page.textContent('[data-testid=plan-optimise-method]')).toMatch(/Exact|Approximate/);
    const chosen = await page.locator('[data-testid=plan-optimise-chosen] li').count();
    expect(chosen).toBeGreaterThan(1);
    expect(await page.textContent('[data-testid=plan-optimise-result]')).toMatch(/for £[\d,]+ of £300,000/);
    await page.click('[data-testid=plan-adopt]');
    await page.click('[data-testid=plan-step-place]');
    expect(await placements()).toBe(chosen);
  });

  it('opens a printable action plan with every section and no incident-level data', async () => {
    await page.click('[data-testid=plan-step-report]');
    const [report] = await Promise.all([context.waitForEvent('page'), page.click('[data-testid=report-open]')]);
    await report.waitForFunction(() => document.querySelectorAll('h2').length >= 10, null, { timeout: 30_000 });
    const html = await report.content();
    for (const h of ['1. Local diagnosis', '2. Problems and objectives', '3. Actions', '4. Timeline', '5. Budget and benefit–cost', '6. Monitoring', '7. Evaluation design', '8. Sustainable Development Goals', '9. Rights and privacy', '10. Method record'])
      expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).toContain('Synthetic data');
    expect(html).toContain('no incident-level data');
    expect(html).not.toContain('Annex: incidents');
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,/);
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/);
    await report.close();
  });

  it('evaluates the Lantern Quarter street-light repair and recovers the planted effect', async () => {
    await page.click('[data-testid=plan-step-evaluate]');
    await page.click('[data-testid=evaluation-demo]');
    await page.click('[data-testid=evaluation-run]');
    await page.waitForSelector('[data-testid=evaluation-result]', { timeout: 30_000 });
    const el = page.locator('[data-testid=evaluation-relative]');
    const rel = Number(await el.getAttribute('data-value'));
    const [lo, hi] = [Number(await el.getAttribute('data-low')), Number(await el.getAttribute('data-high'))];
    expect(rel).toBeGreaterThan(0.55);
    expect(rel).toBeLessThan(0.61);
    expect(lo).toBeLessThan(0.6);
    expect(hi).toBeGreaterThan(0.6);
    expect(await page.textContent('[data-testid=evaluation-reading]')).toContain('The whole interval lies below 1');
    expect(pageErrors).toEqual([]);
  });

  it('draws an area on the map: Escape cancels, Enter or a double-click finishes, the cells inside are treated, Undo takes it back', async () => {
    await page.click('[data-testid=plan-step-place]');
    const n0 = await placements();
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    // Escape cancels without placing.
    await page.click('[data-testid=plan-draw]');
    await page.waitForSelector('[data-testid=draw-hint]');
    await page.mouse.click(x - 60, y - 40);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=plan-draw]');
    expect(await page.isVisible('[data-testid=draw-hint]')).toBe(false);
    // Two corners are not an area: Enter says so and drawing goes on.
    await page.click('[data-testid=plan-draw]');
    const corners = [[-70, -50], [80, -60], [90, 50], [-60, 60]];
    for (const [dx, dy] of corners.slice(0, 2)) {
      await page.mouse.click(x + dx, y + dy);
      await page.waitForTimeout(350); // not a double-click
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=draw-hint]')?.textContent?.includes('at least 3 corners'));
    // A third corner, then a double-click on the fourth finishes.
    await page.mouse.click(x + corners[2][0], y + corners[2][1]);
    await page.waitForTimeout(350);
    await page.mouse.dblclick(x + corners[3][0], y + corners[3][1]);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=plan-placement]').length === n + 1, n0);
    const item = page.locator('[data-testid=plan-placement]').last();
    const text = (await item.textContent()) ?? '';
    expect(text).toMatch(/Drawn area \d+ ?· area, \d+ cells/);
    const shown = Number(/area, (\d+) cells/.exec(text)![1]);
    expect(shown).toBeGreaterThan(3);
    expect(await page.textContent('[data-testid=overlay-legend]')).toContain('Plan:');
    // The exported plan holds the closed ring; its cells are the ones counted in the panel.
    await page.click('[data-testid=plan-step-scenarios]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=plan-export]')]);
    const v = validatePlan(JSON.parse(fs.readFileSync((await dl.path())!, 'utf8')));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const drawn = v.value.placements.find((p) => p.footprint.type === 'polygon')!;
    expect(drawn.footprint.type === 'polygon' && drawn.footprint.coordinates[0].length).toBe(5);
    expect(footprintCells(drawn.footprint, v.value.data.res)).toHaveLength(shown);
    await page.click('[data-testid=plan-step-place]');
    await page.click('[data-testid=plan-undo]');
    expect(await placements()).toBe(n0);
  });

  it('draws a street on the map: the cells along it are treated, in a strip of the width chosen', async () => {
    await page.click('[data-testid=plan-step-place]');
    const n0 = await placements();
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.click('[data-testid=plan-draw-street]');
    await page.waitForSelector('[data-testid=draw-hint]');
    expect(await page.textContent('[data-testid=draw-hint]')).toContain('Drawing a street');
    // One point is not a street.
    await page.mouse.click(x - 120, y + 10);
    await page.waitForTimeout(350);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=draw-hint]')?.textContent?.includes('at least 2 points'));
    await page.fill('[data-testid=plan-street-width]', '60');
    await page.mouse.click(x, y - 10);
    await page.waitForTimeout(350);
    await page.mouse.dblclick(x + 120, y + 20);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=plan-placement]').length === n + 1, n0);
    const text = (await page.locator('[data-testid=plan-placement]').last().textContent()) ?? '';
    expect(text).toMatch(/Drawn street 1 ?· street, \d+ cells/);
    const shown = Number(/street, (\d+) cells/.exec(text)![1]);
    expect(shown).toBeGreaterThan(1);
    await page.click('[data-testid=plan-step-scenarios]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=plan-export]')]);
    const v = validatePlan(JSON.parse(fs.readFileSync((await dl.path())!, 'utf8')));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const street = v.value.placements.find((p) => p.footprint.type === 'segment')!;
    expect(street.footprint.type === 'segment' && [street.footprint.coordinates.length, street.footprint.widthM]).toEqual([3, 60]);
    expect(footprintCells(street.footprint, v.value.data.res)).toHaveLength(shown);
    await page.click('[data-testid=plan-step-place]');
    await page.click('[data-testid=plan-undo]');
    expect(await placements()).toBe(n0);
  });

  it('sends a repeat place and a near-repeat risk zone from the Repeats tab and places their responses with evidence', async () => {
    await page.click('[data-testid=tab-repeats]');
    await page.click('text=Select none');
    await page.locator('[data-testid=offence-list] label', { hasText: 'Burglary' }).click();
    await page.click('[data-testid=places-run]');
    await page.waitForSelector('[data-testid=places-list]', { timeout: 60_000 });
    const place = ((await page.locator('[data-testid=places-list] .lab').first().textContent()) ?? '').trim();
    await page.locator('[data-testid=place-to-plan]').first().click();
    expect(await page.textContent('[data-testid=repeats-sent]')).toContain(`${place} sent to the Plan tab`);
    await page.selectOption('[data-testid=repeats-panel] select >> nth=1', '99');
    await page.click('[data-testid=knox-run]');
    await page.waitForSelector('[data-testid=knox-table]', { timeout: 180_000 });
    await page.click('[data-testid=zones-run]');
    await page.waitForSelector('[data-testid=zones-list]', { timeout: 60_000 });
    await page.locator('[data-testid=zone-to-plan]').first().click();
    await page.waitForSelector('[data-testid=zones-sent]');

    await page.click('[data-testid=tab-plan]');
    await page.waitForSelector('[data-testid=plan-inbox]');
    const cands = page.locator('[data-testid=plan-candidate]');
    expect(await cands.count()).toBe(2);
    const first = (await cands.nth(0).textContent()) ?? '';
    expect(first).toContain(place);
    expect(first).toContain('Grove, Farrell, Farrington & Johnson (2012)'); // repeat-victimisation evidence
    expect((await cands.nth(1).textContent()) ?? '').toMatch(/Risk zone \d+.*heightened risk until \d{4}-\d{2}-\d{2}/s);
    const n0 = await placements();
    await cands.nth(0).locator('[data-testid=plan-candidate-target-hardening]').click();
    await cands.nth(1).locator('[data-testid=plan-candidate-cocooning]').click();
    expect(await placements()).toBe(n0 + 2);
    const items = page.locator('[data-testid=plan-placement]');
    expect(await items.nth(n0).textContent()).toContain(`Repeat-burglary prevention — Target hardening: ${place}`);
    const zone = (await items.nth(n0 + 1).textContent()) ?? '';
    expect(zone).toMatch(/Neighbourhood watch — Cocooning of neighbours: Risk zone \d+ \(until \d{4}-\d{2}-\d{2}\)/);
    // A zone's measure lasts until its risk ends: one or two months, not the plan's twelve.
    expect(zone).toMatch(/, [12] months? ·/);
    expect(await page.textContent('[data-testid=overlay-legend]')).toContain('Neighbourhood watch');
    await page.click('[data-testid=plan-undo]');
    expect(await placements()).toBe(n0 + 1);
    await page.click('text=Select all');
  });

  it("adds the planner's own intervention with its own evidence, places it and scores it under a custom harm table", async () => {
    await page.click('[data-testid=own-add]');
    await page.click('[data-testid=own-save]');
    expect(await page.textContent('[data-testid=own-problems]')).toContain('Give the intervention a name.');
    await page.fill('[data-testid=own-name]', 'Door chains for older residents');
    await page.fill('[data-testid=own-point]', '-30');
    await page.fill('[data-testid=own-low]', '-10');
    await page.fill('[data-testid=own-high]', '-45');
    await page.fill('[data-testid=own-citation]', 'Local pilot, Northfield (2023)');
    await page.click('[data-testid=own-save]');
    expect(await page.textContent('[data-testid=own-problems]')).toContain('the interval must hold the effect');
    await page.fill('[data-testid=own-low]', '-45');
    await page.fill('[data-testid=own-high]', '-10');
    await page.click('[data-testid=own-save]');
    await page.waitForSelector('[data-testid=evidence-card]');
    expect(await page.inputValue('[data-testid=plan-intervention]')).toBe('own-door-chains-for-older-residents');
    const card = (await page.textContent('[data-testid=evidence-card]')) ?? '';
    expect(card).toContain('Your own intervention and evidence');
    expect(card).toContain('Local pilot, Northfield (2023)');
    await page.fill('[data-testid=plan-topn]', '2');
    await page.click('[data-testid=plan-apply-top]');
    expect(await page.locator('[data-testid=plan-placement]', { hasText: 'Door chains for older residents' }).count()).toBe(2);

    await page.click('[data-testid=plan-step-score]');
    // The assumptions fold away once a score is shown.
    if (!(await page.$eval('[data-testid=plan-assumptions]', (d) => (d as HTMLDetailsElement).open))) await page.click('[data-testid=plan-assumptions] > summary');
    await page.selectOption('[data-testid=plan-harm]', 'custom');
    await page.fill('[data-testid=harm-name]', 'Local severity');
    // A weight edited and undone comes back; the custom table stays (its own undo step is earlier).
    const w = '[data-testid=harm-weight-robbery]';
    const before = await page.inputValue(w);
    await page.fill(w, '999');
    await page.press(w, 'Tab');
    expect(await page.inputValue(w)).toBe('999');
    await page.click('[data-testid=tables-undo]');
    await page.waitForFunction(([sel, v]) => (document.querySelector(sel) as HTMLInputElement | null)?.value === v, [w, before] as const);
    expect(await page.inputValue('[data-testid=plan-harm]')).toBe('custom');
    await page.selectOption('[data-testid=plan-baseline-method]', 'smoothed');
    await page.click('[data-testid=plan-score-run]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=plan-score] .warn[role=status]'), null, { timeout: 60_000 });
    expect(await page.textContent('[data-testid=plan-score-placements]')).toContain('Door chains for older residents');
    expect(await page.textContent('[data-testid=plan-kpi-harm]')).toContain('harm units');
    expect(await page.textContent('[data-testid=plan-score-method]')).toContain('Harm: Local severity');
    expect(await page.textContent('[data-testid=plan-score]')).toMatch(/Smoothed over neighbouring cells: each cell keeps \d+ % of its expected incidents/);
  });

  it('draws the treated and control areas of an evaluation on the map and evaluates them', async () => {
    await page.click('[data-testid=plan-step-evaluate]');
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    for (const [which, dx] of [['treated', -120], ['control', 120]] as const) {
      await page.click(`[data-testid=evaluation-draw-${which}]`);
      await page.waitForSelector('[data-testid=draw-hint]');
      for (const [cx, cy] of [[-50, -50], [50, -50], [50, 50], [-50, 50]]) {
        await page.mouse.click(x + dx + cx, y + cy);
        await page.waitForTimeout(350);
      }
      await page.keyboard.press('Enter');
      await page.waitForSelector(`[data-testid=evaluation-draw-${which}]`);
    }
    const legend = (await page.textContent('[data-testid=overlay-legend]')) ?? '';
    expect(legend).toContain('Drawn area 1');
    expect(legend).toContain('Drawn area 2');
    await page.click('[data-testid=evaluation-run]');
    await page.waitForFunction(() => document.querySelector('[data-testid=evaluation-result]')?.textContent?.includes('Drawn area 1'), null, { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid=evaluation-relative]', 'data-value')).toMatch(/^\d/);
  });

  it('compares two saved scenarios side by side, each with its map', async () => {
    await page.click('[data-testid=plan-step-scenarios]');
    await page.fill('[data-testid=scenario-name]', 'With door chains');
    await page.click('[data-testid=scenario-save]');
    await page.waitForSelector('[data-testid=scenario-list] li', { timeout: 60_000 });
    await page.click('[data-testid=plan-step-place]');
    await page.selectOption('[data-testid=plan-intervention]', 'hot-spots-policing');
    await page.fill('[data-testid=plan-topn]', '5');
    await page.click('[data-testid=plan-apply-top]');
    await page.click('[data-testid=plan-step-scenarios]');
    await page.fill('[data-testid=scenario-name]', 'With patrols');
    await page.click('[data-testid=scenario-save]');
    await page.waitForSelector('[data-testid=scenario-compare]', { timeout: 60_000 });
    expect(await page.locator('[data-testid=scenario-maps] img[src^="data:image/svg+xml;base64,"]').count()).toBe(2);
    expect(await page.textContent('[data-testid=scenario-diff]')).toMatch(/Treated cells: \d+ in both, 0 only in A, [0-5] only in B\./);
    const table = (await page.textContent('[data-testid=scenario-compare]')) ?? '';
    expect(table).toContain('A: With door chains');
    expect(table).toContain('B: With patrols');
    expect(pageErrors).toEqual([]);
  });
});
