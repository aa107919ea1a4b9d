import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { centreOfBox, decodeRanges, decodeView, encodeRanges, encodeView, type SharedView } from '../../src/lib/state/view-url';
import { VIEW_SCHEMA } from '../../src/lib/state/view-params';
import { defaultFilter, type ViewFilter } from '../../src/lib/state/view-filter';

const TABS = ['charts', 'hotspots', 'trends', 'repeats', 'risk', 'plan'];
const DEFAULTS = {
  hs: { method: 'gistar', k: null, weights: 'binary', fdr: true, permutations: 0, seed: 20261122 },
  rp: { windowDays: 365, flagCount: 3, flagDays: 28, space: '0, 100, 200', time: '0, 7, 14', samePlace: true, metric: 'manhattan', permutations: 999, seed: 20261122 },
  tr: { step: 'month', k: 1, fdr: true, trainTo: '' },
  rk: { k: 1, model: 'poisson', penalty: 'lasso', view: 'risk', seed: 1 },
};

describe('hour and weekday ranges', () => {
  it('collapses runs and reads them back', () => {
    expect(encodeRanges([0, 1, 2, 3, 8, 22, 23])).toBe('0-3,8,22-23');
    expect(decodeRanges('0-3,8,22-23', 0, 23)).toEqual([0, 1, 2, 3, 8, 22, 23]);
    expect(decodeRanges('', 0, 23)).toEqual([]);
    expect(decodeRanges('5-2', 0, 23)).toBeNull();
    expect(decodeRanges('0-24', 0, 23)).toBeNull();
    expect(decodeRanges('a', 0, 23)).toBeNull();
  });

  it('round-trips any set of hours', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 23 })), (xs) => {
      expect(decodeRanges(encodeRanges(xs), 0, 23)).toEqual([...xs].sort((a, b) => a - b));
    }));
  });
});

describe('shared view in the URL fragment', () => {
  it('writes only what differs from the defaults', () => {
    const h = encodeView({ res: 9, tab: 'charts', filter: defaultFilter(), params: structuredClone(DEFAULTS) }, VIEW_SCHEMA, DEFAULTS);
    expect(h).toBe('v=1&res=9&tab=charts');
  });

  it('round-trips a full view', () => {
    const v: SharedView = {
      center: [-0.12345, 51.50722],
      zoom: 13.25,
      res: 8,
      tab: 'repeats',
      filter: { offences: ['Burglary', 'Theft & handling, other'], from: '2023-01-01', to: '2023-12-31', hours: [0, 1, 2, 22, 23], weekdays: [6, 7] },
      layers: ['bar', 'street_light'],
      params: { ...structuredClone(DEFAULTS), hs: { ...DEFAULTS.hs, method: 'local-moran', k: 3, permutations: 999 }, rp: { ...DEFAULTS.rp, space: '0, 50, 100', metric: 'euclidean' } },
    };
    const text = encodeView(v, VIEW_SCHEMA, DEFAULTS);
    const back = decodeView('#' + text, VIEW_SCHEMA, { tabs: TABS });
    expect(back.problems).toEqual([]);
    expect(back.view.center).toEqual(v.center);
    expect(back.view.zoom).toBe(13.25);
    expect(back.view.res).toBe(8);
    expect(back.view.tab).toBe('repeats');
    expect(back.view.filter).toEqual(v.filter);
    expect(back.view.layers).toEqual(v.layers);
    expect(back.view.params).toEqual({ hs: { method: 'local-moran', k: 3, permutations: 999 }, rp: { space: '0, 50, 100', metric: 'euclidean' } });
  });

  it('tells "no offence selected" from "every offence"', () => {
    const none: ViewFilter = { ...defaultFilter(), offences: [] };
    expect(decodeView(encodeView({ filter: none }, VIEW_SCHEMA), VIEW_SCHEMA).view.filter?.offences).toEqual([]);
    const hoursNone: ViewFilter = { ...defaultFilter(), hours: [] };
    expect(decodeView(encodeView({ filter: hoursNone }, VIEW_SCHEMA), VIEW_SCHEMA).view.filter?.hours).toEqual([]);
    expect(decodeView(encodeView({ filter: defaultFilter() }, VIEW_SCHEMA), VIEW_SCHEMA).view.filter).toBeUndefined();
  });

  it('leaves out what it cannot read and says so', () => {
    const r = decodeView('#v=1&c=999,1&z=40&res=x&tab=admin&from=2023-02-30&h=0-99&hs.method=magic&hs.k=0&rp.space=<script>&foo=1&zz.k=2', VIEW_SCHEMA, { tabs: TABS });
    expect(r.view).toEqual({ filter: defaultFilter() });
    expect(r.problems).toHaveLength(11);
    expect(r.problems.join(' | ')).toContain('The map centre "999,1"');
    expect(r.problems.join(' | ')).toContain('"foo" is not part of a view');
  });

  it('accepts any filter and parameters it wrote (property)', () => {
    const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const filter = fc.record({
      offences: fc.option(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 5 }), { nil: null }),
      from: fc.oneof(fc.constant(''), date),
      to: fc.oneof(fc.constant(''), date),
      hours: fc.uniqueArray(fc.integer({ min: 0, max: 23 })),
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 })),
    });
    fc.assert(fc.property(filter, fc.integer({ min: 0, max: 15 }), fc.double({ min: -179, max: 179, noNaN: true }), fc.double({ min: -80, max: 80, noNaN: true }), (f, res, lon, lat) => {
      const r = decodeView(encodeView({ filter: f, res, center: [lon, lat], zoom: 12 }, VIEW_SCHEMA), VIEW_SCHEMA);
      expect(r.problems).toEqual([]);
      const want = { ...f, offences: f.offences ? [...f.offences].sort() : null, hours: [...f.hours].sort((a, b) => a - b), weekdays: [...f.weekdays].sort((a, b) => a - b) };
      const isDefault = want.offences === null && !want.from && !want.to && want.hours.length === 24 && want.weekdays.length === 7;
      expect(r.view.filter).toEqual(isDefault ? undefined : want);
      expect(r.view.res).toBe(res);
      expect(Math.abs(r.view.center![0] - lon)).toBeLessThan(1e-5);
      expect(Math.abs(r.view.center![1] - lat)).toBeLessThan(1e-5);
    }));
  });

  it('finds the map centre of a Web Mercator box', () => {
    const [lon, lat] = centreOfBox([-1, 50, 1, 54]);
    expect(lon).toBe(0);
    // Mercator: the middle row of the screen lies halfway in projected y, north of the mean latitude.
    const y = (d: number) => Math.log(Math.tan(Math.PI / 4 + (d * Math.PI) / 360));
    expect(y(lat)).toBeCloseTo((y(50) + y(54)) / 2, 12);
    expect(lat).toBeGreaterThan(52);
  });
});
