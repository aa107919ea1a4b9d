/** Number, date and cell-size formatting shared by the views. */
import { MAX_RES, MIN_RES } from '../geo/h3bits';

const nf = new Intl.NumberFormat('en-GB');

/** 12345 → "12,345". */
export function fmtInt(n: number): string {
  return nf.format(Math.round(n));
}

/** A share in percent with sensible precision. */
export function fmtPct(part: number, whole: number): string {
  if (whole <= 0) return '0 %';
  const p = (100 * part) / whole;
  return `${p >= 10 ? p.toFixed(0) : p >= 1 ? p.toFixed(1) : p.toFixed(2)} %`;
}

/** "2022-01-01T03:04:00" → "1 Jan 2022". */
export function fmtDate(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso.slice(0, 10) + 'T00:00:00Z');
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * Average H3 cell area per resolution (km², from the H3 documentation's table of average hexagon
 * areas) and the distance across a cell, rounded for people.
 */
const CELL_SIZES: Record<number, { km2: number; across: string; like: string }> = {
  6: { km2: 36.1, across: '6.4 km', like: 'a district' },
  7: { km2: 5.16, across: '2.4 km', like: 'a neighbourhood' },
  8: { km2: 0.737, across: '900 m', like: 'a few dozen blocks' },
  9: { km2: 0.105, across: '350 m', like: 'a few blocks' },
  10: { km2: 0.015, across: '130 m', like: 'about a block' },
  11: { km2: 0.0021, across: '50 m', like: 'a few buildings' },
};

/** The resolutions offered, finest last. */
export const RESOLUTIONS: number[] = Array.from({ length: MAX_RES - MIN_RES + 1 }, (_, i) => MIN_RES + i);

/** "≈ 0.1 km²" for res 9. */
export function cellArea(res: number): string {
  const s = CELL_SIZES[res];
  if (!s) return '';
  const area = s.km2 >= 1 ? `${s.km2.toFixed(s.km2 >= 10 ? 0 : 1)} km²` : s.km2 >= 0.01 ? `${s.km2.toPrecision(1)} km²` : `${Math.round(s.km2 * 1e6).toLocaleString('en-GB')} m²`;
  return `≈ ${area}`;
}

/** "about 350 m across, a few blocks" for res 9. */
export function cellAcross(res: number): string {
  const s = CELL_SIZES[res];
  return s ? `about ${s.across} across, ${s.like}` : '';
}

export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const WEEKDAY_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
