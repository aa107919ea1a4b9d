/**
 * Evidence of interventions' effects on fear of crime and perceived safety (issue 9, item 5), kept
 * beside the catalogue's effects on crime and never mixed into the crime score: these outcomes are
 * measured on residents, not on incidents. Figures come from ../shared/EVIDENCE.md; where the
 * evidence base has no figure the entry says so (`point: null`) and is flagged to confirm.
 *
 * - Vacant-lot greening: residents' fear of going outside −58 % (Branas et al. 2018, PNAS 115(12),
 *   541 lots in Philadelphia, randomised) — in the evidence base.
 * - Street lighting: the evidence base reports lighting's effect on crime only. Painter (1996),
 *   Landscape and Urban Planning 35(2–3), reported less fear and more pedestrian use after dark on
 *   relit streets; no pooled figure is used here, and the entry is marked to confirm.
 */
import type { Locale } from '../i18n/types';
import { formatNumber, translator } from '../i18n/translate';

export interface PerceivedEffect {
  /** Message key of what was measured, in words. */
  outcomeKey: 'fear.greening' | 'fear.lighting';
  /** Proportional change (−0.58 is 58 % less), or null when the source gives no usable figure. */
  point: number | null;
  citation: string;
  /** Not in the evidence base, or seen only in a secondary source: show with the "to confirm" flag. */
  confirm: boolean;
}

const LIGHTING: PerceivedEffect[] = [{ outcomeKey: 'fear.lighting', point: null, citation: 'Painter (1996), Landscape and Urban Planning 35(2–3)', confirm: true }];

/** Perceived-safety evidence by catalogue id (an edited copy keeps its entry's id). */
export const PERCEIVED: Readonly<Record<string, readonly PerceivedEffect[]>> = {
  'vacant-lot-greening': [{ outcomeKey: 'fear.greening', point: -0.58, citation: 'Branas et al. (2018), PNAS 115(12)', confirm: false }],
  'street-lighting': LIGHTING,
  'street-lighting-2022': LIGHTING,
};

/** The perceived-safety evidence of an intervention (empty when it has none). */
export function perceivedOf(id: string): readonly PerceivedEffect[] {
  return PERCEIVED[id] ?? [];
}

/** One line per effect, in a language: "On fear: residents' fear of going outside −58 % (Branas et al. 2018 …)". */
export function perceivedLines(id: string, locale: Locale): { text: string; citation: string; confirm: boolean }[] {
  const tr = translator(locale);
  return perceivedOf(id).map((p) => ({
    text: tr('ap.fearEvidence', { outcome: tr(p.outcomeKey), effect: p.point === null ? `(${tr('evc.fearNoFigure')})` : `${p.point < 0 ? '−' : '+'}${formatNumber(locale, Math.abs(p.point) * 100, 0)} %` }),
    citation: p.citation,
    confirm: p.confirm,
  }));
}
