/**
 * Count-model families with the log link (McCullagh & Nelder 1989, Generalized Linear Models,
 * 2nd ed., §2.2, §6.2; Hilbe 2011, Negative Binomial Regression, 2nd ed., §8 for NB2):
 * - Poisson: Var(Y) = μ;
 * - negative binomial NB2 with shape θ: Var(Y) = μ + μ²/θ (θ → ∞ gives the Poisson).
 * For the log link dμ/dη = μ, so the IRLS working weight is μ²/Var = μ/(1 + μ/θ) and the
 * working response η + (y − μ)/μ.
 */
import { lgamma, logFactorial } from './special';

/** A count family under the log link. */
export interface Family {
  name: 'poisson' | 'negbin';
  /** NB2 shape; Infinity for the Poisson. */
  theta: number;
  /** IRLS weight μ² / Var(μ) for the log link. */
  weight(mu: number): number;
  /** Unit deviance d(y, μ) (twice the log-likelihood ratio against the saturated model). */
  deviance(y: number, mu: number): number;
  /** Log-likelihood of one observation. */
  logLik(y: number, mu: number): number;
}

/** y·ln(y/μ), 0 at y = 0. */
const ylog = (y: number, mu: number) => (y > 0 ? y * Math.log(y / mu) : 0);

/** The Poisson family. */
export const POISSON: Family = {
  name: 'poisson',
  theta: Infinity,
  weight: (mu) => mu,
  deviance: (y, mu) => 2 * (ylog(y, mu) - (y - mu)),
  logLik: (y, mu) => (y > 0 ? y * Math.log(mu) : 0) - mu - logFactorial(y),
};

/** The NB2 family with a fixed θ (> 0). */
export function negativeBinomial(theta: number): Family {
  if (!(theta > 0)) throw new RangeError(`θ must be positive, got ${theta}`);
  const lgTheta = lgamma(theta);
  return {
    name: 'negbin',
    theta,
    weight: (mu) => mu / (1 + mu / theta),
    deviance: (y, mu) => 2 * (ylog(y, mu) - (y + theta) * Math.log((y + theta) / (mu + theta))),
    logLik: (y, mu) =>
      lgamma(y + theta) - lgTheta - logFactorial(y) - theta * Math.log1p(mu / theta) + (y > 0 ? y * Math.log(mu / (mu + theta)) : 0),
  };
}
