/**
 * The planner's state as one JSON document, for saving a project (IndexedDB/OPFS, or a file):
 * the plan being edited (with the planner's own interventions, unit costs, harm and cost-of-crime
 * tables and offence mapping — all inside `Plan`), the saved scenarios with their scores, the
 * scenarios being compared, and the candidates sent by the Repeats tab that wait for a response.
 * `Planner.toJSON()` writes it; `Planner.fromJSON(json)` reads it back through
 * `parsePlannerSave`, which checks untrusted input (every plan through `validatePlan`) and says
 * what it dropped. Results that are cheap to recompute (the current score, the optimiser's run,
 * the evaluation) are not saved.
 */
import type { Candidate } from '../../analysis/repeats/candidates';
import { Checker, describe, type Validated } from '../../planner/check';
import { validatePlan, type Plan } from '../../planner/plan';
import type { PlanScore } from '../../planner/score';

/** The document's kind and version. */
export const PLANNER_SAVE_KIND = 'prevention-planner-state';
export const PLANNER_SAVE_VERSION = 1;

/** A saved scenario (as in scenarios.svelte.ts). */
export interface SavedScenario {
  name: string;
  plan: Plan;
  score: PlanScore | null;
}

/** The planner's saved state. */
export interface PlannerSave {
  kind: typeof PLANNER_SAVE_KIND;
  version: typeof PLANNER_SAVE_VERSION;
  plan: Plan;
  /** Baseline offences, hours and weekdays follow the map's filters. */
  followFilters: boolean;
  /** The intervention chosen in the catalogue. */
  selected: string;
  topN: number;
  scenarios: SavedScenario[];
  compare: { a: string; b: string };
  inbox: Candidate[];
}

const KINDS = ['target-hardening', 'cocooning', 'patrol-visits'];
const SCOPES = ['place', 'neighbours', 'zone'];
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** A candidate as the Repeats tab sends it, or null. */
function candidateOf(v: unknown): Candidate | null {
  if (!isObj(v)) return null;
  if (!isStr(v.id) || !['repeat-place', 'risk-zone'].includes(v.source as string) || !isStr(v.name) || !isStr(v.title)) return null;
  if (!isNum(v.lat) || !isNum(v.lon) || Math.abs(v.lat) > 90 || Math.abs(v.lon) > 180 || !isNum(v.incidents)) return null;
  if (!Array.isArray(v.offences) || !Array.isArray(v.interventions) || v.interventions.length === 0) return null;
  const ivOk = v.interventions.every(
    (i) => isObj(i) && KINDS.includes(i.kind as string) && SCOPES.includes(i.scope as string) && isStr(i.catalogueId) && isStr(i.label) && isStr(i.action) && Array.isArray(i.evidence) && Array.isArray(i.agencies),
  );
  if (!ivOk) return null;
  if (v.until !== undefined && !isStr(v.until)) return null;
  if (v.area !== undefined && !(isObj(v.area) && (v.area.type === 'Polygon' || v.area.type === 'MultiPolygon') && Array.isArray(v.area.coordinates))) return null;
  return { ...(v as unknown as Candidate), rows: [] };
}

/** A saved score, when it looks like one (it is shown, never recomputed from). */
function scoreOf(v: unknown): PlanScore | null {
  return isObj(v) && isObj(v.totals) && Array.isArray(v.placements) && isObj(v.intervals) && isObj(v.harmTable) ? (v as unknown as PlanScore) : null;
}

/** Checks a saved planner state; plans go through `validatePlan`, broken scenarios and candidates are dropped with a warning. */
export function parsePlannerSave(json: unknown): Validated<PlannerSave> {
  const c = new Checker();
  if (!c.object(json, '')) return { ok: false, errors: c.errors, warnings: c.warnings };
  if (json.kind !== PLANNER_SAVE_KIND) c.error('kind', `must be "${PLANNER_SAVE_KIND}", got ${describe(json.kind)}.`);
  if (json.version !== PLANNER_SAVE_VERSION) c.error('version', `must be ${PLANNER_SAVE_VERSION}, got ${describe(json.version)}.`);
  if (c.errors.length) return { ok: false, errors: c.errors, warnings: c.warnings };
  const plan = validatePlan(json.plan);
  if (!plan.ok) return { ok: false, errors: plan.errors.map((e) => `plan.${e}`), warnings: [...c.warnings, ...plan.warnings] };
  const warnings = [...c.warnings];
  const scenarios: SavedScenario[] = [];
  if (Array.isArray(json.scenarios))
    json.scenarios.forEach((s, i) => {
      const p = isObj(s) ? validatePlan(s.plan) : null;
      if (!isObj(s) || !isStr(s.name) || !s.name || !p?.ok) {
        warnings.push(`scenarios[${i}]: left out (${p && !p.ok ? p.errors[0] : 'not a named scenario'}).`);
        return;
      }
      if (scenarios.some((x) => x.name === s.name)) {
        warnings.push(`scenarios[${i}]: a second scenario named "${s.name}" was left out.`);
        return;
      }
      const score = scoreOf(s.score);
      if (s.score && !score) warnings.push(`scenarios[${i}]: its score was unreadable and is left out (score it again).`);
      scenarios.push({ name: s.name, plan: p.value, score });
    });
  const inbox: Candidate[] = [];
  if (Array.isArray(json.inbox))
    json.inbox.forEach((x, i) => {
      const cand = candidateOf(x);
      if (cand) inbox.push(cand);
      else warnings.push(`inbox[${i}]: not a repeat place or risk zone candidate; left out.`);
    });
  const names = new Set(scenarios.map((s) => s.name));
  const cmp = isObj(json.compare) ? json.compare : {};
  const pick = (v: unknown) => (isStr(v) && names.has(v) ? v : '');
  return {
    ok: true,
    warnings: [...warnings, ...plan.warnings.map((w) => `plan.${w}`)],
    value: {
      kind: PLANNER_SAVE_KIND, version: PLANNER_SAVE_VERSION, plan: plan.value,
      followFilters: typeof json.followFilters === 'boolean' ? json.followFilters : true,
      selected: isStr(json.selected) ? json.selected : 'street-lighting',
      topN: isNum(json.topN) && json.topN >= 1 && json.topN <= 200 ? Math.round(json.topN) : 10,
      scenarios, compare: { a: pick(cmp.a), b: pick(cmp.b) }, inbox,
    },
  };
}
