/**
 * Colour-blind safety of every map palette: colours are drawn over white at their opacity, seen
 * with normal vision and simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009),
 * and compared by CIEDE2000. ΔE00 ≈ 2.3 is a just-noticeable difference; the minimums asked below
 * are: categorical palettes ≥ 8 between any two colours, hot-spot classes ≥ 10, ordered ramps ≥ 4.5
 * between neighbouring classes, emerging patterns ≥ 5 within the hot and within the cold family.
 */
import { describe, expect, it } from 'vitest';
import { deltaE2000, minDifference, over, simulate, toLab, type Deficiency, type Rgb } from '../../src/lib/a11y/colour-vision';
import { RAMP } from '../../src/lib/map/colour-scale';
import { EMERGING_COLD, EMERGING_HOT, HOTSPOT_CLASS_COLOURS, PLAN_COLOURS, POINT_COLOURS, RISK_CLASS_COLOURS, RISK_RAMP } from '../../src/lib/map/palettes';
import { DEFAULT_FEATURE_TYPES } from '../../src/lib/environment/feature-types';

const VISIONS: (Deficiency | null)[] = [null, 'protanopia', 'deuteranopia', 'tritanopia'];
const drawn = (c: readonly number[]): Rgb => over([c[0], c[1], c[2]], c[3] ?? 255);
const hex = (h: string): Rgb => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

function adjacentMin(colours: Rgb[], d: Deficiency | null): number {
  let m = Infinity;
  for (let i = 1; i < colours.length; i++) m = Math.min(m, deltaE2000(toLab(d ? simulate(colours[i - 1], d) : colours[i - 1]), toLab(d ? simulate(colours[i], d) : colours[i])));
  return m;
}

describe('CIEDE2000 and the deficiency simulation', () => {
  it('matches Sharma, Wu & Dalal (2005) test data', () => {
    // Pairs 1, 7, 13, 17 and 25 of their Table 1.
    const pairs: [number[], number[], number][] = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
    ];
    for (const [a, b, e] of pairs) expect(deltaE2000(a as [number, number, number], b as [number, number, number])).toBeCloseTo(e, 4);
  });

  it('keeps greys grey and merges red with green for a deuteranope', () => {
    for (const d of ['protanopia', 'deuteranopia', 'tritanopia'] as const) {
      const g = simulate([128, 128, 128], d);
      expect(Math.max(...g) - Math.min(...g)).toBeLessThan(2);
    }
    const red = toLab(simulate([200, 60, 40], 'deuteranopia'));
    const green = toLab(simulate([110, 110, 40], 'deuteranopia'));
    expect(deltaE2000(red, green)).toBeLessThan(deltaE2000(toLab([200, 60, 40]), toLab([110, 110, 40])) / 3);
  });
});

describe('map palettes stay apart for colour-blind readers', () => {
  const cases: [string, Rgb[], 'all' | 'adjacent', number][] = [
    ['incident counts (YlOrRd)', RAMP.map(drawn), 'adjacent', 4.5],
    ['Gi* classes', ['hot-99', 'hot-95', 'hot-90', 'not-significant', 'cold-90', 'cold-95', 'cold-99'].map((k) => drawn(HOTSPOT_CLASS_COLOURS[k])), 'all', 10],
    ['local Moran classes', ['high-high', 'low-low', 'high-low', 'low-high', 'not-significant'].map((k) => drawn(HOTSPOT_CLASS_COLOURS[k])), 'all', 10],
    ['risk quintiles', RISK_RAMP.map(drawn), 'adjacent', 8],
    ['risk against crime', ['risky-hot', 'protect-early', 'hot-not-risky'].map((k) => drawn(RISK_CLASS_COLOURS[k])), 'all', 15],
    ['emerging hot patterns', EMERGING_HOT.map(drawn), 'all', 5],
    ['emerging cold patterns', EMERGING_COLD.map(drawn), 'all', 5],
    ['incident points by offence', POINT_COLOURS.map(drawn), 'all', 8],
    ['plan interventions', PLAN_COLOURS.map(drawn), 'all', 8],
    ['environmental feature types', DEFAULT_FEATURE_TYPES.map((t) => hex(t.colour)), 'all', 8],
  ];
  for (const [name, colours, kind, min] of cases) {
    it(`${name}: ΔE00 ≥ ${min} ${kind === 'all' ? 'between any two' : 'between neighbours'}`, () => {
      for (const d of VISIONS) {
        const m = kind === 'all' ? minDifference(colours, d).min : adjacentMin(colours, d);
        expect(m, `${name}, ${d ?? 'normal vision'}`).toBeGreaterThanOrEqual(min);
      }
    });
  }
});
