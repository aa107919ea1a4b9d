/**
 * Issue 7, item 1: the bad-input corpus through the UI, in one page session: each file is opened
 * with the file picker and must end in the message the engine gives (error banner, problems in the
 * column dialog with Import disabled, or the failure shown in the dialog) or in a validation report
 * with read = kept + rejected and the notes on what was repaired; the page stays usable
 * throughout, and the data loaded last stays on the map after a refused file. The normal run takes
 * one file for each way the UI shows an outcome and each kind of input; CORPUS_UI=all opens every
 * file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REJECT_REASONS } from '../../src/lib/engine/protocol';
import { CASES, casePath, isError, type CorpusCase, type ReportExpect } from '../corpus/cases';
import { openApp } from './harness';

const SUBSET = [
  // Refused when read: the error banner.
  'empty.csv', 'xlsx-renamed.csv', 'polygons-only.geojson', 'too-large.csv',
  // Refused by the column dialog (Import disabled), and by the import (failure in the dialog).
  'projected-xy-no-crs.csv', 'all-zero-coordinates.csv', 'parquet-bool-coordinates.parquet',
  // Repaired or partly kept: the validation report and its notes.
  'latin1.csv', 'gzipped.csv.gz', 'swapped-all.csv', 'dates-mixed-formats.csv', 'mixed-geometries.geojson',
];
const cases = process.env.CORPUS_UI === 'all' ? CASES : CASES.filter((c) => SUBSET.includes(c.file));

let app: Awaited<ReturnType<typeof openApp>>;
let page: Page;
let tmp = '';
const pageErrors: string[] = [];
const num = async (sel: string) => Number(((await page.textContent(sel)) ?? '').replace(/[^\d]/g, ''));
const total = async () => Number(await page.getAttribute('[data-testid=total-count]', 'data-count'));

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-ui-'));
  app = await openApp();
  page = await (await app.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(app.origin + '/');
  await page.waitForSelector('[data-testid=map][data-ready=true]', { timeout: 120_000 });
});

afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Opens a corpus file with the picker and waits for the column dialog or an error. */
async function open(c: CorpusCase): Promise<'dialog' | 'error'> {
  if (await page.locator('[data-testid=error]').isVisible()) await page.click('[data-testid=error] button');
  await page.setInputFiles('[data-testid=file-input]', casePath(c, tmp));
  await page.waitForSelector('[data-testid=column-dialog][open], [data-testid=error]', { timeout: 90_000 });
  return (await page.locator('[data-testid=error]').isVisible()) ? 'error' : 'dialog';
}

async function closeDialog(): Promise<void> {
  await page.locator('[data-testid=column-dialog] button:text-is("Cancel")').click();
  await page.waitForSelector('[data-testid=column-dialog]', { state: 'detached' });
}

async function run(c: CorpusCase): Promise<void> {
  const before = await total();
  const shown = await open(c);
  if (isError(c.expect) && c.expect.at === 'stage') {
    expect(shown, 'an error banner').toBe('error');
    expect(await page.textContent('[data-testid=error]')).toMatch(c.expect.error);
    expect(await total(), 'the data loaded before stays').toBe(before);
    return;
  }
  if (shown !== 'dialog') throw new Error(`${c.file} should open the column dialog, but: ${await page.textContent('[data-testid=error]')}`);
  if (isError(c.expect) && c.expect.at === 'mapping') {
    expect(await page.textContent('[data-testid=mapping-problems]')).toMatch(c.expect.error);
    expect(await page.isDisabled('[data-testid=confirm-import]')).toBe(true);
    await closeDialog();
    return;
  }
  await page.click('[data-testid=confirm-import]');
  await page.waitForSelector('[data-testid=validation-report][open], [data-testid=import-failure]', { timeout: 90_000 });
  if (isError(c.expect)) {
    expect(await page.textContent('[data-testid=import-failure]')).toMatch(c.expect.error);
    await closeDialog();
    expect(await total(), 'the data loaded before stays').toBe(before);
    return;
  }
  const x = c.expect as ReportExpect;
  expect(await num('[data-testid=report-read]'), 'read').toBe(x.read);
  expect(await num('[data-testid=report-kept]'), 'kept').toBe(x.kept);
  for (const r of REJECT_REASONS) expect(await num(`[data-testid=report-rejected-${r}]`), r).toBe(x.rejected?.[r] ?? 0);
  expect(await page.textContent('[data-testid=report-balance]')).toContain('✓');
  const notes = x.notes?.length ? ((await page.textContent('[data-testid=report-notes]')) ?? '') : '';
  for (const re of x.notes ?? []) expect(notes).toMatch(re);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=validation-report]', { state: 'detached' });
  await page.waitForFunction((k) => document.querySelector('[data-testid=total-count]')?.getAttribute('data-count') === String(k), x.kept, { timeout: 30_000 });
}

describe('bad-input corpus through the UI', () => {
  for (const c of cases) it(`${c.file}: ${c.what}`, () => run(c));

  it('kept the page alive and error-free throughout', async () => {
    expect(pageErrors).toEqual([]);
    await page.click('[data-testid=weekday-filter] button:text-is("Mon–Fri")');
    await page.waitForFunction(() => !document.querySelector('[data-testid=progress]'), null, { timeout: 30_000 });
    expect(await total()).toBeGreaterThan(0);
  });
});
