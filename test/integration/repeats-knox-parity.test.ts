/**
 * Parity of the Knox test with the R NearRepeat package (../shared/reference/knox/, see its
 * README): observed counts identical for all three inputs; Knox ratios within 5 % of the
 * reference wherever the expected count is 20 or more (999 permutations, fixed seed, against the
 * reference's 9,999). The data go through the engine as the CLI loads them (X/Y in EPSG:26971,
 * `date`; the one burglary without a date is rejected, as R drops it). Issue #4.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeService } from '../../src/lib/engine/node';
import type { IncidentService } from '../../src/lib/engine/service';
import { spaceTimeEvents } from '../../src/lib/analysis/repeats/events';
import { knoxTest, type KnoxResult } from '../../src/lib/analysis/repeats/knox';
import { parseArgs } from '../../src/cli/args';
import { command as knoxCommand } from '../../src/cli/commands/knox';
import { shared } from '../helpers/paths';

/** Tolerance on Knox ratios where the expected count is ≥ 20 (the figure). */
const RATIO_TOLERANCE = 0.05;

interface RefRow { space: string; time: string; observed: number; ratio: number | null }

function reference(file: string): RefRow[] {
  const lines = fs.readFileSync(shared('reference/knox', file), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const f = l.match(/("[^"]*"|[^,]+)/g)!.map((v) => v.replace(/"/g, ''));
    return { space: f[0], time: f[1], observed: Number(f[2]), ratio: f[3] === undefined ? null : Number(f[3]) };
  });
}

/** R's label of a band, e.g. [0,0.01) or [601,Inf). */
const rLabel = (b: { from: number; to: number | null }) => `[${b.from},${b.to === null ? 'Inf' : b.to})`;

async function load(s: IncidentService, name: string) {
  const det = await s.stage(name, fs.readFileSync(shared('data/chicago/nearrepeat', name)));
  await s.import({ ...det.mapping, x: 'X', y: 'Y', crs: 'EPSG:26971', lat: undefined, lon: undefined, datetime: 'date' }, null, false);
  return spaceTimeEvents(s.incidentColumns({}));
}

function compare(r: KnoxResult, ref: RefRow[]) {
  expect(r.cells.length).toBe(ref.length);
  let worst = 0, checked = 0;
  r.cells.forEach((c, i) => {
    expect(`${rLabel(r.spaceBands[c.space])} ${rLabel(r.timeBands[c.time])}`).toBe(`${ref[i].space} ${ref[i].time}`);
    expect(c.observed).toBe(ref[i].observed);
    if (ref[i].ratio !== null && c.expected >= 20) {
      const dev = Math.abs(c.knoxRatio / ref[i].ratio! - 1);
      worst = Math.max(worst, dev);
      checked++;
    }
  });
  return { worst, checked };
}

describe('Knox test parity with R NearRepeat', () => {
  let s: IncidentService;
  beforeAll(async () => {
    s = await createNodeService();
  });

  it('arson 2016: 522 events, same-place band, 999 permutations', async () => {
    const ev = await load(s, 'arson_2016.csv');
    expect(ev.n).toBe(522);
    expect(ev.plane).toMatchObject({ kind: 'projected', crs: 'EPSG:26971' });
    const r = knoxTest(ev, { spaceBands: [0, 0.01, 201, 401, 601], timeBands: [0, 1, 2, 3], metric: 'manhattan', permutations: 999, seed: 63 });
    const { worst, checked } = compare(r, reference('arson_2016_knox.csv'));
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(worst).toBeLessThan(RATIO_TOLERANCE);
  });

  it('burglary January 2016: 970 events, 999 permutations', async () => {
    const ev = await load(s, 'burglary_jan2016.csv');
    expect(ev.n).toBe(970);
    const r = knoxTest(ev, { spaceBands: [0, 1, 101, 201, 301], timeBands: [0, 8, 15, 22], metric: 'manhattan', permutations: 999, seed: 831 });
    const { worst, checked } = compare(r, reference('burglary_jan2016_knox.csv'));
    expect(checked).toBeGreaterThanOrEqual(12);
    expect(worst).toBeLessThan(RATIO_TOLERANCE);
    // The significant cells of the reference (p < 0.05, ratio > 1) are significant here too.
    const ref = reference('burglary_jan2016_knox.csv');
    expect(r.cells.filter((c, i) => i < 3 && ref[i].ratio! > 1).every((c) => c.p < 0.05)).toBe(true);
  });

  it('burglary 2016: 11,700 events, observed counts', async () => {
    const ev = await load(s, 'burglary_2016.csv');
    expect(ev.n).toBe(11700);
    const r = knoxTest(ev, { spaceBands: [0, 1, 101, 201, 301, 401], timeBands: [0, 8, 15, 22, 29], metric: 'manhattan', permutations: 0 });
    compare(r, reference('burglary_2016_observed.csv'));
    expect(r.cells.reduce((a, c) => a + c.observed, 0)).toBe((11700 * 11699) / 2);
  });

  it('the knox command prints the agreed JSON', async () => {
    const out = await knoxCommand.run(parseArgs(['--input', shared('data/chicago/nearrepeat/arson_2016.csv'), '--x', 'X', '--y', 'Y', '--crs', 'EPSG:26971', '--time', 'date',
      '--space-bands', '0,0.01,201,401,601', '--time-bands', '0,1,2,3', '--permutations', '99', '--seed', '7']));
    const j = JSON.parse(out);
    expect(Object.keys(j)).toEqual(['n', 'permutations', 'seed', 'cells']);
    expect(j).toMatchObject({ n: 522, permutations: 99, seed: 7 });
    expect(j.cells).toHaveLength(20);
    expect(Object.keys(j.cells[0])).toEqual(['space', 'time', 'observed', 'expected', 'knoxRatio', 'knoxRatioMedian', 'p']);
    expect(j.cells[0]).toMatchObject({ space: [0, 0.01], time: [0, 1], observed: 0 });
    expect(j.cells[19]).toMatchObject({ space: [601, null], time: [3, null], observed: 133656 });
    // 0 observed over a median of 0 is 0/0: null in JSON.
    expect(j.cells[0].knoxRatioMedian).toBeNull();
  });
});
