/**
 * Which method parameters a shared view carries (URL prefix → field → accepted values), and the
 * live objects holding them. Values outside these ranges in a link are left out with a message.
 */
import type { FieldSpec, ParamSchema } from './view-url';
import type { ParamGroup } from './url-sync.svelte';

const int = (min: number, max: number, nullable = false): FieldSpec => ({ kind: 'int', min, max, nullable });
const SEED = int(0, 2 ** 32);
const BREAKS: FieldSpec = { kind: 'text', max: 200, pattern: /^[\d.,;\s]*$/ };

export const VIEW_SCHEMA = {
  /** Hot spots tab (Hotspots.settings). */
  hs: {
    method: { kind: 'enum', values: ['gistar', 'gi', 'local-moran'] },
    k: int(1, 50, true),
    weights: { kind: 'enum', values: ['binary', 'triangular', 'quartic', 'gaussian'] },
    fdr: { kind: 'bool' },
    permutations: int(0, 99_999),
    seed: SEED,
  },
  /** Repeats tab (Repeats): repeat places and the Knox test. */
  rp: {
    windowDays: int(1, 36_500),
    flagCount: int(1, 10_000),
    flagDays: int(1, 36_500),
    space: BREAKS,
    time: BREAKS,
    samePlace: { kind: 'bool' },
    metric: { kind: 'enum', values: ['manhattan', 'euclidean'] },
    permutations: int(0, 99_999),
    seed: SEED,
  },
  /** Over-time tab (Trends). */
  tr: {
    step: { kind: 'enum', values: ['week', 'month'] },
    k: int(1, 50),
    fdr: { kind: 'bool' },
    trainTo: { kind: 'date' },
  },
  /** Risk tab (Risk). */
  rk: {
    k: int(1, 50),
    model: { kind: 'enum', values: ['poisson', 'negbin'] },
    penalty: { kind: 'enum', values: ['lasso', 'elastic-net', 'none'] },
    view: { kind: 'enum', values: ['risk', 'compare'] },
    seed: SEED,
  },
} satisfies ParamSchema;

type Targets = { [G in keyof typeof VIEW_SCHEMA]: { [F in keyof (typeof VIEW_SCHEMA)[G]]: unknown } };

/** The parameter groups bound to the tabs' state objects (their field names are checked here). */
export function viewParamGroups(t: Targets): Record<string, ParamGroup> {
  return Object.fromEntries(Object.entries(VIEW_SCHEMA).map(([g, fields]) => [g, { target: t[g as keyof Targets], fields }]));
}
