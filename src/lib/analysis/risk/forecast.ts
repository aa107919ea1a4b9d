/**
 * Forecast accuracy of a risk terrain model, judged exactly like the hot-spot maps (Caplan,
 * Kennedy & Piza 2013, "Joint utility of event-dependent and environmental crime analysis
 * techniques for violent crime forecasting", Crime & Delinquency 59(2), compare RTM with prior
 * hot spots this way): the model is fitted on the training period's counts per cell only (factor
 * selection by cross-validation included), cells are ranked by modelled expected incidents
 * μᵢ = exp(β₀ + xᵢᵀβ), and the test period's incidents are scored by hotspots/accuracy.ts — the
 * same PAI, PEI, hit rate and RRI, with the same tie rule — as the hot-spot methods.
 *
 * The environmental layers are one snapshot used for both periods (what the user loaded); a
 * layer recorded after the training period (e.g. end-of-period light outages) leaks a little of
 * the test period into the ranking, so say when the layers are dated.
 */
import { accuracy, type AccuracyPoint } from '../hotspots/accuracy';
import type { EnvironmentLayer } from '../../environment/layer';
import { riskTerrain, type RiskTerrain, type RiskTerrainOptions } from './risk-terrain';

/** The training fit and its accuracy on the test counts. */
export interface RiskForecast {
  terrain: RiskTerrain;
  /** Ranking score per cell: modelled expected incidents over the training period. */
  score: Float64Array;
  points: AccuracyPoint[];
  /** The factors the training fit kept (controls excluded). */
  selected: string[];
}

/** Fits on `train` counts over `cells`, ranks by modelled risk, scores `test` at each share. */
export function riskForecast(cells: readonly string[], train: ArrayLike<number>, test: ArrayLike<number>, layers: readonly EnvironmentLayer[], o: RiskTerrainOptions, shares: readonly number[]): RiskForecast {
  if (train.length !== cells.length || test.length !== cells.length) throw new RangeError(`${cells.length} cells but ${train.length} training and ${test.length} test counts.`);
  const terrain = riskTerrain(cells, train, layers, o);
  const score = terrain.surface.expected;
  const selected = terrain.model.factors.filter((f) => f.term !== 'intercept' && f.selected && f.role === 'factor').map((f) => f.term);
  return { terrain, score, points: accuracy(score, test, train, shares), selected };
}
