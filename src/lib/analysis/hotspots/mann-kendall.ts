/**
 * Mann-Kendall test for a monotonic trend in a series, with the correction for ties.
 *
 * Mann, H. B. (1945) Nonparametric tests against trend. Econometrica 13:245–259. Kendall, M. G.
 * (1975) Rank Correlation Methods, 4th ed., Griffin. S = Σ_{i<j} sign(x_j − x_i);
 * Var(S) = [n(n − 1)(2n + 5) − Σ_g t_g(t_g − 1)(2t_g + 5)] / 18 over groups g of t_g tied values;
 * z = (S − sign S) / √Var(S) (continuity correction); τ = S / (n(n − 1)/2) (Kendall's τ-a).
 * Null hypothesis of p (two-sided normal): the values are independent and identically distributed
 * in time (no trend). NaN values are skipped.
 */
import { twoSidedP } from './normal';

export interface MannKendall {
  n: number;
  S: number;
  varS: number;
  z: number;
  p: number;
  tau: number;
}

/** The test over x[from], x[from + stride], … (n values), so a cube's rows need no copy. */
export function mannKendall(x: ArrayLike<number>, from = 0, n = x.length - from, stride = 1): MannKendall {
  const v: number[] = [];
  for (let i = 0; i < n; i++) { const a = x[from + i * stride]; if (!Number.isNaN(a)) v.push(a); }
  const m = v.length;
  let S = 0;
  for (let i = 0; i < m - 1; i++) {
    const a = v[i];
    for (let j = i + 1; j < m; j++) S += v[j] > a ? 1 : v[j] < a ? -1 : 0;
  }
  v.sort((a, b) => a - b);
  let ties = 0;
  for (let i = 0; i < m; ) {
    let j = i + 1;
    while (j < m && v[j] === v[i]) j++;
    const t = j - i;
    if (t > 1) ties += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  const varS = (m * (m - 1) * (2 * m + 5) - ties) / 18;
  const z = varS > 0 ? (S > 0 ? S - 1 : S < 0 ? S + 1 : 0) / Math.sqrt(varS) : 0;
  return { n: m, S, varS, z, p: varS > 0 ? twoSidedP(z) : 1, tau: m > 1 ? S / ((m * (m - 1)) / 2) : 0 };
}
