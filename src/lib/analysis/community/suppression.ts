/**
 * Small-count disclosure control for survey tables and maps: threshold (minimum base size) rule
 * and secondary suppression by complement, after Hundepool et al. (2012), "Statistical Disclosure
 * Control", Wiley, ch. 5 (frequency tables: threshold rule; secondary suppression so that a
 * suppressed cell cannot be recovered by subtraction).
 *
 * Primary: a unit (map cell or group) with fewer than `k` respondents in the selection is not
 * shown. Secondary: a unit is also hidden when a coarser selection of the same unit (the same cell
 * with one or more of the group filters removed — all women → everyone, after dark → any time)
 * holds 1 to k − 1 respondents more than the selection, since those few could then be worked out
 * by subtracting the two published figures. Units with no respondents are simply absent.
 *
 * What this does not cover: differences between overlapping selections that are neither nested
 * nor complementary, and between resolutions (a parent hexagon minus its shown children). Publish
 * one resolution and one selection, as the exports do.
 */

/** Smallest threshold the app accepts: below 3 the rule protects nobody. */
export const MIN_THRESHOLD = 3;
export const DEFAULT_THRESHOLD = 5;

export const SHOWN = 0;
export const EMPTY = 1;
export const PRIMARY = 2;
export const SECONDARY = 3;

/** Checks a threshold given by a user; throws a plain message when it is not usable. */
export function checkThreshold(k: number): number {
  if (!Number.isInteger(k) || k < MIN_THRESHOLD || k > 1000)
    throw new RangeError(`The minimum number of respondents must be a whole number from ${MIN_THRESHOLD} to 1000 (got ${k}); below ${MIN_THRESHOLD} single answers could be identified.`);
  return k;
}

/**
 * The status of each unit: SHOWN, EMPTY (no respondents), PRIMARY (1 to k − 1) or SECONDARY
 * (a coarser selection exceeds it by 1 to k − 1). `parents` are counts of the same units under
 * coarser selections (each ≥ the selection's count).
 */
export function suppressionStatus(n: ArrayLike<number>, k: number, parents: readonly ArrayLike<number>[] = []): Uint8Array {
  checkThreshold(k);
  const out = new Uint8Array(n.length);
  for (let i = 0; i < n.length; i++) {
    const v = n[i];
    if (v <= 0) out[i] = EMPTY;
    else if (v < k) out[i] = PRIMARY;
    else {
      for (const p of parents) {
        const d = p[i] - v;
        if (d < 0) throw new RangeError(`A coarser selection holds fewer respondents (${p[i]}) than the selection (${v}) in unit ${i}`);
        if (d > 0 && d < k) {
          out[i] = SECONDARY;
          break;
        }
      }
    }
  }
  return out;
}

/** How many units and respondents each status holds. */
export function suppressionSummary(n: ArrayLike<number>, status: Uint8Array): { shown: number; primary: number; secondary: number; hiddenRespondents: number } {
  let shown = 0, primary = 0, secondary = 0, hidden = 0;
  for (let i = 0; i < status.length; i++) {
    if (status[i] === SHOWN) shown++;
    else if (status[i] === PRIMARY) { primary++; hidden += n[i]; }
    else if (status[i] === SECONDARY) { secondary++; hidden += n[i]; }
  }
  return { shown, primary, secondary, hiddenRespondents: hidden };
}
