/** Formatting of the planner's figures (money, intervals, proportions, effects) in the current language. */
import type { Interval } from '../../planner/uncertainty';
import type { Category } from '../../planner/offence-categories';
import { fmtNumber, locale, localeTag, t, tDynamic } from '../../i18n';

/** A number with grouping and `digits` decimals in the current language; "—" for none. */
export function formatNumber(x: number | null | undefined, digits = 0): string {
  return fmtNumber(x, digits);
}

/** A harm unit in the current language ("custody days" → "días de prisión"); a planner's own unit as typed. */
export function harmUnitLabel(unit: string): string {
  return unit === 'custody days' ? t('ap.unit.custodyDays') : unit === 'incidents' ? t('ap.unit.incidents') : unit;
}

/** One harm unit, singular ("custody day", or "harm unit" when incidents are the unit). */
export function harmUnitSingular(unit: string): string {
  return unit === 'custody days' ? t('plan.harmUnit.custodyDay') : unit === 'incidents' ? t('plan.harmUnit.unit') : unit.replace(/s$/, '');
}

/** A planner offence category in the current language. */
export function categoryLabel(c: Category | string, fallback: string = c): string {
  return tDynamic(`category.${c}`, fallback);
}

const SYMBOL: Record<string, string> = { GBP: '£', USD: '$', EUR: '€' };

/** "£12,300" (or "12,300 CHF"); in Spanish "12.300 £", in French "12 300 £"; "—" for null. */
export function money(x: number | null | undefined, currency: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (locale() !== 'en' && /^[A-Z]{3}$/.test(currency)) {
    try {
      const s = new Intl.NumberFormat(localeTag(), { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(Math.abs(x));
      return (x < 0 && Math.round(Math.abs(x)) > 0 ? '−' : '') + s;
    } catch {
      // An unknown currency code: the amount and the code, as below.
    }
  }
  const s = SYMBOL[currency];
  return s ? `${x < 0 ? '−' : ''}${s}${formatNumber(Math.abs(x))}` : `${formatNumber(x)} ${currency}`;
}

/** "12.3 (8.1 to 16.0)". */
export function withInterval(x: number | null, i: Interval | null, digits = 1): string {
  if (x === null) return '—';
  return i ? `${formatNumber(x, digits)} (${range(i, digits)})` : formatNumber(x, digits);
}

/** "8.1 to 16.0", or "—". */
export function range(i: Interval | null, digits = 1): string {
  return i ? t('ap.interval', { low: formatNumber(i.p5, digits), high: formatNumber(i.p95, digits) }) : '—';
}

/** −0.21 → "−21 %". */
export function pct(x: number | null, digits = 0): string {
  return x === null ? '—' : `${formatNumber(x * 100, digits)} %`;
}

/** Today as YYYY-MM-DD (local calendar). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
