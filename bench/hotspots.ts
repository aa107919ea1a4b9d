/**
 * `npm run bench` section for hot spots (issue #3 item 10), in Node (this thread, no worker):
 *   - analytic Gi* with Benjamini–Hochberg FDR over ~100,000 H3 cells, k = 2 (target < 100 ms);
 *     building the ring neighbours is timed apart (it is done once per resolution and k);
 *   - 999 conditional permutations of local Moran's I over the same cells, k = 1 and k = 2
 *     (target < 10 s);
 *   - emerging hot spots over ../shared/data/chicago/crimes_2015_2018.parquet (1.03 M rows) at res 9:
 *     weekly steps over the whole period, and 52 weeks of 2017; load and indexing are not counted.
 * Synthetic cells: a disk of radius 183 rings of res-10 cells (100,651 cells) with clustered
 * Poisson counts. Prints medians of several runs. Not a test: nothing fails on a slow figure.
 */
export const title = 'hotspots';
import fs from 'node:fs';
import path from 'node:path';
import { gridDisk, latLngToCell } from 'h3-js';
import { rng } from '../src/lib/analysis/random';
import { emergingHotSpots } from '../src/lib/analysis/hotspots/emerging';
import { getisOrd } from '../src/lib/analysis/hotspots/getis-ord';
import { localMoran } from '../src/lib/analysis/hotspots/local-moran';
import { spaceTimeCube } from '../src/lib/analysis/hotspots/space-time-cube';
import { ringNeighbours } from '../src/lib/analysis/hotspots/weights';
import { createNodeService } from '../src/lib/engine/node';

const ROOT = path.resolve(import.meta.dirname, '..');
const FILE = path.resolve(ROOT, '../shared/data/chicago/crimes_2015_2018.parquet');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
/** Wall times, with this process's CPU time (user + system) per run beside them: on a shared machine the CPU time is the steadier figure. */
type Runs = { wall: number[]; cpu: number[] };
const fmt = (r: Runs) => `${median(r.wall).toFixed(0).padStart(7)} ms wall, ${median(r.cpu).toFixed(0).padStart(6)} ms CPU  (wall runs: ${r.wall.map((x) => x.toFixed(0)).join(', ')})`;
function time(runs: number, f: () => void): Runs {
  const out: Runs = { wall: [], cpu: [] };
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage(), t = performance.now();
    f();
    const u = process.cpuUsage(c);
    out.wall.push(performance.now() - t);
    out.cpu.push((u.user + u.system) / 1000);
  }
  return out;
}

/** ~100k res-10 cells with counts: Poisson around a few Gaussian bumps over a low background. */
function synthetic() {
  const cells = gridDisk(latLngToCell(41.85, -87.65, 10), 183).sort();
  const r = rng(2024);
  const bumps = Array.from({ length: 40 }, () => ({ at: r.int(cells.length), amp: 2 + 8 * r.next() }));
  const counts = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    let lambda = 0.3;
    for (const b of bumps) { const d = (i - b.at) / 300; lambda += b.amp * Math.exp(-d * d); }
    let k = 0, p = Math.exp(-lambda), s = p;
    const u = r.next();
    while (u > s && k < 200) { k++; p *= lambda / k; s += p; }
    counts[i] = k;
  }
  return { cells, counts };
}

export async function run(which = 'all'): Promise<void> {
  if (which === 'browser') { console.log('hotspots: Node only (the statistics are the same code in a worker).'); return; }
  const data = synthetic();
  console.log(`\nHot spots — Node ${process.version}, ${data.cells.length.toLocaleString('en')} cells, ${RUNS} runs, median (target)`);
  let nb2 = ringNeighbours(data.cells, 2);
  const tNb = time(Math.min(RUNS, 3), () => { nb2 = ringNeighbours(data.cells, 2); });
  const nb1 = ringNeighbours(data.cells, 1);
  console.log(`  ring neighbours, k = 2 (once per res/k)      ${fmt(tNb)}`);
  getisOrd(data, nb2, { fdr: true }); // warm-up
  console.log(`  Gi* + FDR, k = 2 (<100)                     ${fmt(time(RUNS, () => getisOrd(data, nb2, { fdr: true })))}`);
  const perm = Number(process.env.BENCH_PERMUTATIONS ?? 999);
  const pr = Math.min(RUNS, 3);
  console.log(`  local Moran, ${perm} permutations, k = 1 (<10000) ${fmt(time(pr, () => localMoran(data, nb1, { permutations: perm, seed: 1 })))}`);
  console.log(`  local Moran, ${perm} permutations, k = 2 (<10000) ${fmt(time(pr, () => localMoran(data, nb2, { permutations: perm, seed: 1 })))}`);

  if (!fs.existsSync(FILE)) { console.log(`  (emerging hot spots skipped: ${FILE} not found)`); return; }
  const s = await createNodeService();
  const det = await s.stage('crimes_2015_2018.parquet', fs.readFileSync(FILE));
  const rep = await s.import(det.mapping, null, false);
  const agg = s.aggregate(9, {});
  const cols = s.incidentColumns({}, 9);
  const nb = ringNeighbours(agg.cells, 1);
  for (const [label, o] of [['whole period, weekly', { step: 'week' as const }], ['2017, 52 weeks', { step: 'week' as const, from: '2017-01-02', to: '2017-12-31' }]] as const) {
    let steps = 0, counted = 0;
    const tc = time(RUNS, () => { const c = spaceTimeCube(agg.cells, cols.cell, cols.ms, o); steps = c.T; counted = c.counted; });
    const cube = spaceTimeCube(agg.cells, cols.cell, cols.ms, o);
    const te = time(RUNS, () => emergingHotSpots(cube, nb, {}));
    console.log(`  emerging, ${label}: ${counted.toLocaleString('en')} of ${rep.kept.toLocaleString('en')} incidents, ${agg.cells.length} cells × ${steps} weeks, k = 1`);
    console.log(`    cube                                      ${fmt(tc)}`);
    console.log(`    space-time Gi* + FDR + Mann-Kendall + patterns ${fmt(te)}`);
  }
}
