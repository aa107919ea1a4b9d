/**
 * Exports from the built app on the demo city: the map as a PNG with its legend drawn in (the
 * map's own pixels beside a legend panel), the cells as CSV, GeoJSON and Parquet with the same
 * figures as the map, hot spots and repeat places, with small-count suppression on (the default)
 * and off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { tableFromIPC } from 'apache-arrow';
import { initParquetSync, readParquet } from '../../src/lib/engine/parquet';
import { decodePng } from './png';
import { openApp, openDemo } from './harness';

const require = createRequire(import.meta.url);
let app: Awaited<ReturnType<typeof openApp>>;
let page: Page;


beforeAll(async () => {
  initParquetSync(fs.readFileSync(path.join(path.dirname(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')), 'parquet_wasm_bg.wasm')));
  app = await openApp();
  const ctx = await app.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await ctx.addInitScript(() => localStorage.setItem('prevention-planner:tour-seen', '1'));
  page = await ctx.newPage();
  await openDemo(page, app.origin + '/');
  await page.waitForSelector('[data-testid=legend]');
}, 300_000);

afterAll(async () => {
  await app?.close();
});

/** Clicks an export button and returns the file's name and bytes. */
async function save(testid: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(`[data-testid=${testid}]`)]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync((await dl.path())!) };
}

const csvRows = (b: Buffer) => b.toString('utf8').trim().split(/\r?\n/).map((l) => l.split(','));

async function openExport(): Promise<void> {
  if (!(await page.isVisible('[data-testid=export]'))) await page.click('[data-testid=open-export]');
  await page.waitForSelector('[data-testid=export]');
}

async function setPublish(on: boolean): Promise<void> {
  await openExport();
  if ((await page.isChecked('[data-testid=export-publish]')) !== on) await page.click('[data-testid=export-publish]');
}

describe('exports', () => {
  it('saves the map as a PNG with its legend drawn beside it', async () => {
    const mapBox = (await page.locator('[data-testid=map]').boundingBox())!;
    await openExport();
    const { name, bytes } = await save('export-png');
    expect(name).toBe('map-res9.png');
    const png = decodePng(bytes);
    // The map's pixels plus a legend panel (300 CSS px) and a title band.
    expect(png.width).toBe(Math.round(mapBox.width) + 300);
    expect(png.height).toBeGreaterThan(mapBox.height);
    const px = (x: number, y: number) => Array.from(png.data.subarray(4 * (y * png.width + x), 4 * (y * png.width + x) + 3));
    // The map part has the warm counts colours.
    let warm = 0;
    let n = 0;
    for (let y = 80; y < png.height - 40; y += 3)
      for (let x = 0; x < Math.round(mapBox.width); x += 3) {
        const [r, g, b] = px(x, y);
        n++;
        if (r > 200 && b < 120 && r - b > 100) warm++;
      }
    expect(warm / n).toBeGreaterThan(0.05);
    // The legend panel holds the swatch of the darkest counts class (YlOrRd #b10026) and no map.
    let dark = 0;
    for (let y = 60; y < png.height; y++)
      for (let x = Math.round(mapBox.width); x < png.width; x++) {
        const [r, g, b] = px(x, y);
        if (Math.abs(r - 177) < 12 && g < 30 && Math.abs(b - 38) < 20) dark++;
      }
    expect(dark).toBeGreaterThan(50);
  }, 300_000);

  it('saves the map’s cells as CSV, GeoJSON and Parquet with the map’s figures', async () => {
    await page.keyboard.press('Escape');
    const total = Number(await page.getAttribute('[data-testid=total-count]', 'data-count'));
    await setPublish(false);
    const csv = csvRows((await save('export-cells-csv')).bytes);
    expect(csv[0]).toEqual(['cell', 'res', 'Incidents', 'Share of incidents (%)']);
    const counts = csv.slice(1).map((r) => Number(r[2]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(counts.some((c) => c > 0 && c < 5)).toBe(true);

    const gj = JSON.parse((await save('export-cells-geojson')).bytes.toString('utf8'));
    expect(gj.type).toBe('FeatureCollection');
    expect(gj.features).toHaveLength(csv.length - 1);
    expect(gj.features[0].geometry.type).toBe('Polygon');
    expect(gj.prevention_planner.suppression).toBeNull();
    expect(gj.features.reduce((s: number, f: { properties: { Incidents: number } }) => s + f.properties.Incidents, 0)).toBe(total);

    const pq = tableFromIPC(readParquet(new Uint8Array((await save('export-cells-parquet')).bytes)));
    expect(pq.numRows).toBe(csv.length - 1);
    expect(pq.schema.fields.map((f) => f.name)).toEqual(['cell', 'res', 'Incidents', 'Share of incidents (%)', 'lon', 'lat', 'geometry_wkt']);
    expect([...pq.getChild('Incidents')!].reduce((s: number, v) => s + Number(v), 0)).toBe(total);

    // Published: counts under 5 withheld and marked.
    await setPublish(true);
    const pub = csvRows((await save('export-cells-csv')).bytes);
    expect(pub[0].at(-1)).toBe('suppressed');
    for (let i = 1; i < pub.length; i++) {
      const c = counts[i - 1];
      if (c < 5) expect([pub[i][2], pub[i].at(-1)]).toEqual(['', 'true']);
      else expect([Number(pub[i][2]), pub[i].at(-1)]).toEqual([c, 'false']);
    }
    expect(await page.textContent('[data-testid=export-status]')).toMatch(/Saved cells-res9\.csv: [\d,]+ rows\./);
  }, 300_000);

  it('saves hot spots and repeat places, dropping addresses when publishing', async () => {
    await page.keyboard.press('Escape');
    await page.click('[data-testid=tab-hotspots]');
    await page.waitForSelector('[data-testid=hs-classes]', { timeout: 60_000 });
    await page.click('[data-testid=tab-repeats]');
    await page.click('[data-testid=places-run]');
    await page.waitForSelector('[data-testid=places-summary]', { timeout: 60_000 });
    await setPublish(true);
    const hs = csvRows((await save('export-hotspots-csv')).bytes);
    expect(hs[0]).toEqual(['cell', 'count', 'value', 'z', 'p', 'p_adjusted', 'p_permutation', 'class', 'suppressed']);
    expect(hs.slice(1).every((r) => (r[8] === 'true') === (r[1] === ''))).toBe(true);

    const pub = csvRows((await save('export-places-csv')).bytes);
    expect(pub[0]).toEqual(['rank', 'place', 'incidents', 'first', 'last', 'max_in_window', 'window_start', 'flagged', 'offences', 'lon', 'lat']);
    expect(pub.length).toBeGreaterThan(1);
    for (const r of pub.slice(1)) {
      expect(r[1]).toBe('');
      expect(Number(r[2])).toBeGreaterThanOrEqual(5);
    }
    await setPublish(false);
    const all = csvRows((await save('export-places-csv')).bytes);
    expect(all.length).toBeGreaterThanOrEqual(pub.length);
    expect(all.slice(1).every((r) => r[1] !== '')).toBe(true);
    const gj = JSON.parse((await save('export-places-geojson')).bytes.toString('utf8'));
    expect(gj.features[0].geometry.type).toBe('Point');
    await setPublish(true);
  }, 300_000);
});
