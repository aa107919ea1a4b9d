/**
 * Issue 7, item 2: property-based tests (fast-check) of the engine core, on one shared Node engine:
 * - import: for random rows with random faults, read = kept + rejected and every reason's count
 *   equals an independent oracle (coordinates, then date, then first id wins), and every kept
 *   offence comes back character for character through CSV quoting;
 * - aggregation conserves counts: at any resolution and under any filter, the cells' counts sum
 *   to the incidents the filter keeps, counted independently in JavaScript;
 * - filters never splice text: random strings as offences select exactly their own rows, string
 *   and identifier quoting round-trip, and malformed dates or numbers are refused before SQL.
 * Runs are few (the engine is real); the seed is printed by fast-check when a run fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Table, TimestampMillisecond, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import { createNodeEngine, createNodeService } from '../../src/lib/engine/node';
import { ident, str, type Engine } from '../../src/lib/engine/engine';
import { REJECT_REASONS, type Filter, type RejectReason } from '../../src/lib/engine/protocol';
import type { IncidentService } from '../../src/lib/engine/service';
import { filterSql } from '../../src/lib/query/filters';

const q = (s: string) => '"' + s.replaceAll('"', '""') + '"';
const enc = (s: string) => new TextEncoder().encode(s);
const DAY = 86_400_000;
const T0 = Date.UTC(2021, 0, 4); // a Monday

/** Offence text that survives CSV as it is: no surrounding spaces, never empty. */
const offenceArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .map((s) => s.replace(/\u0000/g, ''))
  .filter((s) => s.trim() === s && s.length > 0 && !/^[\s\r\n]*$/.test(s));

interface Inc { id: string; ms: number; lat: number; lon: number; offence: string }

/** Incidents in a 0.3° box of Chicago over two years, ids unique. */
const incidentsArb = fc
  .array(
    fc.record({
      day: fc.integer({ min: 0, max: 729 }),
      minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      lat: fc.integer({ min: 0, max: 300_000 }),
      lon: fc.integer({ min: 0, max: 300_000 }),
      offence: fc.integer({ min: 0, max: 4 }),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .chain((rows) =>
    fc.uniqueArray(offenceArb, { minLength: 5, maxLength: 5 }).map((names): Inc[] =>
      rows.map((r, i) => ({ id: `i${i}`, ms: T0 + r.day * DAY + r.minute * 60_000, lat: 41.7 + r.lat / 1e6, lon: -87.9 + r.lon / 1e6, offence: names[r.offence] })),
    ),
  );

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const toCsv = (rows: string[][]) => ['id,date,latitude,longitude,offence', ...rows.map((r) => r.map(q).join(','))].join('\n') + '\n';

/** Whether an incident passes a filter, decided in JavaScript. */
function passes(x: Inc, f: Filter): boolean {
  const d = new Date(x.ms);
  const day = d.toISOString().slice(0, 10);
  const dow = ((d.getUTCDay() + 6) % 7) + 1;
  if (f.offences?.length && !f.offences.includes(x.offence)) return false;
  if (f.from && day < f.from) return false;
  if (f.to && day > f.to) return false;
  if (f.hours?.length && f.hours.length < 24 && !f.hours.includes(d.getUTCHours())) return false;
  if (f.weekdays?.length && f.weekdays.length < 7 && !f.weekdays.includes(dow)) return false;
  return true;
}

const dateArb = fc.integer({ min: -30, max: 760 }).map((k) => new Date(T0 + k * DAY).toISOString().slice(0, 10));
const filterArb = (offences: string[]) =>
  fc.record(
    {
      offences: fc.subarray(offences),
      from: dateArb,
      to: dateArb,
      hours: fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { maxLength: 24 }),
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 7 }),
    },
    { requiredKeys: [] },
  );

let s: IncidentService;
let e: Engine;
beforeAll(async () => {
  s = await createNodeService();
  e = await createNodeEngine();
});

describe('import (property)', () => {
  type Fault = 'none' | 'blank' | 'zero' | 'far' | 'date';
  it('read = kept + rejected, each reason as an oracle counts it, and offences survive', async () => {
    await fc.assert(
      fc.asyncProperty(
        incidentsArb,
        fc.array(fc.constantFrom<Fault>('none', 'none', 'none', 'blank', 'zero', 'far', 'date'), { minLength: 60, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 60, maxLength: 60 }),
        async (incs, faults, idPool) => {
          const rows = incs.map((x, i) => {
            const f = faults[i];
            const id = idPool[i] < 2 ? `dup${idPool[i]}` : x.id;
            const lat = f === 'blank' ? '' : f === 'zero' ? '0' : f === 'far' ? '512.5' : x.lat.toFixed(6);
            const lon = f === 'blank' ? '' : f === 'zero' ? '0' : x.lon.toFixed(6);
            return { id, f, cells: [id, f === 'date' ? 'sometime soon' : iso(x.ms), lat, lon, x.offence] };
          });
          // The oracle: coordinates, then date, then duplicates among the rest (first one kept).
          const want = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
          const seen = new Set<string>();
          const kept: string[] = [];
          for (const [i, r] of rows.entries()) {
            if (r.f === 'blank') want.no_coordinates++;
            else if (r.f === 'zero' || r.f === 'far') want.out_of_range++;
            else if (r.f === 'date') want.unparseable_date++;
            else if (seen.has(r.id)) want.duplicate_id++;
            else { seen.add(r.id); kept.push(incs[i].offence); }
          }
          await s.stage('random.csv', enc(toCsv(rows.map((r) => r.cells))));
          const run = s.import({ id: 'id', datetime: 'date', dateFormat: '%Y-%m-%d %H:%M:%S', lat: 'latitude', lon: 'longitude', offence: 'offence' }, null, false);
          if (kept.length === 0) {
            await expect(run).rejects.toThrow(`None of the ${rows.length} rows`);
            return;
          }
          const rep = await run;
          expect(rep.read).toBe(rows.length);
          expect(rep.rejected).toEqual(want);
          expect(rep.kept).toBe(kept.length);
          expect(rep.read).toBe(rep.kept + REJECT_REASONS.reduce((a, r) => a + rep.rejected[r], 0));
          const counts = new Map<string, number>();
          for (const o of kept) counts.set(o, (counts.get(o) ?? 0) + 1);
          expect(new Map(rep.offences.map((o) => [o.offence, o.count]))).toEqual(counts);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('aggregation (property)', () => {
  it('sums the cells to the incidents the filter keeps, at every resolution', async () => {
    await fc.assert(
      fc.asyncProperty(
        incidentsArb.chain((incs) => fc.tuple(fc.constant(incs), fc.array(filterArb([...new Set(incs.map((x) => x.offence))]), { minLength: 1, maxLength: 4 }), fc.integer({ min: 6, max: 11 }))),
        async ([incs, filters, res]) => {
          await s.stage('random.csv', enc(toCsv(incs.map((x) => [x.id, iso(x.ms), x.lat.toFixed(6), x.lon.toFixed(6), x.offence]))));
          const rep = await s.import({ id: 'id', datetime: 'date', dateFormat: '%Y-%m-%d %H:%M:%S', lat: 'latitude', lon: 'longitude', offence: 'offence' }, null, false);
          expect(rep.kept).toBe(incs.length);
          expect(s.aggregate(res, {}).total).toBe(incs.length);
          for (const f of filters) {
            const agg = s.aggregate(res, f);
            const want = incs.filter((x) => passes(x, f)).length;
            expect(agg.total).toBe(want);
            expect(agg.counts.reduce((a, b) => a + b, 0)).toBe(want);
            expect(new Set(agg.cells).size).toBe(agg.cells.length);
            // Zero-count study cells stay listed: a filter never shrinks the study area.
            expect(agg.cells).toEqual(s.aggregate(res, {}).cells);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});

/** Any text but U+0000: quotes, backslashes, comments, semicolons, emoji, line breaks. */
const NASTY = [`'`, `''`, `"`, `\\`, `\\'`, `'; DROP TABLE incidents; --`, `' OR '1'='1`, `/*`, `*/`, `--`, `;`, `$$`, `%`, `_`, `\n`, `\r\n`, `\t`, 'NULL', '🚓', 'é'];
const textArb = fc
  .oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'grapheme-ascii', maxLength: 30 }), fc.array(fc.constantFrom(...NASTY), { maxLength: 6 }).map((a) => a.join('')))
  .map((x) => x.replace(/\u0000/g, ''));

describe('filters and quoting (property)', () => {
  it('selects exactly the rows of each random offence, whatever its characters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(textArb, { minLength: 1, maxLength: 8 }), fc.nat(), async (names, pick) => {
        const n = names.length * 2;
        const offence = Array.from({ length: n }, (_, i) => names[i % names.length]);
        e.insertArrow('incidents', new Table({
          offence: vectorFromArray(offence, new Utf8()),
          ts: vectorFromArray(Array.from({ length: n }, (_, i) => T0 + i * DAY), new TimestampMillisecond()),
          hour: makeVector(new Int32Array(n)),
          dow: makeVector(new Int32Array(n).fill(1)),
        }));
        const chosen = names.filter((_, i) => (pick >> i) & 1);
        const got = e.rows<{ offence: string }>(`SELECT offence FROM incidents WHERE ${filterSql({ offences: chosen })} ORDER BY ts`).map((r) => r.offence);
        expect(got).toEqual(chosen.length ? offence.filter((o) => chosen.includes(o)) : offence);
        for (const x of names) {
          expect(e.rows<{ v: string }>(`SELECT ${str(x)} AS v`)[0].v).toBe(x);
          expect(e.query(`SELECT 1 AS ${ident(x || 'empty')}`).schema.fields[0].name).toBe(x || 'empty');
        }
        expect(e.rows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM incidents')[0].n).toBe(n);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses malformed dates, hours and weekdays before any SQL runs', () => {
    e.insertArrow('incidents', new Table({ ts: vectorFromArray([T0], new TimestampMillisecond()) }));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)), fc.array(fc.oneof(fc.integer(), fc.double()), { maxLength: 4 }), (text, nums) => {
        if (text === '') expect(filterSql({ from: text, to: text })).toBe('TRUE');
        else if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
          expect(() => filterSql({ from: text })).toThrow(RangeError);
          expect(() => filterSql({ to: text })).toThrow(RangeError);
        } else {
          // Shaped like a date: quoted as a literal; an impossible one (2021-13-45) is DuckDB's error, not SQL.
          expect(filterSql({ from: text })).toBe(`ts >= DATE '${text}'`);
          try {
            e.rows(`SELECT count(*) AS n FROM incidents WHERE ${filterSql({ from: text })}`);
          } catch (err) {
            expect((err as Error).message).toMatch(/Conversion Error|out of range/i);
          }
        }
        const badHour = nums.some((h) => !Number.isInteger(h) || h < 0 || h > 23);
        if (nums.length > 0 && nums.length < 24 && badHour) expect(() => filterSql({ hours: nums })).toThrow(RangeError);
        const badDay = nums.some((h) => !Number.isInteger(h) || h < 1 || h > 7);
        if (nums.length > 0 && nums.length < 7 && badDay) expect(() => filterSql({ weekdays: nums })).toThrow(RangeError);
      }),
      { numRuns: 300 },
    );
  });

  it('cannot carry U+0000 in a string literal, and fails cleanly rather than splicing (known limit)', () => {
    expect(() => e.rows(`SELECT offence FROM incidents WHERE ${filterSql({ offences: ["a\u0000') OR TRUE --"] })}`)).toThrow(/unterminated quoted string/);
  });
});
