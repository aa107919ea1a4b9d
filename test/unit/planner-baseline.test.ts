/** Issue 6, item 3: the constant-recent-rate baseline, hand-checked on a few incidents. */
import { describe, expect, it } from 'vitest';
import { addMonths, baselineFromForecast, recentRateBaseline } from '../../src/lib/planner/baseline';

const t = (d: string) => Date.parse(d + 'T12:00:00Z');
const rows = (list: [string, string, string][]) => ({
  n: list.length, ms: Float64Array.from(list, (r) => t(r[0])), offence: list.map((r) => r[1]), cell: list.map((r) => r[2]),
});

describe('recent-rate baseline', () => {
  const data = rows([
    ['2022-12-31', 'Burglary', 'b'], // before the window
    ['2023-01-01', 'Burglary', 'b'],
    ['2023-03-05', 'Robbery', 'a'],
    ['2023-06-30', 'Burglary', 'b'],
    ['2023-12-31', 'Burglary', 'a'],
  ]);

  it('counts the last 12 months per cell and offence and scales them to the horizon', () => {
    const b = recentRateBaseline(data, { res: 9, windowMonths: 12, horizonMonths: 6 });
    expect(b.window).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(b.cells).toEqual(['a', 'b']);
    expect(b.offences).toEqual(['Burglary', 'Robbery']);
    expect(Array.from(b.observed)).toEqual([1, 1, 2, 0]);
    const scale = 6 / (365 / 30.4375);
    expect(Array.from(b.expected)).toEqual([scale, scale, 2 * scale, 0]);
    expect(b.method).toContain('Constant recent rate');
    expect(b.method).toContain('2023-01-01 to 2023-12-31');
  });

  it('ends the window at asOf and says when the data start later than asked', () => {
    const b = recentRateBaseline(data, { res: 9, windowMonths: 24, horizonMonths: 12, asOf: '2023-07-01' });
    expect(b.window).toEqual({ from: '2022-12-31', to: '2023-06-30' });
    expect(Array.from(b.observed)).toEqual([0, 1, 3, 0]);
    expect(b.windowMonths).toBeCloseTo(182 / 30.4375, 10);
    expect(b.method).toContain('the data start later');
  });

  it('refuses empty data and bad shapes', () => {
    expect(() => recentRateBaseline(rows([]), { res: 9, windowMonths: 12, horizonMonths: 12 })).toThrow(/No incidents/);
    expect(() => baselineFromForecast({ res: 9, cells: ['a'], offences: ['x', 'y'], expected: [1], horizonMonths: 12, window: { from: '', to: '' }, method: 'm' })).toThrow(/cells × offences is 2/);
  });

  it('adds calendar months, clipping the day', () => {
    expect(new Date(addMonths(Date.UTC(2024, 0, 31), 1)).toISOString().slice(0, 10)).toBe('2024-02-29');
    expect(new Date(addMonths(Date.UTC(2024, 2, 1), -12)).toISOString().slice(0, 10)).toBe('2023-03-01');
  });
});
