/**
 * Issue 7, item 4 (saved work), in the built app in Chromium with real profiles on disk:
 * - the untouched demo city stores nothing; a project (the demo city's data and layers, loaded
 *   from the app's URLs, a layer file of our own, filters and resolution, hot-spot parameters, a
 *   plan and a scenario, a community-survey file of our own with Community settings) survives a
 *   reload and a browser restart with the same profile;
 * - exported to one file and opened in a fresh profile it gives identical results: the same
 *   validation report, counts, hot-spot CSV (byte for byte), plan JSON and scenarios, and the same
 *   Community figures (survey report, cells shown and hidden, fear–crime gap classes);
 * - an interrupted save — the page's renderer crashed, then the whole browser killed with SIGKILL
 *   while a 54 MB data file (loaded from a URL) is being written — leaves the previous project (a
 *   CSV from the file picker) whole; the next save then completes and no orphan file is left;
 * - "Delete all local data" leaves nothing: no database, no localStorage, no OPFS file, no cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, ROOT, freePort } from './harness';
import { shared } from '../helpers/paths';
import { readArchive } from '../../src/lib/persist/archive';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const MEMPHIS = shared('data/memphis/memphis_robberies.csv');
/** 54 MB, served by the test server (Playwright cannot hand a file this large to a browser it did not start). */
const BIG = () => `${origin}/shared/chicago/crimes_2017.csv`;
const LAYER = path.join(ROOT, 'data/demo/environment/bars.geojson');
/** A survey of our own: the first 1,500 rows of the demo survey and one row without coordinates. */
const SURVEY = Buffer.from(
  fs.readFileSync(path.join(ROOT, 'data/demo/survey.csv'), 'utf8').split('\n').slice(0, 1501).join('\n') + '\nOWN-1,,,Very unsafe,daytime,woman,35-44,street,no,,,,\n',
);

let server: ChildProcess;
let origin: string;
const profiles: string[] = [];
const pageErrors: string[] = [];

const profile = () => {
  const p = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-profile-'));
  profiles.push(p);
  return p;
};

/** The built app (APP_BUILD: a copy, so a rebuild while the tests run cannot swap files under them). */
const BUILD = path.resolve(ROOT, process.env.APP_BUILD ?? 'build');

beforeAll(async () => {
  if (!fs.existsSync(path.join(BUILD, 'index.html'))) throw new Error('Build the app first: npx vite build');
  const port = await freePort();
  server = spawn(process.execPath, ['scripts/serve.mjs', '--root', BUILD, '--port', String(port), '--mount', '/shared=../shared/data'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (d) => String(d).includes('http://') && resolve());
    server.once('exit', (c) => reject(new Error(`server exited (${c})`)));
  });
  origin = `http://127.0.0.1:${port}`;
});

afterAll(() => {
  server?.kill();
  for (const p of profiles) fs.rmSync(p, { recursive: true, force: true });
});

/** Chromium with a profile on disk, run by Playwright (closed gracefully). */
function launch(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 }, acceptDownloads: true });
}

/** Chromium started by hand on a profile, so the test can SIGKILL it mid-save. */
async function launchKillable(dir: string): Promise<{ browser: Browser; ctx: BrowserContext; kill: () => Promise<void> }> {
  const proc = spawn(CHROMIUM, [...CHROMIUM_ARGS, '--headless=new', `--user-data-dir=${dir}`, '--remote-debugging-port=0', '--window-size=1400,900', 'about:blank'], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const ws = await new Promise<string>((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d) => {
      err += String(d);
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (c) => reject(new Error(`chromium exited (${c}): ${err}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  const ctx = browser.contexts()[0];
  return {
    browser,
    ctx,
    kill: async () => {
      const gone = new Promise((r) => proc.once('exit', r));
      process.kill(-proc.pid!, 'SIGKILL');
      await gone;
    },
  };
}

/** Opens the app and waits until the project is restored or the demo loaded. */
async function open(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(origin + '/');
  await ready(page);
  return page;
}

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid=project-button]')?.getAttribute('data-save');
      return !!s && !['starting', 'restoring'].includes(s) && Number(document.querySelector('[data-testid=total-count]')?.getAttribute('data-count')) > 0;
    },
    null,
    { timeout: 180_000 },
  );
  await page.locator('[data-testid=tour-close]').click({ timeout: 1000 }).catch(() => {});
}

const saveState = (page: Page) => page.getAttribute('[data-testid=project-button]', 'data-save');
const waitSaved = (page: Page, timeout = 120_000) =>
  page.waitForFunction(() => document.querySelector('[data-testid=project-button]')?.getAttribute('data-save') === 'saved', null, { timeout });

/** Imports a file (a path: the file picker; a URL: Load from URL) with the detected columns. */
async function importCsv(page: Page, file: string): Promise<void> {
  if (file.startsWith('http')) {
    await page.fill('[data-testid=url-input]', file);
    await page.press('[data-testid=url-input]', 'Enter');
  } else await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('[data-testid=column-dialog][open]', { timeout: 120_000 });
  await page.click('[data-testid=confirm-import]');
  await page.waitForSelector('[data-testid=validation-report][open]', { timeout: 180_000 });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=validation-report]', { state: 'detached' });
}

/** What the page shows of the project. */
async function snapshot(page: Page) {
  await page.click('[data-testid=tab-plan]');
  await page.waitForSelector('[data-testid=plan-panel]');
  await page.click('[data-testid=plan-step-place]');
  const placements = await page.locator('[data-testid=plan-placement]').count();
  await page.click('[data-testid=plan-step-scenarios]');
  const scenarios = (await page.locator('[data-testid=scenario-list]').innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
  await page.click('[data-testid=tab-risk]');
  const layers = await page.locator('[data-testid=env-layers] tbody tr').count();
  await page.click('[data-testid=tab-hotspots]');
  const method = await page.inputValue('[data-testid=hs-method]');
  return {
    dataset: await page.textContent('[data-testid=dataset-label]'),
    total: await page.getAttribute('[data-testid=total-count]', 'data-count'),
    res: await page.inputValue('[data-testid=resolution]'),
    unticked: await page.locator('[data-testid=offence-list] input[type=checkbox]:not(:checked)').count(),
    placements,
    scenarios,
    layers,
    method,
  };
}

/** What the Community tab shows of the survey and its results (settings as set, figures as computed). */
async function community(page: Page) {
  await page.click('[data-testid=tab-community]');
  await page.waitForSelector('[data-testid=comm-gap-classes]', { timeout: 120_000 });
  await page.waitForFunction(() => /fewer than 6 respondents/.test(document.querySelector('[data-testid=comm-summary]')?.textContent ?? ''), null, { timeout: 60_000 });
  const text = async (id: string) => ((await page.textContent(`[data-testid=${id}]`)) ?? '').replace(/\s+/g, ' ').trim();
  const out = {
    report: await text('comm-report'),
    k: await page.inputValue('[data-testid=comm-k]'),
    fear: await page.inputValue('[data-testid=comm-fear]'),
    summary: await text('comm-summary'),
    rule: await text('comm-gap-rule'),
    classes: await page.locator('[data-testid=comm-gap-classes] .n').allTextContents(),
  };
  await page.click('[data-testid=tab-hotspots]');
  return out;
}

/** Storage this origin holds. */
const storage = (page: Page) =>
  page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const opfs: string[] = [];
    for await (const k of (root as unknown as { keys(): AsyncIterable<string> }).keys()) opfs.push(k);
    return { dbs: (await indexedDB.databases()).map((d) => d.name), local: Object.keys(localStorage).sort(), opfs, caches: await caches.keys() };
  });

/** The saved project's database: generations, the current one, stored and referenced file ids. */
const idbContents = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('prevention-planner');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const tx = db.transaction(['generations', 'blobs', 'meta']);
    const get = <T,>(r: IDBRequest<T>) => new Promise<T>((res) => (r.onsuccess = () => res(r.result)));
    const gens = await get(tx.objectStore('generations').getAll()) as { gen: number; refs: { id: string }[] }[];
    const out = { generations: gens.map((g) => g.gen), current: await get(tx.objectStore('meta').get('current')) as number, blobs: (await get(tx.objectStore('blobs').getAllKeys())).map(String), referenced: gens.flatMap((g) => g.refs.map((r) => r.id)) };
    db.close();
    return out;
  });

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), click()]);
  return fs.readFileSync((await d.path())!);
}

/** Hot spots with the settings shown (an analytic run starts when the tab opens), as CSV. */
async function hotspotCsv(page: Page): Promise<string> {
  await page.click('[data-testid=tab-hotspots]');
  await page.waitForSelector('[data-testid=hs-classes]', { timeout: 120_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid=hotspot-panel] .warn'), null, { timeout: 60_000 });
  const csv = page.locator('[data-testid=hotspot-panel] button:text-is("CSV")');
  await csv.waitFor({ timeout: 120_000 });
  return String(await download(page, () => csv.click()));
}

async function planJson(page: Page): Promise<unknown> {
  await page.click('[data-testid=tab-plan]');
  await page.click('[data-testid=plan-step-scenarios]');
  return JSON.parse(String(await download(page, () => page.click('[data-testid=plan-export]'))));
}

let saved: Awaited<ReturnType<typeof snapshot>>;
let savedCommunity: Awaited<ReturnType<typeof community>>;
let exported: { zip: Buffer; hotspots: string; plan: unknown; report: string };
let ctx2: BrowserContext;
let page2: Page;

describe('saved project', () => {
  it('is nothing while the demo city is untouched, then keeps data, layers, parameters, plan and scenarios across a reload and a restart', { timeout: 900_000 }, async () => {
    const dir = profile();
    const ctx = await launch(dir);
    const page = await open(ctx);
    expect(await saveState(page)).toBe('idle');
    expect((await storage(page)).dbs).toEqual([]);

    // The demo city (loaded from the app's URL), its layers (URLs) and one layer file of our own.
    await page.click('[data-testid=tab-risk]');
    await page.click('[data-testid=env-demo]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=env-layers] tbody tr').length === 8, null, { timeout: 120_000 });
    await page.selectOption('[data-testid=env-type]', 'police_station');
    await page.setInputFiles('[data-testid=env-file]', LAYER);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=env-layers] tbody tr').length === 9, null, { timeout: 120_000 });
    await page.selectOption('[data-testid=resolution]', '8');
    await page.locator('[data-testid=offence-list] input[type=checkbox]').first().uncheck().catch(() => {});
    await page.click('[data-testid=tab-hotspots]');
    await page.selectOption('[data-testid=hs-method]', 'local-moran');
    await page.click('[data-testid=tab-plan]');
    await page.waitForSelector('[data-testid=plan-apply-top]:enabled', { timeout: 60_000 });
    await page.fill('[data-testid=plan-topn]', '3');
    await page.click('[data-testid=plan-apply-top]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=plan-placement]').length === 3);
    await page.click('[data-testid=plan-step-scenarios]');
    await page.fill('[data-testid=scenario-name]', 'Three hot spots');
    await page.click('[data-testid=scenario-save]');
    await page.waitForFunction(() => document.querySelector('[data-testid=scenario-list]')?.textContent?.includes('Three hot spots'), null, { timeout: 120_000 });
    // A survey file of our own in place of the demo survey, with a higher threshold and another fear threshold.
    await page.click('[data-testid=tab-community]');
    await page.waitForSelector('[data-testid=comm-summary]', { timeout: 120_000 });
    await page.setInputFiles('[data-testid=comm-file]', { name: 'my-survey.csv', mimeType: 'text/csv', buffer: SURVEY });
    await page.waitForSelector('[data-testid=survey-dialog]', { timeout: 60_000 });
    await page.click('[data-testid=survey-confirm]');
    await page.waitForFunction(() => /my-survey\.csv: [\d,]+ answers kept of 1,501 read/.test(document.querySelector('[data-testid=comm-report]')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.fill('[data-testid=comm-k]', '6');
    await page.selectOption('[data-testid=comm-fear]', { index: 1 }); // 40 %
    await waitSaved(page);
    saved = await snapshot(page);
    savedCommunity = await community(page);
    expect(savedCommunity).toMatchObject({ k: '6', fear: '0.4' });
    expect(savedCommunity.report).not.toMatch(/Synthetic/);
    expect(savedCommunity.classes.length).toBe(4);
    expect(saved).toMatchObject({ total: expect.stringMatching(/^\d+$/), res: '8', unticked: 1, placements: 3, layers: 9, method: 'local-moran' });
    expect(saved.dataset).toMatch(/demo city/i);
    expect(saved.scenarios).toContain('Three hot spots');
    expect((await storage(page)).dbs).toEqual(['prevention-planner']);

    await page.reload();
    await ready(page);
    expect(await page.textContent('[data-testid=project-notice]')).toMatch(/Restored your project from this browser .*the demo city .*9 environmental layers, a plan with 3 placements, 1 scenario, the survey "my-survey.csv" \([\d,]+ answers\)/);
    await waitSaved(page);
    expect(await snapshot(page)).toEqual(saved);
    expect(await community(page)).toEqual(savedCommunity);
    await ctx.close();

    // A browser restart on the same profile.
    ctx2 = await launch(dir);
    page2 = await open(ctx2);
    expect(await page2.textContent('[data-testid=project-notice]')).toMatch(/Restored your project/);
    expect(await snapshot(page2)).toEqual(saved);
    expect(await community(page2)).toEqual(savedCommunity);
  });

  it('exports to one file that opens in a fresh profile with identical results', { timeout: 900_000 }, async () => {
    const page = page2;
    const hotspots = await hotspotCsv(page);
    const plan = await planJson(page);
    await page.click('[data-testid=open-report]');
    const report = await page.locator('[data-testid=validation-report]').innerText();
    await page.keyboard.press('Escape');
    await page.click('[data-testid=project-button]');
    await page.waitForSelector('[data-testid=project-dialog][open]');
    const zip = await download(page, () => page.click('[data-testid=project-export]'));
    exported = { zip, hotspots, plan, report };
    // A plain ZIP: project.json and the data files as imported (the incidents, 8 layers from 7 files, our layer, our survey).
    const entries = await readArchive(new Blob([new Uint8Array(zip)]), 'project.zip');
    const names = [...entries.keys()];
    expect(names[0]).toBe('project.json');
    expect(names.length).toBe(1 + 1 + 7 + 1 + 1);
    const survey = entries.get(names.find((n) => n.endsWith('/my-survey.csv'))!)!;
    expect(Buffer.from(await survey.arrayBuffer()).equals(SURVEY)).toBe(true);
    const incidents = entries.get(names.find((n) => n.endsWith('/incidents.parquet'))!)!;
    expect(Buffer.from(await incidents.arrayBuffer()).equals(fs.readFileSync(path.join(ROOT, 'data/demo/incidents.parquet')))).toBe(true);
    const manifest = JSON.parse(await entries.get('project.json')!.text());
    expect(manifest.state.hotspots.method).toBe('local-moran');
    expect(manifest.state.methods.map((m: { analysis: string }) => m.analysis)).toContain('hotspots');
    expect(manifest.community).toMatchObject({ name: 'my-survey.csv', isDemo: false, report: { read: 1501 } });
    expect(manifest.state.community).toMatchObject({ k: 6, fearThreshold: 0.4 });
    await ctx2.close();

    const ctx = await launch(profile());
    const page3 = await open(ctx);
    await page3.click('[data-testid=project-button]');
    await page3.setInputFiles('[data-testid=project-file]', { name: 'demo-city.project.zip', mimeType: 'application/zip', buffer: zip });
    await page3.waitForFunction(() => /Opened the project/.test(document.querySelector('[data-testid=project-notice]')?.textContent ?? ''), null, { timeout: 180_000 });
    await waitSaved(page3);
    expect(await snapshot(page3)).toEqual(saved);
    expect(await community(page3)).toEqual(savedCommunity);
    await page3.click('[data-testid=open-report]');
    expect(await page3.locator('[data-testid=validation-report]').innerText()).toBe(report);
    await page3.keyboard.press('Escape');
    expect(await hotspotCsv(page3)).toBe(hotspots);
    expect(await planJson(page3)).toEqual(plan);
    await ctx.close();
  });

  it('survives a save interrupted by a crashed page and by a killed browser', { timeout: 900_000 }, async () => {
    const dir = profile();
    let b = await launchKillable(dir);
    let page = await open(b.ctx);
    await importCsv(page, MEMPHIS);
    await waitSaved(page);
    const a = await page.getAttribute('[data-testid=total-count]', 'data-count');

    /**
     * Imports the big file and stops the browser (as `stop` says) in the middle of saving it: the
     * page is paused by the debugger at the first change of the Project button after the save has
     * begun writing (the status turning from "Saving settings and plans" to "Writing a data file"),
     * which comes after the file's write was started and before the switch to the new copy.
     */
    const interrupt = async (stop: () => Promise<void>) => {
      const cdp = await b.ctx.newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('Debugger.enable');
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-testid=project-button]' });
      await cdp.send('DOMDebugger.setDOMBreakpoint', { nodeId, type: 'attribute-modified' });
      const stopped = new Promise<string>((resolve) => {
        cdp.on('Debugger.paused', async () => {
          const { attributes } = await cdp.send('DOM.getAttributes', { nodeId });
          const at = (k: string) => attributes[attributes.indexOf(k) + 1];
          if (at('data-save') === 'saving' && at('data-stage') === 'Saving settings and plans') {
            await stop();
            resolve(at('data-stage'));
          } else await cdp.send('Debugger.resume').catch(() => {});
        });
      });
      // The save may start while the validation report is still open: the import's last steps then meet a dead page.
      const imported = importCsv(page, BIG()).catch(() => {});
      expect(await stopped).toBe('Saving settings and plans');
      await imported;
    };

    // 1. The page's renderer crashes mid-save; a new tab restores the project saved before.
    await interrupt(async () => {
      const cdp = await b.ctx.newCDPSession(page);
      const crashed = page.waitForEvent('crash', { timeout: 30_000 });
      void cdp.send('Page.crash').catch(() => {}); // never answers: the page is gone
      await crashed;
    });
    page = await open(b.ctx);
    expect(await page.textContent('[data-testid=dataset-label]')).toContain('memphis_robberies.csv');
    expect(await page.getAttribute('[data-testid=total-count]', 'data-count')).toBe(a);
    await waitSaved(page);

    // 2. The whole browser is killed mid-save; restarted on the same profile, the same.
    await interrupt(() => b.kill());
    b = await launchKillable(dir);
    page = await open(b.ctx);
    expect(await page.textContent('[data-testid=project-notice]')).toMatch(/Restored your project .*"memphis_robberies.csv"/);
    expect(await page.getAttribute('[data-testid=total-count]', 'data-count')).toBe(a);

    // 3. Left to finish, the big file is saved, and the orphans of the interrupted saves are gone.
    await importCsv(page, BIG());
    await waitSaved(page, 180_000);
    const big = await page.getAttribute('[data-testid=total-count]', 'data-count');
    expect(big).not.toBe(a);
    const db = await idbContents(page);
    expect(db.generations.length).toBeLessThanOrEqual(2);
    expect(db.generations).toContain(db.current);
    expect(db.blobs.sort()).toEqual([...new Set(db.referenced)].sort());
    await page.reload();
    await ready(page);
    expect(await page.textContent('[data-testid=dataset-label]')).toContain('crimes_2017.csv');
    expect(await page.getAttribute('[data-testid=total-count]', 'data-count')).toBe(big);
    await b.browser.close().catch(() => {});
    await b.kill().catch(() => {});
  });

  it('deletes all local data: nothing of the app is left in the browser', { timeout: 600_000 }, async () => {
    const ctx = await launch(profile());
    const page = await open(ctx);
    await importCsv(page, MEMPHIS);
    await waitSaved(page);
    // More of what an origin can keep, so the test sees that every kind goes.
    await page.evaluate(async () => {
      localStorage.setItem('prevention-planner:leftover', 'x');
      sessionStorage.setItem('leftover', 'x');
      await new Promise((r) => (indexedDB.open('another-db').onsuccess = (e) => r(((e.target as IDBOpenDBRequest).result).close())));
      const root = await navigator.storage.getDirectory();
      await root.getFileHandle('leftover.bin', { create: true });
      await (await caches.open('leftover')).put('/leftover', new Response('x'));
    });
    const before = await storage(page);
    expect(before.dbs.sort()).toEqual(['another-db', 'prevention-planner']);
    expect(before.opfs).toEqual(['leftover.bin']);
    expect(before.caches).toEqual(['leftover']);

    await page.click('[data-testid=project-button]');
    await page.click('[data-testid=project-delete]');
    await page.waitForSelector('[data-testid=project-delete-confirm]');
    await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.click('[data-testid=project-delete-confirm]')]);
    await ready(page);
    const after = await storage(page);
    expect(after.dbs).toEqual([]);
    expect(after.opfs).toEqual([]);
    expect(after.caches).toEqual([]);
    // Only what this fresh visit wrote again (the tour shown on the demo city).
    expect(after.local.filter((k) => k !== 'prevention-planner:tour-seen')).toEqual([]);
    expect(await page.evaluate(() => sessionStorage.getItem('leftover'))).toBeNull();
    expect(await saveState(page)).toBe('idle');
    expect(await page.textContent('[data-testid=dataset-label]')).not.toContain('memphis');
    await ctx.close();
  });

  it('threw no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
