/**
 * `npm run bench` section "scale" (issue #10; results in docs/scale.md).
 *
 * browser — the growth curve and the wall: a synthetic city (scripts/generate-demo.ts, the demo's
 *   model at a higher rate) of 100 k incidents, then ×2 per step, each loaded into the built app's
 *   engine worker in a fresh headless Chromium (/bench-scale page, past the app's capacity check)
 *   and timed through: load (stage + import), aggregation at res 9, a filter change, the charts,
 *   Gi* (the app's defaults) and a Knox test (999 permutations) on a capped sample (burglaries in a
 *   window sized to about KNOX_CAP incidents), one run per step. Memory is the renderer process's
 *   peak resident set (VmHWM from /proc: DuckDB-wasm, parquet-wasm, the compute workers and every
 *   JS heap of the page live in it). Steps stop at the first that fails: that is the wall, and the
 *   message says how it failed. Then the largest file goes through the app's own capacity check
 *   (refused before decoding?), and is opened as a cube (res 9, no hours) built by the native CLI.
 * node — both engines side by side (src/lib/engine/native.ts, bulk.ts): import, aggregate and the
 *   `cube` command on ../shared/data/chicago/crimes_2015_2018.parquet (1.03 M rows), BENCH_RUNS
 *   runs each (default 3), and on a synthetic file of about 50 M rows (generated under the system
 *   temp folder, deleted afterwards) the cube on both engines and aggregate on native (the default
 *   engine refuses the file up front); every output is checked identical between the engines.
 *
 * Environment: SCALE_MAX (largest step, default 25,600,000), SCALE_STEPS (explicit sizes, e.g.
 * 9600000,12800000, instead of the doubling), MIN_FREE_MIB (a step is stopped when the machine's
 * available memory falls below it, default 1536: the machine is shared), SCALE_BIG (rows of the big
 * file, default 50,000,000; 0 skips it), KNOX_CAP (default 20,000), SCALE_KEEP=1 keeps the
 * generated files, SCALE_NO_CUBE=1 skips opening the largest city as a cube, SCALE_CUBE_ONLY=1
 * does only that. The machine's load (uptime) is printed with every figure: timings on a shared
 * 2-core machine move with it. A benchmark, not a test: nothing fails on a slow figure. The whole
 * section takes hours (generating and loading tens of millions of rows).
 */
export const title = 'scale';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync, spawn, spawnSync } from 'node:child_process';
import { writeSyntheticParquet } from '../scripts/generate-demo';
import { CHROMIUM_ARGS, freePort } from '../test/browser/harness';

const ROOT = path.resolve(import.meta.dirname, '..');
const TMP = path.join(os.tmpdir(), 'prevention-planner-scale');
const MAX = Number(process.env.SCALE_MAX ?? 25_600_000);
const KNOX_CAP = Number(process.env.KNOX_CAP ?? 20_000);
const KEEP = process.env.SCALE_KEEP === '1';
/** Share of burglaries among the synthetic city's incidents (ground_truth.json: 19,869 of 161,857). */
const BURGLARY_SHARE = 0.1228;
const MiB = 1 << 20;
/** A step is stopped when the machine's available memory falls below this (it is shared): MIN_FREE_MIB. */
const MIN_FREE = Number(process.env.MIN_FREE_MIB ?? 1536) * MiB;
const available = () => Number(/MemAvailable:\s+(\d+)/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? Infinity) * 1024;

export const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
export const uptime = () => { try { return execSync('uptime').toString().trim(); } catch { return `load average: ${load()}`; } };
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** A synthetic city file of about `n` incidents, made once under TMP. */
async function cityFile(n: number): Promise<{ file: string; rows: number; seconds: number }> {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `city-${n}.parquet`);
  const meta = file + '.rows';
  if (fs.existsSync(file) && fs.existsSync(meta)) return { file, rows: Number(fs.readFileSync(meta, 'utf8')), seconds: 0 };
  const t0 = performance.now();
  const rows = await writeSyntheticParquet(file, n);
  fs.writeFileSync(meta, String(rows));
  return { file, rows, seconds: (performance.now() - t0) / 1000 };
}

/** Process ids of `pid` and all its descendants. */
function tree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [c, p] of parent) if (p === out[i]) out.push(c);
  return out;
}

/** Current and peak resident set (bytes) of the Chromium renderer processes this process started. */
function rendererMemory(): { rss: number; peak: number } {
  let rss = 0;
  let peak = 0;
  for (const pid of tree(process.pid)) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const st = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(st)?.[1] ?? 0) * 1024;
      rss = Math.max(rss, kb('VmRSS'));
      peak = Math.max(peak, kb('VmHWM'));
    } catch { /* gone */ }
  }
  return { rss, peak };
}

interface Step {
  n: number;
  rows: number;
  fileMiB: number;
  ms: Record<string, number>;
  peak: number;
  afterLoad: number;
  knoxN?: number;
  closePairs?: number;
  error?: string;
  failedAt?: string;
  load: string;
}

/**
 * One growth step in a fresh Chromium (`check`: only stage it, without forcing past the capacity
 * check; `cube`: open this cube folder, of which `file` is the first file, instead).
 */
async function browserStep(origin: string, n: number, file: string, rows: number, check = false, cube?: { dir: string; files: string[] }): Promise<Step> {
  const { chromium } = await import('playwright-core');
  const b = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const step: Step = { n, rows, fileMiB: fs.statSync(file).size / MiB, ms: {}, peak: 0, afterLoad: 0, load: load() };
  let timer: NodeJS.Timeout | undefined;
  try {
    const page = await b.newPage();
    let crashed = false;
    page.on('crash', () => { crashed = true; });
    timer = setInterval(() => { step.peak = Math.max(step.peak, rendererMemory().peak); }, 250);
    // A Knox sample of about KNOX_CAP burglaries: a window from 2023-01-01 sized to the city's rate.
    const days = Math.max(7, Math.min(1095, Math.round((1096 * KNOX_CAP) / (BURGLARY_SHARE * rows))));
    const to = new Date(Date.UTC(2023, 0, 1) + (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const from = days >= 1095 ? '2022-01-01' : '2023-01-01';
    await page.goto(cube
      ? `${origin}/bench-scale?cube=/scale/${path.basename(cube.dir)}&files=${cube.files.map(encodeURIComponent).join(',')}`
      : `${origin}/bench-scale?url=/scale/${path.basename(file)}&${check ? 'stageOnly=1' : 'force=1'}&knox=Burglary&from=${from}&to=${days >= 1095 ? '2024-12-31' : to}`);
    const deadline = Date.now() + 15 * 60_000;
    let seenLoad = false;
    for (;;) {
      if (crashed) { step.error = 'the browser tab crashed (out of memory)'; break; }
      if (available() < MIN_FREE) { step.error = `stopped by the benchmark: the shared machine had less than ${(MIN_FREE / MiB).toFixed(0)} MiB available (renderer at ${(rendererMemory().rss / MiB).toFixed(0)} MiB)`; step.failedAt = 'machine memory'; break; }
      const s = await page.evaluate(() => (window as unknown as { __scale?: { done: boolean; ms: Record<string, number> } }).__scale).catch(() => null);
      if (s && !seenLoad && s.ms.import !== undefined) { seenLoad = true; step.afterLoad = rendererMemory().rss; }
      if (s?.done) {
        const r = s as unknown as { ms: Record<string, number>; error?: string; failedAt?: string; knoxN?: number; closePairs?: number };
        Object.assign(step, { ms: r.ms, error: r.error, failedAt: r.failedAt, knoxN: r.knoxN, closePairs: r.closePairs });
        break;
      }
      if (Date.now() > deadline) { step.error = 'gave up after 15 minutes'; break; }
      await new Promise((r) => setTimeout(r, 500));
    }
    step.peak = Math.max(step.peak, rendererMemory().peak);
  } finally {
    if (timer) clearInterval(timer);
    await b.close().catch(() => {});
  }
  return step;
}

async function growth(): Promise<void> {
  const port = await freePort();
  fs.mkdirSync(TMP, { recursive: true });
  // A private copy of the built app: a rebuild of build/ during a long run must not pull the
  // page's assets from under it.
  if (!fs.existsSync(path.join(ROOT, 'build/bench-scale.html'))) throw new Error('Build the app first: npx vite build');
  const app = path.join(TMP, `app-${process.pid}`);
  fs.cpSync(path.join(ROOT, 'build'), app, { recursive: true });
  const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--root', app, '--mount', `/scale=${TMP}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const steps: Step[] = [];
  const made: string[] = [];
  let cubeStep: Step | null = null;
  try {
    const sizes = process.env.SCALE_STEPS ? process.env.SCALE_STEPS.split(',').map(Number) : Array.from({ length: 20 }, (_, k) => 100_000 * 2 ** k).filter((n) => n <= MAX);
    for (const n of sizes) {
      const city = await cityFile(n);
      if (process.env.SCALE_CUBE_ONLY) {
        // Only the cube step for this city (its raw load measured before).
        steps.push({ n, rows: city.rows, fileMiB: fs.statSync(city.file).size / MiB, ms: {}, peak: 0, afterLoad: 0, load: load() });
        continue;
      }
      made.push(city.file);
      console.log(`  city of ${city.rows.toLocaleString('en')} incidents: ${(fs.statSync(city.file).size / MiB).toFixed(0)} MiB${city.seconds ? `, generated in ${city.seconds.toFixed(0)} s` : ''}; ${uptime()}`);
      const s = await browserStep(origin, n, city.file, city.rows);
      steps.push(s);
      const f = (k: string) => (s.ms[k] === undefined ? '—' : s.ms[k].toFixed(0));
      console.log(`    load ${f('stage')}+${f('import')} ms, aggregate ${f('aggregate')} ms, filter ${f('filter')} ms, charts ${f('charts')} ms, Gi* ${f('gistar')} ms, Knox ${f('knox')} ms (n ${s.knoxN ?? '—'}), peak ${(s.peak / MiB).toFixed(0)} MiB${s.error ? `; FAILED at ${s.failedAt ?? 'load'}: ${s.error}` : ''}`);
      if (s.error) break;
    }
    // The app's own check on the largest file: refused before it is decoded, with what to do.
    const last = steps[steps.length - 1];
    if (process.env.SCALE_CUBE_ONLY) steps.length = 0;
    if (last && !process.env.SCALE_NO_CUBE) {
      // Past the wall in the browser: the largest city as a cube (native CLI), opened in the app.
      // At res 11 with hours such a dense city has nearly a row per incident (25.4 M rows for 25.6 M
      // incidents, more than the engine holds); res 9 without hours keeps every view but hours.
      const dir = path.join(TMP, `cube-${last.n}`);
      fs.rmSync(dir, { recursive: true, force: true });
      const built = cli(['cube', '--input', path.join(TMP, `city-${last.n}.parquet`), '--folder', dir, '--engine', 'native', '--res', '9', '--hour', 'no']);
      const sum = JSON.parse(built.stdout) as { cubeRows: number; files: string[]; counted: number };
      const size = sum.files.reduce((a, f) => a + fs.statSync(path.join(dir, f)).size, 0);
      console.log(`  its cube at res 9 without hours (native CLI, ${built.seconds.toFixed(0)} s): ${sum.cubeRows.toLocaleString('en')} rows, ${(size / MiB).toFixed(0)} MiB in ${sum.files.length} files; ${uptime()}`);
      const c = await browserStep(origin, last.n, path.join(dir, sum.files[0]), sum.counted, false, { dir, files: sum.files });
      cubeStep = { ...c, fileMiB: size / MiB };
      const f = (k: string) => (c.ms[k] === undefined ? '—' : c.ms[k].toFixed(0));
      console.log(`    cube in the browser: fetch ${f('stage')} ms, open ${f('import')} ms, aggregate ${f('aggregate')} ms, filter ${f('filter')} ms, charts ${f('charts')} ms, Gi* ${f('gistar')} ms, peak ${(c.peak / MiB).toFixed(0)} MiB${c.error ? `; FAILED at ${c.failedAt}: ${c.error}` : ''}`);
      if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (last && !process.env.SCALE_CUBE_ONLY) {
      const c = await browserStep(origin, last.n, path.join(TMP, `city-${last.n}.parquet`), last.rows, true);
      console.log(`  the app's capacity check on ${last.rows.toLocaleString('en')} rows: ${c.error ? `refused after ${(c.ms.stage ?? 0).toFixed(0)} ms of staging (download included) — "${c.error.slice(0, 160)}…"` : `accepted (stage ${c.ms.stage?.toFixed(0)} ms)`}; peak ${(c.peak / MiB).toFixed(0)} MiB`);
    }
  } finally {
    server.kill();
    fs.rmSync(app, { recursive: true, force: true });
    if (!KEEP) for (const f of made) { fs.rmSync(f, { force: true }); fs.rmSync(f + '.rows', { force: true }); }
  }
  printGrowth(steps, cubeStep);
}

function printGrowth(steps: Step[], cube: Step | null): void {
  const col = (v: number | undefined, w = 8) => (v === undefined ? '—' : v.toFixed(0)).padStart(w);
  console.log(`\nScale — synthetic city in Chromium (${os.cpus().length} cores, ${(os.totalmem() / (1 << 30)).toFixed(0)} GiB), one run per step, ms; memory = renderer peak RSS`);
  console.log('      rows    file MiB   load   aggregate  filter  charts    Gi*     Knox (n)         peak MiB  MiB after load  load avg');
  for (const s of steps) {
    const loadMs = s.ms.stage !== undefined && s.ms.import !== undefined ? s.ms.stage + s.ms.import : undefined;
    console.log(`${s.rows.toLocaleString('en').padStart(11)} ${col(s.fileMiB, 8)} ${col(loadMs)} ${col(s.ms.aggregate, 9)} ${col(s.ms.filter, 7)} ${col(s.ms.charts, 7)} ${col(s.ms.gistar, 7)} ${col(s.ms.knox, 8)} (${s.knoxN ?? '—'}) ${col(s.peak / MiB, 10)} ${col(s.afterLoad / MiB, 12)}    ${s.load}` +
      (s.error ? `\n             ^ the wall: ${s.failedAt ?? 'load'} failed — ${s.error}` : ''));
  }
  const ok = steps.filter((s) => !s.error && s.peak > 0);
  if (ok.length >= 2) {
    const a = ok[ok.length - 2], b = ok[ok.length - 1];
    const perRow = (b.peak - a.peak) / (b.rows - a.rows);
    console.log(`Marginal peak memory per row (last two good steps): ${perRow.toFixed(0)} bytes; largest good step ${b.rows.toLocaleString('en')} rows at ${(b.peak / MiB).toFixed(0)} MiB.`);
  }
  if (cube)
    console.log(`The largest city as a cube (${cube.rows.toLocaleString('en')} incidents, ${cube.fileMiB.toFixed(0)} MiB): open ${cube.ms.import?.toFixed(0) ?? '—'} ms, aggregate ${cube.ms.aggregate?.toFixed(0) ?? '—'} ms, filter ${cube.ms.filter?.toFixed(0) ?? '—'} ms, charts ${cube.ms.charts?.toFixed(0) ?? '—'} ms, Gi* ${cube.ms.gistar?.toFixed(0) ?? '—'} ms, peak ${(cube.peak / MiB).toFixed(0)} MiB${cube.error ? ` — FAILED: ${cube.error}` : ''}.`);
  const bad = steps.find((s) => s.error);
  if (steps.length) console.log(bad ? `The wall: between ${ok.at(-1)?.rows.toLocaleString('en') ?? '0'} and ${bad.rows.toLocaleString('en')} rows (${bad.failedAt ?? 'load'}: ${bad.error}).` : `No wall up to ${steps.at(-1)?.rows.toLocaleString('en')} rows (SCALE_MAX ${MAX.toLocaleString('en')}).`);
}

// ---------------------------------------------------------------- engines side by side

const CHICAGO = path.resolve(ROOT, '../shared/data/chicago/crimes_2015_2018.parquet');
const BIG = Number(process.env.SCALE_BIG ?? 50_000_000);

interface CliRun { seconds: number; peakMiB: number; stdout: string }

/** Runs the CLI in a child process, timed, with its peak resident set (GNU time). */
function cli(args: string[]): CliRun {
  const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, tsx, 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [sec, kb] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return { seconds: sec, peakMiB: kb / 1024, stdout: r.stdout };
}

/** Files under a folder, relative, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk : (p: string) => out.push(path.relative(dir, p)))(path.join(d, e.name)); };
  walk(dir);
  return out.sort();
}

/**
 * Whether two cube folders hold the same rows, exactly: with the same files (both engines write
 * one file per partition, sorted by every key column), row by row in file order (a positional
 * join streams, so 50 M rows compare in little memory); otherwise EXCEPT ALL both ways. `diff` is
 * the number of rows that differ.
 */
async function cubeDiff(a: string, b: string): Promise<{ rows: number; diff: number; how: string }> {
  const { createNativeRunner } = await import('../src/lib/engine/native');
  const r = await createNativeRunner({ threads: 2, memoryLimit: '2GB' });
  const q = (p: string) => `'${p.replaceAll("'", "''")}'`;
  try {
    const fa = filesUnder(a);
    const fb = filesUnder(b);
    if (fa.join() === fb.join()) {
      let rows = 0;
      let diff = 0;
      for (const f of fa) {
        const pa = q(path.join(a, f));
        const pb = q(path.join(b, f));
        const names = (await r.query(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${pa})`)).getChild('column_name')!.toArray() as string[];
        const t = await r.query(`SELECT (SELECT count(*) FROM ${pa})::DOUBLE AS na, (SELECT count(*) FROM ${pb})::DOUBLE AS nb,
          (SELECT count(*) FROM (SELECT * FROM ${pa}) x POSITIONAL JOIN (SELECT * FROM ${pb}) y WHERE ${names.map((c) => `x."${c}" IS DISTINCT FROM y."${c}"`).join(' OR ')})::DOUBLE AS d`);
        const na = Number(t.getChild('na')!.get(0));
        rows += na;
        diff += Number(t.getChild('d')!.get(0)) + Math.abs(na - Number(t.getChild('nb')!.get(0)));
      }
      return { rows, diff, how: `row by row, ${fa.length} files` };
    }
    const rp = (d: string) => `read_parquet(${q(d + '/**/*.parquet')}, hive_partitioning = false)`;
    const rows = Number((await r.query(`SELECT count(*)::DOUBLE AS n FROM ${rp(a)}`)).getChild('n')!.get(0));
    const t = await r.query(`SELECT count(*)::DOUBLE AS diff FROM ((SELECT * FROM ${rp(a)} EXCEPT ALL SELECT * FROM ${rp(b)}) UNION ALL (SELECT * FROM ${rp(b)} EXCEPT ALL SELECT * FROM ${rp(a)}))`);
    return { rows, diff: Number(t.getChild('diff')!.get(0)), how: 'as sets of rows' };
  } finally {
    r.close();
  }
}

const fmtRuns = (xs: CliRun[]) => `${median(xs.map((x) => x.seconds)).toFixed(1).padStart(7)} s  peak ${median(xs.map((x) => x.peakMiB)).toFixed(0).padStart(5)} MiB  (runs: ${xs.map((x) => x.seconds.toFixed(1)).join(', ')})`;

async function engines(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const out = path.join(TMP, 'cubes');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const lines: string[] = [];
  try {
    if (!fs.existsSync(CHICAGO)) throw new Error(`Benchmark data not found: ${CHICAGO}`);
    console.log(`  Chicago 2015–2018 (1,031,193 rows), ${runs} runs per command; ${uptime()}`);
    lines.push(`\nEngines side by side — CLI commands in a child process (wall time incl. start-up, peak RSS), medians; ${os.cpus().length} cores`);
    lines.push('crimes_2015_2018.parquet, 1,031,193 rows');
    const chicago = process.env.SCALE_SKIP_CHICAGO !== '1';
    if (chicago) for (const [label, args] of [['import', ['import']], ['aggregate res 9', ['aggregate', '--res', '9']], ['aggregate THEFT, res 8', ['aggregate', '--res', '8', '--type', 'THEFT']]] as const) {
      const res: Record<string, CliRun[]> = { wasm: [], native: [] };
      for (let i = 0; i < runs; i++) for (const e of ['wasm', 'native']) res[e].push(cli([...args, '--input', CHICAGO, '--engine', e]));
      const same = res.wasm.every((r) => r.stdout === res.native[0].stdout) && res.native.every((r) => r.stdout === res.native[0].stdout);
      lines.push(`  ${label.padEnd(24)} wasm ${fmtRuns(res.wasm)}`);
      lines.push(`  ${''.padEnd(24)} native ${fmtRuns(res.native)}   output ${same ? 'identical' : 'DIFFERENT'}`);
      console.log(lines.at(-2) + '\n' + lines.at(-1) + `; ${load()}`);
    }
    const cubeRuns: Record<string, CliRun[]> = { wasm: [], native: [] };
    if (chicago) for (let i = 0; i < runs; i++)
      for (const e of ['wasm', 'native']) {
        const dir = path.join(out, `chicago-${e}-${i}`);
        cubeRuns[e].push(cli(['cube', '--input', CHICAGO, '--folder', dir, '--engine', e]));
      }
    if (chicago) {
      const d = await cubeDiff(path.join(out, 'chicago-wasm-0'), path.join(out, 'chicago-native-0'));
      const summary = JSON.parse(cubeRuns.native[0].stdout) as { cubeRows: number; counted: number };
      lines.push(`  cube (res 6–11, hour, by year) wasm ${fmtRuns(cubeRuns.wasm)}`);
      lines.push(`  ${''.padEnd(24)} native ${fmtRuns(cubeRuns.native)}   ${summary.counted.toLocaleString('en')} incidents → ${d.rows.toLocaleString('en')} cube rows, ${d.diff === 0 ? `identical (${d.how})` : `${d.diff} rows DIFFER`}`);
      console.log(lines.at(-2) + '\n' + lines.at(-1) + `; ${load()}`);
    }

    // The big file: generated under TMP, deleted afterwards (SCALE_BIG=0 skips it).
    if (BIG <= 0) return;
    const big = path.join(TMP, `city-big-${BIG}.parquet`);
    if (!fs.existsSync(big)) {
      const t0 = performance.now();
      console.log(`  generating a synthetic city of about ${BIG.toLocaleString('en')} incidents; ${uptime()}`);
      const rows = await writeSyntheticParquet(big + '.part', BIG);
      fs.renameSync(big + '.part', big);
      console.log(`  ${rows.toLocaleString('en')} rows, ${(fs.statSync(big).size / MiB).toFixed(0)} MiB, in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const bigRuns: Record<string, CliRun> = {};
    lines.push(`synthetic city, ${(fs.statSync(big).size / MiB).toFixed(0)} MiB Parquet, one run each`);
    for (const e of ['native', 'wasm']) {
      console.log(`  cube of the big file on ${e}; ${uptime()}`);
      fs.rmSync(path.join(out, `big-${e}`), { recursive: true, force: true });
      bigRuns[e] = cli(['cube', '--input', big, '--folder', path.join(out, `big-${e}`), '--engine', e]);
      lines.push(`  cube ${e.padEnd(7)} ${bigRuns[e].seconds.toFixed(0).padStart(6)} s  peak ${bigRuns[e].peakMiB.toFixed(0)} MiB; ${load()}`);
      console.log(lines.at(-1));
    }
    // aggregate on the big file: native DuckDB does it; the app's engine refuses it up front.
    console.log(`  aggregate res 9 of the big file on native; ${uptime()}`);
    const aggNative = cli(['aggregate', '--input', big, '--res', '9', '--engine', 'native', '--format', 'csv']);
    let refusal = '';
    try {
      cli(['aggregate', '--input', big, '--res', '9']);
    } catch (e) {
      refusal = (e as Error).message.replace(/^.*?Error: /s, '').slice(0, 200);
    }
    lines.push(`  aggregate res 9, native ${aggNative.seconds.toFixed(0).padStart(6)} s  peak ${aggNative.peakMiB.toFixed(0)} MiB; the default engine: ${refusal ? `refused — ${refusal}…` : 'ran (not refused)'}; ${load()}`);
    console.log(lines.at(-1));
    const bd = await cubeDiff(path.join(out, 'big-wasm'), path.join(out, 'big-native'));
    const bs = JSON.parse(bigRuns.native.stdout) as { read: number; counted: number; places: number };
    lines.push(`  ${bs.read.toLocaleString('en')} rows read, ${bs.counted.toLocaleString('en')} counted → ${bd.rows.toLocaleString('en')} cube rows from ${bs.places.toLocaleString('en')} places; the two cubes are ${bd.diff === 0 ? `identical (${bd.how})` : `DIFFERENT (${bd.diff} rows)`}; ${load()}`);
    console.log(lines.at(-1));
  } finally {
    if (!KEEP) {
      fs.rmSync(out, { recursive: true, force: true });
      for (const f of fs.existsSync(TMP) ? fs.readdirSync(TMP) : []) if (f.startsWith('city-big-')) fs.rmSync(path.join(TMP, f), { force: true });
    }
    console.log(lines.join('\n'));
  }
}

/** The scale section of `npm run bench`; `which` is 'browser' (growth curve), 'node' (engines side by side) or 'all'. */
export async function run(which = 'all'): Promise<void> {
  if (which !== 'node') await growth();
  if (which !== 'browser') await engines();
}
