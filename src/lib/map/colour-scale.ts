/**
 * Sequential quantile colour scale for cell counts: the non-zero counts are cut into up to seven
 * classes of about equal size, so the hottest cells stand out even when counts are very skewed.
 * Zero cells get a faint neutral tint so the study area stays visible.
 */

export type RGBA = [number, number, number, number];

/** Yellow → orange → deep red (ColorBrewer YlOrRd, 7 classes), readable on a light base map. */
export const RAMP: RGBA[] = [
  [255, 237, 160, 210],
  [254, 217, 118, 215],
  [254, 178, 76, 220],
  [253, 141, 60, 225],
  [252, 78, 42, 230],
  [227, 26, 28, 235],
  [177, 0, 38, 240],
];

export const ZERO_COLOUR: RGBA = [100, 116, 139, 22];

export interface ColourScale {
  /** Inclusive upper bound of each class, ascending (the last is the maximum count). */
  breaks: number[];
  colours: RGBA[];
  colourOf(count: number): RGBA;
}

/** Builds the scale from the counts of every cell (zeros are ignored for the breaks). */
export function quantileScale(counts: ArrayLike<number>, classes = RAMP.length): ColourScale {
  const nz: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) nz.push(counts[i]);
  nz.sort((a, b) => a - b);
  const breaks: number[] = [];
  for (let k = 1; k <= classes && nz.length; k++) {
    const b = nz[Math.max(0, Math.ceil((k / classes) * nz.length) - 1)];
    if (breaks.at(-1) !== b) breaks.push(b);
  }
  // Spread the colours of fewer classes over the whole ramp, keeping the darkest for the top.
  const colours = breaks.map((_, i) => RAMP[breaks.length === 1 ? RAMP.length - 1 : Math.round((i * (RAMP.length - 1)) / (breaks.length - 1))]);
  return {
    breaks,
    colours,
    colourOf(count: number): RGBA {
      if (count <= 0 || breaks.length === 0) return ZERO_COLOUR;
      let lo = 0;
      let hi = breaks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (breaks[mid] >= count) hi = mid;
        else lo = mid + 1;
      }
      return colours[lo];
    },
  };
}

/** Legend labels of the classes: "1–3", "4–9", … (`format` writes a number, e.g. for the user's language). */
export function classLabels(breaks: number[], format: (n: number) => string = (n) => n.toLocaleString('en-GB')): string[] {
  return breaks.map((b, i) => {
    const lo = i === 0 ? 1 : breaks[i - 1] + 1;
    return lo >= b ? format(b) : `${format(lo)}–${format(b)}`;
  });
}

/** CSS colour of an RGBA tuple (opaque, for the legend). */
export function css([r, g, b]: RGBA): string {
  return `rgb(${r} ${g} ${b})`;
}
