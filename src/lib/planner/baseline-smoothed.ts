/**
 * A smoothed baseline: the constant recent rate (baseline.ts), with each cell's expected
 * incidents partly shared with the cells around it. Counts per small cell are noisy, and places
 * next to crime carry some of its risk; smoothing counts over neighbouring areas forecasts
 * future crime better than the raw counts of the cell alone (Chainey, Tompson & Uhlig 2008,
 * "The utility of hotspot mapping for predicting spatial patterns of crime", Security Journal
 * 21(1–2); the Trends tab's forecast comparison finds the same on the demo city and Chicago).
 *
 * Per offence, each counted cell keeps a share `alpha` of its expected incidents and spreads
 * `1 − alpha` equally over its H3 disk of radius 1 (itself and its 6 neighbours; 5 at a
 * pentagon), so the total per offence is unchanged and neighbours without past incidents get a
 * small expectation. `alpha` is chosen from `SMOOTHING_SHARES` by forecasting the second half of
 * the window from the first (Poisson deviance, lower is better; ties keep less smoothing): a
 * choice made inside the data the baseline is built from, never on the future it forecasts.
 */
import { gridDisk } from 'h3-js';
import { addMonths, dayMs, DAY, recentRateBaseline, type Baseline, type IncidentRows } from './baseline';

/** Shares of a cell's own expectation tried (1: no smoothing). */
export const SMOOTHING_SHARES = [1, 0.75, 0.5, 0.25, 0] as const;

/** Counts per cell (hex) × offence index, spread by `alpha` over each cell's ring-1 disk. */
export function spread(counts: Map<string, Float64Array>, k: number, alpha: number): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  const at = (c: string) => {
    let v = out.get(c);
    if (!v) out.set(c, (v = new Float64Array(k)));
    return v;
  };
  for (const [c, v] of counts) {
    const own = at(c);
    for (let j = 0; j < k; j++) own[j] += alpha * v[j];
    if (alpha === 1) continue;
    const disk = gridDisk(c, 1);
    const w = (1 - alpha) / disk.length;
    for (const d of disk) {
      const o = at(d);
      for (let j = 0; j < k; j++) o[j] += w * v[j];
    }
  }
  return out;
}

/** Poisson deviance of counts `y` against means `mu` (cells missing from `mu` count as 0). */
export function poissonDeviance(y: Map<string, Float64Array>, mu: Map<string, Float64Array>, k: number, scale: number): number {
  let d = 0;
  const cells = new Set([...y.keys(), ...mu.keys()]);
  for (const c of cells) {
    const yc = y.get(c), mc = mu.get(c);
    for (let j = 0; j < k; j++) {
      const yy = yc ? yc[j] : 0;
      const m = Math.max(1e-9, (mc ? mc[j] : 0) * scale);
      d += 2 * ((yy > 0 ? yy * Math.log(yy / m) : 0) - (yy - m));
    }
  }
  return d;
}

/** The smoothed baseline; `alpha` and the two deviances of the choice are returned with it. */
export function smoothedBaseline(
  rows: IncidentRows,
  opts: { res: number; windowMonths: number; horizonMonths: number; asOf?: string },
): Baseline & { alpha: number; deviance: { chosen: number; unsmoothed: number } } {
  const recent = recentRateBaseline(rows, opts);
  const k = recent.offences.length;
  const off = new Map(recent.offences.map((o, j) => [o, j]));
  const start = dayMs(recent.window.from);
  const end = dayMs(recent.window.to) + DAY;
  // The halves of the window, by calendar months when it is whole months long.
  const mid = recent.windowMonths >= 2 ? addMonths(start, Math.floor(recent.windowMonths / 2)) : start + (end - start) / 2;
  const first = new Map<string, Float64Array>(), second = new Map<string, Float64Array>();
  for (let i = 0; i < rows.n; i++) {
    const t = rows.ms[i];
    if (t < start || t >= end) continue;
    const m = t < mid ? first : second;
    let v = m.get(rows.cell[i]);
    if (!v) m.set(rows.cell[i], (v = new Float64Array(k)));
    v[off.get(rows.offence[i])!]++;
  }
  const ratio = (end - mid) / (mid - start);
  let alpha = 1, best = Infinity, unsmoothed = Infinity;
  for (const a of SMOOTHING_SHARES) {
    const d = first.size && second.size ? poissonDeviance(second, spread(first, k, a), k, ratio) : a === 1 ? 0 : Infinity;
    if (a === 1) unsmoothed = d;
    if (d < best - 1e-9) {
      best = d;
      alpha = a;
    }
  }

  // The whole window's counts, spread with the chosen share, scaled as the recent rate is.
  const counts = new Map<string, Float64Array>();
  recent.cells.forEach((c, i) => counts.set(c, Float64Array.from(recent.observed.subarray(i * k, (i + 1) * k))));
  const smooth = spread(counts, k, alpha);
  const cells = [...smooth.keys()].sort();
  const scale = recent.horizonMonths / recent.windowMonths;
  const expected = new Float64Array(cells.length * k);
  const observed = new Uint32Array(cells.length * k);
  const pos = new Map(recent.cells.map((c, i) => [c, i]));
  cells.forEach((c, i) => {
    const v = smooth.get(c)!;
    const o = pos.get(c);
    for (let j = 0; j < k; j++) {
      expected[i * k + j] = v[j] * scale;
      if (o !== undefined) observed[i * k + j] = recent.observed[o * k + j];
    }
  });
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
  return {
    ...recent, cells, expected, observed, alpha, deviance: { chosen: best, unsmoothed },
    method: `${recent.method} Smoothed over neighbouring cells: each cell keeps ${Math.round(alpha * 100)} % of its expected incidents and shares the rest equally with the cells around it (H3 ring 1); ` +
      `the share was chosen by forecasting the second half of the window from the first (Poisson deviance ${f(best)} against ${f(unsmoothed)} without smoothing).`,
  };
}

/** The baseline a plan asks for: the constant recent rate, or the same smoothed. */
export function planBaseline(rows: IncidentRows, plan: { data: { res: number }; baseline: { windowMonths: number; asOf?: string; method?: 'recent' | 'smoothed' }; horizonMonths: number }): Baseline {
  const opts = { res: plan.data.res, windowMonths: plan.baseline.windowMonths, horizonMonths: plan.horizonMonths, asOf: plan.baseline.asOf };
  return plan.baseline.method === 'smoothed' ? smoothedBaseline(rows, opts) : recentRateBaseline(rows, opts);
}
