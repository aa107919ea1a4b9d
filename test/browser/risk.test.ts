/**
 * Browser test of the Risk tab on the demo city (issue #5): a user-defined feature type added
 * from the import row shows in the type lists; the demo layers load with the working lights as a
 * control; the fitted factor table labels the control; the accuracy table puts the risk model
 * next to the four hot-spot methods; a what-if scenario of two changes (repair every broken light;
 * remove the bars in a cell clicked on the map) lowers modelled incidents, shows the caution and
 * draws the change on the map. Screenshots go to /tmp/pp/risk-*.png when that folder exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import { openApp } from './harness';
import { decodePng } from './png';

let app: Awaited<ReturnType<typeof openApp>>;
let page: Page;
const SHOTS = fs.existsSync('/tmp/pp') ? '/tmp/pp' : null;
const shot = async (name: string) => { if (SHOTS) await page.screenshot({ path: `${SHOTS}/risk-${name}.png` }); };

beforeAll(async () => {
  app = await openApp();
  page = await (await app.browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await page.goto(app.origin + '/');
  await page.waitForSelector('[data-testid=legend]', { timeout: 90_000 });
  await page.click('[data-testid=tab-risk]');
});

afterAll(async () => {
  await app?.close();
});

/** Number of numbers in a "A → B" text. */
const arrow = (t: string) => { const m = /Modelled incidents: ([\d,]+) → ([\d,]+)/.exec(t)!; return [Number(m[1].replaceAll(',', '')), Number(m[2].replaceAll(',', ''))]; };

describe('risk tab', () => {
  it('lets the user add a feature type, and loads the demo layers with working lights as a control', async () => {
    await page.selectOption('[data-testid=env-type]', '__new');
    await page.fill('[data-testid=env-newtype-name]', 'Late-night shop');
    await page.click('[data-testid=env-newtype-add]');
    expect(await page.inputValue('[data-testid=env-type]')).toBe('late_night_shop');
    expect(await page.isVisible('[data-testid=env-file]')).toBe(true);
    // The same name again is refused with a message.
    await page.selectOption('[data-testid=env-type]', '__new');
    await page.fill('[data-testid=env-newtype-name]', 'late night shop');
    await page.click('[data-testid=env-newtype-add]');
    expect(await page.textContent('[data-testid=risk-panel] [role=alert]')).toContain('already a feature type "Late-night shop"');
    await page.selectOption('[data-testid=env-type]', 'bar');

    await page.click('[data-testid=env-demo]');
    await page.waitForSelector('[data-testid=env-layers]', { timeout: 60_000 });
    const layers = (await page.textContent('[data-testid=env-layers]')) ?? '';
    expect(layers).toContain('Broken street light');
    expect(layers).toContain('Bar / liquor outlet');
    expect(await page.isChecked('[aria-label="Use Street light as a control"]')).toBe(true);
    expect(await page.isChecked('[aria-label="Use Bar / liquor outlet as a control"]')).toBe(false);
    expect(await page.textContent('[data-testid=env-control-note]')).toMatch(/street and address density/);
    await page.waitForSelector('[data-testid=env-legend]', { timeout: 10_000 });
    expect(await page.textContent('[data-testid=env-legend]')).toContain('Broken street light');
  });

  it('fits the model with the control labelled, and draws the surface', async () => {
    await page.click('[data-testid=risk-run]');
    await page.waitForSelector('[data-testid=risk-factors]', { timeout: 180_000 });
    const rows = await page.locator('[data-testid=risk-factors] tbody tr').allTextContents();
    expect(rows.find((r) => r.startsWith('Street light'))).toMatch(/control$/);
    expect(rows.find((r) => r.startsWith('Broken street light'))).toMatch(/yes$/);
    await page.waitForSelector('[data-testid=overlay-legend]');
    await page.waitForTimeout(800);
    await shot('surface');
  });

  it('puts the risk model’s PAI next to the hot-spot methods', async () => {
    await page.click('[data-testid=risk-accuracy-run]');
    await page.waitForSelector('[data-testid=risk-accuracy]', { timeout: 240_000 });
    const rows = await page.locator('[data-testid=risk-accuracy] tbody tr').allTextContents();
    expect(rows.length).toBe(5);
    expect(rows[0]).toMatch(/^Risk terrain model\d+\.\d\d0?\.\d\d/);
    for (const m of ['prior counts', 'kernel density', 'Gi*', 'best']) expect(rows.some((r) => r.includes(m))).toBe(true);
    expect(await page.isVisible('[data-testid=risk-pai-curve]')).toBe(true);
    await page.locator('[data-testid=risk-accuracy]').scrollIntoViewIfNeeded();
    await shot('accuracy');
  });

  it('builds a two-change what-if with a map click, shows the lower modelled count, the caution and the change map', async () => {
    // 1: repair every broken light (the default change, everywhere).
    await page.selectOption('[data-testid=whatif-action]', 'repair');
    await page.selectOption('[data-testid=whatif-where]', 'all');
    await page.click('[data-testid=whatif-add]');
    // 2: remove the bars in a cell picked on the map (the busiest cell: the map's centre).
    await page.selectOption('[data-testid=whatif-action]', 'remove');
    await page.selectOption('[data-testid=whatif-type]', 'bar');
    await page.selectOption('[data-testid=whatif-where]', 'cells');
    await page.click('[data-testid=whatif-pick]');
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    for (const [dx, dy] of [[0, 0], [30, 0], [-30, 0], [0, 30], [0, -30]]) await page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
    await page.waitForFunction(() => /[1-9]\d* cells? picked/.test(document.querySelector('[data-testid=whatif-picks]')?.textContent ?? ''));
    expect(await page.textContent('[data-testid=overlay-legend]')).toContain('Picked for the next change');
    await shot('picked');
    await page.click('[data-testid=whatif-add]');
    const steps = await page.locator('[data-testid=whatif-steps] li').allTextContents();
    expect(steps[0]).toContain('Repair broken street lights: everywhere');
    expect(steps[1]).toMatch(/Remove Bar \/ liquor outlet: in \d+ picked cells?/);
    await page.click('[data-testid=whatif-run]');
    await page.waitForSelector('[data-testid=whatif-result]', { timeout: 60_000 });
    const [before, after] = arrow((await page.textContent('[data-testid=whatif-result]')) ?? '');
    expect(after).toBeLessThan(before);
    expect(await page.textContent('[data-testid=whatif-result]')).toContain('Held fixed as controls: Street light');
    expect(await page.textContent('[data-testid=whatif-caution]')).toMatch(/not causal effects/);
    expect(await page.textContent('[data-testid=whatif-steps]')).toMatch(/— [\d,]+ features/);
    // The change map: cells with fewer modelled incidents in blue.
    expect(await page.isChecked('[data-testid=view-change]')).toBe(true);
    expect(await page.textContent('[data-testid=overlay-legend]')).toContain('Fewer');
    await page.waitForTimeout(800);
    const png = decodePng(await page.locator('[data-testid=map]').screenshot());
    let blue = 0;
    for (let i = 0; i < png.width * png.height; i++) if (png.data[4 * i + 2] > 150 && png.data[4 * i + 2] - png.data[4 * i] > 50) blue++;
    expect(blue / (png.width * png.height)).toBeGreaterThan(0.01);
    await shot('whatif');
    await page.locator('[data-testid=whatif-caution]').scrollIntoViewIfNeeded();
    await shot('whatif-panel');
    // Undo takes the last change back.
    await page.click('[data-testid=whatif-undo]');
    expect(await page.locator('[data-testid=whatif-steps] li').count()).toBe(1);
  });
});
