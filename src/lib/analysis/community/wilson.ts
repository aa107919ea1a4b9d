/**
 * The Wilson score interval for a binomial proportion (Wilson 1927, "Probable inference, the law
 * of succession, and statistical inference", JASA 22:209–212; method 3 in Newcombe 1998,
 * "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17:857–872).
 * It stays inside [0, 1] and behaves well for the small cells a survey map has (n ≥ 5), where the
 * Wald interval p ± z·√(p(1−p)/n) collapses to a point at 0 % or 100 %.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** The interval [lo, hi] for x successes out of n (NaN, NaN for n = 0). */
export function wilsonInterval(x: number, n: number, z = Z95): [number, number] {
  if (!(n > 0)) return [NaN, NaN];
  if (x < 0 || x > n) throw new RangeError(`Successes must be 0–${n}, got ${x}`);
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At x = 0 or x = n the bound is exactly 0 or 1; rounding must not leave it a hair off.
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}
