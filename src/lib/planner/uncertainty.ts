/**
 * Draws for the scoring Monte Carlo and the summaries of its results.
 *
 * Effects: the proportional change is drawn from a triangular distribution on the log rate-ratio
 * scale, with minimum ln(1 + low), mode ln(1 + point) and maximum ln(1 + high). It treats the
 * stated interval as the plausible range and ignores tails beyond it, so the resulting intervals
 * are somewhat narrower than a full posterior would give; it never draws outside the interval,
 * so an effect whose interval is all reduction is never drawn as an increase.
 *
 * Displacement quotient q (see DisplacementAssumption in plan.ts): a three-way mixture of
 * displacement, diffusion and no change.
 */
import type { Rng } from '../analysis/random';
import type { DisplacementAssumption } from './plan';

/** A rate ratio drawn for a proportional change with interval [low, high] around `point`. */
export function drawRatio(point: number, low: number, high: number, r: Rng): number {
  const a = Math.log1p(low), c = Math.log1p(point), b = Math.log1p(high);
  if (!(b > a)) return Math.exp(c);
  const u = r.next();
  const f = (c - a) / (b - a);
  const x = u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
  return Math.exp(x);
}

/** A displacement quotient q drawn from the mixture. */
export function drawQuotient(d: DisplacementAssumption, r: Rng): number {
  const u = r.next();
  if (u < d.pDisplacement) return -d.maxDisplacement * r.next();
  if (u < d.pDisplacement + d.pDiffusion) return d.maxDiffusion * r.next();
  return 0;
}

/** The mean quotient of the mixture, used for point estimates. */
export function meanQuotient(d: DisplacementAssumption): number {
  return (d.pDiffusion * d.maxDiffusion - d.pDisplacement * d.maxDisplacement) / 2;
}

/** Percentiles and mean of a set of draws. */
export interface Interval {
  p5: number;
  p50: number;
  p95: number;
  mean: number;
}

/** Linear-interpolation quantile (R type 7) of sorted values. */
export function quantileSorted(s: ArrayLike<number>, p: number): number {
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** 5th, 50th and 95th percentiles and the mean; null without draws. NaN draws are left out. */
export function summarise(draws: Float64Array): Interval | null {
  const s = draws.filter((x) => !Number.isNaN(x)).sort();
  if (s.length === 0) return null;
  let sum = 0;
  for (const x of s) sum += x;
  return { p5: quantileSorted(s, 0.05), p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), mean: sum / s.length };
}
