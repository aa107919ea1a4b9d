/** Formatting of the planner's figures: money, intervals, proportions, effects. */
import { formatNumber } from '../../planner/report-html';
import type { Interval } from '../../planner/uncertainty';

export { formatNumber };

const SYMBOL: Record<string, string> = { GBP: '£', USD: '$', EUR: '€' };

/** "£12,300" (or "12,300 CHF"); "—" for null. */
export function money(x: number | null | undefined, currency: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = SYMBOL[currency];
  return s ? `${x < 0 ? '−' : ''}${s}${formatNumber(Math.abs(x))}` : `${formatNumber(x)} ${currency}`;
}

/** "12.3 (5–95 %: 8.1 to 16.0)". */
export function withInterval(x: number | null, i: Interval | null, digits = 1): string {
  if (x === null) return '—';
  return i ? `${formatNumber(x, digits)} (${formatNumber(i.p5, digits)} to ${formatNumber(i.p95, digits)})` : formatNumber(x, digits);
}

/** "8.1 to 16.0", or "—". */
export function range(i: Interval | null, digits = 1): string {
  return i ? `${formatNumber(i.p5, digits)} to ${formatNumber(i.p95, digits)}` : '—';
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
