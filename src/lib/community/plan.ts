/**
 * Community voice for the planner (issue 9, item 5): feared places as candidate places to treat,
 * and a report section on community consultation and on women's and vulnerable groups' safety.
 * Pure functions of the Community tab's results; the planner decides whether to use them.
 */
import { cellToChildren, cellToParent, getResolution } from 'h3-js';
import type { GapOutcome, IndicatorOutcome, PerceptionOutcome, SurveyReport } from '../engine/analyses/survey';
import { GAP_BOTH, GAP_CLASSES, GAP_FEARED } from '../analysis/community/fear-gap';
import type { PublishedShare } from '../analysis/community/indicators';

/** A feared place: one published cell of the gap result, and its cells at the plan's resolution. */
export interface FearedPlace {
  id: string;
  label: string;
  /** The survey cell. */
  cell: string;
  /** The same area at the requested resolution (children, or the parent when coarser). */
  cells: string[];
  respondents: number;
  shareUnsafe: number;
  recorded: number;
  gapClass: 'both-high' | 'feared-only';
}

/** The same area at another resolution: children when finer, the parent when coarser. */
export function cellsAt(cell: string, res: number): string[] {
  const r = getResolution(cell);
  if (res === r) return [cell];
  return res > r ? cellToChildren(cell, res) : [cellToParent(cell, res)];
}

/**
 * The `n` most feared places: cells feared with little recorded crime first (where recorded crime
 * alone would never send a plan), then cells both feared and recorded, each by share unsafe.
 */
export function fearedPlaces(gap: GapOutcome, n: number, res: number): FearedPlace[] {
  const c = gap.perception.cells;
  const idx: number[] = [];
  for (let i = 0; i < c.cells.length; i++) if (gap.classCode[i] === GAP_FEARED || gap.classCode[i] === GAP_BOTH) idx.push(i);
  idx.sort((a, b) => (gap.classCode[b] === GAP_FEARED ? 1 : 0) - (gap.classCode[a] === GAP_FEARED ? 1 : 0) || c.share[b] - c.share[a] || c.n[b] - c.n[a]);
  return idx.slice(0, n).map((i, k) => {
    const feared = gap.classCode[i] === GAP_FEARED;
    return {
      id: `feared${k + 1}`,
      label: `Feared place ${k + 1} (${Math.round(c.share[i] * 100)} % of ${c.n[i]} feel unsafe${feared ? ', little recorded crime' : ', much recorded crime'})`,
      cell: c.cells[i], cells: cellsAt(c.cells[i], res), respondents: c.n[i], shareUnsafe: c.share[i], recorded: gap.crime[i],
      gapClass: feared ? 'feared-only' : 'both-high',
    };
  });
}

/**
 * The action plan's section on community consultation and safety of women and vulnerable groups:
 * data only (published figures, class keys), rendered in the report's language by report-section.ts.
 */
export interface CommunityReportSection {
  source: string;
  synthetic: boolean;
  representative: boolean;
  read: number;
  kept: number;
  /** How answers were read (English, from the import). */
  rule: string;
  minRespondents: number;
  res: number;
  /** Share feeling unsafe after dark, women and men, where published. */
  headline: { sex: 'women' | 'men'; value: PublishedShare }[];
  gap: { fearThreshold: number; crimeCut: number; crimePercentile: number; classes: { key: string; cells: number }[] } | null;
  /** `cell`: the published survey cell; `actions`: the plan's actions treating it (filled by the report). */
  fearedPlaces: { cell: string; gapClass: 'both-high' | 'feared-only'; respondents: number; shareUnsafe: number; recorded: number; actions?: string[] }[];
  reasons: { reason: string; n: number }[];
  indicators: { id: string; basis: string; overall: PublishedShare | null; breakdowns: { by: string; rows: PublishedShare[] }[] }[];
}

/** Builds the section from the Community tab's results (the published figures only). */
export function communityReportSection(input: {
  report: SurveyReport;
  synthetic: boolean;
  representative: boolean;
  perception: PerceptionOutcome;
  gap: GapOutcome | null;
  gapSettings?: { fearThreshold: number; crimePercentile: number };
  indicators: IndicatorOutcome | null;
  places?: number;
}): CommunityReportSection {
  const { report, perception: per, gap, indicators: ind } = input;
  const headline: CommunityReportSection['headline'] = [];
  for (const r of per.byTime) if (r.band === 'dark' && (r.sex === 'women' || r.sex === 'men')) headline.push({ sex: r.sex, value: r });
  headline.sort((a, b) => (a.sex === 'women' ? -1 : 1) - (b.sex === 'women' ? -1 : 1));
  return {
    source: report.source, synthetic: input.synthetic, representative: input.representative, read: report.read, kept: report.kept, rule: report.rule,
    minRespondents: per.k, res: per.res, headline,
    gap: gap
      ? { fearThreshold: input.gapSettings?.fearThreshold ?? 0.5, crimeCut: gap.crimeCut, crimePercentile: input.gapSettings?.crimePercentile ?? 80, classes: GAP_CLASSES.map((g) => ({ key: g.key, cells: gap.classCounts.find((c) => c.code === g.code)?.cells ?? 0 })) }
      : null,
    fearedPlaces: gap ? fearedPlaces(gap, input.places ?? 5, per.res).map((p) => ({ cell: p.cell, gapClass: p.gapClass, respondents: p.respondents, shareUnsafe: p.shareUnsafe, recorded: p.recorded })) : [],
    reasons: per.reasons ?? [],
    indicators: ind ? [ind.sdg1614, ind.sdg1172].filter((x) => x.available).map((x) => ({ id: x.id, basis: x.basis, overall: x.overall, breakdowns: x.breakdowns })) : [],
  };
}
