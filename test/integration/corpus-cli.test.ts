/**
 * Issue 7, item 1: the bad-input corpus through the command line, as a user would run it
 * (`npm run -s cli -- import --input FILE`): a file that cannot be imported exits with status 1
 * and one clear message on stderr, never a stack trace; one that can prints the validation report
 * with read = kept + rejected. Each run is a fresh process (about 2 s of start-up), so the normal
 * test run takes one file for each step that can refuse and for each kind of input (CSV, Parquet,
 * GeoJSON, too large); CORPUS_CLI=all runs every file. The whole
 * corpus runs through the same engine code in test/unit/corpus-engine.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ValidationReport } from '../../src/lib/engine/protocol';
import { CASES, FILES_DIR, casePath, isError, type CorpusCase } from '../corpus/cases';
import { checkReport } from '../corpus/outcome';
import { ROOT } from '../helpers/paths';

/** One file for each step that can refuse and each kind of input. */
const SUBSET = [
  'empty.csv', 'xlsx-renamed.csv', 'polygons-only.geojson', 'too-large.csv', 'projected-xy-no-crs.csv', 'all-zero-coordinates.csv',
  'parquet-bool-coordinates.parquet', 'latin1.csv', 'dates-excel-serial.csv', 'mixed-geometries.geojson',
];
const cases = process.env.CORPUS_CLI === 'all' ? CASES : CASES.filter((c) => SUBSET.includes(c.file));

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bad-input corpus through the CLI', () => {
  const runs = new Map<string, Run>();
  let tmp = '';

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-cli-'));
    const queue: (CorpusCase | 'crs')[] = [...cases, 'crs'];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        if (c === 'crs') runs.set('crs', await cli(['import', '--input', path.join(FILES_DIR, 'projected-xy-no-crs.csv'), '--crs', 'EPSG:3435']));
        else runs.set(c.file, await cli(['import', '--input', casePath(c, tmp)]));
      }
    };
    await Promise.all(Array.from({ length: Math.max(3, os.availableParallelism()) }, worker));
  }, 300_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const check = (c: CorpusCase) => {
    const r = runs.get(c.file)!;
    if (isError(c.expect)) {
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toMatch(/^Error: /);
      expect(r.stderr).toMatch(c.expect.error);
      expect(r.stderr.trim().split('\n').length, 'one line, no stack trace').toBe(1);
    } else {
      expect(r.code, r.stderr).toBe(0);
      checkReport(c, JSON.parse(r.stdout) as ValidationReport);
    }
  };
  it('has the subset in the corpus', () => expect(cases.length).toBe(process.env.CORPUS_CLI === 'all' ? CASES.length : SUBSET.length));
  for (const c of cases) it(`${c.file}: ${c.what}`, () => check(c));

  it('imports projected X/Y once their CRS is given, as the message says', () => {
    const r = runs.get('crs')!;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ read: 20, kept: 20 });
  });
});
