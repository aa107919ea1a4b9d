/**
 * The scoring kernel: expected incidents per cell and offence with a set of placements, given a
 * rate ratio per effect and a displacement quotient per placement. Scoring, its Monte Carlo and
 * the budget optimiser all call `evaluate`.
 *
 * Within each time segment (the horizon cut where any placement starts or stops):
 * 1. Treated cells: every active placement covering the offence multiplies the expectation by its
 *    rate ratio r, so overlapping measures combine multiplicatively, never additively:
 *    E' = B · Π r. The direct reduction B − E' is attributed to the placements in proportion to
 *    −ln r (exact for products: the shares sum to the reduction).
 * 2. Buffer: placement p moves q_p · Δ_p (Δ_p its direct reduction of the offence) into its
 *    buffer cells as prevention (q > 0, diffusion of benefits) or as extra incidents (q < 0,
 *    displacement), spread in proportion to the buffer cells' baseline of that offence (evenly
 *    when the buffer has none, for displacement; diffusion into an empty buffer prevents nothing).
 * 3. A cell's expectation is floored at zero, so no cell prevents more than its baseline. With
 *    |q| ≤ 1 the plan's net reduction is ≥ 0 whenever every r ≤ 1 (displacement adds at most
 *    the direct reduction, and flooring only removes prevention).
 */

/** A placement as the kernel sees it: local cell indices and the effect slot per offence. */
export interface ModelPlacement {
  treated: Int32Array;
  buffer: Int32Array;
  /** Effect slot per offence (index into the ratio vector), −1 when the offence is not covered. */
  slot: Int32Array;
  /** Active part of the horizon, fractions in [0, 1]. */
  from: number;
  to: number;
}

/** The cells the plan touches, their baseline over the whole horizon, and the placements. */
export interface ModelInput {
  /** Local cells × offences, cell-major: the horizon baseline. */
  baseline: Float64Array;
  nCells: number;
  nOffences: number;
  placements: ModelPlacement[];
}

/** What one evaluation returns (all over the whole horizon). */
export interface ModelResult {
  /** Expected incidents with the plan, local cells × offences. */
  expected: Float64Array;
  /** Prevented per placement × offence in its treated cells (attributed). */
  direct: Float64Array;
  /** Prevented per placement × offence in its buffer (negative: displaced), before flooring. */
  buffer: Float64Array;
}

/** Builds the time segments: boundaries where the set of active placements changes. */
function segments(ps: ModelPlacement[]): { from: number; to: number; active: number[] }[] {
  const cuts = [...new Set([0, 1, ...ps.flatMap((p) => [p.from, p.to])])].filter((t) => t >= 0 && t <= 1).sort((a, b) => a - b);
  const out: { from: number; to: number; active: number[] }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const mid = (cuts[i] + cuts[i + 1]) / 2;
    out.push({ from: cuts[i], to: cuts[i + 1], active: ps.flatMap((p, j) => (p.from <= mid && mid < p.to ? [j] : [])) });
  }
  return out;
}

/** The kernel over one plan's cells and placements; `evaluate` may be called many times. */
export class ScoreModel {
  readonly input: ModelInput;
  private readonly segs: { from: number; to: number; active: number[] }[];
  private readonly logSum: Float64Array;
  private readonly add: Float64Array;

  constructor(input: ModelInput) {
    this.input = input;
    this.segs = segments(input.placements);
    this.logSum = new Float64Array(input.nCells * input.nOffences);
    this.add = new Float64Array(input.nCells * input.nOffences);
  }

  /**
   * Expected incidents with the placements whose `enabled` flag is set (all when omitted), given
   * a rate ratio per effect slot (each in (0, ∞)) and a displacement quotient per placement.
   */
  evaluate(ratio: ArrayLike<number>, q: ArrayLike<number>, enabled?: ArrayLike<number | boolean>): ModelResult {
    const { baseline, nCells, nOffences: k, placements } = this.input;
    const P = placements.length;
    const expected = new Float64Array(nCells * k);
    const direct = new Float64Array(P * k);
    const buffer = new Float64Array(P * k);
    const lnR = Float64Array.from({ length: ratio.length }, (_, i) => Math.log(ratio[i]));
    const { logSum, add } = this;
    const delta = new Float64Array(k);
    for (const seg of this.segs) {
      const w = seg.to - seg.from;
      const active = enabled ? seg.active.filter((j) => enabled[j]) : seg.active;
      logSum.fill(0);
      add.fill(0);
      for (const j of active) {
        const p = placements[j];
        for (const c of p.treated)
          for (let o = 0; o < k; o++) if (p.slot[o] >= 0) logSum[c * k + o] += lnR[p.slot[o]];
      }
      for (const j of active) {
        const p = placements[j];
        delta.fill(0);
        for (const c of p.treated)
          for (let o = 0; o < k; o++) {
            const s = p.slot[o];
            if (s < 0) continue;
            const S = logSum[c * k + o];
            // Share of B·(1 − e^S) attributed to this placement: −B · ln r · expm1(S)/S (→ −B·ln r as S → 0).
            const g = Math.abs(S) < 1e-12 ? 1 : Math.expm1(S) / S;
            delta[o] += -baseline[c * k + o] * w * lnR[s] * g;
          }
        for (let o = 0; o < k; o++) direct[j * k + o] += delta[o];
        this.spread(j, delta, q[j], buffer);
      }
      for (let i = 0; i < nCells * k; i++) {
        const b = baseline[i] * w;
        expected[i] += Math.max(0, b * Math.exp(logSum[i]) + add[i]);
      }
    }
    return { expected, direct, buffer };
  }

  /** Spreads q · Δ of placement j over its buffer into `add` (as a change in incidents). */
  private spread(j: number, delta: Float64Array, q: number, buffer: Float64Array): void {
    const { baseline, nOffences: k } = this.input;
    const p = this.input.placements[j];
    if (q === 0 || p.buffer.length === 0) return;
    for (let o = 0; o < k; o++) {
      const amount = q * delta[o];
      if (amount === 0) continue;
      let sum = 0;
      for (const c of p.buffer) sum += baseline[c * k + o];
      if (sum > 0) {
        for (const c of p.buffer) this.add[c * k + o] -= (amount * baseline[c * k + o]) / sum;
      } else if (amount < 0) {
        for (const c of p.buffer) this.add[c * k + o] -= amount / p.buffer.length;
      } else continue;
      buffer[j * k + o] += amount;
    }
  }
}
