/**
 * Repeat places (src/lib/analysis/repeats/repeat-places.ts) and their place keys
 * (address-key.ts) on small hand-checked cases. Issue #4.
 */
import { describe, expect, it } from 'vitest';
import { normaliseAddress, placeIndex } from '../../src/lib/analysis/repeats/address-key';
import { repeatPlaces, repeatRatesByOffence } from '../../src/lib/analysis/repeats/repeat-places';

const DAY = 86_400_000;
const t = (day: number, hour = 0) => Date.UTC(2024, 0, 1) + day * DAY + hour * 3_600_000;

describe('address keys', () => {
  it('normalises case, spacing, punctuation and common abbreviations', () => {
    expect(normaliseAddress('4405 34th Avenue')).toBe('4405 34TH AVE');
    expect(normaliseAddress('  4405   34TH  AVE. ')).toBe('4405 34TH AVE');
    expect(normaliseAddress('12 High Street, Flat 3')).toBe('12 HIGH ST APT 3');
    expect(normaliseAddress('On or near Park Street')).toBe('PARK ST');
    expect(normaliseAddress('033XX N HALSTED ST')).toBe('33XX N HALSTED ST');
    expect(normaliseAddress('033XX North Halsted Street')).toBe('33XX N HALSTED ST');
    expect(normaliseAddress('5 Kings Road #2')).toBe('5 KINGS RD 2');
    expect(normaliseAddress('   ')).toBeNull();
    expect(normaliseAddress(null)).toBeNull();
  });

  it('keeps what tells places apart: numbers and directions', () => {
    expect(normaliseAddress('4405 34th Ave')).not.toBe(normaliseAddress('4407 34th Ave'));
    expect(normaliseAddress('100 N Main St')).not.toBe(normaliseAddress('100 S Main St'));
  });

  it('falls back to exact coordinates where a record has no text', () => {
    const idx = placeIndex(['1 Main St', null, '1 MAIN STREET', null, ''], Float64Array.from([1, 2, 3, 2, NaN]), Float64Array.from([5, 6, 7, 6, NaN]));
    expect(Array.from(idx.place)).toEqual([0, 1, 0, 1, -1]);
    expect(idx.keys).toEqual(['1 MAIN ST', '@2,6']);
    expect(idx.fromCoordinates).toEqual([false, true]);
    expect(idx.labels[0]).toBe('1 Main St');
  });
});

describe('repeat places', () => {
  // Place A: days 0, 3, 10, 100; place B: days 5, 5 (same day); place C: day 7 once.
  const input = {
    ms: Float64Array.from([t(0), t(5, 10), t(3), t(7), t(10), t(5, 12), t(100)]),
    lat: Float64Array.from([1, 2, 1, 3, 1, 2, 1]),
    lon: Float64Array.from([1, 2, 1, 3, 1, 2, 1]),
    offence: ['Burglary', 'Theft', 'Burglary', 'Theft', 'Theft', 'Theft', 'Burglary'],
    location: ['1 Main Street', '2 Main St', '1 MAIN ST', '3 Main St', '1 main st.', '2 Main St', '1 Main St'],
  };

  it('counts repeats within the window and the time to the next incident', () => {
    const r = repeatPlaces(input, { windowDays: 7 });
    expect(r.n).toBe(7);
    expect(r.places).toBe(3);
    // Repeats within 7 days: A day 3 (3 d after 0), B second (2 h after the first); A day 10 is 7 d after day 3 (≤ 7 counts).
    expect(r.repeats).toBe(3);
    expect(r.repeatRate).toBeCloseTo(3 / 7, 12);
    expect(r.repeatPlaces).toBe(2);
    expect(r.incidentsAtRepeatPlaces).toBe(6);
    expect(Array.from(r.timeToNext.gaps).sort((a, b) => a - b)).toEqual([2 / 24, 3, 7, 90]);
    expect(r.timeToNext.within7Days).toBeCloseTo(0.5, 12);
    expect(r.timeToNext.histogram.find((b) => b.from === 7)!.count).toBe(1);
    expect(r.keySource).toBe('address');
  });

  it('ranks places and flags N or more within T days', () => {
    const r = repeatPlaces(input, { flagCount: 3, flagDays: 11 });
    expect(r.ranked.map((p) => [p.key, p.count])).toEqual([['1 MAIN ST', 4], ['2 MAIN ST', 2]]);
    const a = r.ranked[0];
    expect(a).toMatchObject({ rank: 1, label: '1 Main Street', first: '2024-01-01', last: '2024-04-10', maxInWindow: 3, windowStart: '2024-01-01', flagged: true });
    expect(a.offences).toEqual([{ offence: 'Burglary', count: 3 }, { offence: 'Theft', count: 1 }]);
    expect(a.rows).toEqual([0, 2, 4, 6]);
    expect(r.ranked[1].flagged).toBe(false);
    expect(r.flagged).toBe(1);
    // With a window of 10 days, days 0, 3 and 10 no longer fit ([t, t + 10 d)).
    expect(repeatPlaces(input, { flagCount: 3, flagDays: 10 }).flagged).toBe(0);
  });

  it('works per offence', () => {
    const r = repeatPlaces(input, { offences: ['Burglary'] });
    expect(r.n).toBe(3);
    expect(r.ranked[0].count).toBe(3);
    const by = repeatRatesByOffence(input, { windowDays: 7 });
    expect(by.map((b) => [b.offence, b.n, b.repeats])).toEqual([['Theft', 4, 1], ['Burglary', 3, 1]]);
  });

  it('uses exact coordinates when there is no place text', () => {
    const r = repeatPlaces({ ...input, location: null });
    expect(r.keySource).toBe('coordinates');
    expect(r.ranked[0].key).toBe('@1,1');
  });
});
