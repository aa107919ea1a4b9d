/**
 * Before/after evaluation of an intervention already in place, from eight counts: the treated
 * area R, its buffer D, a control area C and the control's own buffer CD, each before (b) and
 * after (a). Formulas as in ../shared/EVIDENCE.md:
 *
 * - Weighted Displacement Quotient (Bowers & Johnson 2003, J. Quant. Criminol. 19(3)):
 *   WDQ = (Da/Ca − Db/Cb) / (Ra/Ca − Rb/Cb). Interpreted only when the denominator is negative
 *   (the treatment worked); otherwise null. > 0 diffusion, > 1 diffusion larger than the direct
 *   effect, 0 to −1 displacement smaller than the gain, < −1 displacement exceeding it.
 * - Total net effect: TNE = [Rb·(Ca/Cb) − Ra] + [Db·(Ca/Cb) − Da] (incidents prevented, > 0 good).
 * - Weighted displacement difference (Wheeler & Ratcliffe 2018, Crime Science 7:11):
 *   WDD = ΔR − ΔC + ΔD − ΔCD with Δ = after − before (< 0: crime fell relative to control);
 *   standard error √(sum of the eight counts), assuming Poisson counts; z = WDD / SE, with a
 *   two-sided normal p-value for H0: no change relative to control (WDD = 0).
 * - Relative effect in the treated area (the odds-ratio form of Welsh & Farrington's reviews):
 *   (Ra/Rb) / (Ca/Cb), with a 95 % interval from SE(ln) = √(1/Ra + 1/Rb + 1/Ca + 1/Cb).
 */

/** The eight counts. */
export interface AreaCounts {
  Rb: number; Ra: number;
  Db: number; Da: number;
  Cb: number; Ca: number;
  CDb: number; CDa: number;
}

/** The evaluation statistics; null where undefined (see the header). */
export interface Evaluation {
  counts: AreaCounts;
  wdq: number | null;
  /** Why WDQ is null, when it is. */
  wdqNote: string | null;
  tne: number | null;
  wdd: number;
  wddStandardError: number;
  wddZ: number | null;
  /** Two-sided p for H0: WDD = 0 (normal approximation). */
  wddP: number | null;
  /** 95 % interval of WDD: ± 1.96 SE. */
  wddInterval: [number, number];
  /** (Ra/Rb)/(Ca/Cb): 0.6 means 40 % fewer than the control's trend predicts. */
  relativeEffect: number | null;
  relativeEffectInterval: [number, number] | null;
}

/** Standard normal cumulative distribution (Abramowitz & Stegun 7.1.26 via erfc; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Checks that every count is a whole number ≥ 0. */
export function checkCounts(c: AreaCounts): void {
  for (const [k, v] of Object.entries(c)) if (!Number.isInteger(v) || v < 0) throw new RangeError(`Count ${k} must be a whole number ≥ 0, got ${v}`);
}

/** WDQ, TNE, WDD (with its standard error) and the relative effect from the eight counts. */
export function evaluateCounts(c: AreaCounts): Evaluation {
  checkCounts(c);
  const { Rb, Ra, Db, Da, Cb, Ca, CDb, CDa } = c;
  let wdq: number | null = null;
  let wdqNote: string | null = null;
  if (Cb === 0 || Ca === 0) wdqNote = 'the control area has no incidents before or after';
  else {
    const den = Ra / Ca - Rb / Cb;
    if (den < 0) wdq = (Da / Ca - Db / Cb) / den;
    else wdqNote = 'the treated area did not improve relative to the control (denominator not negative)';
  }
  const tne = Cb === 0 ? null : Rb * (Ca / Cb) - Ra + (Db * (Ca / Cb) - Da);
  const wdd = Ra - Rb - (Ca - Cb) + (Da - Db) - (CDa - CDb);
  const se = Math.sqrt(Rb + Ra + Db + Da + Cb + Ca + CDb + CDa);
  const z = se > 0 ? wdd / se : null;
  const rel = Rb > 0 && Cb > 0 && Ca > 0 ? Ra / Rb / (Ca / Cb) : null;
  const lse = Ra > 0 && Rb > 0 && Ca > 0 && Cb > 0 ? Math.sqrt(1 / Ra + 1 / Rb + 1 / Ca + 1 / Cb) : null;
  return {
    counts: { ...c }, wdq, wdqNote, tne, wdd, wddStandardError: se, wddZ: z, wddP: z === null ? null : 2 * (1 - normalCdf(Math.abs(z))),
    wddInterval: [wdd - 1.96 * se, wdd + 1.96 * se],
    relativeEffect: rel,
    relativeEffectInterval: rel !== null && lse !== null ? [rel * Math.exp(-1.96 * lse), rel * Math.exp(1.96 * lse)] : null,
  };
}
