/**
 * Writes the small files of the bad-input corpus into test/corpus/files (committed), or every
 * file, large ones included, into a folder of your choice:
 *   npx tsx test/corpus/generate.ts            # the committed small files
 *   npx tsx test/corpus/generate.ts --all DIR  # everything, into DIR
 * The same seed gives the same bytes on every run (a test checks the committed files).
 */
import fs from 'node:fs';
import { CASES, FILES_DIR, writeCase } from './cases';

const all = process.argv.includes('--all');
const dir = all ? process.argv[process.argv.indexOf('--all') + 1] : FILES_DIR;
if (!dir) throw new Error('--all needs a folder');
fs.mkdirSync(dir, { recursive: true });
let n = 0;
for (const c of CASES) {
  if (!all && (c.large || c.sparse)) continue;
  writeCase(c, dir);
  n++;
}
console.log(`${n} corpus files written to ${dir}`);
