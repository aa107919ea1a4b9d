/**
 * Locale-independent core of the i18n layer (no Svelte, usable from Node, the CLI and pure
 * modules): message lookup with `{name}` placeholders and plural forms, and Intl number and date
 * formatting per locale. The reactive `t()` of the app is in i18n.svelte.ts.
 */
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { LOCALES, type Locale, type Message, type MessageKey, type Messages, type ParamValue, type Plural } from './types';

export const DICTIONARIES: Record<Locale, Messages> = { en, es, fr };

/** The language's own name, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', fr: 'Français' };

/** BCP 47 tags used with Intl (British English keeps the app's day-month order and spelling). */
export const LOCALE_TAGS: Record<Locale, string> = { en: 'en-GB', es: 'es-ES', fr: 'fr-FR' };

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<Locale, Intl.PluralRules>();

/** A cached Intl.NumberFormat for the locale and options. */
export function numberFormat(locale: Locale, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const k = locale + JSON.stringify(opts);
  let f = numberFormats.get(k);
  if (!f) numberFormats.set(k, (f = new Intl.NumberFormat(LOCALE_TAGS[locale], opts)));
  return f;
}

/**
 * A number with grouping and exactly `digits` decimals in the locale's style; "—" for null,
 * undefined or non-finite; a minus sign (−), and no "−0".
 */
export function formatNumber(locale: Locale, x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.abs(x));
  return (x < 0 && /[1-9]/.test(s) ? '−' : '') + s;
}

/** "2022-01-01…" → "1 Jan 2022" / "1 ene 2022" / "1 janv. 2022"; "—" for null. */
export function formatDate(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.slice(0, 10) + 'T00:00:00Z');
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(LOCALE_TAGS[locale], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Weekday names Monday first, short ("Mon") or long ("Monday"), in the locale. */
export function weekdayNames(locale: Locale, width: 'short' | 'long'): string[] {
  // 2024-01-01 was a Monday.
  const f = new Intl.DateTimeFormat(LOCALE_TAGS[locale], { weekday: width, timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => {
    const s = f.format(new Date(Date.UTC(2024, 0, 1 + i)));
    return s.charAt(0).toLocaleUpperCase(LOCALE_TAGS[locale]) + s.slice(1);
  });
}

function pluralForm(locale: Locale, p: Plural, n: number): string {
  let r = pluralRules.get(locale);
  if (!r) pluralRules.set(locale, (r = new Intl.PluralRules(LOCALE_TAGS[locale])));
  return p[r.select(n)] ?? p.other;
}

/** Fills `{name}` placeholders; numbers are formatted for the locale (grouping, up to 3 decimals). */
export function interpolate(locale: Locale, template: string, params: Record<string, ParamValue> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    if (typeof v === 'string') return v;
    return Number.isFinite(v) ? numberFormat(locale, { maximumFractionDigits: 3 }).format(v).replace('-', '−') : '—';
  });
}

/** The message of `key` in `locale` (English where a dictionary lacks it), filled with `params`. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, ParamValue>): string {
  const m: Message | undefined = DICTIONARIES[locale][key] ?? en[key];
  if (m === undefined) return key;
  const template = typeof m === 'string' ? m : pluralForm(locale, m, Number(params?.n ?? 0));
  return interpolate(locale, template, params);
}

/** Whether `key` is a message key (for keys built at run time, e.g. from a class code). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** A translator bound to a locale, for pure modules that take one as a parameter. */
export type Translator = (key: MessageKey, params?: Record<string, ParamValue>) => string;

export function translator(locale: Locale): Translator {
  return (key, params) => translate(locale, key, params);
}
