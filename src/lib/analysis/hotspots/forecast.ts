/**
 * Ranking cells for a hot-spot forecast from training incidents: prior counts, kernel density,
 * Gi* z-score, and the app's default "best" method, which picks among a small fixed family of
 * smoothed-count forecasts by temporal cross-validation inside the training period only.
 *
 * Best method: candidates are counts, counts smoothed over the first ring (triangular weights,
 * neighbours at ½), the same with recency weights (half-life 240 days), quartic kernel density at
 * 2 and 3 cell edge lengths (about 350 / 520 m at res 9), and blends a·counts + (1 − a)·density
 * (a = ¼, ½, ¾, each normalised to sum 1). Each candidate is fitted on the first half (and first
 * two-thirds) of the training period and scored by PAI at the target area share on the rest; the
 * candidate with the best geometric-mean PAI is refitted on the whole training period. Nothing is
 * tuned to any test period: the family was fixed beforehand, and the choice is the training data's.
 */
import { getHexagonEdgeLengthAvg, getResolution } from 'h3-js';
import { accuracy } from './accuracy';
import { getisOrd } from './getis-ord';
import { kernelDensityAtCells } from './kernel-density';
import { ringNeighbours, ringWeights, spatialLag, type RingNeighbours } from './weights';

/** Training incidents over a study area. */
export interface TrainingData {
  cells: readonly string[];
  /** Per incident: index into `cells` (−1 when outside the study area). */
  cellIndex: Int32Array;
  lat: Float64Array;
  lon: Float64Array;
  /** Time, ms (naive local). */
  ms: Float64Array;
}

export type RankMethod = 'prior' | 'kde' | 'gistar' | 'best';
export const RANK_METHODS: readonly RankMethod[] = ['prior', 'kde', 'gistar', 'best'];

export interface RankOptions {
  /** Area share the best method is chosen for (default 0.05). */
  share?: number;
  /** Rings for Gi* (default 1). */
  k?: number;
  /** KDE bandwidth in metres (default: Silverman rule; see kernel-density.ts). */
  bandwidth?: number;
  /** Prebuilt first-ring neighbours (saves time when ranking several ways). */
  nb1?: RingNeighbours;
}

export interface Ranking {
  method: RankMethod;
  score: Float64Array;
  /** What was done, in words (for the method record). */
  description: string;
  /** For `best`: the chosen candidate and every candidate's cross-validated PAI. */
  chosen?: string;
  candidates?: Record<string, number>;
}

const DAY = 86_400_000;
const HALF_LIFE_DAYS = 240;

function normalised(a: Float64Array): Float64Array {
  let s = 0;
  for (const v of a) s += v;
  return s > 0 ? a.map((v) => v / s) : a;
}

/** The candidate family fitted on incidents `sel` up to time `end`. */
function candidates(d: TrainingData, nb1: RingNeighbours, sel: ArrayLike<number>, end: number): Map<string, Float64Array> {
  const n = d.cells.length;
  const counts = new Float64Array(n), recent = new Float64Array(n);
  const lat: number[] = [], lon: number[] = [];
  for (let q = 0; q < sel.length; q++) {
    const i = sel[q], c = d.cellIndex[i];
    if (c < 0) continue;
    counts[c]++;
    recent[c] += 0.5 ** ((end - d.ms[i]) / (HALF_LIFE_DAYS * DAY));
    lat.push(d.lat[i]);
    lon.push(d.lon[i]);
  }
  const edge = n ? getHexagonEdgeLengthAvg(getResolution(d.cells[0]), 'm') : 1;
  const tri = ringWeights(nb1, { scheme: 'triangular', includeSelf: true });
  const out = new Map<string, Float64Array>();
  const c = normalised(counts);
  out.set('counts', c);
  out.set('counts, ring-smoothed', normalised(spatialLag(tri, counts)));
  out.set('recency-weighted counts, ring-smoothed', normalised(spatialLag(tri, recent)));
  for (const f of [2, 3]) {
    const kde = lat.length ? normalised(kernelDensityAtCells({ lat, lon }, d.cells, { bandwidth: f * edge }).density) : new Float64Array(n);
    out.set(`density ${f}×edge`, kde);
    for (const a of [0.25, 0.5, 0.75]) out.set(`${a}·counts + ${1 - a}·density ${f}×edge`, c.map((v, i) => a * v + (1 - a) * kde[i]));
  }
  return out;
}

/** The best method: the candidate with the best cross-validated PAI inside the training period. */
function best(d: TrainingData, nb1: RingNeighbours, share: number): Ranking {
  let t0 = Infinity, t1 = -Infinity;
  for (const m of d.ms) if (!Number.isNaN(m)) { if (m < t0) t0 = m; if (m > t1) t1 = m; }
  const all = Uint32Array.from({ length: d.ms.length }, (_, i) => i);
  const score = new Map<string, number>();
  let folds = 0;
  for (const f of [1 / 2, 2 / 3]) {
    const cut = t0 + f * (t1 - t0);
    const early = all.filter((i) => d.ms[i] < cut);
    const later = new Float64Array(d.cells.length);
    for (const i of all) if (d.ms[i] >= cut && d.cellIndex[i] >= 0) later[d.cellIndex[i]]++;
    if (early.length < 10 || later.every((v) => v === 0)) continue;
    folds++;
    for (const [k, v] of candidates(d, nb1, early, cut)) score.set(k, (score.get(k) ?? 0) + Math.log(Math.max(1e-9, accuracy(v, later, null, [share])[0].pai)));
  }
  const full = candidates(d, nb1, all, t1);
  // Ties (and too little data to cross-validate) fall back on the first candidate, plain counts.
  let chosen = 'counts', top = -Infinity;
  for (const [k, s] of score) if (s > top + 1e-12) { top = s; chosen = k; }
  const cv = Object.fromEntries([...score].map(([k, s]) => [k, Math.exp(s / Math.max(1, folds))]));
  return {
    method: 'best', score: full.get(chosen)!, chosen, candidates: cv,
    description: folds
      ? `Best of ${full.size} smoothed-count forecasts by PAI at ${(share * 100).toFixed(1)} % of the area, cross-validated inside the training period (first ½ and ⅔ → the rest): ${chosen}.`
      : 'Too little training data to cross-validate: prior counts.',
  };
}

/** Scores for ranking the cells (higher = flagged first). */
export function rankCells(d: TrainingData, method: RankMethod, o: RankOptions = {}): Ranking {
  const n = d.cells.length;
  const counts = new Float64Array(n);
  for (const c of d.cellIndex) if (c >= 0) counts[c]++;
  switch (method) {
    case 'prior':
      return { method, score: counts, description: 'Prior counts: incidents per cell in the training period.' };
    case 'kde': {
      const k = kernelDensityAtCells({ lat: d.lat, lon: d.lon }, d.cells, { bandwidth: o.bandwidth });
      return { method, score: k.density, description: `Quartic kernel density at each cell's centre. ${k.bandwidth.rule}` };
    }
    case 'gistar': {
      const k = o.k ?? 1;
      const g = getisOrd({ cells: d.cells, counts }, k === 1 && o.nb1 ? o.nb1 : ringNeighbours(d.cells, k));
      return { method, score: g.z, description: `Gi* z-score of training counts, ${k} ring${k > 1 ? 's' : ''}, binary weights.` };
    }
    case 'best':
      return best(d, o.nb1 ?? ringNeighbours(d.cells, 1), o.share ?? 0.05);
  }
}
