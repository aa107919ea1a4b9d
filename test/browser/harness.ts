/**
 * Shared set-up of the browser tests: the built app served by scripts/serve.mjs on a free port
 * (with ../shared/data under /shared), and headless system Chromium with the project's flags.
 */
import { chromium, type Browser } from 'playwright-core';
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
