/**
 * Shared set-up of the browser tests: the built app served by scripts/serve.mjs on a free port
 * (with ../shared/data under /shared), and headless system Chromium with the project's flags.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function startServer(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--mount', '/shared=../shared/data'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += String(d)));
    child.stdout!.on('data', (d) => { if (String(d).includes('http://')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

/** Serves the built app and launches Chromium; `close()` stops both. */
export async function openApp(): Promise<{ origin: string; browser: Browser; close: () => Promise<void> }> {
  if (!fs.existsSync(path.join(ROOT, 'build/index.html'))) throw new Error('Build the app first: npx vite build');
  const port = await freePort();
  const server = await startServer(port);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    origin: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close();
      server.kill();
    },
  };
}

/**
 * Opens the app and waits for the demo city on the map. Other builds of build/ (several people
 * build this repository at once) can replace its hashed chunks under a loading page: one reload.
 */
export async function openDemo(p: Page, url: string, ready = '[data-testid=map][data-ready=true]'): Promise<void> {
  await p.goto(url);
  try {
    await p.waitForSelector(ready, { timeout: 120_000 });
  } catch {
    await p.reload();
    await p.waitForSelector(ready, { timeout: 180_000 });
  }
}

let axeSource: string | null = null;

/** Serious and critical axe-core violations on the page as it is now, one line each. */
export async function axeProblems(page: Page): Promise<string[]> {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `[${v.impact}] ${v.id}: ${v.help} — ${v.targets.join(' | ')}`);
}
