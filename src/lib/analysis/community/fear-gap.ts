/**
 * The fear–crime gap: each surveyed cell placed in one of four classes by perceived unsafety
 * (share of respondents feeling unsafe) against recorded crime (incidents in the cell), after the
 * bivariate comparisons of fear and crime maps in Doran & Lees (2005), "Investigating the
 * spatiotemporal links between disorder, crime, and the fear of crime", The Professional
 * Geographer 57(1):1–12, and Solymosi, Bowers & Fujiyama (2015), "Mapping fear of crime as a
 * context-dependent everyday experience that varies in space and time", Legal and Criminological
 * Psychology 20(2):193–211.
 *
 * Thresholds, both stated with the result: fear is high when the share feeling unsafe is at least
 * `fearThreshold`; crime is high when the cell's count is at least the `crimePercentile`-th
 * percentile (nearest rank) of the counts over every study-area cell, zeros included, and at
 * least 1. Only cells that passed small-cell suppression are classed.
 */

export const GAP_BOTH = 1;
export const GAP_FEARED = 2;
export const GAP_RECORDED = 3;
export const GAP_LOW = 4;

export interface GapClass {
  code: number;
  key: 'both-high' | 'feared-only' | 'recorded-only' | 'both-low';
  label: string;
  /** What the class may mean. */
  may: string;
  /** What it does not show. */
  mayNot: string;
}

export const GAP_CLASSES: readonly GapClass[] = [
  {
    code: GAP_BOTH, key: 'both-high', label: 'Feared and much recorded crime',
    may: 'People feel unsafe where crime is also often recorded: a shared priority for prevention and for consulting the people who use the place.',
    mayNot: 'It does not describe the people who live there, and recorded crime depends on reporting and patrolling as much as on crime.',
  },
  {
    code: GAP_FEARED, key: 'feared-only', label: 'Feared, little recorded crime',
    may: 'Possible under-reporting (harassment and sexual offences are rarely reported), or design problems — poor lighting, isolation, no one around, no way out — that make a place feel unsafe.',
    mayNot: 'It does not mean the fear is unfounded, nor that the place is dangerous: few records are not proof of little crime, and feelings can follow a place’s reputation.',
  },
  {
    code: GAP_RECORDED, key: 'recorded-only', label: 'Much recorded crime, not feared',
    may: 'Busy places where much is reported (theft in crowds, shops, night-time economy) but people feel watched over; or respondents who do not see the risk.',
    mayNot: 'It does not mean people are wrong to feel safe, nor that crime there is harmless.',
  },
  {
    code: GAP_LOW, key: 'both-low', label: 'Neither feared nor much recorded',
    may: 'Neither measure points to a problem here now.',
    mayNot: 'It does not prove the place is safe for everyone: a group that answered little (or not at all) may feel differently.',
  },
];

/** Nearest-rank percentile (p in 0–100) of the counts; 0 for no counts. */
export function percentile(counts: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`A percentile must be 0–100, got ${p}`);
  const n = counts.length;
  if (n === 0) return 0;
  const s = Float64Array.from(counts).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return s[rank - 1];
}

/** The crime threshold: the percentile of the study-area counts, and at least 1. */
export function crimeThreshold(studyCounts: ArrayLike<number>, pct: number): number {
  return Math.max(1, percentile(studyCounts, pct));
}

/** Classes per cell: share unsafe against recorded count. */
export function gapClasses(share: ArrayLike<number>, crime: ArrayLike<number>, fearThreshold: number, crimeCut: number): Uint8Array {
  if (!(fearThreshold > 0 && fearThreshold <= 1)) throw new RangeError(`The fear threshold must be a share above 0 and at most 1, got ${fearThreshold}`);
  if (share.length !== crime.length) throw new RangeError('Shares and counts must have one value per cell');
  const out = new Uint8Array(share.length);
  for (let i = 0; i < share.length; i++) {
    const fear = share[i] >= fearThreshold;
    const rec = crime[i] >= crimeCut;
    out[i] = fear && rec ? GAP_BOTH : fear ? GAP_FEARED : rec ? GAP_RECORDED : GAP_LOW;
  }
  return out;
}

/** The thresholds in words, for legends and reports. */
export function gapRule(fearThreshold: number, crimePct: number, crimeCut: number, k: number): string {
  return `Feared: at least ${Math.round(fearThreshold * 100)} % of respondents feel unsafe. Much recorded: at least ${crimeCut} incident${crimeCut === 1 ? '' : 's'} (the ${crimePct}th percentile of all study-area cells). Only cells with at least ${k} respondents are classed.`;
}
