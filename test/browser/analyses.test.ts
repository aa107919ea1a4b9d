/**
 * Browser tests of the analysis panels on the demo city: the hot-spot tab runs Gi* in the engine
 * worker, draws its classes on the map (pixels) with a legend, and its class counts equal the same
 * request run through the Node engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createNodeService } from '../../src/lib/engine/node';
import { runHotspots } from '../../src/lib/engine/analyses/hotspots';
import { NO_CTX } from '../../src/lib/engine/service';
import { decodePng } from './png';
import { ROOT, openApp } from './harness';

let app: Awaited<ReturnType<typeof openApp>>;
let page: Page;

beforeAll(async () => {
  app = await openApp();
  page = await (await app.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(app.origin + '/');
  await page.waitForSelector('[data-testid=legend]', { timeout: 90_000 });
});

afterAll(async () => {
  await app?.close();
});

/** Share of map pixels in the hot-spot reds (not the street greys or the background). */
async function redShare(): Promise<number> {
  const png = decodePng(await page.locator('[data-testid=map]').screenshot());
  let red = 0;
  for (let i = 0; i < png.width * png.height; i++) {
    const [r, g, b] = [png.data[4 * i], png.data[4 * i + 1], png.data[4 * i + 2]];
    if (r > 150 && r - b > 60 && r - g > 40) red++;
  }
  return red / (png.width * png.height);
}

describe('hot spots tab', () => {
  it('runs Gi* on the demo city, draws the classes and matches the Node engine', async () => {
    await page.click('[data-testid=tab-hotspots]');
    await page.waitForSelector('[data-testid=overlay-legend]', { timeout: 30_000 });
    await page.waitForTimeout(800);
    expect(await redShare()).toBeGreaterThan(0.01);
    const shown = (await page.textContent('[data-testid=hs-classes]')) ?? '';

    const s = await createNodeService();
    const det = await s.stage('incidents.parquet', new Uint8Array(fs.readFileSync(path.join(ROOT, 'data/demo/incidents.parquet'))));
    await s.import(det.mapping, JSON.parse(fs.readFileSync(path.join(ROOT, 'data/demo/boundary.geojson'), 'utf8')), false);
    const h = await runHotspots(s, { res: 9, filter: {}, method: 'gistar', k: null, weights: 'binary', fdr: true, permutations: 0, seed: 1 }, NO_CTX);
    for (const l of h.result.legend) {
      let n = 0;
      for (const c of h.result.classCode) if (c === l.code) n++;
      expect(shown).toContain(`${l.label}${n.toLocaleString('en-GB')}`);
    }
    expect(await page.textContent('[data-testid=hs-k-explanation]')).toContain(`k = ${h.k}`);
  });

  it('shows a cell drill-down on hover and hands the map back to the counts on leaving the tab', async () => {
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('[data-testid=overlay-tooltip]', { timeout: 10_000 });
    const tip = (await page.textContent('[data-testid=overlay-tooltip]')) ?? '';
    expect(tip).toMatch(/Class.*Incidents.*z.*Adjusted p/s);
    await page.click('[data-testid=tab-charts]');
    await page.waitForSelector('[data-testid=overlay-legend]', { state: 'detached', timeout: 10_000 });
    expect(await page.isVisible('[data-testid=legend]')).toBe(true);
  });
});

describe('over time, repeats and risk tabs', () => {
  it('finds emerging hot spots and measures forecast accuracy', async () => {
    await page.click('[data-testid=tab-trends]');
    await page.click('[data-testid=emerging-run]');
    await page.waitForSelector('[data-testid=emerging-counts]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid=emerging-counts]')).toMatch(/Persistent hot spot\d+/);
    expect(await page.isVisible('[data-testid=overlay-legend]')).toBe(true);
    await page.click('[data-testid=forecast-run]');
    await page.waitForSelector('[data-testid=forecast-table]', { timeout: 120_000 });
    const t = (await page.textContent('[data-testid=forecast-table]')) ?? '';
    for (const m of ['prior', 'kde', 'gistar', 'best']) expect(t).toContain(m);
    expect(await page.textContent('[data-testid=concentration]')).toMatch(/% of cells hold half/);
  });

  it('runs a Knox test on burglary with progress and finds the planted near repeats', async () => {
    await page.click('[data-testid=tab-repeats]');
    await page.click('text=Select none');
    await page.locator('[data-testid=offence-list] label', { hasText: 'Burglary' }).click();
    await page.selectOption('[data-testid=repeats-panel] select >> nth=1', '99');
    await page.click('[data-testid=knox-run]');
    await page.waitForSelector('[data-testid=knox-table]', { timeout: 180_000 });
    expect(await page.textContent('[data-testid=knox-summary]')).toContain('18,804 incidents');
    // The generator plants burglary chains ~50 m and ~5 days apart: [1, 100) m × [0, 7) days is raised.
    expect(await page.textContent('[data-testid=knox-reading]')).toContain('[1, 100) m and [0, 7) days');
    await page.click('[data-testid=zones-run]');
    await page.waitForSelector('[data-testid=zones-summary]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=zones-summary]')).toMatch(/zones .* held [\d.]+ % of incidents \(PAI/s);
    await page.click('[data-testid=places-run]');
    await page.waitForSelector('[data-testid=places-summary]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=places-summary]')).toMatch(/places were hit more than once/);
    await page.click('text=Select all');
  });

  it('loads the demo layers, fits the risk model and runs a what-if', async () => {
    await page.click('[data-testid=tab-risk]');
    await page.click('[data-testid=env-demo]');
    await page.waitForSelector('[data-testid=env-layers]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=env-layers]')).toContain('Bar / liquor outlet');
    await page.click('[data-testid=risk-run]');
    await page.waitForSelector('[data-testid=risk-factors]', { timeout: 180_000 });
    const f = (await page.textContent('[data-testid=risk-factors]')) ?? '';
    expect(f).toContain('Broken street light');
    await page.click('[data-testid=whatif-add]'); // default change: repair broken street lights, everywhere
    await page.click('[data-testid=whatif-run]');
    await page.waitForSelector('[data-testid=whatif-result]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=whatif-result]')).toMatch(/Modelled incidents: [\d,]+ → [\d,]+/);
  });
});
