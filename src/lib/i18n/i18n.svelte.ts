/**
 * The app's language: a Svelte 5 rune store. `t(key, params)` and the formatters read the current
 * locale, so every template, $derived and $effect that uses them updates when the user switches
 * language. The choice is kept in localStorage and set as `<html lang>`. English is the default.
 */
import { formatDate, formatNumber, hasKey, isLocale, LOCALE_TAGS, numberFormat, translate, weekdayNames } from './translate';
import { localiseEngineText } from './engine-text';
import type { Locale, MessageKey, ParamKey, ParamsOf, ParamValue, PlainKey } from './types';

const KEY = 'prevention-planner:locale';

function stored(): Locale {
  try {
    const v = localStorage.getItem(KEY);
    return isLocale(v) ? v : 'en';
  } catch {
    return 'en';
  }
}

const state = $state<{ locale: Locale }>({ locale: typeof localStorage === 'undefined' ? 'en' : stored() });

function applyLang(l: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}
applyLang(state.locale);

/** The current locale (reactive). */
export function locale(): Locale {
  return state.locale;
}

/** The current locale's BCP 47 tag for Intl (reactive). */
export function localeTag(): string {
  return LOCALE_TAGS[state.locale];
}

/** Switches language, remembers it in this browser and updates `<html lang>`. */
export function setLocale(l: Locale): void {
  state.locale = l;
  applyLang(l);
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // Storage can be disabled (private mode); the choice then lasts for this visit only.
  }
}

/** The message of `key` in the current language, with its placeholders filled. */
export function t(key: PlainKey): string;
export function t<K extends ParamKey>(key: K, params: ParamsOf<K>): string;
export function t(key: MessageKey, params?: Record<string, ParamValue>): string {
  return translate(state.locale, key, params);
}

/** A message whose key is built at run time (e.g. from a class key); `fallback` if there is none. */
export function tDynamic(key: string, fallback: string, params?: Record<string, ParamValue>): string {
  return hasKey(key) ? translate(state.locale, key, params) : fallback;
}

/** A text written by the engine or an analysis (English), in the current language where it is known (engine-text.ts). */
export function tEngine(text: string | null | undefined): string {
  return text ? localiseEngineText(state.locale, text) : '';
}

/** 12345 → "12,345" / "12.345" / "12 345". */
export function fmtNumber(x: number | null | undefined, digits = 0): string {
  return formatNumber(state.locale, x, digits);
}

/** A number with grouping and up to `max` decimals (no trailing zeros). */
export function fmtMax(x: number, max = 2): string {
  return Number.isFinite(x) ? numberFormat(state.locale, { maximumFractionDigits: max }).format(x).replace('-', '−') : '—';
}

/** 12000 → "12K" / "12 mil" / "12 k" (compact, for chart axes). */
export function fmtCompact(x: number): string {
  return numberFormat(state.locale, { notation: 'compact', maximumFractionDigits: 1 }).format(x);
}

/** "2022-01-01" → "1 Jan 2022" in the current language. */
export function fmtDay(iso: string | null | undefined): string {
  return formatDate(state.locale, iso);
}

/** Weekday names, Monday first. */
export function weekdays(width: 'short' | 'long'): string[] {
  return weekdayNames(state.locale, width);
}
