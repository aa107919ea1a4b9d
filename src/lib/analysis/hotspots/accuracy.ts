/**
 * Forecast accuracy of a hot-spot map: flag the highest-ranked cells covering a share of the study
 * area and count the test-period incidents they capture.
 *
 * Hit rate = n / N (test incidents in flagged cells ÷ all test incidents).
 * PAI, Predictive Accuracy Index (Chainey, Tompson & Uhlig 2008, Security Journal 21:4–28) =
 *   hit rate ÷ (flagged area ÷ study area).
 * PEI, Predictive Efficiency Index (Hunt 2016, as used by the NIJ Crime Forecasting Challenge) =
 *   n ÷ n*, n* = the most test incidents any set of cells of the same number could hold.
 * RRI, Recapture Rate Index (Levine 2008, Geographical Analysis 40:419–431), as used here =
 *   (n ÷ N) ÷ (n_train ÷ N_train): the test hit rate over the training hit rate of the same cells;
 *   about 1 when the flagged cells keep their share of crime, below 1 when it decays.
 * Cells are taken as equal in area (H3 cells of one resolution differ by well under 1 % within a
 * city). The number of flagged cells is round(share × cells). Ties in the ranking at the cut-off are
 * split in expectation: the tied cells that fit contribute their mean count (the average over every
 * order of the tied cells), so the result never depends on the cells' order.
 */

export interface AccuracyPoint {
  /** Requested and actual share of the area flagged. */
  share: number;
  areaShare: number;
  cells: number;
  hits: number;
  hitRate: number;
  pai: number;
  pei: number;
  rri: number;
}

/** Expected sum of `v` over the `m` cells ranked highest by `score`, ties split in expectation; `order` is score-descending. */
function topSum(order: Uint32Array, score: ArrayLike<number>, v: ArrayLike<number>, m: number): number {
  let s = 0, i = 0;
  while (i < m) {
    // The group of cells tied with order[i].
    let j = i + 1, g = v[order[i]];
    while (j < order.length && score[order[j]] === score[order[i]]) g += v[order[j++]];
    const size = j - i;
    if (j <= m) s += g;
    else s += (g * (m - i)) / size;
    i = j;
  }
  return s;
}

/** Cells ordered by score, highest first (NaN last). */
export function rankOrder(score: ArrayLike<number>): Uint32Array {
  const o = Uint32Array.from({ length: score.length }, (_, i) => i);
  const key = (i: number) => (Number.isNaN(score[i]) ? -Infinity : score[i]);
  return o.sort((a, b) => key(b) - key(a) || a - b);
}

/** Accuracy of a ranking at several area shares (0 < share ≤ 1). */
export function accuracy(score: ArrayLike<number>, test: ArrayLike<number>, train: ArrayLike<number> | null, shares: readonly number[]): AccuracyPoint[] {
  const n = score.length;
  if (test.length !== n || (train && train.length !== n)) throw new RangeError('Scores and counts must cover the same cells.');
  const order = rankOrder(score);
  const best = Float64Array.from(test).sort().reverse();
  const N = sum(test), Ntr = train ? sum(train) : NaN;
  return shares.map((share) => {
    const m = Math.max(1, Math.min(n, Math.round(share * n)));
    const hits = topSum(order, score, test, m);
    let bestHits = 0;
    for (let i = 0; i < m; i++) bestHits += best[i];
    const areaShare = m / n, hitRate = N > 0 ? hits / N : NaN;
    const trainRate = train && Ntr > 0 ? topSum(order, score, train, m) / Ntr : NaN;
    return { share, areaShare, cells: m, hits, hitRate, pai: hitRate / areaShare, pei: bestHits > 0 ? hits / bestHits : NaN, rri: hitRate / trainRate };
  });
}

/** Shares 0.5 %, 1 %, … 20 % for accuracy curves. */
export const CURVE_SHARES: readonly number[] = Array.from({ length: 40 }, (_, i) => (i + 1) * 0.005);

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
