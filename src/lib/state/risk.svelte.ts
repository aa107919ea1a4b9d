/**
 * State of the environment & risk tab: loaded layers (drawn on the map, switchable), the model
 * settings, the fitted model (long: progress and Cancel) and a what-if scenario.
 */
import type { LayerSource, LayerSummary, RiskOutcome, RiskParams } from '../engine/analyses/risk';
import type { WhatIfResult } from '../analysis/risk/what-if';
import { DEFAULT_FEATURE_TYPES } from '../environment/feature-types';
import type { RGBA } from '../map/colour-scale';
import type { CellOverlay } from '../map/overlay';
import type { Coordinator } from './coordinator.svelte';
import { demoLayerSources } from './demo';
import { Latest } from './latest.svelte';
import { toEngineFilter } from './view-filter';

/** Legend colour of a feature type as RGBA. */
export function typeColour(type: string): RGBA {
  const hex = DEFAULT_FEATURE_TYPES.find((t) => t.id === type)?.colour ?? '#555555';
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 220];
}

export function typeLabel(type: string): string {
  return DEFAULT_FEATURE_TYPES.find((t) => t.id === type)?.label ?? type;
}

const RISK_RAMP: RGBA[] = [[255, 255, 204, 150], [254, 217, 118, 180], [253, 141, 60, 200], [227, 26, 28, 210], [128, 0, 38, 220]];
const CLASS_COLOURS: Record<string, RGBA> = { other: [0, 0, 0, 0], 'risky-hot': [215, 48, 39, 220], 'protect-early': [117, 107, 177, 230], 'hot-not-risky': [253, 174, 97, 220] };
const CLASS_HELP: Record<string, [string, string]> = {
  'risky-hot': ['High risk and a hot spot', 'The environment predicts much crime here and there is much.'],
  'protect-early': ['High risk, little crime yet', 'The environment looks like that of hot spots but crime is still low: places to protect early.'],
  'hot-not-risky': ['Hot spot the model does not explain', 'Much crime, but not from the features modelled: look for other causes.'],
  other: ['Other cells', ''],
};

export class Risk {
  layers = new Latest<LayerSummary[]>();
  k = $state(1);
  model = $state<RiskParams['model']>('poisson');
  penalty = $state<RiskParams['penalty']>('lasso');
  seed = $state(1);
  view = $state<'risk' | 'compare'>('risk');
  fit = new Latest<RiskOutcome>();
  scenario = new Latest<WhatIfResult>();

  constructor(private readonly app: Coordinator) {}

  loadDemoLayers(): void {
    this.load(demoLayerSources());
  }

  load(sources: LayerSource[]): void {
    void this.app.runLong(this.layers, 'Loading layers', (signal, onProgress) => {
      const transfer = sources.flatMap((s) => (s.bytes ? [s.bytes.buffer] : []));
      return this.app.request('env-load', { sources }, { signal, onProgress, transfer }).then((l) => {
        this.app.envLayers = l;
        return l;
      });
    });
  }

  runFit(): void {
    if (!this.app.dataset) return;
    const params: RiskParams = { res: this.app.res, filter: toEngineFilter(this.app.filter), k: this.k, model: this.model, penalty: this.penalty, seed: this.seed };
    this.scenario.set(null);
    void this.app.runLong(this.fit, 'Fitting the risk model', (signal, onProgress) => this.app.request('risk', params, { signal, onProgress }));
  }

  repairLights(): void {
    void this.app.runLong(this.scenario, 'What if', (signal) => this.app.request('what-if', { edit: { kind: 'repair-lights', within: null } }, { signal }));
  }

  overlayOf(r: RiskOutcome): CellOverlay {
    const n = r.cells.length;
    const colours = new Uint8Array(4 * n);
    const names = r.comparison.names;
    if (this.view === 'risk') for (let i = 0; i < n; i++) colours.set(RISK_RAMP[Math.min(4, Math.floor(r.percentile[i] * 5))], 4 * i);
    else for (let i = 0; i < n; i++) colours.set(CLASS_COLOURS[names[r.comparison.classes[i]]] ?? [0, 0, 0, 0], 4 * i);
    const legend =
      this.view === 'risk'
        ? ['lowest 20 %', '20–40 %', '40–60 %', '60–80 %', 'highest 20 %'].map((label, i) => ({ colour: RISK_RAMP[i], label: `Modelled risk: ${label}` }))
        : (['risky-hot', 'protect-early', 'hot-not-risky'] as const).map((k) => ({ colour: CLASS_COLOURS[k], label: `${CLASS_HELP[k][0]} (${r.comparison.counts[k]})`, help: CLASS_HELP[k][1] }));
    return {
      key: `risk:${this.view}:${n}:${r.fit.deviance}`,
      title: this.view === 'risk' ? 'Risk terrain: modelled relative risk per cell' : 'Modelled risk against recorded crime',
      cells: r.cells as string[],
      colours,
      legend,
      note: this.view === 'risk' ? 'Cells ranked by exp(Σ β·term); an association, not a cause.' : 'High risk = top 10 % of cells by model; hot = top 10 % by count.',
      describe: (i) => [
        ['Relative risk', r.relativeRisk[i].toFixed(2)],
        ['Risk percentile', `${Math.round(r.percentile[i] * 100)}`],
        ['Expected incidents', r.expected[i].toFixed(1)],
        ['Recorded incidents', String(r.counts[i])],
        ['Cell', r.cells[i]],
      ],
    };
  }
}
