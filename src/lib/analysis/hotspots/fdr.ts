/**
 * Benjamini–Hochberg false discovery rate (Benjamini & Hochberg 1995, JRSS B 57:289–300):
 * adjusted p_(i) = min over j ≥ i of min(1, p_(j)·m / j), p sorted ascending — R's
 * `p.adjust(p, "BH")`. Classing cells by adjusted p < α keeps the expected share of false
 * "hot spots" among those flagged at or below α, across all m cells tested.
 */

/**
 * BH-adjusted p-values, in the order of `p`. NaN p-values are left out of m and stay NaN.
 * O(m log m): one native sort of a copy, then a binary search per value (ties share the value of
 * their highest rank, as R's cummin over the reversed order gives).
 */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  const sorted = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(p[i])) sorted[m++] = p[i];
  const s = sorted.subarray(0, m).sort();
  // adj[k] = min over j ≥ k of s[j]·m/(j+1), capped at 1.
  const adj = new Float64Array(m);
  let run = 1;
  for (let k = m - 1; k >= 0; k--) {
    const v = (s[k] * m) / (k + 1);
    if (v < run) run = v;
    adj[k] = run;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = p[i];
    if (Number.isNaN(v)) { out[i] = NaN; continue; }
    // Last index with s[k] ≤ v.
    let lo = 0, hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    out[i] = adj[lo];
  }
  return out;
}
