/**
 * `npm run bench`: engine timings on ../shared/data/chicago/crimes_2015_2018.parquet (1.03 M rows),
 * in Node and in headless Chromium (the built app's /bench page, same engine in its worker).
 * Steps: load + H3 index; re-aggregate after a filter change; after a resolution change (first
 * visit of a resolution builds its study-area table; a second change is "warm").
 * Prints a table of medians over several runs. Targets (issue #2): load + index < 3 s in the
 * browser; a filter or resolution change < 100 ms. This is a benchmark, not a test.
 */
export const title = 'engine';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createNodeService } from '../src/lib/engine/node';

const ROOT = path.resolve(import.meta.dirname, '..');
const FILE = path.resolve(ROOT, '../shared/data/chicago/crimes_2015_2018.parquet');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (xs: number[]) => `${median(xs).toFixed(0).padStart(6)} ms  (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;

type Times = Record<'load' | 'filter' | 'resolution' | 'resolutionWarm', number[]>;

async function node(): Promise<Times> {
  const bytes = fs.readFileSync(FILE);
  const s = await createNodeService();
  const out: Times = { load: [], filter: [], resolution: [], resolutionWarm: [] };
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const det = await s.stage('crimes_2015_2018.parquet', bytes);
    const rep = await s.import(det.mapping, null, false);
    const t1 = performance.now();
    s.aggregate(9, {});
    const top = rep.offences[0].offence;
    const t2 = performance.now();
    s.aggregate(9, { offences: [top], weekdays: [1, 2, 3, 4, 5] });
    const t3 = performance.now();
    s.aggregate(8, {});
    const t4 = performance.now();
    s.aggregate(8, { hours: [20, 21, 22, 23, 0, 1, 2, 3] });
    const t5 = performance.now();
    out.load.push(t1 - t0); out.filter.push(t3 - t2); out.resolution.push(t4 - t3); out.resolutionWarm.push(t5 - t4);
    if (i === 0) console.log(`node: ${rep.read} rows read, ${rep.kept} kept`);
  }
  return out;
}

async function browser(): Promise<Times & { cores: number }> {
  const { chromium } = await import('playwright-core');
  const port = 4300 + Math.floor(Math.random() * 500);
  const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--mount', `/shared=${path.resolve(ROOT, '../shared/data')}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));
  const b = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
  try {
    const page = await b.newPage();
    // One extra first run warms the worker (wasm compile) and is left out of the medians.
    // (The Knox test in the browser's worker is timed by the knox section, bench/knox.ts.)
    await page.goto(`http://127.0.0.1:${port}/bench?url=/shared/chicago/crimes_2015_2018.parquet&runs=${RUNS + 1}`);
    await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench, null, { timeout: 600_000 });
    const r = await page.evaluate(() => (window as unknown as { __bench: { ok: boolean; error?: string; out: Times; stages: Record<string, number[]>; cores: number } }).__bench);
    if (!r.ok) throw new Error(r.error);
    console.log(`Chromium: ${r.cores} cores; median time per engine stage (first run left out):`);
    for (const [k, v] of Object.entries(r.stages)) console.log(`  ${k.padEnd(22)} ${median(v.slice(1)).toFixed(0)} ms`);
    const drop = (xs: number[]) => xs.slice(1);
    return { load: drop(r.out.load), filter: drop(r.out.filter), resolution: drop(r.out.resolution), resolutionWarm: drop(r.out.resolutionWarm), cores: r.cores };
  } finally {
    await b.close();
    server.kill();
  }
}

/** The engine section of `npm run bench`; `which` is 'node', 'browser' or 'all'. */
export async function run(which = 'all'): Promise<void> {
  if (!fs.existsSync(FILE)) throw new Error(`Benchmark data not found: ${FILE} (it lives in ../shared/data)`);
  const rows: [string, Times][] = [];
  if (which !== 'browser') rows.push(['Node', await node()]);
  if (which !== 'node') rows.push(['Chromium', await browser()]);
  console.log(`\nEngine — crimes_2015_2018.parquet, 1,031,193 rows, ${RUNS} runs, median (target)`);
  for (const [name, t] of rows) {
    console.log(`\n${name}`);
    console.log(`  load + index (<3000)            ${fmt(t.load)}`);
    console.log(`  filter change, res 9 (<100)     ${fmt(t.filter)}`);
    console.log(`  resolution change, first (<100) ${fmt(t.resolution)}`);
    console.log(`  resolution change, warm (<100)  ${fmt(t.resolutionWarm)}`);
  }
}
