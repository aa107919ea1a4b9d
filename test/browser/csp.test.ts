/**
 * The Content-Security-Policy (issue 7, item 3): SvelteKit's inline start-up script is allowed by
 * its hash (no 'unsafe-inline' for scripts), and once the map starts the page narrows connections
 * and images to its own origin — plus, with an online base map set, exactly the hosts that base
 * map's style names (style, glyphs, TileJSON and its tiles). Any other host is then refused by the
 * browser. The online base map here is served by Playwright's request routing under made-up
 * https hosts (the policy is checked in the page before a request reaches the router).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, openApp } from './harness';

let app: Awaited<ReturnType<typeof openApp>>;

beforeAll(async () => {
  app = await openApp();
});

afterAll(async () => {
  await app?.close();
});

/** The directives of a policy text. */
const directives = (csp: string) => Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));

/** Opens the app in a fresh context (optionally with a base map set) and records CSP violations. */
async function openPage(setup?: (ctx: BrowserContext) => Promise<void>): Promise<{ page: Page; ctx: BrowserContext }> {
  const ctx = await app.browser.newContext({ viewport: { width: 1200, height: 800 } });
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  await setup?.(ctx);
  const page = await ctx.newPage();
  await page.goto(app.origin + '/');
  await page.waitForSelector('[data-testid=map][data-ready=true]', { timeout: 180_000 });
  return { page, ctx };
}

/** Tries a connection and an image to `url` from the page; says which were refused by the policy. */
const probe = (page: Page, url: string) =>
  page.evaluate(async (u) => {
    const w = window as unknown as { __csp: string[] };
    w.__csp.length = 0;
    let fetched = 'ok';
    try {
      await fetch(u);
    } catch {
      fetched = 'blocked';
    }
    const img = await new Promise<string>((res) => {
      const i = new Image();
      i.onload = () => res('ok');
      i.onerror = () => res('error');
      i.src = u + '?img';
    });
    await new Promise((r) => setTimeout(r, 200));
    return { fetched, img, violations: [...w.__csp] };
  }, url);

describe('Content-Security-Policy of the built app', () => {
  it('allows the inline start-up script by its hash, not by unsafe-inline', () => {
    const html = fs.readFileSync(path.join(ROOT, 'build/index.html'), 'utf8');
    const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)![1];
    const d = directives(csp);
    expect(d['script-src']).not.toContain("'unsafe-inline'");
    expect(d['script-src']).toContain("'wasm-unsafe-eval'");
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    for (const s of inline) expect(d['script-src']).toContain(`'sha256-${crypto.createHash('sha256').update(s).digest('base64')}'`);
    expect(d['default-src']).toEqual(["'self'"]);
    expect(d['object-src']).toEqual(["'none'"]);
  });

  it('with the offline base map, narrows connections and images to its own origin', { timeout: 300_000 }, async () => {
    const { page, ctx } = await openPage();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=total-count]')?.getAttribute('data-count')) > 0, null, { timeout: 180_000 });
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    const narrowed = await page.getAttribute('meta[data-basemap]', 'content');
    expect(await page.getAttribute('meta[data-basemap]', 'data-basemap')).toBe('offline');
    expect(directives(narrowed!)).toEqual({ 'connect-src': ["'self'", 'data:', 'blob:'], 'img-src': ["'self'", 'data:', 'blob:'] });
    const r = await probe(page, 'https://example.com/steal');
    expect(r.fetched).toBe('blocked');
    expect(r.img).toBe('error');
    expect(r.violations).toEqual(expect.arrayContaining(['connect-src https://example.com/steal', 'img-src https://example.com/steal?img']));
    // Its own origin still works.
    expect((await probe(page, app.origin + '/favicon.svg')).fetched).toBe('ok');
    await ctx.close();
  });

  it('with an online base map, allows exactly the hosts of its style', { timeout: 300_000 }, async () => {
    const STYLE = 'https://style.example.test/basemap/style.json';
    const seen: string[] = [];
    const { page, ctx } = await openPage(async (c) => {
      await c.addInitScript((u) => localStorage.setItem('prevention-planner:basemap-url', u), STYLE);
      await c.route(/^https:\/\/[a-z]+\.example\.test\//, (route) => {
        const url = route.request().url();
        seen.push(url);
        const json = (o: unknown) => route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(o) });
        if (url === STYLE)
          return json({
            version: 8,
            glyphs: 'https://glyphs.example.test/{fontstack}/{range}.pbf',
            sources: { roads: { type: 'vector', url: 'https://tilejson.example.test/roads.json' } },
            layers: [
              { id: 'bg', type: 'background', paint: { 'background-color': '#eef' } },
              { id: 'roads', type: 'line', source: 'roads', 'source-layer': 'roads' },
            ],
          });
        if (url.startsWith('https://tilejson.example.test/')) return json({ tilejson: '2.2.0', tiles: ['https://tiles.example.test/{z}/{x}/{y}.pbf'], minzoom: 0, maxzoom: 14 });
        return route.fulfill({ status: 204, headers: { 'access-control-allow-origin': '*' }, body: '' });
      });
    });
    const narrowed = directives((await page.getAttribute('meta[data-basemap]', 'content'))!);
    const hosts = ['https://glyphs.example.test', 'https://style.example.test', 'https://tilejson.example.test', 'https://tiles.example.test'];
    expect(narrowed['connect-src']).toEqual(["'self'", 'data:', 'blob:', ...hosts]);
    expect(narrowed['img-src']).toEqual(["'self'", 'data:', 'blob:', ...hosts]);
    expect(seen.some((u) => u.startsWith('https://tiles.example.test/'))).toBe(true);
    const other = await probe(page, 'https://elsewhere.example.test/x');
    expect(other.fetched).toBe('blocked');
    expect(other.violations).toContain('connect-src https://elsewhere.example.test/x');
    expect(seen.some((u) => u.startsWith('https://elsewhere.'))).toBe(false);
    const tiles = await probe(page, 'https://tiles.example.test/1/0/0.pbf');
    expect(tiles.fetched).toBe('ok');
    expect(tiles.violations).toEqual([]);
    await ctx.close();
  });
});
