/**
 * Accessibility and guidance in the built app: axe-core (injected into the page) finds no serious
 * or critical violation on any main view (each analysis tab, the tour, each dialog); the panels
 * work from the keyboard with a visible focus; the cells table holds the map's figures and sorts;
 * the first-visit tour walks exploring → hot spots → repeats → plan, is remembered and restarts
 * from the header; every info button opens its method's glossary entry, in each language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, openDemo, axeProblems } from './harness';


let app: Awaited<ReturnType<typeof openApp>>;
let context: BrowserContext;
let page: Page;


async function load(p: Page): Promise<void> {
  await openDemo(p, app.origin + '/', '[data-testid=legend]');
}

beforeAll(async () => {
  app = await openApp();
  context = await app.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  await load(page);
}, 300_000);

afterAll(async () => {
  await app?.close();
});


const selectedTab = () => page.getAttribute('[role=tab][aria-selected=true]', 'data-testid');

describe('first-visit tour', () => {
  it('opens on the demo city and walks from exploring to hot spots, repeats and a plan', async () => {
    await page.waitForSelector('[data-testid=tour]');
    expect(await page.textContent('[data-testid=tour] h2')).toBe('Explore the demo city');
    expect(await axeProblems(page)).toEqual([]);
    const steps: [string, string][] = [
      ['Find the hot spots', 'tab-hotspots'],
      ['Look for repeats', 'tab-repeats'],
      ['Make a plan', 'tab-plan'],
      ['You are ready', 'tab-charts'],
    ];
    for (const [title, tab] of steps) {
      await page.click('[data-testid=tour-next]');
      await page.waitForFunction((t) => document.querySelector('[data-testid=tour] h2')?.textContent === t, title);
      expect(await selectedTab()).toBe(tab);
      // The step's part of the page is outlined.
      expect(await page.locator('.tour-target').count()).toBe(1);
    }
    await page.click('[data-testid=tour-back]');
    await page.waitForFunction(() => document.querySelector('[data-testid=tour] h2')?.textContent === 'Make a plan');
    await page.click('[data-testid=tour-next]');
    await page.click('[data-testid=tour-close]');
    await page.waitForSelector('[data-testid=tour]', { state: 'detached' });
    expect(await page.locator('.tour-target').count()).toBe(0);
  }, 300_000);

  it('is remembered, restarts from the header and closes with Escape', async () => {
    await load(page);
    await page.waitForTimeout(1500);
    expect(await page.isVisible('[data-testid=tour]')).toBe(false);
    await page.click('[data-testid=tour-restart]');
    await page.waitForSelector('[data-testid=tour]');
    expect(await page.textContent('[data-testid=tour] h2')).toBe('Explore the demo city');
    // The card takes the focus, so Escape reaches it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tour');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=tour]', { state: 'detached' });
  }, 300_000);
});

describe('glossary', () => {
  it('opens at the method of every info button, on every tab', async () => {
    const seen = new Set<string>();
    for (const tab of ['hotspots', 'trends', 'repeats', 'risk', 'plan']) {
      await page.click(`[data-testid=tab-${tab}]`);
      await page.waitForTimeout(300);
      const ids = await page.$$eval('#panel-' + tab + ' [data-testid^=info-]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice(5)));
      expect(ids.length, tab).toBeGreaterThan(0);
      for (const id of ids) {
        await page.click(`#panel-${tab} [data-testid=info-${id}]`);
        await page.waitForSelector('[data-testid=glossary]');
        await page.waitForFunction((i) => document.activeElement?.id === `gloss-${i}`, id, { timeout: 5000 });
        const entry = (await page.textContent(`[data-testid=gloss-${id}]`)) ?? '';
        expect(entry).toContain('What it answers');
        expect(entry).toContain('What it does not tell you');
        expect(entry).toMatch(/\(\d{4}\)/);
        await page.keyboard.press('Escape');
        await page.waitForSelector('[data-testid=glossary]', { state: 'detached' });
        seen.add(id);
      }
    }
    for (const id of ['gistar', 'fdr', 'kde', 'emerging', 'concentration', 'forecast', 'repeat-places', 'knox', 'rtm', 'plan-score']) expect(seen).toContain(id);
    // The hot-spot method's button follows the method chosen.
    await page.click('[data-testid=tab-hotspots]');
    await page.selectOption('[data-testid=hs-method]', 'local-moran');
    await page.click('#panel-hotspots [data-testid=info-local-moran]');
    await page.waitForFunction(() => document.activeElement?.id === 'gloss-local-moran');
    expect(await page.textContent('[data-testid=gloss-local-moran]')).toContain('Anselin');
    await page.keyboard.press('Escape');
    await page.selectOption('[data-testid=hs-method]', 'gistar');
  }, 300_000);

  it('is in Spanish and French too, and passes axe', async () => {
    await page.click('[data-testid=open-glossary]');
    await page.waitForSelector('[data-testid=glossary]');
    expect(await axeProblems(page)).toEqual([]);
    await page.keyboard.press('Escape');
    for (const [lang, answers, title] of [['es', 'Qué responde', 'Prueba de Knox'], ['fr', 'Ce à quoi elle répond', 'test de Knox']] as const) {
      await page.selectOption('[data-testid=language]', lang);
      await page.click('[data-testid=open-glossary]');
      await page.waitForSelector('[data-testid=glossary]');
      const text = (await page.textContent('[data-testid=glossary]')) ?? '';
      expect(text).toContain(answers);
      expect(text.toLowerCase()).toContain(title.toLowerCase());
      await page.keyboard.press('Escape');
    }
    await page.selectOption('[data-testid=language]', 'en');
  }, 300_000);
});

describe('accessibility', () => {
  it('has no serious or critical axe violation on any tab of the analysis panel', async () => {
    const tabs = await page.$$eval('[role=tab]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
    expect(tabs).toEqual(expect.arrayContaining(['charts', 'hotspots', 'trends', 'repeats', 'risk', 'plan']));
    for (const tab of tabs) {
      await page.click(`[data-testid=tab-${tab}]`);
      await page.waitForTimeout(1200);
      expect(await axeProblems(page), `tab ${tab}`).toEqual([]);
    }
    // With results shown: repeat places on the Repeats tab.
    await page.click('[data-testid=tab-repeats]');
    await page.click('[data-testid=places-run]');
    await page.waitForSelector('[data-testid=places-summary]', { timeout: 60_000 });
    expect(await axeProblems(page), 'repeat places').toEqual([]);
  }, 300_000);

  it('has no serious or critical axe violation in the dialogs', async () => {
    await page.click('[data-testid=tab-hotspots]');
    const dialogs: [string, string][] = [
      ['[data-testid=open-cell-table]', '[data-testid=cell-table]'],
      ['[data-testid=open-export]', '[data-testid=export]'],
      ['[data-testid=open-report]', 'dialog[open]'],
      ['header button:text-is("Settings")', '[data-testid=settings]'],
    ];
    for (const [open, dialog] of dialogs) {
      await page.click(open);
      await page.waitForSelector(dialog);
      await page.waitForTimeout(300);
      expect(await axeProblems(page), open).toEqual([]);
      await page.keyboard.press('Escape');
      await page.waitForSelector('dialog[open]', { state: 'detached' });
    }
    // The column dialog of an import (cancelled: the demo stays).
    const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-a11y-')), 'few.csv');
    fs.writeFileSync(csv, 'when,lat,lon,type\n2023-01-02 10:00,51.50,-0.12,Burglary\n2023-01-03 11:00,51.51,-0.13,Robbery\n');
    await page.setInputFiles('[data-testid=file-input]', csv);
    await page.waitForSelector('dialog[open]');
    await page.waitForTimeout(300);
    expect(await axeProblems(page), 'column dialog').toEqual([]);
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    expect(await page.textContent('[data-testid=dataset-label]')).toContain('synthetic');
  }, 300_000);

  it('works from the keyboard, with a visible focus', async () => {
    // Tabs: arrow keys move between them.
    await page.focus('[data-testid=tab-charts]');
    await page.click('[data-testid=tab-charts]');
    await page.keyboard.press('ArrowRight');
    expect(await selectedTab()).toBe('tab-hotspots');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-hotspots');
    // Tab moves on, and the focused control shows an outline.
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    // The map canvas takes the focus and pans with the arrow keys.
    await page.focus('.maplibregl-canvas');
    const before = page.url();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((b) => location.href !== b, before, { timeout: 10_000 });
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
  }, 300_000);

  it('gives the map as a sortable table of cells with the same figures', async () => {
    await page.click('[data-testid=tab-charts]');
    await page.waitForSelector('[data-testid=legend]');
    const total = Number(await page.getAttribute('[data-testid=total-count]', 'data-count'));
    await page.focus('[data-testid=open-cell-table]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=cell-table-table]');
    // Largest first by default; Enter on the header sorts the other way.
    const col = () => page.$$eval('[data-testid=cell-table-table] tbody tr td:nth-of-type(1)', (tds) => tds.map((td) => Number(td.textContent!.replace(/[^\d]/g, ''))));
    const desc = await col();
    expect(desc.length).toBe(50);
    expect([...desc].sort((a, b) => b - a)).toEqual(desc);
    expect(await page.getAttribute('[data-testid=cell-table-table] th:nth-of-type(2)', 'aria-sort')).toBe('descending');
    await page.focus('[data-testid=cell-sort-0]');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('[data-testid=cell-table-table] th:nth-of-type(2)', 'aria-sort')).toBe('ascending');
    const asc = await col();
    expect([...asc].sort((a, b) => a - b)).toEqual(asc);
    // The whole table (its CSV, suppression off) sums to the incidents under the filter.
    const publish = await page.evaluate(() => localStorage.getItem('prevention-planner:export-suppression'));
    await page.evaluate(() => localStorage.setItem('prevention-planner:export-suppression', JSON.stringify({ on: false, threshold: 5 })));
    await page.keyboard.press('Escape');
    await load(page);
    await page.click('[data-testid=open-cell-table]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=cell-table-csv]')]);
    const lines = fs.readFileSync((await dl.path())!, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('cell,res,Incidents,Share of incidents (%)');
    const sum = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[2]), 0);
    expect(sum).toBe(total);
    await page.evaluate((p) => (p === null ? localStorage.removeItem('prevention-planner:export-suppression') : localStorage.setItem('prevention-planner:export-suppression', p)), publish);
    // "Show on map" moves the map to the cell, at zoom 15 (where its incidents are drawn).
    await page.click('[data-testid=cell-table-table] tbody tr:first-child td.act button');
    await page.waitForSelector('[data-testid=cell-table]', { state: 'detached' });
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('z') === '15', null, { timeout: 30_000 });
    await page.waitForSelector('[data-testid=points-legend]', { timeout: 120_000 });
  }, 300_000);
});
