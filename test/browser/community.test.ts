/**
 * Issue 9 in the built app: the Community tab loads the demo's synthetic survey with the demo city,
 * maps where people feel unsafe and the fear–crime gap (pixels in the class colours, legend with what
 * each class may mean), shows the same cells and classes as the Node engine, never more cells than
 * pass the respondent threshold, imports a survey file through its column dialog, and runs the
 * gender lens's hot spots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createNodeService } from '../../src/lib/engine/node';
import { NO_CTX, type IncidentService } from '../../src/lib/engine/service';
import { fearGap, importSurvey, perception, stageSurvey, surveyComments } from '../../src/lib/engine/analyses/survey';
import { fearedPlaces } from '../../src/lib/community/plan';
import { decodePng } from './png';
import { ROOT, openApp, axeProblems } from './harness';

let app: Awaited<ReturnType<typeof openApp>>;
let page: Page;
let node: IncidentService;
const demo = (f: string) => path.join(ROOT, 'data/demo', f);


beforeAll(async () => {
  app = await openApp();
  const ctx = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await ctx.addInitScript(() => localStorage.setItem('prevention-planner:tour-seen', '1'));
  page = await ctx.newPage();
  await page.goto(app.origin + '/');
  await page.waitForSelector('[data-testid=legend]', { timeout: 120_000 });
  node = await createNodeService();
  const det = await node.stage('incidents.parquet', new Uint8Array(fs.readFileSync(demo('incidents.parquet'))));
  await node.import(det.mapping, JSON.parse(fs.readFileSync(demo('boundary.geojson'), 'utf8')), false);
  const sd = await stageSurvey(node, 'survey.csv', new Uint8Array(fs.readFileSync(demo('survey.csv'))));
  await importSurvey(node, sd.mapping, true, NO_CTX);
});

afterAll(async () => {
  await app?.close();
});

/** Share of map pixels close to an RGB colour. */
async function share(rgb: [number, number, number], tol = 30): Promise<number> {
  const png = decodePng(await page.locator('[data-testid=map]').screenshot());
  let n = 0;
  for (let i = 0; i < png.width * png.height; i++) {
    const d = Math.abs(png.data[4 * i] - rgb[0]) + Math.abs(png.data[4 * i + 1] - rgb[1]) + Math.abs(png.data[4 * i + 2] - rgb[2]);
    if (d < tol) n++;
  }
  return n / (png.width * png.height);
}

const summaryCells = async () => Number(/^([\d,]+) cells shown/.exec((await page.textContent('[data-testid=comm-summary]')) ?? '')![1].replace(/,/g, ''));

describe('Community tab', () => {
  it('loads the synthetic survey with the demo and maps the share feeling unsafe, as the Node engine does', async () => {
    await page.click('[data-testid=tab-community]');
    await page.waitForSelector('[data-testid=comm-summary]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=comm-report]')).toMatch(/Synthetic survey.*2,657 answers kept of 2,670 read \(13 rejected\)/);
    expect(await page.textContent('[data-testid=overlay-legend]')).toMatch(/Share feeling unsafe: everyone.*fewer than 5 respondents are not shown/s);
    const p = perception(node, { res: 8, k: 5, group: {} });
    expect(await summaryCells()).toBe(p.cells.cells.length);
    await page.waitForTimeout(800);
    expect(await share([179, 0, 0], 60)).toBeGreaterThan(0.002); // the darkest class (≥ 65 % unsafe) is drawn
    expect(await axeProblems(page)).toEqual([]);
  });

  it('never shows more cells than pass the threshold, for a group and a higher threshold', async () => {
    await page.selectOption('[data-testid=comm-sex]', 'women');
    await page.selectOption('[data-testid=comm-band]', 'dark');
    await page.fill('[data-testid=comm-k]', '8');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=overlay-legend]')?.textContent ?? '') && /women, after dark/.test(document.querySelector('[data-testid=overlay-legend]')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.waitForFunction(() => /fewer than 8/.test(document.querySelector('[data-testid=comm-summary]')?.textContent ?? ''), null, { timeout: 30_000 });
    const p = perception(node, { res: 8, k: 8, group: { sex: ['women'], band: 'dark' } });
    expect(Math.min(...p.cells.n)).toBeGreaterThanOrEqual(8);
    expect(await summaryCells()).toBe(p.cells.cells.length);
    await page.selectOption('[data-testid=comm-sex]', '');
    await page.selectOption('[data-testid=comm-band]', '');
    await page.fill('[data-testid=comm-k]', '5');
    await page.waitForFunction(() => /fewer than 5/.test(document.querySelector('[data-testid=comm-summary]')?.textContent ?? ''), null, { timeout: 30_000 });
  });

  it('draws the fear–crime gap with its classes explained, matching the Node engine', async () => {
    await page.click('[data-testid=comm-layer-gap]');
    await page.waitForFunction(() => /Fear–crime gap/.test(document.querySelector('[data-testid=overlay-legend]')?.textContent ?? ''), null, { timeout: 30_000 });
    const g = fearGap(node, { res: 8, k: 5, group: {}, filter: {}, fearThreshold: 0.5, crimePercentile: 80 });
    const shown = (await page.textContent('[data-testid=comm-gap-classes]')) ?? '';
    for (const c of g.classCounts) expect(shown).toContain(`${c.label} ${c.cells}`);
    expect(shown).toMatch(/under-reporting/);
    expect(await page.textContent('[data-testid=comm-caution]')).toMatch(/never the people who live there/);
    expect(await page.textContent('[data-testid=comm-gap-rule]')).toContain(`at least ${g.crimeCut.toLocaleString('en-GB')} incidents`);
    await page.waitForTimeout(800);
    expect(await share([230, 97, 1], 50)).toBeGreaterThan(0.003); // feared, little recorded crime (orange)
    expect(await page.textContent('[data-testid=comm-feared]')).toMatch(/Feared, little recorded crime/);
    expect(await axeProblems(page)).toEqual([]);
  });

  it('shows what respondents wrote at a feared place, as text, with the caution', async () => {
    const g = fearGap(node, { res: 8, k: 5, group: {}, filter: {}, fearThreshold: 0.5, crimePercentile: 80 });
    const first = fearedPlaces(g, 5, 8)[0];
    const want = surveyComments(node, { res: 8, k: 5, group: {}, cell: first.cell, limit: 30 });
    expect(want.comments.length).toBeGreaterThan(0);
    await page.click('[data-testid=comm-feared] [data-testid=comm-comments] >> nth=0');
    await page.waitForSelector('[data-testid=comm-comment-list]', { timeout: 30_000 });
    const shown = await page.locator('[data-testid=comm-comment-list] li q').allTextContents();
    expect(shown).toEqual(want.comments.map((c) => c.text));
    expect(await page.textContent('[data-testid=comm-feared]')).toMatch(/never exported or put in the report/);
  });

  it('gives the planner the feared places, and shows the evidence on fear of the measures', async () => {
    const g = fearGap(node, { res: 8, k: 5, group: {}, filter: {}, fearThreshold: 0.5, crimePercentile: 80 });
    await page.click('[data-testid=tab-plan]');
    await page.waitForSelector('[data-testid=plan-pick]', { timeout: 60_000 });
    const before = await page.locator('[data-testid=plan-placement]').count();
    await page.click('[data-testid=plan-pick] summary');
    await page.click('[data-testid=pick-feared]');
    await page.waitForSelector('[data-testid=pick-list] li', { timeout: 30_000 });
    const want = fearedPlaces(g, 20, 9); // the order and figures do not depend on the plan's resolution
    expect(await page.locator('[data-testid=pick-list] li').count()).toBe(want.length);
    expect(await page.textContent('[data-testid=pick-list] li >> nth=0')).toContain(`of ${want[0].respondents} feel unsafe`);
    await page.locator('[data-testid=pick-list] input[type=checkbox]').nth(0).check();
    await page.locator('[data-testid=pick-list] input[type=checkbox]').nth(1).check();
    await page.selectOption('[data-testid=plan-intervention]', 'street-lighting');
    await page.click('[data-testid=pick-place]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=plan-placement]').length === n + 2, before, { timeout: 10_000 });
    expect(await page.textContent('[data-testid=plan-placements]')).toMatch(/Feared place 1: .* feel unsafe/);
    expect(await page.textContent('[data-testid=evidence-fear]')).toMatch(/fear of crime and walking after dark.*Painter \(1996\)/s);
    await page.selectOption('[data-testid=plan-intervention]', 'vacant-lot-greening');
    await page.waitForFunction(() => /−58 %/.test(document.querySelector('[data-testid=evidence-fear]')?.textContent ?? ''), null, { timeout: 10_000 });
    expect(await axeProblems(page)).toEqual([]);
    await page.click('[data-testid=tab-community]');
    await page.waitForSelector('[data-testid=comm-summary]', { timeout: 30_000 });
  });

  it('imports a survey file through the column dialog, with a 1–5 scale and rejected rows', async () => {
    const rows = ['lat,lon,safety_score,gender'];
    for (let i = 0; i < 12; i++) rows.push(`${40 + i * 1e-4},-40,${1 + (i % 5)},${i % 2 ? 'F' : 'M'}`);
    rows.push('40,-40,,F', ',,3,M');
    await page.setInputFiles('[data-testid=comm-file]', { name: 'audit.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await page.waitForSelector('[data-testid=survey-dialog]', { timeout: 30_000 });
    expect(await page.inputValue('[data-testid=survey-kind]')).toBe('scale');
    expect(await axeProblems(page)).toEqual([]);
    await page.click('[data-testid=survey-confirm]');
    await page.waitForFunction(() => /audit\.csv: 12 answers kept of 14 read \(2 rejected\)/.test(document.querySelector('[data-testid=comm-report]')?.textContent ?? ''), null, { timeout: 30_000 });
    expect(await page.textContent('[data-testid=comm-rejected]')).toMatch(/No coordinates: 1.*No perceived-safety answer: 1/s);
    await page.waitForFunction(() => /^1 cells shown/.test(document.querySelector('[data-testid=comm-summary]')?.textContent ?? ''), null, { timeout: 30_000 });
  });

  it('runs the gender lens on a user-mapped offence and draws its hot spots', async () => {
    await page.check('[data-testid=comm-lens-map] input[aria-label^="Robbery: Violence"]');
    await page.click('[data-testid=comm-lens-run]');
    await page.waitForSelector('[data-testid=comm-lens-summary]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=comm-lens-summary]')).toMatch(/^10,695 incidents/);
    await page.waitForFunction(() => /Gender-lens hot spots/.test(document.querySelector('[data-testid=overlay-legend]')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.click('[data-testid=tab-charts]');
    await page.waitForSelector('[data-testid=overlay-legend]', { state: 'detached', timeout: 10_000 });
  });
});
