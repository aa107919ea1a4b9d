/**
 * `npm run bench` (after `npm run build`): runs every benchmark section — each file in bench/
 * exporting `run(which)` — and prints their tables. `npx tsx bench/run.ts [SECTION] [node|browser]`
 * runs one section (by file name) or one side. Benchmarks are never tests: nothing here fails on
 * a slow figure.
 */
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const [only, which = 'all'] = process.argv.slice(2);
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts').sort((a, b) => (a === 'engine.ts' ? -1 : b === 'engine.ts' ? 1 : a.localeCompare(b)));
for (const f of files) {
  const name = f.replace(/\.ts$/, '');
  if (only && only !== 'all' && only !== name) continue;
  const mod = (await import(path.join(dir, f))) as { run?: (which: string) => Promise<void> };
  if (!mod.run) continue;
  console.log(`\n=== ${name} ===`);
  await mod.run(which);
}
