/**
 * The baseline: incidents expected per cell and offence over the planning horizon if nothing is
 * done. Method (stated in every result): the counts of the last `windowMonths` before `asOf`,
 * scaled to the horizon, i.e. a constant-rate forecast E[c, o] = n[c, o] · horizon / window. It
 * ignores trend and season; a better forecast (hot-spot or risk model) can be passed to scoring
 * instead as a `Baseline` with its own `method`.
 */

/** The per-incident columns a baseline needs (a subset of the engine's IncidentColumns). */
export interface IncidentRows {
  n: number;
  /** Naive local time, ms since the epoch (read with getUTC*). */
  ms: Float64Array;
  offence: string[];
  /** H3 cell (hex) at the plan's resolution. */
  cell: string[];
}

/** Expected incidents without action, per cell and offence (cell-major matrix). */
export interface Baseline {
  res: number;
  cells: string[];
  offences: string[];
  /** expected[i * offences.length + j]: cell i, offence j, over the horizon. */
  expected: Float64Array;
  /** The counts the expectation came from (same layout), for small-count suppression. */
  observed: Uint32Array;
  horizonMonths: number;
  /** The counting window, inclusive dates. */
  window: { from: string; to: string };
  /** Months the window really covers (shorter than asked when the data start later). */
  windowMonths: number;
  method: string;
}

/** One day in ms. */
export const DAY = 86_400_000;
/** Average month length in days (365.25 / 12). */
export const MONTH_DAYS = 30.4375;

/** `YYYY-MM-DD` of a naive-local ms time. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** ms of midnight (naive local) of a `YYYY-MM-DD` date. */
export const dayMs = (d: string) => Date.parse(d + 'T00:00:00Z');

/** Adds whole calendar months to a midnight time (day clipped to the month's length). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + months, day = d.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(day, last));
}

/**
 * Builds the constant-rate baseline. `asOf` (exclusive end of the window) defaults to the day
 * after the last incident; the window starts `windowMonths` calendar months earlier, or at the
 * first incident if the data start later (the scale then uses the months really covered).
 */
export function recentRateBaseline(rows: IncidentRows, opts: { res: number; windowMonths: number; horizonMonths: number; asOf?: string }): Baseline {
  const { windowMonths, horizonMonths } = opts;
  if (!(windowMonths > 0) || !(horizonMonths > 0)) throw new RangeError('windowMonths and horizonMonths must be positive');
  let first = Infinity, last = -Infinity;
  for (let i = 0; i < rows.n; i++) {
    const t = rows.ms[i];
    if (t < first) first = t;
    if (t > last) last = t;
  }
  if (rows.n === 0) throw new Error('No incidents to build a baseline from: widen the data selection.');
  const end = opts.asOf ? dayMs(opts.asOf) : Math.floor(last / DAY) * DAY + DAY;
  const asked = addMonths(end, -windowMonths);
  const start = Math.max(asked, Math.floor(first / DAY) * DAY);
  const coveredMonths = (end - start) / DAY / MONTH_DAYS;
  if (!(coveredMonths > 0)) throw new Error(`No data in the baseline window before ${isoDay(end)}.`);

  const cellIndex = new Map<string, number>();
  const offIndex = new Map<string, number>();
  const hits: number[] = [];
  for (let i = 0; i < rows.n; i++) {
    const t = rows.ms[i];
    if (t < start || t >= end) continue;
    let c = cellIndex.get(rows.cell[i]);
    if (c === undefined) cellIndex.set(rows.cell[i], (c = cellIndex.size));
    let o = offIndex.get(rows.offence[i]);
    if (o === undefined) offIndex.set(rows.offence[i], (o = offIndex.size));
    hits.push(c, o);
  }
  // Sorted cells and offences, so results do not depend on row order.
  const cells = [...cellIndex.keys()].sort();
  const offences = [...offIndex.keys()].sort();
  const cellPos = new Map(cells.map((c, i) => [c, i]));
  const offPos = new Map(offences.map((o, i) => [o, i]));
  const cellRemap = Int32Array.from([...cellIndex.keys()], (c) => cellPos.get(c)!);
  const offRemap = Int32Array.from([...offIndex.keys()], (o) => offPos.get(o)!);
  const k = offences.length;
  const observed = new Uint32Array(cells.length * k);
  for (let h = 0; h < hits.length; h += 2) observed[cellRemap[hits[h]] * k + offRemap[hits[h + 1]]]++;
  const scale = horizonMonths / coveredMonths;
  const expected = Float64Array.from(observed, (n) => n * scale);
  const window = { from: isoDay(start), to: isoDay(end - DAY) };
  const short = start > asked ? ` (the data start later than the ${windowMonths} months asked)` : '';
  return {
    res: opts.res, cells, offences, expected, observed, horizonMonths, window, windowMonths: coveredMonths,
    method: `Constant recent rate: incidents per cell and offence from ${window.from} to ${window.to} (${coveredMonths.toFixed(1)} months${short}), ` +
      `scaled by ${horizonMonths}/${coveredMonths.toFixed(2)} to a ${horizonMonths}-month horizon. No trend or seasonality.`,
  };
}

/**
 * A baseline from another forecast (a hot-spot or risk model): expected incidents over the
 * horizon per cell and offence, cell-major. `observed` (the counts behind it, for disclosure
 * control) defaults to the expectation rounded down. Throws if the shapes disagree.
 */
export function baselineFromForecast(f: {
  res: number; cells: string[]; offences: string[]; expected: ArrayLike<number>; observed?: ArrayLike<number>;
  horizonMonths: number; window: { from: string; to: string }; windowMonths?: number; method: string;
}): Baseline {
  const size = f.cells.length * f.offences.length;
  if (f.expected.length !== size) throw new RangeError(`expected has ${f.expected.length} values, cells × offences is ${size}`);
  if (f.observed && f.observed.length !== size) throw new RangeError(`observed has ${f.observed.length} values, cells × offences is ${size}`);
  for (let i = 0; i < size; i++) if (!(f.expected[i] >= 0)) throw new RangeError(`expected[${i}] must be a number ≥ 0, got ${f.expected[i]}`);
  if (new Set(f.cells).size !== f.cells.length) throw new RangeError('cells must be distinct');
  if (new Set(f.offences).size !== f.offences.length) throw new RangeError('offences must be distinct');
  return {
    res: f.res, cells: [...f.cells], offences: [...f.offences], expected: Float64Array.from(f.expected),
    observed: Uint32Array.from(f.observed ?? Array.from(f.expected, Math.floor)), horizonMonths: f.horizonMonths,
    window: f.window, windowMonths: f.windowMonths ?? f.horizonMonths, method: f.method,
  };
}
