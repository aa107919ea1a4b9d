/**
 * The 17 pattern classes of ArcGIS Pro's Emerging Hot Spot Analysis ("How Emerging Hot Spot
 * Analysis works", Esri), decided from a location's series of space-time Gi* results and the
 * Mann-Kendall trend of its z-scores. "Hot" at a step = significant with z > 0, "cold" = significant
 * with z < 0; "90 %" = at least 90 % of the time steps.
 *
 * Where Esri's definitions overlap, this order decides (final step hot; cold mirrors it):
 *   hot in ≥ 90 % of steps → intensifying (significant upward trend), diminishing (significant
 *   downward trend) or persistent (no significant trend);
 *   else ever cold before → oscillating; else hot only at the final step → new;
 *   else every hot step in one run ending at the final step → consecutive; else sporadic.
 * Final step not hot but hot in ≥ 90 % of steps → historical. Anything else → no pattern.
 */
import type { ClassInfo } from './types';

const HOT: [string, string, string][] = [
  ['new', 'New hot spot', 'A significant hot spot in the final time step that had never been a significant hot spot before.'],
  ['consecutive', 'Consecutive hot spot', 'A single uninterrupted run of at least two significant hot spot steps ending at the final step; never a hot spot before that run, and hot in fewer than 90 % of the steps.'],
  ['intensifying', 'Intensifying hot spot', 'A significant hot spot in at least 90 % of the time steps, including the final one, whose clustering of high counts is growing: a significant upward Mann-Kendall trend in its z-scores.'],
  ['persistent', 'Persistent hot spot', 'A significant hot spot in at least 90 % of the time steps, including the final one, with no significant trend in the intensity of clustering.'],
  ['diminishing', 'Diminishing hot spot', 'A significant hot spot in at least 90 % of the time steps, including the final one, whose clustering of high counts is weakening: a significant downward Mann-Kendall trend in its z-scores.'],
  ['sporadic', 'Sporadic hot spot', 'A significant hot spot in the final time step that has been an on-and-off hot spot before; hot in fewer than 90 % of the steps and never a significant cold spot.'],
  ['oscillating', 'Oscillating hot spot', 'A significant hot spot in the final time step that was a significant cold spot at some earlier step; hot in fewer than 90 % of the steps.'],
  ['historical', 'Historical hot spot', 'Not a hot spot in the final time step, but a significant hot spot in at least 90 % of the steps.'],
];

const coldText = (s: string) =>
  s.replace(/hot spot/g, 'cold spot').replace('clustering of high counts is growing: a significant upward', 'clustering of low counts is growing: a significant downward')
    .replace('clustering of high counts is weakening: a significant downward', 'clustering of low counts is weakening: a significant upward')
    .replace('significant cold spot at some earlier step', 'significant hot spot at some earlier step').replace('never a significant cold spot.', 'never a significant hot spot.');

/** The legend: codes 1 … 8 hot, −1 … −8 cold (same order), 0 no pattern. */
export const EMERGING_PATTERNS: readonly ClassInfo[] = [
  ...HOT.map(([key, label, description], i) => ({ code: i + 1, key: `${key}-hot`, label, description })),
  ...HOT.map(([key, label, description], i) => ({ code: -(i + 1), key: `${key}-cold`, label: label.replace('hot spot', 'cold spot'), description: coldText(description) })),
  { code: 0, key: 'no-pattern', label: 'No pattern detected', description: 'None of the hot or cold spot patterns above.' },
];

export const NEW = 1, CONSECUTIVE = 2, INTENSIFYING = 3, PERSISTENT = 4, DIMINISHING = 5, SPORADIC = 6, OSCILLATING = 7, HISTORICAL = 8;

/** The legend as plain text, one pattern a line (for a legend panel or a CLI). */
export function emergingLegendText(): string {
  return EMERGING_PATTERNS.map((c) => `${c.label}: ${c.description}`).join('\n');
}

/**
 * Pattern code of one location. `bins[t]` is +1 (hot), −1 (cold) or 0 at each step; the trend is
 * the Mann-Kendall test on the location's z-scores (sign of S and its p), significant below `alpha`.
 */
export function classifyPattern(bins: ArrayLike<number>, trendS: number, trendP: number, alpha: number): number {
  const T = bins.length;
  if (T === 0) return 0;
  const last = bins[T - 1];
  const need = Math.ceil(0.9 * T - 1e-9);
  if (last === 0) {
    let hot = 0, cold = 0;
    for (let t = 0; t < T; t++) { if (bins[t] > 0) hot++; else if (bins[t] < 0) cold++; }
    return hot >= need ? HISTORICAL : cold >= need ? -HISTORICAL : 0;
  }
  const s = last > 0 ? 1 : -1;
  let same = 0, opposite = 0;
  for (let t = 0; t < T; t++) { if (bins[t] === s) same++; else if (bins[t] === -s) opposite++; }
  if (same >= need) {
    const significant = trendP < alpha && trendS !== 0;
    // For cold spots a growing intensity is a falling z.
    if (significant && Math.sign(trendS) === s) return s * INTENSIFYING;
    if (significant) return s * DIMINISHING;
    return s * PERSISTENT;
  }
  if (opposite > 0) return s * OSCILLATING;
  if (same === 1) return s * NEW;
  let run = 0;
  for (let t = T - 1; t >= 0 && bins[t] === s; t--) run++;
  return s * (run === same ? CONSECUTIVE : SPORADIC);
}
