#!/usr/bin/env node
/**
 * Runs every check: the type check (svelte-check, strict TypeScript) and every test (unit,
 * integration on ../shared, browser tests on the built app) with vitest, then prints the closing
 * line CI reads: "N passed, N failed[, N skipped]" (the type check counts as one test).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

let passed = 0, failed = 0, skipped = 0;

const check = spawnSync('npm', ['run', '-s', 'check'], { stdio: 'inherit' });
if (check.status === 0) passed++;
else { failed++; console.error('\nType check (svelte-check) failed.'); }

const out = '.vitest-results.json';
fs.rmSync(out, { force: true });
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], { stdio: 'inherit' });
if (fs.existsSync(out)) {
  const r = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that failed to load counts its tests nowhere: count it as a failure.
  for (const s of r.testResults ?? []) if (s.status === 'failed' && (s.assertionResults ?? []).length === 0) failed++;
} else {
  failed++;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
