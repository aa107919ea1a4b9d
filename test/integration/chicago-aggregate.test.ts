/**
 * Issue #2 item 8: aggregating Chicago burglary 2017 at res 9 over the city boundary gives exactly
 * the cells and counts of ../shared/reference/gistar/chi_burg2017_r9_cells.csv (5,351 cells,
 * 12,947 rows kept, 52 rejected for missing coordinates) — through the service and through the CLI.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createNodeService } from '../../src/lib/engine/node';
import type { IncidentService } from '../../src/lib/engine/service';
import { ROOT, shared } from '../helpers/paths';

const readRef = (res: number) =>
  new Map(fs.readFileSync(shared(`reference/gistar/chi_burg2017_r${res}_cells.csv`), 'utf8').trim().split('\n').slice(1).map((l) => {
    const [c, n] = l.split(',');
    return [c, Number(n)] as const;
  }));

describe('Chicago burglary 2017 aggregation', () => {
  let s: IncidentService;
  beforeAll(async () => {
    s = await createNodeService();
    const det = await s.stage('burglary_2017.csv', fs.readFileSync(shared('data/chicago/burglary_2017.csv')));
    expect(det.preset).toBe('chicago');
    const boundary = JSON.parse(fs.readFileSync(shared('data/chicago/boundaries/city_boundary.geojson'), 'utf8'));
    const rep = await s.import(det.mapping, boundary, false);
    expect(rep).toMatchObject({ read: 12999, kept: 12947, boundary: 'imported' });
    expect(rep.rejected.no_coordinates).toBe(52);
    expect(Object.values(rep.rejected).reduce((a, b) => a + b, 0)).toBe(52);
  });

  for (const res of [9, 8]) {
    it(`matches the reference cells and counts exactly at res ${res}, zeros included`, () => {
      const ref = readRef(res);
      const agg = s.aggregate(res, {});
      expect(agg.cells.length).toBe(ref.size);
      expect(agg.total).toBe(12947);
      const got = new Map(agg.cells.map((c, i) => [c, agg.counts[i]]));
      for (const [c, n] of ref) expect(got.get(c), c).toBe(n);
    });
  }

  it('filters by weekday and hour agree with counting the CSV by hand', () => {
    // Count weekend night (22–23 h) burglaries straight from the CSV text.
    const lines = fs.readFileSync(shared('data/chicago/burglary_2017.csv'), 'utf8').trim().split('\n').slice(1);
    let expected = 0;
    for (const l of lines) {
      const f = l.split(',');
      if (!f[f.length - 1] || !f[f.length - 2]) continue;
      const m = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):\d\d:\d\d (AM|PM)$/.exec(f[2])!;
      let h = Number(m[4]) % 12;
      if (m[5] === 'PM') h += 12;
      const dow = new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]))).getUTCDay();
      if ((dow === 0 || dow === 6) && h >= 22 && Number(m[1]) >= 6) expected++;
    }
    const agg = s.aggregate(9, { weekdays: [6, 7], hours: [22, 23], from: '2017-06-01', to: '2017-12-31' });
    expect(agg.total).toBe(expected);
    expect(agg.cells.length).toBe(5351);
  });

  it('builds charts whose totals agree with the map', () => {
    const c = s.charts({ offences: ['BURGLARY'] });
    expect(c.hourByWeekday.reduce((a, b) => a + b, 0)).toBe(12947);
    expect(c.weeks.reduce((a, b) => a + b.count, 0)).toBe(12947);
    expect(c.offences).toEqual([{ offence: 'BURGLARY', count: 12947 }]);
    expect(c.weeks[0].week).toBe('2016-12-26'); // ISO week of Sunday 1 January 2017 starts on Monday 26 December
  });

  it('returns points inside a box, truncated at the limit', () => {
    const p = s.points({}, [-87.7, 41.85, -87.6, 41.95], 100);
    expect(p.lat.length).toBe(100);
    expect(p.truncated).toBe(true);
    for (let i = 0; i < 100; i++) expect(p.lat[i] >= 41.85 && p.lat[i] <= 41.95 && p.lon[i] >= -87.7 && p.lon[i] <= -87.6).toBe(true);
  });

  it('gives the same through the CLI', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', 'aggregate',
      '--input', shared('data/chicago/burglary_2017.csv'), '--boundary', shared('data/chicago/boundaries/city_boundary.geojson'), '--res', '9'],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    const j = JSON.parse(out);
    expect(j.rows).toEqual({ read: 12999, kept: 12947, rejected: { no_coordinates: 52 } });
    expect(j.res).toBe(9);
    const ref = readRef(9);
    expect(j.cells.length).toBe(5351);
    for (const { cell, count } of j.cells) expect(ref.get(cell)).toBe(count);
  });

  it('exits non-zero with a clear message on bad input', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
    const missing = run(['aggregate', '--input', 'no-such-file.csv']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Input file "no-such-file.csv" does not exist.');
    const badRes = run(['aggregate', '--input', shared('data/memphis/memphis_robberies.csv'), '--res', '20']);
    expect(badRes.status).toBe(1);
    expect(badRes.stderr).toContain('--res must be a whole number 6–11');
    const unknown = run(['explode']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Unknown command "explode"');
  });
});
