/**
 * The shareable view in the built app: filters, resolution, tab, a method parameter and the map's
 * place go into the URL; the link opened in a fresh browser (same data: the demo city) shows the
 * same view, with the same incident count; Back and Forward step through the discrete changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, openDemo } from './harness';

let app: Awaited<ReturnType<typeof openApp>>;


beforeAll(async () => {
  app = await openApp();
}, 300_000);

afterAll(async () => {
  await app?.close();
});

async function fresh(url: string): Promise<Page> {
  const ctx = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  // The tour is for first visits; these pages have seen it.
  await ctx.addInitScript(() => localStorage.setItem('prevention-planner:tour-seen', '1'));
  const page = await ctx.newPage();
  await openDemo(page, url);
  return page;
}

const total = (p: Page) => p.getAttribute('[data-testid=total-count]', 'data-count').then(Number);
const hashOf = (p: Page) => new URLSearchParams(new URL(p.url()).hash.slice(1));
/** Waits until the URL fragment has each key at its value (null: the key is absent). */
const waitHash = (p: Page, want: Record<string, string | null>, what: string) =>
  p
    .waitForFunction(
      (w) => {
        const q = new URLSearchParams(location.hash.slice(1));
        return Object.entries(w).every(([k, v]) => (v === null ? !q.has(k) : q.get(k) === v));
      },
      want,
      { timeout: 15_000 },
    )
    .catch((e: Error) => {
      throw new Error(`${what}: ${e.message} (hash ${new URL(p.url()).hash})`);
    });

describe('the view in the URL', () => {
  let link = '';
  let want = { total: 0, zoom: 0, lon: 0, lat: 0 };

  it('records filters, resolution, tab, parameters and the map’s place', async () => {
    const page = await fresh(app.origin + '/');
    expect(hashOf(page).get('v')).toBe('1');
    // Burglary only, res 8, Mon–Fri, the hot-spot tab with local Moran and FDR off.
    await page.click('[data-testid=offence-list] >> xpath=.. >> button:text-is("Select none")');
    await page.locator('[data-testid=offence-list] label', { hasText: 'Burglary' }).click();
    await page.selectOption('[data-testid=resolution]', '8');
    await page.click('[data-testid=weekday-filter] button:text-is("Mon–Fri")');
    await page.click('[data-testid=tab-hotspots]');
    await page.selectOption('[data-testid=hs-method]', 'local-moran');
    await page.waitForSelector('[data-testid=overlay-legend]', { timeout: 30_000 });
    // Zoom in one step with the keyboard on the map.
    await page.focus('.maplibregl-canvas');
    await page.keyboard.press('Equal');
    await waitHash(page, { off: 'Burglary', res: '8', wd: '1-5', tab: 'hotspots', 'hs.method': 'local-moran' }, 'discrete view in the hash');
    await page.waitForTimeout(1000);
    const q = hashOf(page);
    const [lon, lat] = q.get('c')!.split(',').map(Number);
    want = { total: await total(page), zoom: Number(q.get('z')), lon, lat };
    expect(want.total).toBeGreaterThan(1000);
    expect(want.zoom).toBeGreaterThan(11);
    link = page.url();
    await page.context().close();
  }, 300_000);

  it('reproduces the view from the link in a fresh browser', async () => {
    const page = await fresh(link);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=total-count]')?.getAttribute('data-count')) === n, want.total, { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid=tab-hotspots]', 'aria-selected')).toBe('true');
    expect(await page.inputValue('[data-testid=hs-method]')).toBe('local-moran');
    expect(await page.inputValue('[data-testid=resolution]')).toBe('8');
    await page.waitForSelector('[data-testid=overlay-legend]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid=overlay-legend]')).toContain('Moran');
    // The map's place: same zoom and centre (to about a metre).
    await page.waitForTimeout(1000);
    const q = hashOf(page);
    const [lon, lat] = q.get('c')!.split(',').map(Number);
    expect(Number(q.get('z'))).toBeCloseTo(want.zoom, 2);
    expect(Math.abs(lon - want.lon)).toBeLessThan(2e-5);
    expect(Math.abs(lat - want.lat)).toBeLessThan(2e-5);
    await page.context().close();
  }, 300_000);

  it('steps through discrete changes with Back and Forward', async () => {
    const page = await fresh(link);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=total-count]')?.getAttribute('data-count')) === n, want.total, { timeout: 30_000 });
    // 1: another tab.
    await page.click('[data-testid=tab-repeats]');
    await waitHash(page, { tab: 'repeats' }, 'tab in the hash');
    // 2: every offence again.
    await page.click('[data-testid=offence-list] >> xpath=.. >> button:text-is("Select all")');
    await waitHash(page, { off: null }, 'offences cleared from the hash');
    const all = await total(page);
    expect(all).toBeGreaterThan(want.total);
    // Back: Burglary again, still on the repeats tab.
    await page.goBack();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=total-count]')?.getAttribute('data-count')) === n, want.total, { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid=tab-repeats]', 'aria-selected')).toBe('true');
    // Back again: the hot-spot tab of the link.
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[data-testid=tab-hotspots]')?.getAttribute('aria-selected') === 'true', null, { timeout: 10_000 });
    expect(await page.inputValue('[data-testid=hs-method]')).toBe('local-moran');
    // Forward twice: repeats, then every offence.
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('[data-testid=tab-repeats]')?.getAttribute('aria-selected') === 'true', null, { timeout: 10_000 });
    await page.goForward();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=total-count]')?.getAttribute('data-count')) === n, all, { timeout: 30_000 });
    await page.context().close();
  }, 300_000);

  it('says which parts of a bad link it could not use and keeps the rest', async () => {
    const page = await fresh(`${app.origin}/#v=1&res=8&tab=nowhere&hs.k=abc`);
    await page.waitForFunction(() => document.body.innerText.includes('Part of this link could not be used'), null, { timeout: 30_000 });
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('The tab "nowhere"');
    expect(text).toContain('hs.k "abc"');
    expect(await page.inputValue('[data-testid=resolution]')).toBe('8');
    await page.context().close();
  }, 300_000);
});
