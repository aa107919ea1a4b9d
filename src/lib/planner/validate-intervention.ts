/**
 * Validates a planner's own intervention (JSON from the app or a plan file) against the
 * catalogue's `Intervention` type, with messages that name the field and what it must be.
 */
import type { CostModel, Effect, Intervention } from './catalogue';
import { Checker, type Validated } from './check';
import { isCategory, type Category } from './offence-categories';
import { CPTED_PRINCIPLES, TECHNIQUES, type CptedPrinciple, type Technique } from './techniques';

const FOOTPRINTS = ['cell', 'radius', 'segment', 'address'] as const;
const UNITS = ['placement', 'cell', 'km2'] as const;
const INTERVALS = ['reported-95', 'range', 'assumed'] as const;
const FLAGS = ['privacy', 'signage', 'public-access', 'open-public-space', 'over-policing', 'profiling'] as const;

/** Checks one effect; pushes messages into `c`. */
export function checkEffect(c: Checker, v: unknown, path: string): Effect | null {
  if (!c.object(v, path)) return null;
  let categories: Effect['categories'] = 'all';
  if (v.categories !== 'all') {
    if (c.array(v.categories, `${path}.categories`)) {
      const bad = v.categories.filter((x) => !isCategory(x));
      if (bad.length) c.error(`${path}.categories`, `unknown categories ${bad.map((b) => JSON.stringify(b)).join(', ')}.`);
      else if (v.categories.length === 0) c.error(`${path}.categories`, 'must list at least one category, or be "all".');
      categories = v.categories as Category[];
    }
  }
  const errorsBefore = c.errors.length;
  const num = (x: unknown, p: string) => x === null || c.number(x, p, -0.999, 10);
  num(v.point, `${path}.point`);
  num(v.low, `${path}.low`);
  num(v.high, `${path}.high`);
  if (c.errors.length === errorsBefore) {
    const { point, low, high } = v as { point: number | null; low: number | null; high: number | null };
    if (point === null && (low !== null || high !== null)) c.error(path, 'an interval needs a point effect.');
    if (point !== null && (low === null || high === null)) c.error(path, 'a point effect needs its interval (low and high).');
    if (point !== null && low !== null && high !== null && !(low <= point && point <= high))
      c.error(path, `the interval must contain the point: low ${low} ≤ point ${point} ≤ high ${high} does not hold.`);
  }
  c.text(v.citation, `${path}.citation`);
  c.oneOf(v.interval, `${path}.interval`, INTERVALS);
  if (typeof v.confirm !== 'boolean') c.error(`${path}.confirm`, 'must be true or false.');
  return {
    categories, outcome: typeof v.outcome === 'string' ? v.outcome : '', point: v.point as number | null, low: v.low as number | null, high: v.high as number | null,
    interval: v.interval as Effect['interval'], significant: typeof v.significant === 'boolean' ? v.significant : null,
    citation: v.citation as string, confirm: v.confirm as boolean, ...(typeof v.note === 'string' ? { note: v.note } : {}),
  };
}

/** Checks a cost model; pushes messages into `c`. */
export function checkCost(c: Checker, v: unknown, path: string): CostModel | null {
  if (!c.object(v, path)) return null;
  if (v.currency !== null && !c.text(v.currency, `${path}.currency`)) return null;
  if (v.capital !== null) c.number(v.capital, `${path}.capital`, 0);
  if (v.annual !== null) c.number(v.annual, `${path}.annual`, 0);
  c.oneOf(v.unit, `${path}.unit`, UNITS);
  if ((v.capital !== null || v.annual !== null) && v.currency === null) c.error(`${path}.currency`, 'a cost needs its currency.');
  return {
    currency: v.currency as string | null, capital: v.capital as number | null, annual: v.annual as number | null,
    unit: v.unit as CostModel['unit'], example: v.example === true, ...(typeof v.note === 'string' ? { note: v.note } : {}),
  };
}

/** Validates a planner-defined intervention; `source` becomes `planner`. */
export function validateIntervention(v: unknown, path = 'intervention'): Validated<Intervention> {
  const c = new Checker();
  const value = checkIntervention(c, v, path);
  return value && c.errors.length === 0 ? { ok: true, value, warnings: c.warnings } : { ok: false, errors: c.errors, warnings: c.warnings };
}

/** Checks one intervention; pushes messages into `c`. */
export function checkIntervention(c: Checker, v: unknown, path: string): Intervention | null {
  const errorsBefore = c.errors.length;
  if (!c.object(v, path)) return null;
  if (c.text(v.id, `${path}.id`) && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(v.id))
    c.error(`${path}.id`, 'must be lower-case letters, digits and hyphens (at most 64), starting with a letter or digit.');
  c.text(v.name, `${path}.name`);
  const techniques = Array.isArray(v.techniques) ? v.techniques : [];
  for (const t of techniques) if (!(TECHNIQUES as readonly unknown[]).includes(t)) c.error(`${path}.techniques`, `unknown technique ${JSON.stringify(t)} (see Cornish & Clarke's 25).`);
  const cpted = Array.isArray(v.cpted) ? v.cpted : [];
  for (const t of cpted) if (!(CPTED_PRINCIPLES as readonly unknown[]).includes(t)) c.error(`${path}.cpted`, `unknown CPTED principle ${JSON.stringify(t)}.`);
  c.oneOf(v.footprint, `${path}.footprint`, FOOTPRINTS);
  c.number(v.bufferM, `${path}.bufferM`, 0, 5000);
  const effects: Effect[] = [];
  if (c.array(v.effects, `${path}.effects`)) {
    if (v.effects.length === 0) c.error(`${path}.effects`, 'must hold at least one effect with its citation.');
    v.effects.forEach((e, i) => {
      const ef = checkEffect(c, e, `${path}.effects[${i}]`);
      if (ef) effects.push(ef);
    });
  }
  const cost = checkCost(c, v.cost, `${path}.cost`);
  const rights = Array.isArray(v.rights) ? v.rights.filter((r): r is string => typeof r === 'string') : [];
  const flags = Array.isArray(v.rightsFlags) ? v.rightsFlags.filter((r): r is Intervention['rightsFlags'][number] => (FLAGS as readonly unknown[]).includes(r)) : [];
  if (flags.includes('privacy') && rights.length === 0) c.warn(`${path}.rights`, 'an intervention with privacy impact should say how privacy is protected.');
  if (!cost || c.errors.length > errorsBefore) return null;
  return {
    id: v.id as string, name: v.name as string, description: typeof v.description === 'string' ? v.description : '',
    techniques: techniques as Technique[], cpted: cpted as CptedPrinciple[], settings: typeof v.settings === 'string' ? v.settings : '',
    footprint: v.footprint as Intervention['footprint'], bufferM: v.bufferM as number, effects, cost, exampleCost: null,
    rights, rightsFlags: flags, notes: Array.isArray(v.notes) ? v.notes.filter((n): n is string => typeof n === 'string') : [], source: 'planner',
  };
}
