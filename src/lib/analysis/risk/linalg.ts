/**
 * Dense linear algebra for small p (a handful to a few dozen model terms) and large n (cells):
 * weighted least squares by Householder QR of √W·X — the factorisation R's `glm.fit` uses
 * (LINPACK dqrdc2), accurate where the normal equations would square the condition number
 * (Golub & Van Loan 2013, Matrix Computations, 4th ed., §5.2–5.3) — and the covariance
 * (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ from its triangular factor. Matrices are column arrays or row-major p × p.
 */

/** The result of a weighted least-squares solve. */
export interface WlsResult {
  beta: Float64Array;
  /** Upper-triangular R (row-major p × p) with XᵀWX = RᵀR. */
  r: Float64Array;
}

/** Thrown when the model's columns are linearly dependent (under the given weights). */
export class CollinearError extends Error {
  readonly column: number;
  constructor(column: number) {
    super(`Model column ${column} is a linear combination of the others (collinear terms).`);
    this.column = column;
  }
}

/**
 * Minimises Σ wᵢ (zᵢ − xᵢᵀβ)² over β, with xᵢ the rows of the columns `x` (each of length n).
 * Throws CollinearError when a column's pivot is below `tol` times the largest column norm.
 */
export function weightedLeastSquares(x: readonly Float64Array[], w: ArrayLike<number>, z: ArrayLike<number>, tol = 1e-11): WlsResult {
  const p = x.length;
  const n = z.length;
  const a = x.map((col) => {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = col[i] * Math.sqrt(w[i]);
    return c;
  });
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = z[i] * Math.sqrt(w[i]);
  const r = new Float64Array(p * p);
  let scale = 0;
  for (const c of a) scale = Math.max(scale, norm(c, 0));
  for (let k = 0; k < p; k++) {
    const ak = a[k];
    const nrm = norm(ak, k);
    if (!(nrm > tol * scale)) throw new CollinearError(k);
    // Householder vector v = ak[k:] + sign · ‖ak[k:]‖ e₁, stored in place.
    const alpha = ak[k] >= 0 ? -nrm : nrm;
    ak[k] -= alpha;
    const vtv = -2 * alpha * ak[k]; // ‖v‖² = 2‖a‖² − 2·alpha·a_k (with a_k before the update)
    const apply = (c: Float64Array) => {
      let s = 0;
      for (let i = k; i < n; i++) s += ak[i] * c[i];
      const f = (2 * s) / vtv;
      for (let i = k; i < n; i++) c[i] -= f * ak[i];
    };
    for (let j = k + 1; j < p; j++) apply(a[j]);
    apply(b);
    r[k * p + k] = alpha;
    for (let j = k + 1; j < p; j++) r[k * p + j] = a[j][k];
  }
  const beta = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= r[k * p + j] * beta[j];
    beta[k] = s / r[k * p + k];
  }
  return { beta, r };
}

function norm(c: Float64Array, from: number): number {
  // Scaled to avoid overflow in large-count data.
  let m = 0;
  for (let i = from; i < c.length; i++) m = Math.max(m, Math.abs(c[i]));
  if (m === 0) return 0;
  let s = 0;
  for (let i = from; i < c.length; i++) { const t = c[i] / m; s += t * t; }
  return m * Math.sqrt(s);
}

/** (RᵀR)⁻¹ = R⁻¹R⁻ᵀ for upper-triangular R (row-major p × p), as row-major p × p. */
export function covarianceFromR(r: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    inv[j * p + j] = 1 / r[j * p + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += r[i * p + k] * inv[k * p + j];
      inv[i * p + j] = -s / r[i * p + i];
    }
  }
  const c = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = j; k < p; k++) s += inv[i * p + k] * inv[j * p + k];
      c[i * p + j] = s;
      c[j * p + i] = s;
    }
  return c;
}
