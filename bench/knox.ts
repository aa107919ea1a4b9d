/**
 * `npm run bench` section "knox" (issue #4): the Knox test's time, 999 permutations, seed 1, the
 * Chicago burglary reference's bands (0,1,101,201,301,401 m × 0,8,15,22,29 days, Manhattan).
 *   Node (one thread, as the CLI runs it):
 *     1. ../shared/data/chicago/nearrepeat/burglary_2016.csv, 11,700 burglaries. Target < 2 s.
 *     2. THEFT 2016-01-01 … 2017-08-31 in ../shared/data/chicago/crimes_2015_2018.parquet
 *        (102,989 incidents, about 14 million pairs closer than 401 m).
 *     Each with the WebAssembly SIMD pair counter (the default) and the plain JavaScript one
 *     (the fallback where a browser lacks WebAssembly SIMD).
 *   Browser (`which` browser or all; needs `npx vite build` first): the same THEFT incidents
 *   through the built app's engine worker in headless Chromium (/bench page), whose compute
 *   workers share the permutations. Target < 30 s. The browser's table is compared cell by cell
 *   with the Node table (same seed: it must be identical). Before the timed runs, one run is
 *   cancelled 300 ms into its permutations: the time the engine takes to stop is printed.
 * Medians over BENCH_RUNS runs (default 5; 3 for the 100,000-incident runs, whose JavaScript
 * counter runs once and only with BENCH_KNOX_JS=1). Wall time on a shared machine includes waiting for a core: CPU time and the load
 * average (before and after) are printed with it. A benchmark, not a test: nothing fails on a
 * slow figure.
 */
export const title = 'knox';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createNodeService } from '../src/lib/engine/node';
import { spaceTimeEvents } from '../src/lib/analysis/repeats/events';
import { KnoxRun, knoxTest, type KnoxEvents, type KnoxOptions, type KnoxResult } from '../src/lib/analysis/repeats/knox';
import type { Filter } from '../src/lib/engine/protocol';

const ROOT = path.resolve(import.meta.dirname, '..');
const NEARREPEAT = path.resolve(ROOT, '../shared/data/chicago/nearrepeat/burglary_2016.csv');
const CRIMES = path.resolve(ROOT, '../shared/data/chicago/crimes_2015_2018.parquet');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BANDS = { spaceBands: [0, 1, 101, 201, 301, 401], timeBands: [0, 8, 15, 22, 29], metric: 'manhattan' as const, permutations: 999, seed: 1 };
/** The ≥ 100,000-incident workload of the browser target. */
const BIG: Filter = { offences: ['THEFT'], from: '2016-01-01', to: '2017-08-31' };
const BIG_LABEL = 'THEFT 2016-01-01 … 2017-08-31';
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (xs: number[]) => `${median(xs).toFixed(0).padStart(7)} ms  (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

interface Times { prepare: number[]; permute: number[]; total: number[]; cpu: number[]; closePairs: number; counter: string }

/** Times a whole Knox test in this thread: preparation (close pairs, observed) and the permutations. */
function timeKnox(ev: KnoxEvents, opts: KnoxOptions, runs: number): Times {
  const t: Times = { prepare: [], permute: [], total: [], cpu: [], closePairs: 0, counter: '' };
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const run = new KnoxRun(ev, opts);
    const t1 = performance.now();
    run.step(opts.permutations ?? 999);
    const r = run.result();
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    t.prepare.push(t1 - t0); t.permute.push(t2 - t1); t.total.push(t2 - t0); t.cpu.push((c.user + c.system) / 1000);
    t.closePairs = r.closePairs; t.counter = run.counterKind;
  }
  return t;
}

function printTimes(t: Times): void {
  console.log(`  ${t.counter} counter:`);
  console.log(`    prepare (close pairs, observed)  ${fmt(t.prepare)}`);
  console.log(`    999 permutations                 ${fmt(t.permute)}`);
  console.log(`    total                            ${fmt(t.total)}`);
  console.log(`    total, CPU time                  ${fmt(t.cpu)}`);
}

async function crimes(): Promise<Awaited<ReturnType<typeof createNodeService>>> {
  const s = await createNodeService();
  const det = await s.stage('crimes_2015_2018.parquet', fs.readFileSync(CRIMES));
  await s.import(det.mapping, null, false);
  return s;
}

async function node(): Promise<KnoxResult> {
  const s = await createNodeService();
  const det = await s.stage('burglary_2016.csv', fs.readFileSync(NEARREPEAT));
  await s.import({ ...det.mapping, x: 'X', y: 'Y', crs: 'EPSG:26971', lat: undefined, lon: undefined, datetime: 'date' }, null, false);
  const burglary = spaceTimeEvents(s.incidentColumns({}));
  const big = spaceTimeEvents((await crimes()).incidentColumns(BIG));

  console.log(`\nKnox test in Node (one thread) — 999 permutations, bands 0,1,101,201,301,401 m × 0,8,15,22,29 days, Manhattan; Node ${process.version}, ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()}`);
  console.log(`\nburglary_2016.csv: ${burglary.n} events (target < 2000 ms); load average ${load()}`);
  const small = timeKnox(burglary, BANDS, RUNS);
  console.log(`  ${small.closePairs} pairs closer than 401 m`);
  printTimes(small);
  printTimes(timeKnox(burglary, { ...BANDS, counter: 'js' }, RUNS));
  console.log(`  load average after ${load()}`);

  console.log(`\n${BIG_LABEL}: ${big.n} events; load average ${load()}`);
  const large = timeKnox(big, BANDS, Math.min(RUNS, 3));
  console.log(`  ${large.closePairs} pairs closer than 401 m`);
  printTimes(large);
  if (process.env.BENCH_KNOX_JS) printTimes(timeKnox(big, { ...BANDS, counter: 'js' }, 1));
  else console.log('  js counter: left out (about 8 × the SIMD time; BENCH_KNOX_JS=1 to run it)');
  console.log(`  load average after ${load()}`);
  return knoxTest(big, BANDS);
}

interface BrowserKnox { n: number; closePairs: number; workers: number; ms: number[]; stages: Record<string, number>[]; progressEvents: number[]; cells: unknown[]; cancel: { name: string; stopMs: number; done: number } | null }

async function browser(reference: KnoxResult | null): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'build/index.html'))) throw new Error('No build/: run `npx vite build` first.');
  const { chromium } = await import('playwright-core');
  const port = 4300 + Math.floor(Math.random() * 500);
  const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--mount', `/shared=${path.resolve(ROOT, '../shared/data')}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));
  const b = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
  const before = load();
  let r: { ok: boolean; error?: string; knox: BrowserKnox; cores: number };
  try {
    const page = await b.newPage();
    const runs = Math.min(RUNS, 3);
    await page.goto(`http://127.0.0.1:${port}/bench?url=/shared/chicago/crimes_2015_2018.parquet&runs=1&knox=${BIG.offences![0]}&from=${BIG.from}&to=${BIG.to}&knoxRuns=${runs}&knoxCancel=1`);
    await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench, null, { timeout: 900_000 });
    r = await page.evaluate(() => (window as unknown as { __bench: { ok: boolean; error?: string; knox: BrowserKnox; cores: number } }).__bench);
    if (!r.ok) throw new Error(r.error);
  } finally {
    await b.close();
    server.kill();
  }
  const k = r.knox;
  const stage = (name: (s: string) => boolean) => k.stages.map((st) => Object.entries(st).filter(([s]) => name(s)).reduce((a, [, v]) => a + v, 0));
  console.log(`\nKnox test in Chromium's engine worker (built app, /bench) — ${BIG_LABEL}: ${k.n} incidents, ${k.closePairs} pairs closer than 401 m, 999 permutations`);
  console.log(`  ${r.cores} cores (navigator.hardwareConcurrency); permutations shared by ${k.workers} compute workers; load average before ${before}, after ${load()}`);
  console.log(`  read incidents, close pairs, observed  ${fmt(stage((s) => !s.startsWith('Permutations')))}`);
  console.log(`  999 permutations                       ${fmt(stage((s) => s.startsWith('Permutations')))}`);
  console.log(`  total, request to result (< 30000)     ${fmt(k.ms)}`);
  console.log(`  progress events during the permutations: ${k.progressEvents.join(', ')}`);
  if (k.cancel) console.log(`  cancel 300 ms into the permutations (${(k.cancel.done * 100).toFixed(0)} % done): ${k.cancel.name} ${k.cancel.stopMs.toFixed(0)} ms after the cancel`);
  if (reference) {
    const same = JSON.stringify(k.cells) === JSON.stringify(reference.cells);
    console.log(`  table identical to the Node one-thread table (same seed): ${same ? 'yes' : 'NO'}`);
  }
}

/** The knox section of `npm run bench`; `which` is 'node', 'browser' or 'all'. */
export async function run(which = 'all'): Promise<void> {
  for (const f of [NEARREPEAT, CRIMES]) if (!fs.existsSync(f)) throw new Error(`Benchmark data not found: ${f} (it lives in ../shared/data)`);
  let reference: KnoxResult | null = null;
  if (which !== 'browser') reference = await node();
  else reference = knoxTest(spaceTimeEvents((await crimes()).incidentColumns(BIG)), BANDS);
  if (which !== 'node') await browser(reference);
}
