/**
 * Browser test of the Plan tab on the demo city: place an intervention by clicking the map (drawn
 * as treated cells: pixels), undo, score it in the engine worker (figures with intervals; the
 * exported plan JSON scores the same through the CLI's path in Node), run the budget optimiser
 * (frontier chart, adopt), open the printable report (every section, no incident-level data), and
 * evaluate the Lantern Quarter's planted street-light repair (relative effect ≈ 0.58, 95 %
 * interval holding the planted 0.6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createNodeService } from '../../src/lib/engine/node';
import { recentRateBaseline } from '../../src/lib/planner/baseline';
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
});
