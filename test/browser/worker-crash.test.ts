/**
 * Issue 7, item 5 (long jobs): a crashed engine worker is reported and replaced without reloading
 * the page, and the project comes back — the same data (counts), layers and plan — in the new
 * worker, which then answers analyses. Two ways a worker dies: it stops without a word (closed;
 * as when the browser kills it), noticed through the Web Lock it holds while alive, and an error
 * the worker did not catch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { openApp } from './harness';

let app: Awaited<ReturnType<typeof openApp>>;
let page: Page;
const pageErrors: string[] = [];
let before: { total: string | null; placements: number };

const engineWorker = (p: Page): Worker | undefined => p.workers().find((w) => w.url().includes('engine.worker'));

async function state(p: Page) {
  await p.click('[data-testid=tab-plan]');
  return { total: await p.getAttribute('[data-testid=total-count]', 'data-count'), placements: await p.locator('[data-testid=plan-placement]').count() };
}

/** Waits for the recovery message, then for the data to be back. */
async function recovered(p: Page): Promise<string> {
  await p.waitForFunction(() => /was restarted and your project loaded again/.test(document.querySelector('[data-testid=project-notice]')?.textContent ?? ''), null, { timeout: 180_000 });
  await p.waitForFunction((t) => document.querySelector('[data-testid=total-count]')?.getAttribute('data-count') === t, before.total, { timeout: 60_000 });
  return (await p.textContent('[data-testid=project-notice]')) ?? '';
}

beforeAll(async () => {
  app = await openApp();
  const ctx = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(app.origin + '/');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=total-count]')?.getAttribute('data-count')) > 0, null, { timeout: 180_000 });
  await page.locator('[data-testid=tour-close]').click({ timeout: 1000 }).catch(() => {});
  await page.selectOption('[data-testid=resolution]', '8');
  await page.click('[data-testid=tab-risk]');
  await page.click('[data-testid=env-demo]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=env-layers] tbody tr').length === 8, null, { timeout: 120_000 });
  await page.click('[data-testid=tab-plan]');
  await page.waitForSelector('[data-testid=plan-apply-top]:enabled', { timeout: 60_000 });
  await page.fill('[data-testid=plan-topn]', '4');
  await page.click('[data-testid=plan-apply-top]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=plan-placement]').length === 4);
  before = await state(page);
}, 600_000);

afterAll(async () => {
  await app?.close();
});

describe('engine worker crash', () => {
  it('a worker that stops without a word is noticed, replaced, and given the project again', { timeout: 400_000 }, async () => {
    const old = engineWorker(page)!;
    expect(old).toBeTruthy();
    await old.evaluate(() => self.close()).catch(() => {});
    const text = await recovered(page);
    expect(text).toMatch(/The data engine stopped \(the engine worker stopped/);
    expect(text).toMatch(/the demo city \(.+ incidents\), 8 environmental layers, a plan with 4 placements/);
    expect(await state(page)).toEqual(before);
    expect(await page.inputValue('[data-testid=resolution]')).toBe('8');
    const fresh = engineWorker(page);
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(old);
    // The new engine answers: a hot-spot run (analytic runs start when the tab opens) and the layers in the risk tab.
    await page.click('[data-testid=tab-hotspots]');
    await page.waitForSelector('[data-testid=hs-classes]', { timeout: 120_000 });
    await page.click('[data-testid=tab-risk]');
    expect(await page.locator('[data-testid=env-layers] tbody tr').count()).toBe(8);
  });

  it('an error the worker did not catch is reported, and the worker replaced the same way', { timeout: 400_000 }, async () => {
    await page.click('[data-testid=project-notice] button');
    const old = engineWorker(page)!;
    await old.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated engine bug');
      }, 0);
    });
    const text = await recovered(page);
    expect(text).toMatch(/The data engine stopped \(an error the engine did not catch \(.*simulated engine bug\)\)/);
    expect(await state(page)).toEqual(before);
    await page.click('[data-testid=tab-risk]');
    expect(await page.locator('[data-testid=env-layers] tbody tr').count()).toBe(8);
  });

  it('left no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
