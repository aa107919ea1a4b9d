/**
 * The classes of the analyses (hot/cold spots, local Moran, emerging patterns) in the current
 * language, looked up by their stable key; the analysis's own English text is the fallback for a
 * key this layer does not know.
 */
import type { ClassInfo, PSource } from '../analysis/hotspots/types';
import { fmtNumber, t, tDynamic } from '../i18n';

const HOT = /^(hot|cold)-(99|95|90)$/;
const ALPHA: Record<string, number> = { '99': 0.01, '95': 0.05, '90': 0.1 };

/** "Hot spot, 99 % confidence", "High-high cluster", … */
export function classLabel(c: Pick<ClassInfo, 'key' | 'label'>): string {
  return tDynamic(`class.${c.key}`, c.label);
}

/** What a hot-spot or local-Moran class means, naming the p-value that decided it. */
export function classHelp(c: Pick<ClassInfo, 'key' | 'description'>, pSource: PSource, statistic: string): string {
  const via = t(`classHelp.${pSource}`);
  const m = HOT.exec(c.key);
  if (m) {
    const who = statistic === 'gi' ? t('classHelp.noStar') : t('classHelp.star');
    const alpha = fmtNumber(ALPHA[m[2]], 2);
    return m[1] === 'hot' ? t('classHelp.hot', { who, via, alpha }) : t('classHelp.cold', { who, via, alpha });
  }
  if (c.key === 'not-significant') return statistic === 'local-moran' ? t('classHelp.moranNone') : t('classHelp.none', { via });
  return tDynamic(`classHelp.${c.key}`, c.description);
}

/** An emerging hot-spot pattern: "Persistent hot spot", … */
export function patternLabel(c: Pick<ClassInfo, 'key' | 'label'>): string {
  return tDynamic(`pattern.${c.key}`, c.label);
}

/** The ArcGIS Pro definition of an emerging pattern. */
export function patternHelp(c: Pick<ClassInfo, 'key' | 'description'>): string {
  return tDynamic(`patternHelp.${c.key}`, c.description);
}
