/**
 * Exports of the community-voice map: the published cells only (those that passed small-cell
 * suppression; the rest never reach this layer), as CSV or GeoJSON hexagons with the rule and the
 * threshold in the file, so a published table says how it was protected.
 */
import { cellToBoundary } from 'h3-js';
import type { GapOutcome, PerceptionOutcome } from '../engine/analyses/survey';
import { GAP_CLASSES } from '../analysis/community/fear-gap';

interface Row {
  cell: string;
  respondents: number;
  unsafe: number;
  neither: number;
  safe: number;
  share_unsafe: number;
  ci_low: number;
  ci_high: number;
  recorded?: number;
  gap_class?: string;
}

/** One row per published cell (with recorded crime and the gap class when a gap result is given). */
export function publishedRows(per: PerceptionOutcome, gap: GapOutcome | null = null): Row[] {
  const c = per.cells;
  const key = new Map(GAP_CLASSES.map((g) => [g.code, g.key]));
  return c.cells.map((cell, i) => ({
    cell, respondents: c.n[i], unsafe: c.unsafe[i], neither: c.neither[i], safe: c.safe[i],
    share_unsafe: +c.share[i].toFixed(4), ci_low: +c.lo[i].toFixed(4), ci_high: +c.hi[i].toFixed(4),
    ...(gap ? { recorded: gap.crime[i], gap_class: key.get(gap.classCode[i]) ?? '' } : {}),
  }));
}

/** The published cells as CSV, led by comment lines with the suppression rule (and the gap rule). */
export function perceptionCsv(per: PerceptionOutcome, gap: GapOutcome | null = null): string {
  const rows = publishedRows(per, gap);
  const head = ['cell', 'respondents', 'unsafe', 'neither', 'safe', 'share_unsafe', 'ci_low', 'ci_high', ...(gap ? ['recorded', 'gap_class'] : [])];
  const lines = [
    `# Share feeling unsafe per H3 cell (resolution ${per.res}); cells with fewer than ${per.k} respondents are not included (${per.cells.suppressed.primary + per.cells.suppressed.secondary} cells withheld).`,
    ...(gap ? [`# ${gap.rule}`] : []),
    head.join(','),
  ];
  for (const r of rows) lines.push(head.map((h) => String(r[h as keyof Row] ?? '')).join(','));
  return lines.join('\n') + '\n';
}

/** The published cells as GeoJSON hexagons. */
export function perceptionGeoJson(per: PerceptionOutcome, gap: GapOutcome | null = null): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    suppression: { minRespondents: per.k, withheldCells: per.cells.suppressed.primary + per.cells.suppressed.secondary },
    ...(gap ? { gapRule: gap.rule } : {}),
    features: publishedRows(per, gap).map((p) => {
      const ring = cellToBoundary(p.cell, true);
      return { type: 'Feature', properties: p, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } };
    }),
  });
}
