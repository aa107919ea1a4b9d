/**
 * Issue #3 item 9: the kde, emerging, accuracy and concentration commands print their JSON, on a
 * second city with a different schema (Memphis robberies 2019, no boundary file), and reject bad
 * options with a one-line message.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { loadCommands } from '../../src/cli/commands';
import { shared } from '../helpers/paths';

const INPUT = shared('data/memphis/memphis_robberies.csv');
// In-process, through the same command table and argument parser as main.ts (a process per
// command would spend most of the time starting DuckDB); hotspots-chicago.test.ts runs one through
// the real executable.
const commands = await loadCommands();
const run = (name: string, ...args: string[]) => commands[name].run(parseArgs(args));
const cli = async (name: string, ...args: string[]) => JSON.parse(await run(name, ...args));

describe('hot-spot commands', () => {
  it('kde: a density grid and per-cell densities with the bandwidth rule', async () => {
    const j = await cli('kde', '--input', INPUT, '--res', '8');
    expect(j.bandwidth.rule).toMatch(/Spatial Silverman rule/);
    expect(j.grid.density).toHaveLength(j.grid.cols * j.grid.rows);
    // The grid integrates to the incidents (the box is grown by one bandwidth, so no mass is lost).
    const total = j.grid.density.reduce((s: number, v: number) => s + v, 0) * (j.grid.cellSize ** 2 / 1e6);
    expect(Math.abs(total / j.method.data.rows - 1)).toBeLessThan(0.02);
    expect(j.cells[0]).toHaveProperty('density');
  });

  it('emerging: monthly patterns with the legend and the method record', async () => {
    const j = await cli('emerging', '--input', INPUT, '--res', '8', '--step', 'month');
    expect(j.steps).toHaveLength(12);
    expect(j.legend).toHaveLength(17);
    expect(j.cells[0].bins).toMatch(/^[HC.]{12}$/);
    expect(Object.values(j.global.patterns).reduce((s: number, v) => s + (v as number), 0)).toBe(j.cells.length);
    expect(j.method).toMatchObject({ statistic: 'emerging', parameters: { step: 'month', k: 1, fdr: true } });
  });

  it('accuracy: a date split, every method, PAI/PEI/hit rate/RRI over 0.5–20 %', async () => {
    const j = await cli('accuracy', '--input', INPUT, '--train-to', '2019-06-30', '--res', '8');
    expect(j.split.test.from).toBe('2019-07-01');
    expect(j.trainIncidents + j.testIncidents).toBeGreaterThan(2000);
    for (const m of ['prior', 'kde', 'gistar', 'best']) {
      expect(j.results[m].curve).toHaveLength(40);
      expect(j.results[m].at).toMatchObject({ share: 0.05 });
      expect(j.results[m].at.pai).toBeGreaterThan(1);
    }
    expect(j.results.best.chosen).toBeTypeOf('string');
  });

  it('concentration: Lorenz curve, shares and Gini with the caveat for sparse data', async () => {
    const j = await cli('concentration', '--input', INPUT, '--res', '10');
    expect(j.incidents).toBeLessThan(j.cells);
    expect(j.caveat).toMatch(/Fewer incidents/);
    expect(j.giniGeneralised).toBeLessThan(j.gini);
    expect(j.lorenz[0]).toEqual([0, 0]);
  });

  it('rejects bad options with a one-line message', async () => {
    await expect(run('hotspots', '--input', INPUT, '--method', 'moran')).rejects.toThrow('--method must be gistar, gi, local-moran; got "moran".');
    await expect(run('accuracy', '--input', INPUT)).rejects.toThrow('Give exactly one of --train-to DATE or --test FILE.');
    await expect(run('emerging', '--input', INPUT, '--step', 'day')).rejects.toThrow('--step must be week, month');
  });
});
