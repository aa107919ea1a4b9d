/**
 * The standard normal distribution function, by W. J. Cody's rational Chebyshev approximations
 * (Cody 1993, ACM TOMS 19:22–32, Algorithm 715) — the algorithm R's `pnorm` runs, so p-values
 * agree with R/spdep to the last few bits, far into the tails (relative, not absolute, accuracy).
 */

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const SQRT_32 = 5.656854249492380195206754896838;
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;

/** exp(−y²/2)·t, computed as R does (splitting y² so the exponent loses no precision). */
function tail(y: number, t: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5) * t;
}

/** P(Z ≤ x) for a standard normal Z. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let num = 0, den = 0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      num = A[4] * xsq;
      den = xsq;
      for (let i = 0; i < 3; i++) { num = (num + A[i]) * xsq; den = (den + B[i]) * xsq; }
    }
    return 0.5 + (x * (num + A[3])) / (den + B[3]);
  }
  let lower: number;
  if (y <= SQRT_32) {
    let num = C[8] * y, den = y;
    for (let i = 0; i < 7; i++) { num = (num + C[i]) * y; den = (den + D[i]) * y; }
    lower = tail(y, (num + C[7]) / (den + D[7]));
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let num = P[5] * xsq, den = xsq;
    for (let i = 0; i < 4; i++) { num = (num + P[i]) * xsq; den = (den + Q[i]) * xsq; }
    const t = (xsq * (num + P[4])) / (den + Q[4]);
    lower = tail(y, (ONE_OVER_SQRT_2PI - t) / y);
  } else {
    lower = 0;
  }
  // `lower` is P(Z ≤ −|x|).
  return x > 0 ? 1 - lower : lower;
}

/** Two-sided p-value of a z-score: P(|Z| ≥ |z|) = 2·Φ(−|z|). NaN stays NaN. */
export function twoSidedP(z: number): number {
  return 2 * normalCdf(-Math.abs(z));
}

/** The normal quantile z with Φ(z) = p (Acklam's algorithm with one Halley step; |error| < 1e-13). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const q = p - 0.5, r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
