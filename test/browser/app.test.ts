/**
 * Browser tests of the built app (build/) in headless Chromium: the demo city loads and its cells
 * are really drawn (pixels, not DOM), filters change the count (checked against the Node engine),
 * a CSV imports through the UI with a validation report equal to the engine's, errors show in the
 * page and keep the loaded data, and no request ever leaves the app's own origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { createNodeService } from '../../src/lib/engine/node';
import { REJECT_REASONS } from '../../src/lib/engine/protocol';
import { decodePng, warmShare } from './png';
import { ROOT, openApp } from './harness';

const MEMPHIS = path.resolve(ROOT, '../shared/data/memphis/memphis_robberies.csv');
const DEMO = path.join(ROOT, 'data/demo');

let app: Awaited<ReturnType<typeof openApp>>;
let origin = '';
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];

/** The total incident count under the current filter, as the page shows it. */
async function total(): Promise<number> {
  return Number(await page.getAttribute('[data-testid=total-count]', 'data-count'));
}

/** Waits until the shown total differs from `before` and the map has no update pending. */
async function totalChangedFrom(before: number): Promise<number> {
  await page.waitForFunction((b) => {
    const el = document.querySelector('[data-testid=total-count]');
    return el && Number(el.getAttribute('data-count')) !== b;
  }, before, { timeout: 30_000 });
  return total();
}

const text = async (sel: string) => (await page.textContent(sel))?.trim() ?? '';
const num = async (sel: string) => Number((await text(sel)).replace(/[^\d]/g, ''));

beforeAll(async () => {
  app = await openApp();
  origin = app.origin;
  context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  context.on('request', (r) => requests.push(r.url()));
  page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(origin + '/');
});

afterAll(async () => {
  await app?.close();
});

describe('Prevention Planner in the browser', () => {
  it('loads the synthetic demo city and draws its cells on the map', async () => {
    try {
      await page.waitForSelector('[data-testid=map][data-ready=true]', { timeout: 90_000 });
      await page.waitForSelector('[data-testid=legend]');
    } catch (e) {
      const body = await page.evaluate(() => document.body.innerText.slice(0, 1500));
      throw new Error(`The demo did not load: ${(e as Error).message}\nPage errors: ${pageErrors.join('; ')}\nPage text:\n${body}`);
    }
    expect(await text('[data-testid=dataset-label]')).toContain('synthetic data, not a real place');
    expect(await text('header')).toContain('nothing is uploaded');
    expect(await total()).toBeGreaterThan(1000);
    await page.waitForSelector('[data-testid=chart-weekly] svg');
    await page.waitForSelector('[data-testid=chart-hour-weekday] svg');
    await page.waitForSelector('[data-testid=chart-offences] svg');
    // Pixels, not DOM: the yellow→red cells must cover a good part of the map.
    await page.waitForTimeout(1000);
    let share = 0;
    for (let i = 0; i < 10 && share < 0.05; i++) {
      share = warmShare(decodePng(await page.locator('[data-testid=map]').screenshot()));
      if (share < 0.05) await page.waitForTimeout(500);
    }
    expect(share).toBeGreaterThan(0.05);
    expect(pageErrors).toEqual([]);
  });

  it('changes the count when a filter changes, as the engine computes it, and undoes', async () => {
    const all = await total();
    // The same data through the Node engine gives the expected counts.
    const svc = await createNodeService();
    const det = await svc.stage('incidents.parquet', new Uint8Array(fs.readFileSync(path.join(DEMO, 'incidents.parquet'))));
    const boundary = JSON.parse(fs.readFileSync(path.join(DEMO, 'boundary.geojson'), 'utf8')) as FeatureCollection;
    await svc.import(det.mapping, boundary, false);
    expect(svc.aggregate(9, {}).total).toBe(all);

    await page.click('[data-testid=weekday-filter] button:text-is("Weekend")');
    const weekend = await totalChangedFrom(all);
    expect(weekend).toBe(svc.aggregate(9, { weekdays: [6, 7] }).total);
    expect(weekend).toBeLessThan(all);

    await page.keyboard.press('Control+z');
    expect(await totalChangedFrom(weekend)).toBe(all);

    // Untick the first offence: the total drops by exactly that offence's count.
    const first = page.locator('[data-testid=offence-list] li').first();
    const name = (await first.locator('.name').textContent())!.trim();
    const count = Number((await first.locator('.count').textContent())!.replace(/[^\d]/g, ''));
    await first.locator('input[type=checkbox]').uncheck();
    expect(await totalChangedFrom(all)).toBe(all - count);
    const others = svc.charts({}).offences.map((o) => o.offence).filter((o) => o !== name);
    expect(all - count).toBe(svc.aggregate(9, { offences: others }).total);

    await page.click('[data-testid=undo]');
    expect(await totalChangedFrom(all - count)).toBe(all);

    // Rapid changes: superseded requests are cancelled and only the last filter's result shows.
    const night = svc.aggregate(9, { hours: [0, 1, 2, 3, 4, 5, 20, 21, 22, 23] }).total;
    for (const preset of ['Night 20–05', 'Day 06–19', 'All hours', 'Day 06–19', 'Night 20–05'])
      await page.click(`[data-testid=hour-filter] button:text-is("${preset}")`);
    await page.waitForFunction((n) => document.querySelector('[data-testid=total-count]')?.getAttribute('data-count') === String(n), night, { timeout: 30_000 });
    await page.waitForTimeout(1000);
    expect(await total()).toBe(night);
    await page.click('[data-testid=hour-filter] button:text-is("All hours")');
    expect(await totalChangedFrom(night)).toBe(all);
  });

  it('imports a CSV through the UI and reports read = kept + rejected as the engine does', async () => {
    await page.setInputFiles('[data-testid=file-input]', MEMPHIS);
    await page.waitForSelector('[data-testid=column-dialog]');
    await page.click('[data-testid=confirm-import]');
    await page.waitForSelector('[data-testid=validation-report]', { timeout: 60_000 });

    const svc = await createNodeService();
    const det = await svc.stage('memphis_robberies.csv', new Uint8Array(fs.readFileSync(MEMPHIS)));
    const expected = await svc.import(det.mapping, null, false);

    const read = await num('[data-testid=report-read]');
    const kept = await num('[data-testid=report-kept]');
    let rejected = 0;
    for (const r of REJECT_REASONS) {
      const n = await num(`[data-testid=report-rejected-${r}]`);
      expect(n, r).toBe(expected.rejected[r]);
      rejected += n;
    }
    expect(read).toBe(2245);
    expect(read).toBe(kept + rejected);
    expect(kept).toBe(expected.kept);
    expect(await text('[data-testid=report-balance]')).toContain('✓');

    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=validation-report]', { state: 'detached' });
    await page.waitForFunction((k) => document.querySelector('[data-testid=total-count]')?.getAttribute('data-count') === String(k), kept);
    expect(await text('[data-testid=dataset-label]')).toBe('memphis_robberies.csv');
  });

  it('shows a failed load as a message and keeps the loaded data usable', async () => {
    const before = await total();
    await page.fill('[data-testid=url-input]', `${origin}/shared/memphis/no-such-file.csv`);
    await page.click('button:text-is("Load from URL")');
    await page.waitForSelector('[data-testid=error]');
    expect(await text('[data-testid=error]')).toMatch(/404/);
    expect(await total()).toBe(before);
    await page.click('[data-testid=weekday-filter] button:text-is("Mon–Fri")');
    expect(await totalChangedFrom(before)).toBeLessThan(before);
  });

  it('reports every reject reason like the engine and downloads the rejected rows', async () => {
    const csv = [
      'id,date,lat,lon,type',
      '1,2020-01-01 10:00:00,35.1,-90.0,a',
      '2,2020-01-02 11:00:00,,,a',
      '3,not a date,35.1,-90.0,a',
      '1,2020-01-03 12:00:00,35.1,-90.0,a',
      '4,2020-01-04 12:00:00,0,0,b',
      '5,2020-01-05 13:00:00,35.11,-90.01,b',
      '6,2020-01-06 14:00:00,35.12,-90.02,b',
    ].join('\n');
    const svc = await createNodeService();
    const det = await svc.stage('rejects.csv', new TextEncoder().encode(csv));
    const expected = await svc.import(det.mapping, null, false);

    await page.setInputFiles('[data-testid=file-input]', { name: 'rejects.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('[data-testid=confirm-import]');
    await page.waitForSelector('[data-testid=validation-report]', { timeout: 60_000 });
    expect(await num('[data-testid=report-read]')).toBe(expected.read);
    expect(await num('[data-testid=report-kept]')).toBe(expected.kept);
    let rejected = 0;
    for (const r of REJECT_REASONS) {
      expect(await num(`[data-testid=report-rejected-${r}]`), r).toBe(expected.rejected[r]);
      rejected += expected.rejected[r];
    }
    expect(rejected).toBeGreaterThanOrEqual(3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-rejected]')]);
    const lines = fs.readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toContain('reject_reason');
    expect(lines.length).toBe(1 + rejected);
    await page.keyboard.press('Escape');
  });

  it('falls back to the offline base map with a notice when the online style cannot be loaded', async () => {
    await page.click('button:text-is("Settings")');
    await page.fill('#basemap', `${origin}/no-such-style.json`);
    await page.click('[data-testid=settings] button:text-is("Save")');
    await page.waitForSelector('.notice:has-text("could not be loaded")', { timeout: 20_000 });
    await page.waitForSelector('[data-testid=map][data-ready=true]');
    await page.click('button:text-is("Settings")');
    await page.click('[data-testid=settings] button:text-is("Use offline base map")');
    await page.click('[data-testid=settings] button:text-is("Save")');
    await page.waitForSelector('.notice', { state: 'detached' });
  });

  it('makes no request to any host but its own origin', () => {
    expect(requests.length).toBeGreaterThan(5);
    const foreign = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
    expect(foreign).toEqual([]);
  });
});
