/**
 * Issue 7, item 1: every file of the bad-input corpus through the engine (as the app's worker and
 * the CLI run it): each ends in a clear message at the expected step, or in a validation report
 * with read = kept + rejected; after a refused import the data loaded before is untouched.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createNodeService } from '../../src/lib/engine/node';
import type { IncidentService } from '../../src/lib/engine/service';
import { CASES, FILES_DIR } from '../corpus/cases';
import { checkOutcome, engineOutcome } from '../corpus/outcome';

describe('bad-input corpus through the engine', () => {
  let s: IncidentService;
  let loaded = 0;
  beforeAll(async () => {
    s = await createNodeService();
  });

  it('has at least 40 files, and the committed ones are exactly what the generator makes', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.file)).size).toBe(CASES.length);
    const committed = CASES.filter((c) => !c.large && !c.sparse);
    for (const c of committed) expect(Buffer.compare(fs.readFileSync(path.join(FILES_DIR, c.file)), Buffer.from(c.make())), c.file).toBe(0);
    expect(fs.readdirSync(FILES_DIR).sort()).toEqual(committed.map((c) => c.file).sort());
    for (const f of fs.readdirSync(FILES_DIR)) expect(fs.statSync(path.join(FILES_DIR, f)).size, f).toBeLessThan(200_000);
  });

  for (const c of CASES)
    it(`${c.file}: ${c.what}`, async () => {
      const bytes = c.sparse ? new Uint8Array(c.sparse) : c.large ? c.make() : new Uint8Array(fs.readFileSync(path.join(FILES_DIR, c.file)));
      const o = await engineOutcome(s, c.file, bytes);
      checkOutcome(c, o);
      if ('report' in o) loaded = o.report.kept;
      // Whatever happened, the engine still answers for the data loaded last.
      if (loaded) expect(s.aggregate(9, {}).total).toBe(loaded);
    });
});
