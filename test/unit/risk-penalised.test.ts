/**
 * Issue #5 item 3: the glmnet-style lasso / elastic-net path — λ_max zeroes every factor, the
 * Karush–Kuhn–Tucker conditions hold along the path, a vanishing λ gives the unpenalised MLE,
 * cross-validation is reproducible from its seed, and on simulated counts the 1-SE rule keeps
 * the real factors and drops the noise. Penalty factors (glmnet's penalty.factor): a column with
 * factor 0 is unpenalised — at λ_max the path is the plain fit of the intercept and that column,
 * every other coefficient is 0 there and not below it — and a model's control layer is always kept.
 */
import { describe, expect, it } from 'vitest';
import { penalisedPath, crossValidate } from '../../src/lib/analysis/risk/penalised';
import { POISSON, negativeBinomial } from '../../src/lib/analysis/risk/family';
import { fitGlm, fitPoisson } from '../../src/lib/analysis/risk/glm';
import { fitRiskModel } from '../../src/lib/analysis/risk/model';
import type { Design } from '../../src/lib/analysis/risk/design';
import { rng } from '../../src/lib/analysis/random';

/** Poisson draws by inversion (small means). */
function poisson(mu: number, u: () => number): number {
  let k = 0, p = Math.exp(-mu), s = p;
  const x = u();
  while (x > s && k < 1000) { k++; p *= mu / k; s += p; }
  return k;
}

function simulate(n: number, seed: number) {
  const r = rng(seed);
  const cols = Array.from({ length: 6 }, (_, j) => Float64Array.from({ length: n }, () => Math.floor(r.next() * (j + 3))));
  // Correlate a noise factor with a real one, as co-located features are.
  for (let i = 0; i < n; i++) cols[4][i] += cols[0][i];
  const beta = [0.25, -0.2, 0.15, 0, 0, 0];
  const y = Float64Array.from({ length: n }, (_, i) => poisson(Math.exp(-0.5 + beta.reduce((s, b, j) => s + b * cols[j][i], 0)), () => r.next()));
  return { cols, y, beta };
}

const design = (cols: Float64Array[]): Design => ({ names: cols.map((_, j) => `f${j}`), kinds: cols.map(() => 'count'), units: cols.map(() => ''), columns: cols, spec: {}, k: 1 });

describe('penalised Poisson path', () => {
  const { cols, y } = simulate(1500, 21);

  it('starts with every factor at zero and satisfies the KKT conditions along the path', () => {
    for (const alpha of [1, 0.5]) {
      const path = penalisedPath(y, cols, { family: POISSON, alpha, nLambda: 30, stopEarly: false });
      expect(Array.from(path.betas[0])).toEqual([0, 0, 0, 0, 0, 0]);
      expect(path.nonZero[1]).toBeGreaterThan(0);
      const n = y.length;
      for (const l of [5, 15, 29]) {
        const lam = path.lambdas[l];
        const mu = Float64Array.from({ length: n }, (_, i) => Math.exp(path.intercepts[l] + cols.reduce((s, c, j) => s + path.betas[l][j] * c[i], 0)));
        cols.forEach((c, j) => {
          const m = c.reduce((s, v) => s + v, 0) / n;
          const sd = Math.sqrt(c.reduce((s, v) => s + (v - m) ** 2, 0) / n);
          let g = 0;
          for (let i = 0; i < n; i++) g += ((c[i] - m) / sd) * (y[i] - mu[i]);
          g /= n;
          const b = path.betas[l][j] * sd;
          if (b === 0) expect(Math.abs(g)).toBeLessThanOrEqual(lam * alpha * (1 + 1e-4) + 1e-7);
          else expect(Math.abs(g - lam * ((1 - alpha) * b + alpha * Math.sign(b)))).toBeLessThan(1e-4 * lam + 1e-7); // to the convergence tolerance
        });
      }
    }
  });

  it('approaches the unpenalised fit as λ → 0', () => {
    const mle = fitPoisson(y, cols);
    const path = penalisedPath(y, cols, { family: POISSON, alpha: 1, lambdas: Float64Array.of(1e-9) });
    expect(Math.abs(path.intercepts[0] - mle.coefficients[0])).toBeLessThan(1e-5);
    cols.forEach((_, j) => expect(Math.abs(path.betas[0][j] - mle.coefficients[j + 1])).toBeLessThan(1e-5));
  });

  it('cross-validates reproducibly from the seed', () => {
    const a = crossValidate(y, cols, { family: POISSON, alpha: 1, folds: 5, seed: 3, nLambda: 20 });
    const b = crossValidate(y, cols, { family: POISSON, alpha: 1, folds: 5, seed: 3, nLambda: 20 });
    const c = crossValidate(y, cols, { family: POISSON, alpha: 1, folds: 5, seed: 4, nLambda: 20 });
    expect(Array.from(a.cv.cvm)).toEqual(Array.from(b.cv.cvm));
    expect(Array.from(a.cv.cvm)).not.toEqual(Array.from(c.cv.cvm));
    expect(a.cv.seed).toBe(3);
    expect(a.cv.lambda1se).toBeGreaterThanOrEqual(a.cv.lambdaMin);
    expect(a.cv.cvm[a.cv.index1se]).toBeLessThanOrEqual(a.cv.cvm[a.cv.indexMin] + a.cv.cvsd[a.cv.indexMin]);
  });

  it('keeps the real factors and drops the noise (lasso, 1-SE rule), then refits them unpenalised', () => {
    const m = fitRiskModel(y, design(cols), { penalty: 'lasso', seed: 1 });
    expect(m.factors.map((f) => f.selected)).toEqual([true, true, true, true, false, false, false]);
    expect(m.fit.rule).toBe('1se');
    expect(m.fit.selected).toBe(3);
    const refit = fitPoisson(y, cols.slice(0, 3));
    m.factors.slice(1, 4).forEach((f, j) => {
      expect(f.coefficient).toBeCloseTo(refit.coefficients[j + 1], 10);
      expect(f.standardError).toBeCloseTo(refit.standardErrors[j + 1], 10);
      expect(Math.abs(f.penalisedCoefficient!)).toBeLessThan(Math.abs(f.coefficient));
      const [lo, hi] = f.relativeRiskInterval!;
      expect(lo).toBeLessThan(f.relativeRisk);
      expect(hi).toBeGreaterThan(f.relativeRisk);
    });
    for (const f of m.factors.slice(4)) expect(f).toMatchObject({ coefficient: 0, relativeRisk: 1, standardError: null, relativeRiskInterval: null });
  });

  it('runs the NB2 family along the path (θ fixed) and reports a constant factor as not estimable', () => {
    const path = penalisedPath(y, cols, { family: negativeBinomial(5), alpha: 1, nLambda: 10 });
    expect(path.devRatio[path.devRatio.length - 1]).toBeGreaterThan(0);
    const withConst = design([...cols.slice(0, 3), new Float64Array(y.length).fill(2)]);
    const m = fitRiskModel(y, withConst, { model: 'negbin' });
    expect(m.factors[4]).toMatchObject({ selected: false, coefficient: 0 });
    expect(m.factors[4].note).toMatch(/same in every cell/);
    expect(m.fit.theta).toBeGreaterThan(10); // simulated as Poisson: little over-dispersion
  });
});

describe('penalty factors and controls', () => {
  const { cols, y } = simulate(1500, 21);

  it('leaves a column with penalty factor 0 unpenalised: at λ_max the fit is the plain fit of the intercept and that column', () => {
    for (const family of [POISSON, negativeBinomial(4)]) {
      for (const alpha of [1, 0.5]) {
        const pf = [1, 1, 1, 1, 0, 1]; // column 4 (noise correlated with column 0) is the control
        const path = penalisedPath(y, cols, { family, alpha, nLambda: 25, stopEarly: false, penaltyFactors: pf });
        const plain = fitGlm(y, [cols[4]], family);
        expect(Math.abs(path.intercepts[0] - plain.coefficients[0])).toBeLessThan(1e-6);
        expect(Math.abs(path.betas[0][4] - plain.coefficients[1])).toBeLessThan(1e-6);
        for (const j of [0, 1, 2, 3, 5]) expect(path.betas[0][j]).toBe(0);
        // λ_max is the smallest such λ: just below it a penalised factor enters.
        expect(path.nonZero[1]).toBeGreaterThan(1);
        // The control stays in along the whole path.
        for (let l = 0; l < path.lambdas.length; l++) expect(path.betas[l][4]).not.toBe(0);
        // KKT for the penalised columns at a mid-path λ, with the NB2 score (y − μ)/(1 + μ/θ).
        const l = 12, lam = path.lambdas[l], n = y.length;
        const mu = Float64Array.from({ length: n }, (_, i) => Math.exp(path.intercepts[l] + cols.reduce((s, c, j) => s + path.betas[l][j] * c[i], 0)));
        cols.forEach((c, j) => {
          const m = c.reduce((s, v) => s + v, 0) / n;
          const sd = Math.sqrt(c.reduce((s, v) => s + (v - m) ** 2, 0) / n);
          let g = 0;
          for (let i = 0; i < n; i++) g += ((c[i] - m) / sd) * (y[i] - mu[i]) * (family.weight(mu[i]) / mu[i]);
          g /= n;
          const b = path.betas[l][j] * sd, f = pf[j];
          // To the solver's convergence tolerance (a few 1e-4 of λ).
          if (f === 0) expect(Math.abs(g)).toBeLessThan(5e-4 * lam + 1e-7);
          else if (b === 0) expect(Math.abs(g)).toBeLessThanOrEqual(lam * alpha * (1 + 5e-4) + 1e-7);
          else expect(Math.abs(g - lam * ((1 - alpha) * b + alpha * Math.sign(b)))).toBeLessThan(5e-4 * lam + 1e-7);
        });
      }
    }
    expect(() => penalisedPath(y, cols, { family: POISSON, alpha: 1, penaltyFactors: [1, 1] })).toThrow(/6 columns but 2 penalty factors/);
    expect(() => penalisedPath(y, cols, { family: POISSON, alpha: 1, penaltyFactors: [1, 1, 1, 1, -1, 1] })).toThrow(/≥ 0/);
  });

  it('keeps a control layer in a lasso model, labels it, and says it is held fixed', () => {
    const d = { ...design(cols), controls: [false, false, false, false, false, true] };
    const m = fitRiskModel(y, d, { penalty: 'lasso', seed: 1 });
    expect(m.factors[6]).toMatchObject({ term: 'f5', role: 'control', selected: true });
    expect(m.factors[6].note).toMatch(/control/);
    expect(m.factors.slice(1, 6).every((f) => f.role === 'factor')).toBe(true);
    // The real factors are still found; the noise column is still dropped.
    expect(m.factors.slice(1, 6).map((f) => f.selected)).toEqual([true, true, true, false, false]);
    const refit = fitPoisson(y, [cols[0], cols[1], cols[2], cols[5]]);
    expect(m.factors[6].coefficient).toBeCloseTo(refit.coefficients[4], 10);
    const plain = fitRiskModel(y, design(cols), { penalty: 'lasso', seed: 1 });
    expect(plain.factors[6]).toMatchObject({ selected: false, role: 'factor' });
  });
});
