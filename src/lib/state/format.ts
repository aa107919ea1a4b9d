/** Number, date and cell-size formatting shared by the views, in the current language (reactive). */
import { MAX_RES, MIN_RES } from '../geo/h3bits';
import { fmtDay, fmtMax, fmtNumber, t, weekdays } from '../i18n';

/** 12345 → "12,345" ("12.345" in Spanish, "12 345" in French). */
export function fmtInt(n: number): string {
  return fmtNumber(Math.round(n));
}

/** A share in percent with sensible precision. */
export function fmtPct(part: number, whole: number): string {
  if (whole <= 0) return '0 %';
  const p = (100 * part) / whole;
  return `${fmtNumber(p, p >= 10 ? 0 : p >= 1 ? 1 : 2)} %`;
}

/** "2022-01-01T03:04:00" → "1 Jan 2022" ("1 ene 2022", "1 janv. 2022"). */
export function fmtDate(iso: string | null): string {
  return fmtDay(iso);
}

/**
 * Average H3 cell area per resolution (km², from the H3 documentation's table of average hexagon
 * areas) and the distance across a cell, rounded for people.
 */
const CELL_SIZES: Record<number, { km2: number; across: [number, 'km' | 'm'] }> = {
  6: { km2: 36.1, across: [6.4, 'km'] },
  7: { km2: 5.16, across: [2.4, 'km'] },
  8: { km2: 0.737, across: [900, 'm'] },
  9: { km2: 0.105, across: [350, 'm'] },
  10: { km2: 0.015, across: [130, 'm'] },
  11: { km2: 0.0021, across: [50, 'm'] },
};

/** The resolutions offered, finest last. */
export const RESOLUTIONS: number[] = Array.from({ length: MAX_RES - MIN_RES + 1 }, (_, i) => MIN_RES + i);

/** "≈ 0.1 km²" for res 9. */
export function cellArea(res: number): string {
  const s = CELL_SIZES[res];
  if (!s) return '';
  const area = s.km2 >= 1 ? `${fmtNumber(s.km2, s.km2 >= 10 ? 0 : 1)} km²` : s.km2 >= 0.01 ? `${fmtMax(Number(s.km2.toPrecision(1)), 3)} km²` : `${fmtInt(s.km2 * 1e6)} m²`;
  return `≈ ${area}`;
}

/** "about 350 m across, a few blocks" for res 9. */
export function cellAcross(res: number): string {
  const s = CELL_SIZES[res];
  if (!s) return '';
  const like = { 6: t('res.like6'), 7: t('res.like7'), 8: t('res.like8'), 9: t('res.like9'), 10: t('res.like10'), 11: t('res.like11') }[res] ?? '';
  return t('res.across', { d: `${fmtMax(s.across[0], 1)} ${s.across[1]}`, like });
}

/** Weekday names, Monday first: "Mon" … "Sun" (short) or "Monday" … (long), in the current language. */
export function weekdayNames(width: 'short' | 'long' = 'short'): string[] {
  return weekdays(width);
}

/** A Knox band in the current language: "[0, 100) m", "[0, 7) days", "same place [0, 1) m". */
export function bandLabel(b: { from: number; to: number | null; samePlace?: boolean }, unit: 'm' | 'days'): string {
  const band = t('knox.interval', { from: fmtMax(b.from, 2), to: b.to === null ? '∞' : fmtMax(b.to, 2), unit: unit === 'm' ? 'm' : t('knox.days') });
  return b.samePlace ? t('knox.samePlace', { band }) : band;
}
