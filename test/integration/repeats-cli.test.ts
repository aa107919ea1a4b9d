/**
 * The `repeats` and `nearrepeat` commands on a small real file (Chicago burglaries, January
 * 2016: X/Y in EPSG:26971, a date, no address, so places are exact coordinates). Issue #4.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { command as repeats } from '../../src/cli/commands/repeats';
import { command as nearrepeat } from '../../src/cli/commands/nearrepeat';
import { shared } from '../helpers/paths';

const input = ['--input', shared('data/chicago/nearrepeat/burglary_jan2016.csv'), '--x', 'X', '--y', 'Y', '--crs', 'EPSG:26971', '--time', 'date'];

describe('repeat and near-repeat commands', () => {
  it('repeats: rate, time to next and ranked places by exact coordinates', async () => {
    const j = JSON.parse(await repeats.run(parseArgs([...input, '--window', '14', '--top', '5'])));
    expect(j).toMatchObject({ n: 970, key: 'exact coordinates', windowDays: 14 });
    expect(j.repeatRate).toBeGreaterThan(0);
    expect(j.repeatRate).toBeLessThan(0.2);
    expect(j.ranked.length).toBeLessThanOrEqual(5);
    expect(j.ranked[0].count).toBeGreaterThanOrEqual(j.ranked.at(-1).count);
    expect(j.ranked[0].key).toMatch(/^@41\.\d+,-87\.\d+$/);
    expect(j.timeToNext.histogram[0]).toEqual({ from: 0, to: 1, count: expect.any(Number) });
  });

  it('nearrepeat: Knox extent, evaluation and zones with candidates', async () => {
    const j = JSON.parse(await nearrepeat.run(parseArgs([...input, '--space-bands', '0,1,101,201,301', '--time-bands', '0,8,15,22', '--permutations', '99', '--split', '2016-01-16'])));
    expect(j.knox).toMatchObject({ from: '2015-12-31', to: '2016-01-15', permutations: 99, seed: 1 });
    expect(j.plane.kind).toBe('projected');
    if (j.params) {
      expect(j.params.distance).toBeGreaterThan(0);
      expect(j.evaluation).toMatchObject({ from: '2016-01-16', studyArea: 'convex hull of the incidents' });
      expect(j.zones.asOf).toBe('2016-01-31');
      expect(j.candidates.length).toBe(j.zones.list.length);
    } else {
      expect(j.message).toMatch(/No significant near-repeat extent/);
    }
    const fixed = JSON.parse(await nearrepeat.run(parseArgs([...input, '--distance', '200', '--days', '8', '--format', 'geojson'])));
    expect(fixed.type).toBe('FeatureCollection');
    expect(fixed.features.length).toBeGreaterThan(0);
    expect(fixed.features[0].properties.label).toMatch(/^Heightened risk until 2016-02-0\d/);
  });
});
