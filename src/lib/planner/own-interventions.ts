/**
 * The planner's own interventions (issue #6, item 1: "planners can add their own interventions
 * with their own evidence"): a new entry starts empty except for what validation needs, an edited
 * copy of a catalogue entry keeps its id (so it replaces the entry in the plan, see
 * `mergeCatalogue`), and removing one must not leave placements pointing at nothing. Every entry
 * is checked by `validateIntervention` before it enters a plan.
 */
import { CATALOGUE, type Intervention } from './catalogue';
import type { Plan } from './plan';

/** A lower-case id from a name, `own-` first, unique among `taken`. */
export function ownId(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const slug = name.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'intervention';
  let id = `own-${slug}`;
  for (let k = 2; used.has(id); k++) id = `own-${slug}-${k}`;
  return id;
}

/** A new intervention: one effect on all offences to fill in, no cost, a 100 m buffer. */
export function newIntervention(name: string, taken: Iterable<string>): Intervention {
  return {
    id: ownId(name, taken), name, description: '', techniques: [], cpted: [], settings: '', footprint: 'cell', bufferM: 100,
    effects: [{ categories: 'all', outcome: '', point: null, low: null, high: null, interval: 'reported-95', significant: null, citation: '', confirm: false }],
    cost: { currency: null, capital: null, annual: null, unit: 'placement', example: false },
    exampleCost: null, rights: [], rightsFlags: [], notes: [], source: 'planner',
  };
}

/** An editable copy of an entry (catalogue or own): same id, so saving it replaces the entry in the plan. */
export function editableCopy(iv: Intervention): Intervention {
  return { ...structuredClone(iv), exampleCost: null, source: 'planner' };
}

/** True when `id` names a shipped catalogue entry (a planner's entry with it is an edited copy). */
export function isCatalogueId(id: string): boolean {
  return CATALOGUE.some((i) => i.id === id);
}

/**
 * Why the planner's entry `id` cannot be removed from `plan`, or null. Removing an edited copy
 * brings the catalogue's entry back, so it is always allowed; removing a new entry that
 * placements use would leave them without evidence.
 */
export function removalProblem(plan: Pick<Plan, 'placements'>, id: string): string | null {
  if (isCatalogueId(id)) return null;
  const n = plan.placements.filter((p) => p.intervention === id).length;
  return n ? `${n} placement${n === 1 ? ' uses' : 's use'} it: remove ${n === 1 ? 'it' : 'them'} first.` : null;
}
