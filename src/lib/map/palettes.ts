/**
 * The map's colour palettes in one place, each checked for readers with colour-vision
 * deficiencies (protanopia, deuteranopia, tritanopia simulated after Machado et al. 2009, colour
 * differences by CIEDE2000, drawn over a white base; test/unit/colour-vision.test.ts states the
 * minimum difference each palette keeps). Every layer drawn with them comes with a legend, and
 * the figures behind every colour are in the cells table and the cell tooltips.
 */
import type { RGBA } from './colour-scale';

/**
 * Hot-spot classes: reds for hot / high, blues for cold / low (ColorBrewer RdBu, 7 classes; the
 * palest blue and red a step darker than RdBu's so they stay apart from "not significant").
 */
export const HOTSPOT_CLASS_COLOURS: Record<string, RGBA> = {
  'hot-99': [178, 24, 43, 230],
  'hot-95': [239, 138, 98, 230],
  'hot-90': [253, 219, 199, 230],
  'not-significant': [148, 163, 184, 40],
  'cold-90': [171, 210, 233, 230],
  'cold-95': [103, 169, 207, 230],
  'cold-99': [33, 102, 172, 230],
  'high-high': [178, 24, 43, 220],
  'low-low': [33, 102, 172, 220],
  'high-low': [244, 165, 130, 220],
  'low-high': [146, 197, 222, 220],
};

/**
 * Emerging hot-spot patterns, codes 1–8 (new, consecutive, intensifying, persistent, diminishing,
 * sporadic, oscillating, historical): warm colours for hot, cool for cold, each distinct within
 * its family by lightness and hue. Seventeen classes cannot all stay apart for every reader; the
 * pattern's name is in the tooltip, the legend and the cells table.
 */
export const EMERGING_HOT: RGBA[] = [[254, 217, 118, 230], [253, 141, 60, 230], [227, 26, 28, 230], [128, 0, 38, 235], [252, 187, 161, 230], [255, 255, 178, 230], [221, 52, 151, 230], [188, 189, 220, 230]];
export const EMERGING_COLD: RGBA[] = [[166, 219, 160, 230], [65, 182, 196, 230], [33, 102, 172, 230], [8, 29, 88, 235], [146, 197, 222, 230], [230, 245, 208, 230], [118, 42, 131, 230], [189, 189, 189, 230]];
export const EMERGING_NONE: RGBA = [148, 163, 184, 30];

/** Risk terrain: modelled risk in quintiles (ColorBrewer YlOrRd 5), and risk against crime. */
export const RISK_RAMP: RGBA[] = [[255, 255, 204, 150], [254, 217, 118, 180], [253, 141, 60, 200], [227, 26, 28, 210], [128, 0, 38, 220]];
export const RISK_CLASS_COLOURS: Record<string, RGBA> = { other: [0, 0, 0, 0], 'risky-hot': [215, 48, 39, 220], 'protect-early': [117, 107, 177, 230], 'hot-not-risky': [253, 174, 97, 220] };

/** Categorical colours for offences of incident points (Okabe & Ito 2008, colour-blind safe). */
export const POINT_COLOURS: RGBA[] = [
  [0, 114, 178, 230], [213, 94, 0, 230], [0, 158, 115, 230], [204, 121, 167, 230],
  [86, 180, 233, 230], [230, 159, 0, 230], [60, 60, 60, 230], [240, 228, 66, 230],
];

/** Interventions of a plan, in order of first use (Okabe & Ito 2008; no hot-spot reds). */
export const PLAN_COLOURS: RGBA[] = [
  [0, 114, 178, 235], [0, 158, 115, 235], [213, 94, 0, 235], [230, 159, 0, 235],
  [86, 180, 233, 235], [204, 121, 167, 235], [240, 228, 66, 235], [68, 68, 68, 235],
];
