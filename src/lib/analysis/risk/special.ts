/**
 * Special functions the count models need, in double precision: log-gamma (Lanczos), digamma and
 * trigamma (recurrence plus asymptotic series), the complementary error function through the
 * regularised upper incomplete gamma function Q(½, x²), and two-sided normal p-values.
 * References: Lanczos (1964), SIAM J. Numer. Anal. B 1, 86–96, with Godfrey's g = 7, n = 9
 * coefficients (relative error below 1e-15 for x > 0); Abramowitz & Stegun (1964) 6.3.18,
 * 6.4.12 for the series; Press et al. (2007), Numerical Recipes, 3rd ed., §6.2 for Q(a, x).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.91893853320467274178;

/** ln Γ(x) for x > 0 (reflection below ½). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const LOG_FACTORIAL = (() => {
  const t = new Float64Array(1024);
  for (let i = 2; i < t.length; i++) t[i] = t[i - 1] + Math.log(i);
  return t;
})();

/** ln(y!) for a whole number y ≥ 0 (a table below 1024, else ln Γ(y + 1)). */
export function logFactorial(y: number): number {
  return y < 1024 && Number.isInteger(y) ? LOG_FACTORIAL[y] : lgamma(y + 1);
}

/** ψ(x) = d ln Γ(x) / dx for x > 0. */
export function digamma(x: number): number {
  let r = 0;
  while (x < 10) { r -= 1 / x; x += 1; }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))));
}

/** ψ′(x) for x > 0. */
export function trigamma(x: number): number {
  let r = 0;
  while (x < 10) { r += 1 / (x * x); x += 1; }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66)))));
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lead = -x + a * Math.log(x) - lgamma(a);
  if (x < a + 1) {
    // Series for P(a, x).
    let sum = 1 / a, term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    return 1 - sum * Math.exp(lead);
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b; if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(lead) * h;
}

/** Two-sided p-value of a standard normal z: P(|Z| ≥ |z|) = erfc(|z| / √2). */
export function normalTwoSidedP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? NaN : 0;
  return gammaQ(0.5, (z * z) / 2);
}

/** The 97.5 % standard normal quantile, for 95 % Wald intervals. */
export const Z975 = 1.959963984540054;
