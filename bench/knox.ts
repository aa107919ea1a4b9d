/**
 * `npm run bench` section "knox" (issue #4): the Knox test's time in Node.
 *   1. ../shared/data/chicago/nearrepeat/burglary_2016.csv, 11,700 burglaries × 999 permutations,
 *      the reference's bands (0,1,101,201,301,401 m × 0,8,15,22,29 days). Target < 2 s.
 *   2. 100,000 incidents × 999 permutations: the first 100,000 crimes of 2016 (all offences) in
 *      ../shared/data/chicago/crimes_2015_2018.parquet, same bands; in one thread, and split over
 *      worker threads (each permutation has its own seeded generator, so the table is the same).
 * Medians over BENCH_RUNS runs (default 5; 3 for the 100,000). The browser-worker figure is
 * measured by the app's integrator. A benchmark, not a test: nothing fails on a slow figure.
 */
export const title = 'knox';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createNodeService } from '../src/lib/engine/node';
import { spaceTimeEvents } from '../src/lib/analysis/repeats/events';
import { KnoxRun, type KnoxEvents, type KnoxOptions } from '../src/lib/analysis/repeats/knox';

const ROOT = path.resolve(import.meta.dirname, '..');
const NEARREPEAT = path.resolve(ROOT, '../shared/data/chicago/nearrepeat/burglary_2016.csv');
const CRIMES = path.resolve(ROOT, '../shared/data/chicago/crimes_2015_2018.parquet');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BANDS = { spaceBands: [0, 1, 101, 201, 301, 401], timeBands: [0, 8, 15, 22, 29], metric: 'manhattan' as const, permutations: 999, seed: 1 };
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (xs: number[]) => `${median(xs).toFixed(0).padStart(7)} ms  (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;

interface Times { prepare: number[]; permute: number[]; total: number[]; cpu: number[]; closePairs: number }

/** Times a whole Knox test in this thread: preparation (close pairs, observed) and the permutations. */
function timeKnox(ev: KnoxEvents, opts: KnoxOptions, runs: number): Times {
  const t: Times = { prepare: [], permute: [], total: [], cpu: [], closePairs: 0 };
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const run = new KnoxRun(ev, opts);
    const t1 = performance.now();
    run.step(opts.permutations ?? 999);
    const r = run.result();
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    t.prepare.push(t1 - t0); t.permute.push(t2 - t1); t.total.push(t2 - t0); t.cpu.push((c.user + c.system) / 1000); t.closePairs = r.closePairs;
  }
  return t;
}

/** Worker side: one range of permutations of the same test, returned as counts. */
if (!isMainThread && (workerData as { knoxBench?: boolean } | null)?.knoxBench) {
  const d = workerData as { x: Float64Array; y: Float64Array; day: Int32Array; from: number; to: number };
  const run = new KnoxRun({ x: d.x, y: d.y, day: d.day, plane: { kind: 'projected', crs: '', description: '' } }, BANDS);
  const counts = run.permuteRange(d.from, d.to);
  parentPort!.postMessage(counts, [counts.buffer as ArrayBuffer]);
}

/** The whole test with its permutations split over `threads` worker threads (wall time, worker start-up included). */
async function timeParallel(ev: KnoxEvents, threads: number): Promise<number> {
  const t0 = performance.now();
  const main = new KnoxRun(ev, BANDS);
  const P = BANDS.permutations, per = Math.ceil(P / threads);
  // Workers import this file through tsx (bench runs under tsx, from the project root).
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;
  await Promise.all(Array.from({ length: threads }, (_, w) => {
    const from = w * per, to = Math.min(P, from + per);
    return new Promise<void>((resolve, reject) => {
      const worker = new Worker(code, { eval: true, workerData: { knoxBench: true, x: ev.x, y: ev.y, day: ev.day, from, to } });
      worker.once('message', (counts: Float64Array) => { main.absorb(from, counts); void worker.terminate(); resolve(); });
      worker.once('error', reject);
    });
  }));
  main.result();
  return performance.now() - t0;
}

async function chicago100k(): Promise<KnoxEvents> {
  const s = await createNodeService();
  const det = await s.stage('crimes_2015_2018.parquet', fs.readFileSync(CRIMES));
  await s.import(det.mapping, null, false);
  const ev = spaceTimeEvents(s.incidentColumns({ from: '2016-01-01' }));
  const order = Array.from({ length: ev.n }, (_, k) => k).sort((a, b) => ev.day[a] - ev.day[b] || a - b).slice(0, 100_000);
  return { x: Float64Array.from(order, (k) => ev.x[k]), y: Float64Array.from(order, (k) => ev.y[k]), day: Int32Array.from(order, (k) => ev.day[k]), plane: ev.plane };
}

/** The knox section of `npm run bench`; `which` is 'node', 'browser' or 'all'. */
export async function run(which = 'all'): Promise<void> {
  if (which === 'browser') {
    console.log('knox: Node only here; the browser-worker figure is measured through the app.');
    return;
  }
  for (const f of [NEARREPEAT, CRIMES]) if (!fs.existsSync(f)) throw new Error(`Benchmark data not found: ${f} (it lives in ../shared/data)`);
  const s = await createNodeService();
  const det = await s.stage('burglary_2016.csv', fs.readFileSync(NEARREPEAT));
  await s.import({ ...det.mapping, x: 'X', y: 'Y', crs: 'EPSG:26971', lat: undefined, lon: undefined, datetime: 'date' }, null, false);
  const burglary = spaceTimeEvents(s.incidentColumns({}));
  const small = timeKnox(burglary, BANDS, RUNS);
  const big = await chicago100k();
  const first = new Date(big.day[0] * 864e5).toISOString().slice(0, 10), last = new Date(big.day[big.x.length - 1] * 864e5).toISOString().slice(0, 10);
  const large = timeKnox(big, BANDS, Math.min(RUNS, 3));
  const threads = Math.max(2, Math.min(8, os.availableParallelism()));
  const parallel: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) parallel.push(await timeParallel(big, threads));

  // On a shared machine wall times include waiting for a core; CPU time is the work itself.
  console.log(`\nKnox test — 999 permutations, bands 0,1,101,201,301,401 m × 0,8,15,22,29 days, Manhattan; Node ${process.version}, ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()}, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`\nburglary_2016.csv: ${burglary.n} events, ${small.closePairs} pairs closer than 401 m (target < 2000 ms in Node)`);
  console.log(`  prepare (close pairs, observed) ${fmt(small.prepare)}`);
  console.log(`  999 permutations                ${fmt(small.permute)}`);
  console.log(`  total                           ${fmt(small.total)}`);
  console.log(`  total, CPU time (process)      ${fmt(small.cpu)}`);
  console.log(`\nChicago crimes ${first} … ${last}: ${big.x.length} events, ${large.closePairs} pairs closer than 401 m`);
  console.log(`  prepare                         ${fmt(large.prepare)}`);
  console.log(`  999 permutations, one thread    ${fmt(large.permute)}`);
  console.log(`  total, one thread               ${fmt(large.total)}`);
  console.log(`  total, one thread, CPU time    ${fmt(large.cpu)}`);
  console.log(`  total, ${threads} worker threads         ${fmt(parallel)}`);
}
