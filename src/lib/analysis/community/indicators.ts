/**
 * Indicators in the style of SDG 16.1.4 and 11.7.2, from imported survey or audit answers, with
 * their official definitions (UN Statistics Division, SDG indicators metadata repository:
 * 16.1.4, custodian UNODC; 11.7.2, custodian UN-Habitat) and what the local figure measures
 * instead. Every group figure passes the threshold rule and, since groups partition the
 * respondents, a second group is hidden when only one would be (it could otherwise be recovered
 * from the total): see suppression.ts. Shares carry Wilson 95 % intervals (wilson.ts).
 */
import { checkThreshold } from './suppression';
import { wilsonInterval } from './wilson';

export const SDG_16_1_4 = {
  id: 'SDG 16.1.4',
  official: 'Proportion of population that feel safe walking alone around the area they live after dark.',
  local: 'Share of respondents who said they feel safe (safe or very safe) at the place they rated, among answers about the time after dark (20:00–06:00 or an answer such as “at night”).',
} as const;

export const SDG_11_7_2 = {
  id: 'SDG 11.7.2',
  official: 'Proportion of persons victim of physical or sexual harassment, by sex, age, disability status and place of occurrence, in the previous 12 months.',
  local: 'Share of respondents who reported having experienced harassment at the place they rated (a yes/no column, or the reason “harassment experienced”), by sex, age band and type of place.',
} as const;

export const NOT_REPRESENTATIVE =
  'These figures describe the people who answered this survey or took part in these audits, not the population: people chose to take part and places were chosen to be audited, so they are not a representative sample. Do not report them as official SDG values; use them to see where and for whom places feel unsafe.';
export const REPRESENTATIVE =
  'You marked the data as a representative probability sample. The shares here are unweighted: apply the survey’s design weights before reporting them as estimates of SDG 16.1.4 or 11.7.2.';

/** A group's answers: respondents and those with the property (feel safe, were harassed). */
export interface GroupCount {
  group: string;
  n: number;
  yes: number;
}

/** A published group figure: null figures are suppressed. */
export interface PublishedShare {
  group: string;
  n: number | null;
  share: number | null;
  lo: number | null;
  hi: number | null;
  suppressed: 'too-few' | 'complement' | null;
}

function publish(g: GroupCount, suppressed: PublishedShare['suppressed']): PublishedShare {
  if (suppressed) return { group: g.group, n: null, share: null, lo: null, hi: null, suppressed };
  const [lo, hi] = wilsonInterval(g.yes, g.n);
  return { group: g.group, n: g.n, share: g.yes / g.n, lo, hi, suppressed: null };
}

/**
 * Publishes the groups of one breakdown (a partition of the respondents: every respondent in
 * exactly one group, "not stated" included). Groups under `k` are suppressed; when exactly one
 * is, the smallest other group is suppressed too. Empty groups are dropped.
 */
export function publishPartition(groups: readonly GroupCount[], k: number): PublishedShare[] {
  checkThreshold(k);
  const rows = groups.filter((g) => g.n > 0);
  const small = new Set(rows.filter((g) => g.n < k).map((g) => g.group));
  const complement = new Set<string>();
  if (small.size === 1) {
    const next = rows.filter((g) => !small.has(g.group)).sort((a, b) => a.n - b.n || a.group.localeCompare(b.group))[0];
    if (next) complement.add(next.group);
  }
  return rows.map((g) => publish(g, small.has(g.group) ? 'too-few' : complement.has(g.group) ? 'complement' : null));
}

/** The overall figure (suppressed under `k`). */
export function publishOverall(g: GroupCount, k: number): PublishedShare {
  checkThreshold(k);
  return publish(g, g.n < k ? 'too-few' : null);
}

/** One indicator: definitions, basis, the overall figure and its breakdowns. */
export interface Indicator {
  id: string;
  official: string;
  local: string;
  /** What the figures are computed over, in words (and any limitation of the data). */
  basis: string;
  available: boolean;
  overall: PublishedShare | null;
  breakdowns: { by: string; rows: PublishedShare[] }[];
  caveat: string;
}
