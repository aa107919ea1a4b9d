/**
 * Issue #5 parity: the unpenalised Poisson regression of Chicago burglary 2017 counts on the seven
 * k = 1 environmental terms matches R 4.2.2 `glm(count ~ ., family = poisson)` —
 * ../shared/reference/risk/chi_burg2017_r9_env_k1_poisson.csv (estimates and standard errors to
 * 1e-6 relative) and …_poisson_fit.json (deviance, null deviance, AIC to 1e-9 relative,
 * residual df exactly). Plus small checks of the NB2 fit and the special functions.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { fitGlm, fitNegBin, fitPoisson, thetaML } from '../../src/lib/analysis/risk/glm';
import { POISSON } from '../../src/lib/analysis/risk/family';
import { digamma, lgamma, normalTwoSidedP, trigamma } from '../../src/lib/analysis/risk/special';
import { rng } from '../../src/lib/analysis/random';
import { shared } from '../helpers/paths';

/** Reads the reference CSV of cells, counts and terms (a test fixture, plain numbers). */
function readRiskReference(): { cells: string[]; count: Float64Array; names: string[]; terms: Float64Array[] } {
  const lines = fs.readFileSync(shared('reference/risk/chi_burg2017_r9_env_k1.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  return {
    cells: rows.map((r) => r[0]),
    count: Float64Array.from(rows, (r) => Number(r[1])),
    names: head.slice(2),
    terms: head.slice(2).map((_, j) => Float64Array.from(rows, (r) => Number(r[j + 2]))),
  };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('Poisson IRLS parity with R glm (issue #5)', () => {
  const ref = readRiskReference();
  const est = fs.readFileSync(shared('reference/risk/chi_burg2017_r9_env_k1_poisson.csv'), 'utf8').trim().split('\n').slice(1).map((l) => {
    const [term, e, se, z, rr] = l.split(',');
    return { term: term.replaceAll('"', ''), e: Number(e), se: Number(se), z: Number(z), rr: Number(rr) };
  });
  const fitRef = JSON.parse(fs.readFileSync(shared('reference/risk/chi_burg2017_r9_env_k1_poisson_fit.json'), 'utf8'));

  it('matches estimates and standard errors to 1e-6 relative, deviance and AIC to 1e-9', () => {
    expect(ref.cells.length).toBe(5351);
    const fit = fitPoisson(ref.count, ref.terms);
    expect(fit.converged).toBe(true);
    expect(est.map((r) => r.term)).toEqual(['(Intercept)', ...ref.names]);
    let maxE = 0, maxSe = 0;
    est.forEach((r, j) => {
      maxE = Math.max(maxE, rel(fit.coefficients[j], r.e));
      maxSe = Math.max(maxSe, rel(fit.standardErrors[j], r.se));
      expect(rel(fit.z[j], r.z)).toBeLessThan(1e-6);
      expect(rel(Math.exp(fit.coefficients[j]), r.rr)).toBeLessThan(1e-6);
    });
    console.log(`risk parity: max relative error estimates ${maxE.toExponential(2)}, SEs ${maxSe.toExponential(2)}; deviance ${fit.deviance} (R ${fitRef.deviance}), AIC ${fit.aic} (R ${fitRef.aic}), iterations ${fit.iterations}`);
    expect(maxE).toBeLessThan(1e-6);
    expect(maxSe).toBeLessThan(1e-6);
    expect(rel(fit.deviance, fitRef.deviance)).toBeLessThan(1e-9);
    expect(rel(fit.nullDeviance, fitRef.null_deviance)).toBeLessThan(1e-9);
    expect(rel(fit.aic, fitRef.aic)).toBeLessThan(1e-9);
    expect(fit.dfResidual).toBe(fitRef.df_residual);
  });

  it('gives the same estimates when a term is rescaled (scale invariance of the QR solve)', () => {
    const scaled = ref.terms.map((t, j) => (j === 3 ? t.map((v) => v * 1000) : t));
    const a = fitPoisson(ref.count, ref.terms);
    const b = fitPoisson(ref.count, scaled);
    expect(rel(b.coefficients[4] * 1000, a.coefficients[4])).toBeLessThan(1e-9);
    expect(rel(b.deviance, a.deviance)).toBeLessThan(1e-12);
  });
});

describe('negative binomial NB2', () => {
  it('recovers θ and β from simulated NB2 counts', () => {
    const r = rng(11);
    const n = 4000, theta = 2.5;
    const x = Float64Array.from({ length: n }, () => r.next() * 2 - 1);
    const y = new Float64Array(n);
    // Gamma–Poisson mixture: λ ~ Gamma(θ, μ/θ), y ~ Poisson(λ).
    const gamma = (k: number) => { // Marsaglia–Tsang, k ≥ 1
      const d = k - 1 / 3, c = 1 / Math.sqrt(9 * d);
      for (;;) {
        let z: number, v: number;
        do { z = Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next()); v = 1 + c * z; } while (v <= 0);
        v = v * v * v;
        if (Math.log(1 - r.next()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
      }
    };
    for (let i = 0; i < n; i++) {
      const mu = Math.exp(0.5 + 0.8 * x[i]);
      const lam = (gamma(theta) * mu) / theta;
      let k = 0, p = Math.exp(-lam), s = p;
      const u = r.next();
      while (u > s && k < 10000) { k++; p *= lam / k; s += p; }
      y[i] = k;
    }
    const nb = fitNegBin(y, [x]);
    expect(nb.family).toBe('negbin');
    expect(Math.abs(nb.coefficients[1] - 0.8)).toBeLessThan(4 * nb.standardErrors[1]);
    expect(Math.abs(nb.theta! - theta)).toBeLessThan(4 * nb.thetaSE!);
    // θ̂ maximises the likelihood: the score is zero at the fitted means.
    expect(Math.abs(thetaML(y, nb.fitted, nb.theta!).theta - nb.theta!)).toBeLessThan(1e-6 * nb.theta!);
    const po = fitGlm(y, [x], POISSON);
    // Over-dispersion: NB2 fits far better and its standard errors are wider.
    expect(nb.aic).toBeLessThan(po.aic - 100);
    expect(nb.standardErrors[1]).toBeGreaterThan(po.standardErrors[1]);
  });
});

describe('special functions', () => {
  it('agree with known values', () => {
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(lgamma(101)).toBeCloseTo(363.73937555556347, 10);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 13);
    expect(normalTwoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSidedP(0)).toBeCloseTo(1, 14);
    expect(rel(normalTwoSidedP(8), 1.2441921148543082e-15)).toBeLessThan(1e-9);
  });
});
