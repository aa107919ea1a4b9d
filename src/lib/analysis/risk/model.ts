/**
 * The risk-terrain model: counts per cell regressed on the layers' terms, Poisson or NB2, with
 * optional lasso / elastic-net selection chosen by cross-validation, and a factor table of
 * coefficient, standard error, relative risk value exp(β) with its 95 % Wald interval, and
 * whether the factor was selected (Caplan & Kennedy 2016, Risk Terrain Modeling, ch. 4: RTM's
 * relative risk values are exp(β) of the final, unpenalised model on the selected factors).
 *
 * - penalty `none`: the model on every factor (glm.ts); all are "selected".
 * - penalty `lasso` (α = 1) or `elastic-net` (α default 0.5): the path and K-fold CV of
 *   penalised.ts pick λ (rule `1se` by default — the largest λ within one standard error of the
 *   best, which favours fewer factors — or `min`); the factors with β(λ) ≠ 0 are selected and
 *   the unpenalised model is refitted on them, which gives the reported coefficients, SEs and
 *   intervals (the penalised β is kept as `penalisedCoefficient`). For NB2 the path uses θ from
 *   the unpenalised NB2 fit on every factor (glmnet has no NB2 family; θ is fixed along the path)
 *   and the refit re-estimates θ.
 * Every p-value is the Wald test of βⱼ = 0; after selection it ignores the selection step, so it
 * is optimistic (post-selection inference), as in RTMDx.
 * Control layers (design.ts `controls`) are unpenalised on the path (penalty factor 0), so they
 * are always selected; their rows carry `role: 'control'`.
 * A factor whose column is constant over the cells (e.g. no features nearby) cannot be estimated:
 * it is left out and reported with a note.
 */
import type { ColumnKind, Design } from './design';
import { negativeBinomial, POISSON } from './family';
import { fitNegBin, fitPoisson, type GlmFit } from './glm';
import { crossValidate, type CrossValidation } from './penalised';
import { Z975 } from './special';

/** The count model. */
export type ModelFamily = 'poisson' | 'negbin';
/** Factor selection: none, lasso (α = 1) or elastic net. */
export type Penalty = 'none' | 'lasso' | 'elastic-net';

/** Options of a risk-terrain model fit. */
export interface RiskModelOptions {
  model?: ModelFamily;
  penalty?: Penalty;
  /** Elastic-net mixing α (default 0.5; the lasso is α = 1). */
  alpha?: number;
  /** Cross-validation folds (default 10) and seed (default 1). */
  folds?: number;
  seed?: number;
  /** λ rule (default `1se`). */
  rule?: 'min' | '1se';
  nLambda?: number;
  onProgress?: (fraction: number) => void;
}

/** One row of the factor table (intercept first). */
export interface FactorResult {
  /** Feature type, or `intercept`. */
  term: string;
  kind: ColumnKind | 'intercept';
  unit: string;
  coefficient: number;
  standardError: number | null;
  z: number | null;
  pValue: number | null;
  relativeRisk: number;
  relativeRiskInterval: [number, number] | null;
  selected: boolean;
  /** The coefficient at the chosen λ (penalised fits only). */
  penalisedCoefficient: number | null;
  /** A risk factor, or a control (a control layer or a spatial-trend column). */
  role: 'factor' | 'control';
  note?: string;
}

/** Fit statistics of the final (unpenalised) model and how it was chosen. */
export interface RiskFitSummary {
  model: ModelFamily;
  penalty: Penalty;
  cells: number;
  incidents: number;
  deviance: number;
  nullDeviance: number;
  aic: number;
  logLik: number;
  dfResidual: number;
  iterations: number;
  converged: boolean;
  theta: number | null;
  thetaSE: number | null;
  alpha: number | null;
  lambda: number | null;
  rule: 'min' | '1se' | null;
  folds: number | null;
  seed: number | null;
  selected: number;
}

/** A fitted risk-terrain model. */
export interface RiskModel {
  factors: FactorResult[];
  fit: RiskFitSummary;
  /** For prediction: intercept and one coefficient per design column (0 when not selected). */
  intercept: number;
  beta: Float64Array;
  /** Covariance of (intercept, β…) in design order, row-major (p + 1)²; zeros for unselected. */
  covariance: Float64Array;
  /** The design's factor names, kinds and units, in column order. */
  names: string[];
  kinds: ColumnKind[];
  cv: CrossValidation | null;
}

/** Fits the model and builds the factor table. */
export function fitRiskModel(counts: ArrayLike<number>, design: Design, o: RiskModelOptions = {}): RiskModel {
  const family = o.model ?? 'poisson';
  const penalty = o.penalty ?? 'none';
  const p = design.columns.length;
  const y = Float64Array.from(counts as ArrayLike<number>);
  const fitWith = (cols: Float64Array[]) => (family === 'negbin' ? fitNegBin(y, cols) : fitPoisson(y, cols));
  const constant = design.columns.map((c) => c.every((v) => v === c[0]));
  const usable = design.columns.map((_, j) => j).filter((j) => !constant[j]);
  const isControl = (j: number) => design.controls?.[j] === true;
  let chosen = usable;
  let cv: CrossValidation | null = null;
  let penalised: Float64Array | null = null;
  let alpha: number | null = null;
  let lambda: number | null = null;
  if (penalty !== 'none') {
    alpha = penalty === 'lasso' ? 1 : o.alpha ?? 0.5;
    const seed = o.seed ?? 1;
    const theta = family === 'negbin' ? fitNegBin(y, usable.map((j) => design.columns[j])).theta! : Infinity;
    const fam = family === 'negbin' ? negativeBinomial(theta) : POISSON;
    const penaltyFactors = usable.some(isControl) ? usable.map((j) => (isControl(j) ? 0 : 1)) : undefined;
    const r = crossValidate(y, usable.map((j) => design.columns[j]), { family: fam, alpha, folds: o.folds, seed, nLambda: o.nLambda, onProgress: o.onProgress, penaltyFactors });
    cv = r.cv;
    const at = (o.rule ?? '1se') === 'min' ? cv.indexMin : cv.index1se;
    lambda = cv.lambdas[at];
    penalised = new Float64Array(p);
    usable.forEach((j, u) => { penalised![j] = r.path.betas[at][u]; });
    chosen = usable.filter((j) => penalised![j] !== 0 || isControl(j));
  }
  const fit: GlmFit = fitWith(chosen.map((j) => design.columns[j]));
  const beta = new Float64Array(p);
  const q = chosen.length + 1;
  const covariance = new Float64Array((p + 1) * (p + 1));
  const pos = [0, ...chosen.map((j) => j + 1)];
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) covariance[pos[a] * (p + 1) + pos[b]] = fit.covariance[a * q + b];
  chosen.forEach((j, u) => { beta[j] = fit.coefficients[u + 1]; });
  const roleOf = (j: number): FactorResult['role'] => (isControl(j) || design.kinds[j] === 'trend' ? 'control' : 'factor');
  const row = (term: string, kind: ColumnKind | 'intercept', unit: string, u: number, pen: number | null, role: FactorResult['role']): FactorResult => {
    const b = fit.coefficients[u], se = fit.standardErrors[u];
    return { term, kind, unit, coefficient: b, standardError: se, z: fit.z[u], pValue: fit.p[u], relativeRisk: Math.exp(b), relativeRiskInterval: [Math.exp(b - Z975 * se), Math.exp(b + Z975 * se)], selected: true, penalisedCoefficient: pen, role };
  };
  const CONTROL_NOTE = 'A control: always in the model and held fixed in what-if scenarios; its value is not a risk factor.';
  const factors: FactorResult[] = [row('intercept', 'intercept', 'expected incidents in a cell with every term 0', 0, null, 'factor')];
  for (let j = 0; j < p; j++) {
    const u = chosen.indexOf(j);
    if (u >= 0) {
      const r = row(design.names[j], design.kinds[j], design.units[j], u + 1, penalised ? penalised[j] : null, roleOf(j));
      if (isControl(j)) r.note = CONTROL_NOTE;
      factors.push(r);
      continue;
    }
    factors.push({
      term: design.names[j], kind: design.kinds[j], unit: design.units[j], coefficient: 0, standardError: null, z: null, pValue: null,
      relativeRisk: 1, relativeRiskInterval: null, selected: false, penalisedCoefficient: penalised ? 0 : null, role: roleOf(j),
      note: constant[j] ? 'The term is the same in every cell, so its effect cannot be estimated.' : 'Not selected: its penalised coefficient is 0 at the chosen λ.',
    });
  }
  let incidents = 0;
  for (let i = 0; i < y.length; i++) incidents += y[i];
  return {
    factors,
    fit: {
      model: family, penalty, cells: y.length, incidents, deviance: fit.deviance, nullDeviance: fit.nullDeviance, aic: fit.aic, logLik: fit.logLik,
      dfResidual: fit.dfResidual, iterations: fit.iterations, converged: fit.converged, theta: fit.theta, thetaSE: fit.thetaSE,
      alpha, lambda, rule: penalty === 'none' ? null : o.rule ?? '1se', folds: cv ? cv.folds : null, seed: cv ? cv.seed : null, selected: chosen.length,
    },
    intercept: fit.coefficients[0], beta, covariance, names: [...design.names], kinds: [...design.kinds], cv,
  };
}
