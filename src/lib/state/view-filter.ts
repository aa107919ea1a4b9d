/**
 * The filter as the user edits it, and its translation into the engine's `Filter`.
 *
 * The engine reads an empty list as "no restriction"; the UI must also be able to say "none
 * selected" (every offence unticked, no hour or no weekday on). `matchesNothing` detects that, and
 * the coordinator then answers locally with zero counts instead of asking the engine.
 */
import type { Filter } from '../engine/protocol';

export const ALL_HOURS: readonly number[] = Array.from({ length: 24 }, (_, h) => h);
export const ALL_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5, 6, 7];

export interface ViewFilter {
  /** Offences to keep; null = every offence. */
  offences: string[] | null;
  /** Inclusive dates `YYYY-MM-DD`; '' = open end. */
  from: string;
  to: string;
  /** Hours 0–23 kept (all 24 = no restriction). */
  hours: number[];
  /** ISO weekdays 1 (Mon) … 7 (Sun) kept. */
  weekdays: number[];
}

/** What a view asks for: a filter and an H3 resolution. One entry of the undo history. */
export interface ViewState {
  filter: ViewFilter;
  res: number;
}

export function defaultFilter(): ViewFilter {
  return { offences: null, from: '', to: '', hours: [...ALL_HOURS], weekdays: [...ALL_WEEKDAYS] };
}

/** True when the filter selects no incident at all (an empty selection somewhere). */
export function matchesNothing(f: ViewFilter): boolean {
  return (f.offences !== null && f.offences.length === 0) || f.hours.length === 0 || f.weekdays.length === 0 || (!!f.from && !!f.to && f.from > f.to);
}

/** The engine filter for a view filter (call only when `matchesNothing` is false). */
export function toEngineFilter(f: ViewFilter): Filter {
  const out: Filter = {};
  if (f.offences !== null) out.offences = [...f.offences];
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.hours.length < 24) out.hours = [...f.hours].sort((a, b) => a - b);
  if (f.weekdays.length < 7) out.weekdays = [...f.weekdays].sort((a, b) => a - b);
  return out;
}

/** Whether two view states ask for the same thing. */
export function sameView(a: ViewState, b: ViewState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Is the filter restricting anything? */
export function isUnfiltered(f: ViewFilter): boolean {
  return f.offences === null && !f.from && !f.to && f.hours.length === 24 && f.weekdays.length === 7;
}
