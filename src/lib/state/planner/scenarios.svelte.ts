/**
 * Named scenarios (in memory for now): a plan with its score, saved from the planner; two are
 * compared side by side, and the map can show either. Plans also go to and come from JSON files —
 * the same JSON the CLI's `score --plan` reads — checked with `validatePlan` on the way in.
 */
import { validatePlan, type Plan } from '../../planner/plan';
import type { PlanScore } from '../../planner/score';
import { download } from '../hotspots.svelte';
import type { Planner } from '../planner.svelte';
import { t } from '../../i18n';

/** A saved scenario. */
export interface Scenario {
  name: string;
  plan: Plan;
  score: PlanScore | null;
}

export class Scenarios {
  list = $state.raw<Scenario[]>([]);
  a = $state('');
  b = $state('');
  /** What the map shows while comparing. */
  mapShows = $state<'current' | 'a' | 'b'>('current');
  /** Messages of the last import (errors block it, warnings do not). */
  importErrors = $state.raw<string[]>([]);
  importWarnings = $state.raw<string[]>([]);

  constructor(private readonly planner: Planner) {}

  byName(name: string): Scenario | undefined {
    return this.list.find((s) => s.name === name);
  }

  /** Saves the current plan (scored first if its score is missing or stale) under `name`. */
  async save(name: string): Promise<void> {
    const p = this.planner;
    if (!p.score.value || p.scoreStale) await p.runScore();
    const plan = { ...p.effectivePlan(), name };
    const fresh = p.score.value && !p.scoreStale ? p.score.value.score : null;
    this.list = [...this.list.filter((s) => s.name !== name), { name, plan, score: fresh }];
    if (!this.a) this.a = name;
    else if (!this.b && this.a !== name) this.b = name;
  }

  remove(name: string): void {
    this.list = this.list.filter((s) => s.name !== name);
    if (this.a === name) this.a = '';
    if (this.b === name) this.b = '';
  }

  /** Makes a scenario the current plan (undoable). */
  load(name: string): void {
    const s = this.byName(name);
    if (s) this.planner.loadPlan(s.plan);
  }

  /** Downloads the current plan as JSON. */
  exportCurrent(): void {
    const plan = this.planner.effectivePlan();
    const slug = plan.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'plan';
    download(`${slug}.plan.json`, JSON.stringify(plan, null, 2), 'application/json');
  }

  /** Reads a plan file; a valid plan becomes the current plan. */
  async importFile(file: File): Promise<boolean> {
    this.importErrors = [];
    this.importWarnings = [];
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (e) {
      this.importErrors = [t('scn.notJson', { file: file.name, reason: (e as Error).message })];
      return false;
    }
    const v = validatePlan(json);
    if (!v.ok) {
      this.importErrors = v.errors;
      this.importWarnings = v.warnings;
      return false;
    }
    this.importWarnings = v.warnings;
    this.planner.loadPlan(v.value);
    return true;
  }
}
