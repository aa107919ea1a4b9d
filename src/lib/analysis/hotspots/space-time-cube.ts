/**
 * A space-time cube: incident counts per study-area H3 cell × time step (ISO week starting Monday,
 * or calendar month), zeros included — the input of emerging hot spot analysis. Times are the
 * engine's naive local milliseconds (wall-clock time read as UTC), so steps follow the local
 * calendar.
 */

export type TimeStep = 'week' | 'month';

export interface SpaceTimeCube {
  cells: readonly string[];
  step: TimeStep;
  /** Number of time steps. */
  T: number;
  /** First day of each step, YYYY-MM-DD. */
  labels: string[];
  /** Counts, cell-major: counts[i * T + t]. */
  counts: Float64Array;
  /** Incidents counted, and left out (cell not in the study area, or time outside the window / unreadable). */
  counted: number;
  dropped: number;
  warnings: string[];
}

const DAY = 86_400_000;

/** Index of the step holding time `ms` on an absolute scale (weeks since 1969-12-29, or months since 1970-01). */
export function absoluteStep(ms: number, step: TimeStep): number {
  if (step === 'week') return Math.floor((Math.floor(ms / DAY) + 3) / 7);
  const d = new Date(ms);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/** Start of an absolute step, in ms. */
export function stepStart(s: number, step: TimeStep): number {
  return step === 'week' ? (s * 7 - 3) * DAY : Date.UTC(1970 + Math.floor(s / 12), ((s % 12) + 12) % 12, 1);
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parseDay = (s: string) => {
  const ms = Date.parse(`${s}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date (YYYY-MM-DD): "${s}"`);
  return ms;
};

export interface CubeOptions {
  step: TimeStep;
  /** First and last day (inclusive, YYYY-MM-DD); default the data's first and last incident. */
  from?: string;
  to?: string;
}

/** Counts incidents (cell hex + time) into the cube over `cells`. */
export function spaceTimeCube(cells: readonly string[], incidentCell: readonly string[], ms: ArrayLike<number>, o: CubeOptions): SpaceTimeCube {
  const pos = new Map<string, number>();
  cells.forEach((c, i) => pos.set(c, i));
  let lo = o.from ? parseDay(o.from) : Infinity, hi = o.to ? parseDay(o.to) + DAY - 1 : -Infinity;
  if (!o.from || !o.to)
    for (let i = 0; i < ms.length; i++) {
      if (Number.isNaN(ms[i])) continue;
      if (!o.from && ms[i] < lo) lo = ms[i];
      if (!o.to && ms[i] > hi) hi = ms[i];
    }
  if (!(lo <= hi)) throw new RangeError('No incidents with a date in the chosen period.');
  const s0 = absoluteStep(lo, o.step), s1 = absoluteStep(hi, o.step);
  const T = s1 - s0 + 1;
  const n = cells.length;
  if (n * T > 50_000_000) throw new RangeError(`${n} cells × ${T} steps is too large a cube; choose a coarser resolution or step.`);
  const counts = new Float64Array(n * T);
  let counted = 0, dropped = 0;
  for (let k = 0; k < ms.length; k++) {
    const t = ms[k];
    const i = pos.get(incidentCell[k]);
    if (i === undefined || !(t >= lo && t <= hi)) { dropped++; continue; }
    counts[i * T + absoluteStep(t, o.step) - s0]++;
    counted++;
  }
  const labels = Array.from({ length: T }, (_, t) => iso(stepStart(s0 + t, o.step)));
  const warnings: string[] = [];
  const firstStart = stepStart(s0, o.step), lastEnd = stepStart(s1 + 1, o.step) - 1;
  const dayOf = (m: number) => Math.floor(m / DAY);
  if (dayOf(lo) > dayOf(firstStart)) warnings.push(`The first ${o.step} (${labels[0]}) is only partly covered (from ${iso(lo)}): its counts are low.`);
  if (dayOf(hi) < dayOf(lastEnd)) warnings.push(`The last ${o.step} (${labels[T - 1]}) is only partly covered (to ${iso(hi)}): its counts are low, which weighs on every pattern that depends on the final step.`);
  if (T < 10) warnings.push(`Only ${T} time steps: Mann-Kendall trends need at least 10 to be meaningful.`);
  return { cells, step: o.step, T, labels, counts, counted, dropped, warnings };
}
