/**
 * Poisson and negative-binomial (NB2) regression of cell counts on terms, log link, fitted by
 * iteratively reweighted least squares — Fisher scoring, which for the canonical Poisson link is
 * Newton's method (McCullagh & Nelder 1989, Generalized Linear Models, 2nd ed., §2.5; Nelder &
 * Wedderburn 1972, JRSS A 135, 370–384). Each step solves the weighted least-squares problem by
 * Householder QR (linalg.ts), as R's `glm.fit` does; θ of the NB2 model is found by maximum
 * likelihood (Newton on the score in θ) alternating with IRLS at fixed θ, as MASS::glm.nb does
 * (Venables & Ripley 2002, Modern Applied Statistics with S, 4th ed., §7.4; Lawless 1987,
 * Canadian J. Statistics 15, 209–225).
 *
 * Inputs: counts y (whole numbers ≥ 0) and term columns (Float64Array, one value per cell; an
 * intercept column is added first unless `intercept: false`). No prior weights and no offset.
 * Outputs (GlmFit): coefficients in column order, standard errors √diag((XᵀWX)⁻¹) at the
 * estimates (dispersion 1 for both families, as R reports them; for NB2 conditional on θ), Wald
 * z and two-sided normal p (H₀: βⱼ = 0), deviance, null deviance (intercept-only model, same
 * family and θ), log-likelihood, AIC = −2ℓ + 2·(parameters, θ counted for NB2), residual df.
 * Convergence: |D − D_prev| / (|D| + 0.1) < ε with ε = 1e-12 by default (R's rule).
 */
import { negativeBinomial, POISSON, type Family } from './family';
import { covarianceFromR, weightedLeastSquares } from './linalg';
import { digamma, normalTwoSidedP, trigamma } from './special';

/** Options of an IRLS fit. */
export interface GlmOptions {
  /** Prepend an intercept column (default true). */
  intercept?: boolean;
  /** Convergence tolerance on the relative deviance change (default 1e-12). */
  epsilon?: number;
  /** Most IRLS iterations (default 100). */
  maxIterations?: number;
  /** Starting linear predictor; default ln(y + 0.1), as R's `mustart`. */
  start?: Float64Array;
}

/** A fitted GLM (see the file header for each field's definition). */
export interface GlmFit {
  family: 'poisson' | 'negbin';
  /** Coefficients: the intercept first (when fitted), then one per column. */
  coefficients: Float64Array;
  standardErrors: Float64Array;
  /** Covariance of the coefficients, row-major. */
  covariance: Float64Array;
  z: Float64Array;
  /** Two-sided normal p-values of z (Wald test of βⱼ = 0). */
  p: Float64Array;
  /** Fitted means μ and linear predictor η per cell. */
  fitted: Float64Array;
  linearPredictor: Float64Array;
  deviance: number;
  nullDeviance: number;
  logLik: number;
  aic: number;
  dfResidual: number;
  dfNull: number;
  iterations: number;
  converged: boolean;
  /** NB2 shape θ and its standard error (null for the Poisson). */
  theta: number | null;
  thetaSE: number | null;
}

/** IRLS at a fixed family. */
export function fitGlm(y: ArrayLike<number>, columns: readonly Float64Array[], family: Family, o: GlmOptions = {}): GlmFit {
  const n = y.length;
  for (let i = 0; i < n; i++) if (!(y[i] >= 0) || !Number.isFinite(y[i])) throw new RangeError(`Counts must be finite and ≥ 0 (cell ${i} has ${y[i]}).`);
  for (const c of columns) if (c.length !== n) throw new RangeError(`Every term needs one value per cell (${n}), got ${c.length}.`);
  const x = o.intercept === false ? [...columns] : [new Float64Array(n).fill(1), ...columns];
  const p = x.length;
  if (n <= p) throw new RangeError(`Too few cells (${n}) for ${p} coefficients.`);
  const eps = o.epsilon ?? 1e-12;
  const maxIt = o.maxIterations ?? 100;
  const eta = o.start ? Float64Array.from(o.start) : Float64Array.from({ length: n }, (_, i) => Math.log(y[i] + 0.1));
  const mu = eta.map(Math.exp);
  const w = new Float64Array(n);
  const z = new Float64Array(n);
  let dev = deviance(y, mu, family);
  let beta: Float64Array = new Float64Array(p);
  let converged = false;
  let it = 0;
  while (it < maxIt) {
    it++;
    for (let i = 0; i < n; i++) {
      w[i] = family.weight(mu[i]);
      z[i] = eta[i] + (y[i] - mu[i]) / mu[i];
    }
    let next = weightedLeastSquares(x, w, z).beta;
    let devNew = NaN;
    // Step halving when the update overshoots into non-finite or clearly worse fits.
    for (let h = 0; h < 40; h++) {
      predict(x, next, eta, mu);
      devNew = deviance(y, mu, family);
      if (Number.isFinite(devNew) && (it === 1 || devNew <= dev * (1 + 1e-7) + 1e-9)) break;
      next = next.map((b, j) => (b + beta[j]) / 2);
    }
    beta = next;
    const change = Math.abs(devNew - dev) / (Math.abs(devNew) + 0.1);
    dev = devNew;
    if (change < eps) { converged = true; break; }
  }
  for (let i = 0; i < n; i++) w[i] = family.weight(mu[i]);
  const cov = covarianceFromR(weightedLeastSquares(x, w, z).r, p);
  const se = Float64Array.from({ length: p }, (_, j) => Math.sqrt(cov[j * p + j]));
  const zs = beta.map((b, j) => b / se[j]);
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i];
  ybar /= n;
  let nullDev = 0, ll = 0;
  for (let i = 0; i < n; i++) {
    nullDev += family.deviance(y[i], ybar);
    ll += family.logLik(y[i], mu[i]);
  }
  if (o.intercept === false) nullDev = deviance(y, new Float64Array(n).fill(1), family);
  const extra = family.name === 'negbin' ? 1 : 0;
  return {
    family: family.name, coefficients: beta, standardErrors: se, covariance: cov, z: zs, p: zs.map(normalTwoSidedP),
    fitted: Float64Array.from(mu), linearPredictor: Float64Array.from(eta), deviance: dev, nullDeviance: nullDev, logLik: ll,
    aic: -2 * ll + 2 * (p + extra), dfResidual: n - p, dfNull: n - (o.intercept === false ? 0 : 1), iterations: it, converged,
    theta: family.name === 'negbin' ? family.theta : null, thetaSE: null,
  };
}

/** Poisson regression (log link). */
export function fitPoisson(y: ArrayLike<number>, columns: readonly Float64Array[], o: GlmOptions = {}): GlmFit {
  return fitGlm(y, columns, POISSON, o);
}

/**
 * NB2 regression (log link) with θ by maximum likelihood: a Poisson fit gives the start, then
 * θ̂(μ) and IRLS at fixed θ alternate until the log-likelihood and θ settle (glm.nb's rule, with
 * tolerance `epsilon`, default 1e-10). θ is capped at 1e8 (data not over-dispersed: the fit is
 * then the Poisson one, reported as NB2 with that θ).
 */
export function fitNegBin(y: ArrayLike<number>, columns: readonly Float64Array[], o: GlmOptions & { thetaEpsilon?: number } = {}): GlmFit {
  let fit = fitGlm(y, columns, POISSON, o);
  let theta = thetaML(y, fit.fitted).theta;
  let ll0 = Infinity;
  const eps = o.thetaEpsilon ?? 1e-10;
  for (let k = 0; k < 50; k++) {
    fit = fitGlm(y, columns, negativeBinomial(theta), { ...o, start: fit.linearPredictor });
    const t = thetaML(y, fit.fitted, theta).theta;
    const del = t - theta;
    const d = Math.sqrt(2 * Math.max(1, fit.dfResidual));
    const settled = Math.abs(ll0 - fit.logLik) / d + Math.abs(del) / d < eps;
    ll0 = fit.logLik;
    theta = t;
    if (settled) break;
  }
  fit = fitGlm(y, columns, negativeBinomial(theta), { ...o, start: fit.linearPredictor });
  fit.thetaSE = thetaML(y, fit.fitted, theta).se;
  return fit;
}

/**
 * Maximum-likelihood θ of NB2 counts y with means μ (MASS::theta.ml: Newton's method on the
 * score, started from the moment estimate n / Σ(y/μ − 1)²), with its standard error 1/√I(θ).
 */
export function thetaML(y: ArrayLike<number>, mu: ArrayLike<number>, start?: number): { theta: number; se: number } {
  const n = y.length;
  const MAX = 1e8;
  let t = start;
  if (t === undefined) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (y[i] / mu[i] - 1) ** 2;
    t = s > 0 ? n / s : MAX;
  }
  // Counts are small whole numbers: the ψ(θ + y) and ψ′(θ + y) terms are summed once per
  // distinct y, weighted by how many cells have it.
  const tally = new Map<number, number>();
  for (let i = 0; i < n; i++) tally.set(y[i], (tally.get(y[i]) ?? 0) + 1);
  const scoreInfo = (th: number) => {
    let score = n * (-digamma(th) + Math.log(th) + 1), info = n * (trigamma(th) - 1 / th);
    for (const [v, m] of tally) { score += m * digamma(th + v); info -= m * trigamma(th + v); }
    for (let i = 0; i < n; i++) {
      const a = th + mu[i];
      score -= Math.log(a) + (y[i] + th) / a;
      info += 2 / a - (y[i] + th) / (a * a);
    }
    return [score, info] as const;
  };
  for (let k = 0; k < 100; k++) {
    t = Math.min(MAX, Math.abs(t));
    const [s, i] = scoreInfo(t);
    if (!(i > 0)) break;
    let del = s / i;
    // Keep θ positive: a Newton step from a poor start can overshoot below zero.
    if (t + del <= 0) del = -t / 2;
    t += del;
    if (Math.abs(del) <= 1e-12 * Math.max(1, t) || t >= MAX) break;
  }
  t = Math.min(MAX, Math.abs(t));
  const info = scoreInfo(t)[1];
  return { theta: t, se: info > 0 ? 1 / Math.sqrt(info) : NaN };
}

/** η = Xβ and μ = exp(η), in place. */
function predict(x: readonly Float64Array[], beta: Float64Array, eta: Float64Array, mu: Float64Array): void {
  eta.fill(0);
  for (let j = 0; j < x.length; j++) {
    const c = x[j], b = beta[j];
    for (let i = 0; i < eta.length; i++) eta[i] += b * c[i];
  }
  for (let i = 0; i < eta.length; i++) mu[i] = Math.exp(eta[i]);
}

/** Σ unit deviances. */
export function deviance(y: ArrayLike<number>, mu: ArrayLike<number>, family: Family): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d += family.deviance(y[i], mu[i]);
  return d;
}
