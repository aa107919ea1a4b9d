import { describe, expect, it } from 'vitest';
import { filterSql } from '../../src/lib/query/filters';

describe('filter SQL', () => {
  it('is TRUE when nothing is restricted (all hours or all weekdays restrict nothing)', () => {
    expect(filterSql({})).toBe('TRUE');
    expect(filterSql({ offences: [], hours: Array.from({ length: 24 }, (_, i) => i), weekdays: [1, 2, 3, 4, 5, 6, 7] })).toBe('TRUE');
  });

  it('quotes offence names and builds inclusive date ranges', () => {
    expect(filterSql({ offences: ["O'Hare theft", 'BURGLARY'], from: '2017-01-01', to: '2017-01-31', hours: [22, 23], weekdays: [6, 7] })).toBe(
      "offence IN ('O''Hare theft', 'BURGLARY') AND ts >= DATE '2017-01-01' AND ts < DATE '2017-01-31' + INTERVAL 1 DAY AND hour IN (22, 23) AND dow IN (6, 7)",
    );
  });

  it('rejects malformed values instead of splicing them', () => {
    expect(() => filterSql({ from: "2017-01-01'; DROP TABLE incidents; --" })).toThrow(/YYYY-MM-DD/);
    expect(() => filterSql({ hours: [24] })).toThrow(/Hours/);
    expect(() => filterSql({ weekdays: [0] })).toThrow(/Weekdays/);
  });
});
