/**
 * Lasso and elastic-net count regression (log link) by cyclical coordinate descent on the IRLS
 * quadratic approximation, along a decreasing λ path with warm starts, and K-fold
 * cross-validation to choose λ — the glmnet algorithm (Friedman, Hastie & Tibshirani 2010,
 * "Regularization paths for generalized linear models via coordinate descent", J. Statistical
 * Software 33(1), §2–4). RTM selects risk factors this way before its final model (Caplan &
 * Kennedy 2016, ch. 4; Kennedy, Caplan & Piza 2016, RTMDx).
 *
 * Objective at one λ, on predictors standardised internally to weighted mean 0 and (1/n)
 * variance 1 (glmnet's `standardize = TRUE`), coefficients reported on the original scale:
 *   −(1/Σv) Σ vᵢ ℓ(yᵢ; β₀ + xᵢᵀβ) + λ [ (1 − α)/2 ‖β‖² + α ‖β‖₁ ],
 * ℓ the Poisson or NB2 (fixed θ) log-likelihood, v the observation weights (0 leaves a cell out:
 * that is how the folds are held out). The intercept is not penalised. Each IRLS step forms the
 * weighted Gram matrix once (n·p²) and runs coordinate descent on p × p ("covariance updates",
 * §2.2), so the cost per step does not grow with the number of coordinate sweeps.
 * Path: λ_max (smallest λ with every β = 0) down to λ_max·ratio (1e-4 when cells > factors)
 * on a log scale, nLambda values (default 100); the full-data path stops early, as glmnet does,
 * when the deviance explained changes by less than 1e-5 or passes 0.999.
 * Penalty factors (glmnet's `penalty.factor`): column j's penalty is multiplied by fⱼ ≥ 0; a
 * factor of 0 leaves the column unpenalised, so it is in the model along the whole path (a
 * control, such as a stand-in for street density). λ_max is then the smallest λ at which every
 * penalised coefficient is 0 given the intercept and the unpenalised columns fitted. (glmnet also
 * rescales the factors to sum to the number of columns; that only relabels λ, not the path.)
 * Cross-validation: seeded folds (a shuffle by ../random.ts, fold = position mod K); per λ the
 * held-out mean deviance; cvm and its standard error across folds; λ_min minimises cvm and
 * λ_1se is the largest λ with cvm ≤ cvm(λ_min) + se(λ_min) (the "one-standard-error rule",
 * Hastie, Tibshirani & Friedman 2009, ESL §7.10).
 */
import { rng, shuffle } from '../random';
import type { Family } from './family';

/** Options of a penalised path. */
export interface PathOptions {
  family: Family;
  /** Mixing: 1 = lasso, 0 < α < 1 elastic net (α = 0, ridge, is refused: it never selects). */
  alpha: number;
  lambdas?: Float64Array;
  nLambda?: number;
  lambdaMinRatio?: number;
  /** Observation weights (default all 1). */
  weights?: Float64Array;
  /** Stop the path early when the deviance explained stops changing (default true). */
  stopEarly?: boolean;
  /** Per-column penalty multipliers ≥ 0 (default all 1; 0 = always in the model, unpenalised). */
  penaltyFactors?: ArrayLike<number>;
}

/** A fitted λ path (coefficients on the original scale). */
export interface PenalisedPath {
  lambdas: Float64Array;
  /** Per λ: intercept and coefficients on the original scale. */
  intercepts: Float64Array;
  betas: Float64Array[];
  /** Per λ: training deviance, fraction of null deviance explained, and non-zero count. */
  deviance: Float64Array;
  devRatio: Float64Array;
  nonZero: Int32Array;
}

const soft = (z: number, g: number) => (z > g ? z - g : z < -g ? z + g : 0);

/** Fits the whole λ path. */
export function penalisedPath(y: ArrayLike<number>, columns: readonly Float64Array[], o: PathOptions): PenalisedPath {
  if (!(o.alpha > 0 && o.alpha <= 1)) throw new RangeError(`α must be in (0, 1], got ${o.alpha}`);
  const n = y.length, p = columns.length, fam = o.family;
  const pf = Float64Array.from({ length: p }, (_, j) => (o.penaltyFactors ? o.penaltyFactors[j] : 1));
  if (o.penaltyFactors && o.penaltyFactors.length !== p) throw new RangeError(`${p} columns but ${o.penaltyFactors.length} penalty factors.`);
  for (const f of pf) if (!(f >= 0 && Number.isFinite(f))) throw new RangeError(`A penalty factor must be a finite number ≥ 0, got ${f}`);
  const v = new Float64Array(n);
  let vsum = 0;
  for (let i = 0; i < n; i++) { v[i] = o.weights ? o.weights[i] : 1; vsum += v[i]; }
  for (let i = 0; i < n; i++) v[i] /= vsum;
  // Standardise (weighted mean 0, weighted variance 1); constant columns stay out (β = 0).
  const mean = new Float64Array(p), sd = new Float64Array(p);
  const xs = columns.map((c, j) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += v[i] * c[i];
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i] * (c[i] - m) ** 2;
    mean[j] = m; sd[j] = Math.sqrt(s);
    const out = new Float64Array(n);
    if (sd[j] > 0) for (let i = 0; i < n; i++) out[i] = (c[i] - m) / sd[j];
    return out;
  });
  const live = Array.from({ length: p }, (_, j) => sd[j] > 1e-12 * (Math.abs(mean[j]) + 1));
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += v[i] * y[i];
  if (!(ybar > 0)) throw new RangeError('No incidents in the cells being fitted.');
  let nullDev = 0;
  for (let i = 0; i < n; i++) if (v[i] > 0) nullDev += v[i] * fam.deviance(y[i], ybar);
  // Poisson deviance without a logarithm per cell: 2(y ln y − yη − y + μ).
  const ylogy = fam.name === 'poisson' ? Float64Array.from({ length: n }, (_, i) => (y[i] > 0 ? y[i] * Math.log(y[i]) : 0)) : null;
  // The live standardised columns, intercept first (a column of ones). The Gram matrix is built
  // pair by pair with a local accumulator: one multiply-add per cell and pair, no stores.
  const liveIdx = Array.from({ length: p }, (_, j) => j).filter((j) => live[j]);
  const q = liveIdx.length + 1;
  const cols = [new Float64Array(n).fill(1), ...liveIdx.map((j) => xs[j])];
  const b = new Float64Array(q); // b[0] intercept, b[a] standardised coefficient of liveIdx[a − 1]
  b[0] = Math.log(ybar);
  const eta = new Float64Array(n), mu = new Float64Array(n), wq = new Float64Array(n), wz = new Float64Array(n), wx = new Float64Array(n);
  const G = new Float64Array(q * q), c = new Float64Array(q);
  const dev = () => {
    let d = 0;
    if (ylogy) { for (let i = 0; i < n; i++) if (v[i] > 0) d += v[i] * 2 * (ylogy[i] - y[i] * eta[i] - y[i] + mu[i]); }
    else for (let i = 0; i < n; i++) if (v[i] > 0) d += v[i] * fam.deviance(y[i], mu[i]);
    return d;
  };
  const predict = () => {
    eta.fill(b[0]);
    for (let a = 1; a < q; a++) {
      const ba = b[a];
      if (ba === 0) continue;
      const x = cols[a];
      for (let i = 0; i < n; i++) eta[i] += ba * x[i];
    }
    for (let i = 0; i < n; i++) mu[i] = Math.exp(eta[i]);
  };
  /** Gram matrix G = XᵀWX and c = XᵀWz of the quadratic approximation at the current fit. */
  const gram = () => {
    for (let i = 0; i < n; i++) {
      const w = v[i] === 0 ? 0 : v[i] * fam.weight(mu[i]);
      wq[i] = w;
      wz[i] = w === 0 ? 0 : w * (eta[i] + (y[i] - mu[i]) / mu[i]);
    }
    for (let a = 0; a < q; a++) {
      const xa = cols[a];
      let ca = 0;
      for (let i = 0; i < n; i++) { const t = wq[i] * xa[i]; wx[i] = t; ca += wz[i] * xa[i]; }
      c[a] = ca;
      for (let d = a; d < q; d++) {
        const xd = cols[d];
        let t = 0;
        for (let i = 0; i < n; i++) t += wx[i] * xd[i];
        G[a * q + d] = t;
        G[d * q + a] = t;
      }
    }
  };
  /** Penalty factor of coordinate a (0 for the intercept). */
  const pfa = Float64Array.from({ length: q }, (_, a) => (a === 0 ? 0 : pf[liveIdx[a - 1]]));
  const free = liveIdx.some((j) => pf[j] === 0);
  /** Minimises the penalised objective at λ from the current b (λ = ∞ fits only the unpenalised coordinates). */
  const solveAt = (lam: number) => {
    // The penalised objective (deviance/2 is −mean log-likelihood up to a constant).
    const objective = (d: number) => {
      let pen = 0;
      for (let a = 1; a < q; a++) if (pfa[a] > 0) pen += pfa[a] * (((1 - o.alpha) / 2) * b[a] * b[a] + o.alpha * Math.abs(b[a]));
      return d / 2 + (pen === 0 ? 0 : lam * pen);
    };
    let devOld = dev();
    let objOld = objective(devOld);
    for (let outer = 0; outer < 100; outer++) {
      gram();
      const prev = Float64Array.from(b);
      for (let sweep = 0; sweep < 10000; sweep++) {
        let maxChange = 0;
        for (let a = 0; a < q; a++) {
          let g = c[a];
          for (let d = 0; d < q; d++) if (d !== a) g -= G[a * q + d] * b[d];
          const gaa = G[a * q + a];
          const f = pfa[a];
          const nb = f === 0 ? g / gaa : lam === Infinity ? 0 : soft(g, lam * o.alpha * f) / (gaa + lam * (1 - o.alpha) * f);
          const ch = gaa * (nb - b[a]) ** 2;
          if (ch > maxChange) maxChange = ch;
          b[a] = nb;
        }
        if (maxChange < 1e-13 * nullDev) break;
      }
      predict();
      let d = dev();
      let obj = objective(d);
      // Step halving when the quadratic step overshot (the objective clearly went up).
      for (let h = 0; h < 30 && !(Number.isFinite(obj) && obj <= objOld + 1e-9 * Math.abs(objOld)); h++) {
        for (let a = 0; a < q; a++) b[a] = (b[a] + prev[a]) / 2;
        predict();
        d = dev();
        obj = objective(d);
      }
      // Converged when the step moved no coefficient noticeably (glmnet's weighted rule) or the
      // objective stopped changing.
      let moved = 0;
      for (let a = 0; a < q; a++) moved = Math.max(moved, G[a * q + a] * (b[a] - prev[a]) ** 2);
      const done = moved < 1e-9 * nullDev || Math.abs(objOld - obj) < 1e-9 * nullDev;
      devOld = d;
      objOld = obj;
      if (done) break;
    }
    return devOld;
  };
  predict();
  if (free) solveAt(Infinity);
  let lambdas = o.lambdas;
  if (!lambdas) {
    let lmax = 0;
    if (!free) {
      const scale = fam.weight(ybar) / ybar;
      for (let j = 0; j < p; j++) {
        if (!live[j]) continue;
        let g = 0;
        for (let i = 0; i < n; i++) g += v[i] * xs[j][i] * (y[i] - ybar);
        lmax = Math.max(lmax, Math.abs(g * scale));
      }
    } else {
      // The score of each penalised column at the fit of the intercept and the unpenalised ones.
      for (let j = 0; j < p; j++) {
        if (!live[j] || pf[j] === 0) continue;
        let g = 0;
        for (let i = 0; i < n; i++) g += v[i] * xs[j][i] * (y[i] - mu[i]) * (fam.weight(mu[i]) / mu[i]);
        lmax = Math.max(lmax, Math.abs(g) / pf[j]);
      }
    }
    // A hair above the exact value, so rounding cannot leave a factor at ±1e-15 at the first λ.
    lmax = (lmax / o.alpha) * (1 + 1e-9);
    const m = o.nLambda ?? 100;
    const ratio = o.lambdaMinRatio ?? (n > p ? 1e-4 : 1e-2);
    lambdas = Float64Array.from({ length: m }, (_, k) => lmax * Math.pow(ratio, k / Math.max(1, m - 1)));
  }
  const L = lambdas.length;
  const out: PenalisedPath = { lambdas: Float64Array.from(lambdas), intercepts: new Float64Array(L), betas: [], deviance: new Float64Array(L), devRatio: new Float64Array(L), nonZero: new Int32Array(L) };
  let last = L;
  for (let l = 0; l < L; l++) {
    const devOld = solveAt(lambdas[l]);
    const beta = new Float64Array(p);
    let b0 = b[0], nz = 0;
    liveIdx.forEach((j, a) => {
      if (b[a + 1] === 0) return;
      beta[j] = b[a + 1] / sd[j];
      b0 -= beta[j] * mean[j];
      nz++;
    });
    out.betas.push(beta);
    out.intercepts[l] = b0;
    out.deviance[l] = devOld * vsum;
    out.devRatio[l] = 1 - devOld / nullDev;
    out.nonZero[l] = nz;
    if (o.stopEarly !== false && l > 0 && (out.devRatio[l] - out.devRatio[l - 1] < 1e-5 * out.devRatio[l] || out.devRatio[l] > 0.999)) { last = l + 1; break; }
  }
  if (last < L) {
    out.lambdas = out.lambdas.slice(0, last);
    out.intercepts = out.intercepts.slice(0, last);
    out.deviance = out.deviance.slice(0, last);
    out.devRatio = out.devRatio.slice(0, last);
    out.nonZero = out.nonZero.slice(0, last);
  }
  return out;
}

/** The cross-validation curve and the chosen λ values. */
export interface CrossValidation {
  folds: number;
  seed: number;
  lambdas: Float64Array;
  /** Mean held-out deviance per cell, and its standard error across folds, per λ. */
  cvm: Float64Array;
  cvsd: Float64Array;
  indexMin: number;
  index1se: number;
  lambdaMin: number;
  lambda1se: number;
}

/** The fold of each cell: a seeded shuffle of the cells, fold = position mod K. */
export function assignFolds(n: number, folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 3 || folds > n) throw new RangeError(`Folds must be a whole number 3–${n}, got ${folds}`);
  const order = shuffle(Int32Array.from({ length: n }, (_, i) => i), rng(seed));
  const fold = new Int32Array(n);
  order.forEach((i, pos) => { fold[i] = pos % folds; });
  return fold;
}

/**
 * Held-out mean deviance per λ of fold k: the path fitted without fold k, scored on it. Folds
 * are independent jobs (a caller may run them in parallel workers and combine with
 * `summariseFolds`).
 */
export function foldCurve(y: ArrayLike<number>, columns: readonly Float64Array[], o: PathOptions, lambdas: Float64Array, fold: Int32Array, k: number): Float64Array {
  const n = y.length;
  const w = new Float64Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) if (fold[i] !== k) w[i] = 1; else size++;
  const fit = penalisedPath(y, columns, { ...o, weights: w, lambdas, stopEarly: false });
  const out = new Float64Array(lambdas.length);
  const eta = new Float64Array(n);
  for (let l = 0; l < lambdas.length; l++) {
    const beta = fit.betas[l];
    eta.fill(fit.intercepts[l]);
    columns.forEach((c, j) => { if (beta[j] !== 0) for (let i = 0; i < n; i++) if (fold[i] === k) eta[i] += beta[j] * c[i]; });
    let d = 0;
    for (let i = 0; i < n; i++) if (fold[i] === k) d += o.family.deviance(y[i], Math.exp(eta[i]));
    out[l] = d / size;
  }
  return out;
}

/** Combines fold curves: cvm (fold-size weighted mean), its standard error, λ_min and λ_1se. */
export function summariseFolds(lambdas: Float64Array, curves: readonly Float64Array[], fold: Int32Array, seed: number): CrossValidation {
  const K = curves.length, L = lambdas.length, n = fold.length;
  const size = new Float64Array(K);
  for (let i = 0; i < n; i++) size[fold[i]]++;
  const cvm = new Float64Array(L), cvsd = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let m = 0;
    for (let k = 0; k < K; k++) m += (size[k] / n) * curves[k][l];
    let s = 0;
    for (let k = 0; k < K; k++) s += (size[k] / n) * (curves[k][l] - m) ** 2;
    cvm[l] = m;
    cvsd[l] = Math.sqrt(s / (K - 1));
  }
  let iMin = 0;
  for (let l = 1; l < L; l++) if (cvm[l] < cvm[iMin]) iMin = l;
  let i1 = iMin;
  for (let l = 0; l < iMin; l++) if (cvm[l] <= cvm[iMin] + cvsd[iMin]) { i1 = l; break; }
  return { folds: K, seed, lambdas, cvm, cvsd, indexMin: iMin, index1se: i1, lambdaMin: lambdas[iMin], lambda1se: lambdas[i1] };
}

/** The full-data path and K-fold cross-validation over its λ values (folds run in turn). */
export function crossValidate(y: ArrayLike<number>, columns: readonly Float64Array[], o: PathOptions & { folds?: number; seed: number; onProgress?: (fraction: number) => void }): { path: PenalisedPath; cv: CrossValidation } {
  const K = o.folds ?? 10;
  const fold = assignFolds(y.length, K, o.seed);
  const path = penalisedPath(y, columns, o);
  o.onProgress?.(1 / (K + 1));
  const curves: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    curves.push(foldCurve(y, columns, o, path.lambdas, fold, k));
    o.onProgress?.((k + 2) / (K + 1));
  }
  return { path, cv: summariseFolds(path.lambdas, curves, fold, o.seed) };
}
