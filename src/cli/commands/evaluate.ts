/**
 * `evaluate`: before/after evaluation of an intervention already in place. From incidents and
 * areas (treated, its buffer in metres, a control and the control's buffer) or straight from the
 * eight counts: Weighted Displacement Quotient, total net effect, weighted displacement
 * difference and its standard error (formulas in src/lib/planner/evaluate.ts), as JSON.
 */
import { countAreas } from '../../lib/planner/area-counts';
import { evaluateCounts, type AreaCounts } from '../../lib/planner/evaluate';
import type { Args } from '../args';
import { UsageError, filterOf, loadIncidents, numList, readGeoJson, type Command } from '../common';

const ORDER = ['Rb', 'Ra', 'Db', 'Da', 'Cb', 'Ca', 'CDb', 'CDa'] as const;

/** `--hours 20-06` (from 20:00 up to 06:00, wrapping midnight) as a list; lists pass through. */
export function expandHours(v: string | undefined): string | undefined {
  const m = v === undefined ? null : /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(v);
  if (!m) return v;
  const from = Number(m[1]), to = Number(m[2]);
  if (from > 23 || to > 24) throw new UsageError(`--hours ${v}: hours run 0–23.`);
  const out: number[] = [];
  for (let h = from; out.length < 24 && h % 24 !== to % 24; h++) out.push(h % 24);
  return out.join(',');
}

function fromCounts(v: string): string {
  const xs = numList(v, '--counts')!;
  if (xs.length !== 8 || xs.some((x) => !Number.isInteger(x) || x < 0))
    throw new UsageError(`--counts needs eight whole numbers ≥ 0: ${ORDER.join(',')}, got "${v}".`);
  const counts = Object.fromEntries(ORDER.map((k, i) => [k, xs[i]])) as unknown as AreaCounts;
  const r = evaluateCounts(counts);
  return JSON.stringify({ wdq: r.wdq, tne: r.tne, wdd: r.wdd, wddStandardError: r.wddStandardError });
}

function number(a: Args, name: string): number | undefined {
  const v = a.one(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number ≥ 0, got "${v}".`);
  return n;
}

export const command: Command = {
  usage: `evaluate  --input FILE --treated GEOJSON --buffer-m M --control GEOJSON --date YYYY-MM-DD
            [--control-buffer-m M] [--window-days N] [--type NAME]... [--hours H,H,... | --hours 20-06]
            [--weekdays D,D,...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--preset NAME]
  evaluate  --counts Rb,Ra,Db,Da,Cb,Ca,CDb,CDa`,
  async run(a) {
    const counts = a.one('counts');
    if (counts !== undefined) return fromCounts(counts);
    const treated = readGeoJson(a.one('treated'), 'Treated area file');
    const control = readGeoJson(a.one('control'), 'Control area file');
    if (!treated) throw new UsageError('--treated GEOJSON is required (or --counts).');
    if (!control) throw new UsageError('--control GEOJSON is required (or --counts).');
    const bufferM = number(a, 'buffer-m');
    if (bufferM === undefined) throw new UsageError('--buffer-m M is required (0 for no buffer).');
    const date = a.one('date');
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('--date YYYY-MM-DD (the first day the intervention acted) is required.');
    const hours = expandHours(a.one('hours'));
    const filter = filterOf({ one: (n) => (n === 'hours' ? hours : a.one(n)), all: a.all, flag: a.flag });
    const windowDays = number(a, 'window-days');
    const { service } = await loadIncidents(a);
    const rows = service.incidentColumns(filter, 9);
    const c = countAreas(rows, { treated, control, bufferM, controlBufferM: number(a, 'control-buffer-m'), date, windowDays });
    const r = evaluateCounts(c.counts);
    return JSON.stringify({
      filter, bufferM, date, periods: c.periods, counts: c.counts,
      wdq: r.wdq, wdqNote: r.wdqNote, tne: r.tne, wdd: r.wdd, wddStandardError: r.wddStandardError, wddZ: r.wddZ, wddP: r.wddP, wddInterval: r.wddInterval,
      relativeEffect: r.relativeEffect, relativeEffectInterval: r.relativeEffectInterval, warnings: c.warnings,
    });
  },
};
