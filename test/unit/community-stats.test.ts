/**
 * Issue 9: the statistics of the community-voice analyses — Wilson intervals against Newcombe
 * (1998) Table I, small-cell suppression (primary and secondary, with property tests: no unit
 * under the threshold is ever published), the fear–crime gap classes and their thresholds, and
 * the indicator tables' partition suppression.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wilsonInterval } from '../../src/lib/analysis/community/wilson';
import { checkThreshold, suppressionStatus, EMPTY, PRIMARY, SECONDARY, SHOWN } from '../../src/lib/analysis/community/suppression';
import { publishCells } from '../../src/lib/analysis/community/perception';
import { GAP_BOTH, GAP_FEARED, GAP_LOW, GAP_RECORDED, crimeThreshold, gapClasses, gapRule, percentile } from '../../src/lib/analysis/community/fear-gap';
import { publishOverall, publishPartition } from '../../src/lib/analysis/community/indicators';

describe('Wilson score interval', () => {
  // Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (Wilson score, no continuity correction).
  const cases: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  it.each(cases)('%i of %i gives %f to %f (Newcombe 1998, Table I)', (x, n, lo, hi) => {
    const [a, b] = wilsonInterval(x, n);
    expect(a).toBeCloseTo(lo, 4);
    expect(b).toBeCloseTo(hi, 4);
  });
  it('matches R prop.test(5, 10, correct = FALSE) and stays within [0, 1]', () => {
    const [a, b] = wilsonInterval(5, 10);
    expect(a).toBeCloseTo(0.2365931, 6);
    expect(b).toBeCloseTo(0.7634069, 6);
    expect(wilsonInterval(7, 7)[1]).toBe(1);
    expect(wilsonInterval(0, 0).every(Number.isNaN)).toBe(true);
    expect(() => wilsonInterval(6, 5)).toThrow(/0–5/);
  });
});

describe('small-cell suppression', () => {
  it('hides cells under the threshold and those a coarser selection would reveal', () => {
    const n = [0, 3, 5, 9, 12, 20];
    const parent = [2, 3, 5, 11, 17, 20]; // cell 3: 2 more in the coarser selection (< 5) → secondary; cell 4: 5 more → fine
    const st = suppressionStatus(n, 5, [parent]);
    expect(Array.from(st)).toEqual([EMPTY, PRIMARY, SHOWN, SECONDARY, SHOWN, SHOWN]);
  });
  it('rejects thresholds below 3 with a plain message', () => {
    expect(() => checkThreshold(2)).toThrow(/from 3 to 1000/);
    expect(() => checkThreshold(4.5)).toThrow(/whole number/);
    expect(checkThreshold(5)).toBe(5);
  });
  it('never publishes a cell with fewer than k respondents, nor one a coarser selection exposes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.array(fc.record({ unsafe: fc.nat(15), neither: fc.nat(5), safe: fc.nat(15), extra: fc.nat(12), extra2: fc.nat(12) }), { minLength: 1, maxLength: 60 }),
        (k, rows) => {
          const n = rows.map((r) => r.unsafe + r.neither + r.safe);
          const parents = [rows.map((r, i) => n[i] + r.extra), rows.map((r, i) => n[i] + r.extra + r.extra2)];
          const cells = rows.map((_, i) => `c${i}`);
          const p = publishCells({ cells, n, unsafe: rows.map((r) => r.unsafe), neither: rows.map((r) => r.neither), safe: rows.map((r) => r.safe), parents }, k);
          for (let j = 0; j < p.cells.length; j++) {
            expect(p.n[j]).toBeGreaterThanOrEqual(k);
            const i = cells.indexOf(p.cells[j]);
            for (const par of parents) {
              const d = par[i] - n[i];
              expect(d === 0 || d >= k).toBe(true);
            }
            expect(p.share[j]).toBeCloseTo(p.unsafe[j] / p.n[j], 12);
            expect(p.lo[j]).toBeLessThanOrEqual(p.share[j]);
            expect(p.hi[j]).toBeGreaterThanOrEqual(p.share[j]);
          }
          const hidden = n.reduce((s, v) => s + v, 0) - Array.from(p.n).reduce((s, v) => s + v, 0);
          expect(p.suppressed.respondents).toBe(hidden);
          expect(p.cells.length + p.suppressed.primary + p.suppressed.secondary + n.filter((v) => v === 0).length).toBe(rows.length);
        },
      ),
      { numRuns: 300, seed: 9 },
    );
  });
  it('refuses answers that do not add up to the respondents', () => {
    expect(() => publishCells({ cells: ['a'], n: [6], unsafe: [1], neither: [1], safe: [1], parents: [] }, 5)).toThrow(/do not add up/);
  });
});

describe('fear–crime gap', () => {
  it('uses the nearest-rank percentile and at least one incident', () => {
    expect(percentile([5, 1, 4, 2, 3], 80)).toBe(4);
    expect(percentile([5, 1, 4, 2, 3], 100)).toBe(5);
    expect(percentile([5, 1, 4, 2, 3], 1)).toBe(1);
    expect(percentile([], 50)).toBe(0);
    expect(crimeThreshold([0, 0, 0, 0, 3], 80)).toBe(1);
    expect(() => percentile([1], 101)).toThrow(/0–100/);
  });
  it('classes cells in four, a value at a threshold counting as high', () => {
    const share = [0.5, 0.8, 0.1, 0.2, 0.49];
    const crime = [10, 2, 10, 0, 9];
    expect(Array.from(gapClasses(share, crime, 0.5, 10))).toEqual([GAP_BOTH, GAP_FEARED, GAP_RECORDED, GAP_LOW, GAP_LOW]);
    expect(() => gapClasses([0.1], [1], 0, 1)).toThrow(/fear threshold/);
    expect(gapRule(0.5, 80, 12, 5)).toMatch(/at least 50 %.*at least 12 incidents.*80th percentile.*at least 5 respondents/);
  });
});

describe('indicator tables', () => {
  it('suppresses a second group when only one would be hidden, so it cannot be recovered from the total', () => {
    const rows = publishPartition([{ group: 'women', n: 40, yes: 10 }, { group: 'men', n: 30, yes: 20 }, { group: 'non-binary', n: 2, yes: 1 }, { group: 'not stated', n: 9, yes: 3 }], 5);
    const by = Object.fromEntries(rows.map((r) => [r.group, r]));
    expect(by['non-binary'].suppressed).toBe('too-few');
    expect(by['not stated'].suppressed).toBe('complement');
    expect(by['non-binary'].n).toBeNull();
    expect(by['not stated'].share).toBeNull();
    expect(by.women.share).toBeCloseTo(0.25, 12);
    expect(by.women.lo).toBeCloseTo(wilsonInterval(10, 40)[0], 12);
  });
  it('leaves complete tables and empty groups alone, and suppresses a small overall figure', () => {
    const rows = publishPartition([{ group: 'a', n: 6, yes: 1 }, { group: 'b', n: 0, yes: 0 }, { group: 'c', n: 7, yes: 7 }], 5);
    expect(rows.map((r) => r.group)).toEqual(['a', 'c']);
    expect(rows.every((r) => r.suppressed === null)).toBe(true);
    expect(publishOverall({ group: 'all', n: 4, yes: 2 }, 5).share).toBeNull();
    expect(publishOverall({ group: 'all', n: 5, yes: 2 }, 5).share).toBeCloseTo(0.4, 12);
  });
});
