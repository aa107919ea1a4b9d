/**
 * Issue #10 in the built app (headless Chromium, test/browser/harness.ts): "Open a cube…" takes a
 * cube's folder (hive folders per year, built here by native DuckDB from a synthetic city), and the
 * counts, the filters and Gi* work from it, equal to the Node engine's on the same cube; a folder
 * that holds no cube gets a message naming the problem, and the loaded data stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticParquet } from '../../scripts/generate-demo';
import { createNativeRunner } from '../../src/lib/engine/native';
import { buildCube, nativeFileSource, readCubeFiles } from '../../src/lib/engine/cube-build';
import { createNodeService } from '../../src/lib/engine/node';
import type { IncidentService } from '../../src/lib/engine/service';
import { openApp } from '../browser/harness';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-cube-browser-'));
const CUBE = path.join(TMP, 'city-cube');
const LONG = 600_000;

let app: Awaited<ReturnType<typeof openApp>>;
let page: Page;
let node: IncidentService;
const pageErrors: string[] = [];

const total = async () => Number(await page.getAttribute('[data-testid=total-count]', 'data-count'));

beforeAll(async () => {
  const file = path.join(TMP, 'city.parquet');
  fs.writeFileSync(file, syntheticParquet(15_000, 3));
  const r = await createNativeRunner({ threads: 2 });
  try {
    const mapping = { id: 'incident_id', datetime: 'occurred_at', lat: 'latitude', lon: 'longitude', offence: 'offence', location: 'address' };
    await buildCube(r, await nativeFileSource(r, file), mapping, null, false, { res: 11, allLevels: true, hour: true, partition: { kind: 'year' } }, CUBE);
  } finally {
    r.close();
  }
  node = await createNodeService();
  await node.openCube(readCubeFiles(CUBE), null);
  app = await openApp();
  page = await (await app.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(app.origin + '/');
  await page.waitForSelector('[data-testid=cube-input]', { state: 'attached' });
}, LONG);

afterAll(async () => {
  await app?.close();
  fs.rmSync(TMP, { recursive: true, force: true });
});

describe('opening a cube in the app', () => {
  it('shows the cube’s counts, follows the filters and finds hot spots as the Node engine does', async () => {
    await page.setInputFiles('[data-testid=cube-input]', CUBE);
    await page.waitForSelector('dialog[open]', { timeout: 120_000 });
    const report = await page.locator('dialog[open]').innerText();
    const all = node.aggregate(9, {}).total;
    expect(report.replace(/[,\s]/g, '')).toContain(`Rowsread${all}`);
    await page.keyboard.press('Escape');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=total-count]')?.getAttribute('data-count')) === n, all, { timeout: 60_000 });
    // One offence unticked: the total follows, as the Node engine counts it.
    const offence = node.charts({}).offences[0].offence;
    await page.getByRole('checkbox', { name: new RegExp(`^${offence}`) }).first().uncheck();
    const expected = all - node.charts({ offences: [offence] }).offences[0].count;
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=total-count]')?.getAttribute('data-count')) === n, expected, { timeout: 60_000 });
    expect(await total()).toBe(expected);
    // Gi* from the cube.
    await page.getByRole('tab', { name: /hot spots/i }).first().click();
    await page.getByText(/Hot spot, 99 % confidence/).first().waitFor({ timeout: 120_000 });
    expect(pageErrors).toEqual([]);
  }, LONG);

  it('says what is wrong with a folder that holds no cube, and keeps the cube open', async () => {
    const bad = path.join(TMP, 'not-a-cube');
    fs.mkdirSync(bad);
    fs.copyFileSync(path.join(TMP, 'city.parquet'), path.join(bad, 'incidents.parquet'));
    const before = await total();
    await page.setInputFiles('[data-testid=cube-input]', bad);
    await page.getByText(/is not an incident cube/).first().waitFor({ timeout: 120_000 });
    expect(await total()).toBe(before);
  }, LONG);
});
