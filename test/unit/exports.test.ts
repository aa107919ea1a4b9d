/**
 * Exports and the cells table: CSV quoting (and no formula injection), the cells table built from
 * the counts or from an overlay's drill-down, sorting, small-count suppression in every export,
 * GeoJSON geometry, and Parquet that reads back through parquet-wasm with the same figures.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { tableFromIPC } from 'apache-arrow';
import { latLngToCell, gridDisk } from 'h3-js';
import { csvField, toCsv } from '../../src/lib/export/csv';
import { countsTable, overlayTable, parseShown, sortOrder } from '../../src/lib/a11y/cell-table';
import { cellRows, knoxRows, placeRows, publishedZones, rowsGeoJson } from '../../src/lib/export/tables';
import { rowsArrow, rowsParquet } from '../../src/lib/export/parquet';
import { initParquetSync, readParquet } from '../../src/lib/engine/parquet';
import { knoxTest } from '../../src/lib/analysis/repeats/knox';
import type { CellOverlay } from '../../src/lib/map/overlay';
import type { RepeatPlacesResult } from '../../src/lib/analysis/repeats/repeat-places';

const require = createRequire(import.meta.url);
beforeAll(() => {
  initParquetSync(fs.readFileSync(path.join(path.dirname(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')), 'parquet_wasm_bg.wasm')));
});

const cells = gridDisk(latLngToCell(51.5, -0.12, 9), 1);
const counts = { res: 9, cells, counts: Uint32Array.from([0, 3, 12, 5, 1, 40, 7]), total: 68 };

/** A small CSV reader for the tests (quoted fields, doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') (f += '"'), i++;
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(f), (f = '');
    else if (c === '\n') row.push(f.replace(/\r$/, '')), rows.push(row), (row = []), (f = '');
    else f += c;
  }
  return rows;
}

describe('CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(NaN)).toBe('');
    expect(csvField(null)).toBe('');
    const text = toCsv(['name', 'n'], [['12 High St, Flat 2', 3], ['line\nbreak', 4]]);
    expect(parseCsv(text)).toEqual([['name', 'n'], ['12 High St, Flat 2', '3'], ['line\nbreak', '4']]);
  });
});

describe('cells table', () => {
  it('reads numbers as each language shows them', () => {
    expect(parseShown('1,234.5', 'en-GB')).toBe(1234.5);
    expect(parseShown('1.234,5', 'es-ES')).toBe(1234.5);
    expect(parseShown('1 234,5', 'fr-FR')).toBe(1234.5);
    expect(parseShown('−2.25', 'en-GB')).toBe(-2.25);
    expect(parseShown('4.01e-30', 'en-GB')).toBe(4.01e-30);
    expect(parseShown('12 %', 'en-GB')).toBe(12);
    expect(parseShown('Hot spot, 99 %', 'en-GB')).toBeNaN();
    expect(parseShown('—', 'en-GB')).toBeNaN();
  });

  it('lists the counts with their share, and sorts by any column', () => {
    const t = countsTable(counts, { title: 'Incidents', cell: 'Cell', incidents: 'Incidents', share: 'Share' });
    expect(t.rows.map((r) => r[0])).toEqual([0, 3, 12, 5, 1, 40, 7]);
    expect(t.rows[5][1]).toBeCloseTo((100 * 40) / 68, 10);
    expect(sortOrder(t, 0, 'descending').map((i) => t.rows[i][0])).toEqual([40, 12, 7, 5, 3, 1, 0]);
    expect(sortOrder(t, 0, 'ascending').map((i) => t.rows[i][0])).toEqual([0, 1, 3, 5, 7, 12, 40]);
    expect(sortOrder(t, -1, 'ascending').map((i) => t.cells[i])).toEqual([...cells].sort());
  });

  it('takes an overlay’s figures from its drill-down, without repeating the counts or the cell', () => {
    const z = [2.5, -1, 0.25, 3.75, 0, -2, 1];
    const o: CellOverlay = {
      key: 'k',
      title: 'Test overlay',
      cells,
      colours: new Uint8Array(4 * cells.length),
      legend: [],
      describe: (i) => [['Class', i % 2 ? 'Hot' : 'Cold'], ['Incidents', String(counts.counts[i])], ['z', z[i].toFixed(3).replace('-', '−')], ['p', '—'], ['Cell', cells[i]]],
    };
    const t = overlayTable(o, counts, { cell: 'Cell', incidents: 'Incidents', countWords: ['incidents'] }, 'en-GB');
    expect(t.columns.map((c) => c.label)).toEqual(['Incidents', 'Class', 'z', 'p']);
    expect(t.columns.map((c) => c.numeric)).toEqual([true, false, true, false]);
    expect(t.rows.map((r) => r[2])).toEqual(z);
    const byZ = sortOrder(t, 2, 'descending');
    expect(byZ.map((i) => z[i])).toEqual([...z].sort((a, b) => b - a));
  });

  it('withholds small counts in published exports and keeps everything otherwise', () => {
    const t = countsTable(counts, { title: 'Incidents', cell: 'Cell', incidents: 'Incidents', share: 'Share' });
    const pub = cellRows(t, { threshold: 5 });
    expect(pub.header).toEqual(['cell', 'res', 'Incidents', 'Share', 'suppressed']);
    const inc = pub.rows.map((r) => r[2]);
    expect(inc).toEqual([0, null, 12, 5, null, 40, 7].map((v) => (v === 0 ? null : v)));
    expect(pub.rows.map((r) => r[4])).toEqual(['true', 'true', 'false', 'false', 'true', 'false', 'false']);
    expect(pub.rows.filter((r) => r[4] === 'true').every((r) => r[3] === null)).toBe(true);
    const all = cellRows(t, null);
    expect(all.rows.map((r) => r[2])).toEqual([0, 3, 12, 5, 1, 40, 7]);
    expect(all.header).not.toContain('suppressed');
  });
});

describe('layers', () => {
  it('writes cells as closed hexagons with their figures', () => {
    const t = countsTable(counts, { title: 'Incidents', cell: 'Cell', incidents: 'Incidents', share: 'Share' });
    const fc = rowsGeoJson(cellRows(t, null), { note: 'x' });
    expect(fc.features).toHaveLength(7);
    const ring = (fc.features[0].geometry as { coordinates: number[][][] }).coordinates[0];
    expect(ring).toHaveLength(7);
    expect(ring[0]).toEqual(ring[6]);
    // [lon, lat] near London
    expect(ring[0][0]).toBeCloseTo(-0.12, 1);
    expect(ring[0][1]).toBeCloseTo(51.5, 1);
    expect(fc.features[5].properties).toMatchObject({ cell: cells[5], Incidents: 40 });
    expect(fc.note).toBe('x');
  });

  it('writes Parquet that reads back with the same figures, nulls and outlines', () => {
    const t = countsTable(counts, { title: 'Incidents', cell: 'Cell', incidents: 'Incidents', share: 'Share' });
    const rows = cellRows(t, { threshold: 5 });
    const bytes = rowsParquet(rows);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('PAR1');
    const back = tableFromIPC(readParquet(bytes));
    expect(back.numRows).toBe(7);
    expect(back.schema.fields.map((f) => f.name)).toEqual(['cell', 'res', 'Incidents', 'Share', 'suppressed', 'lon', 'lat', 'geometry_wkt']);
    expect(back.getChild('Incidents')!.toArray().length).toBe(7);
    expect([...back.getChild('Incidents')!].map((v) => (v === null ? null : Number(v)))).toEqual([null, null, 12, 5, null, 40, 7]);
    expect(String(back.getChild('geometry_wkt')!.get(0))).toMatch(/^POLYGON\(\(-0\.1\d+ 51\.\d+, /);
    expect(String(back.getChild('cell')!.get(3))).toBe(cells[3]);
    expect(rowsArrow(rows).numRows).toBe(7);
  });

  it('drops addresses and small places of repeat victimisation in published exports', () => {
    const place = (rank: number, count: number) => ({
      rank, key: `${rank} HIGH ST`, label: `${rank} High St`, fromCoordinates: false, count, first: '2023-01-02T10:00', last: '2023-03-01T09:00',
      offences: [{ offence: 'Burglary', count }], lat: 51.512345, lon: -0.123456, maxInWindow: 2, windowStart: '2023-01-02T10:00', flagged: count >= 5, rows: [],
    });
    const r = { ranked: [place(1, 9), place(2, 5), place(3, 2)] } as unknown as RepeatPlacesResult;
    const pub = placeRows(r, { threshold: 5 });
    expect(pub.rows).toHaveLength(2);
    expect(pub.omitted).toBe(1);
    expect(pub.rows.every((x) => x[1] === null)).toBe(true);
    expect(pub.points).toEqual([[-0.123, 51.512], [-0.123, 51.512]]);
    const all = placeRows(r, null);
    expect(all.rows.map((x) => x[1])).toEqual(['1 High St', '2 High St', '3 High St']);
    expect(all.points![0]).toEqual([-0.123456, 51.512345]);
  });

  it('leaves out zones resting on few incidents when publishing', () => {
    const fc = { type: 'FeatureCollection' as const, features: [3, 6, 1].map((n) => ({ type: 'Feature' as const, properties: { incidents: n }, geometry: { type: 'Point' as const, coordinates: [0, 0] } })) };
    expect(publishedZones(fc, { threshold: 5 }).fc.features).toHaveLength(1);
    expect(publishedZones(fc, { threshold: 5 }).omitted).toBe(2);
    expect(publishedZones(fc, null).fc.features).toHaveLength(3);
  });

  it('lists the Knox table band by band with its figures', () => {
    const n = 60;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 10) * 40);
    const y = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 10) * 40);
    const day = Int32Array.from({ length: n }, (_, i) => (i * 7) % 90);
    const k = knoxTest({ x, y, day, plane: { kind: 'projected', description: 'test plane' } as never }, { spaceBands: [0, 100, 200], timeBands: [0, 7, 14], permutations: 19, seed: 3 });
    const r = knoxRows(k);
    expect(r.rows).toHaveLength(k.spaceBands.length * k.timeBands.length);
    const total = r.rows.reduce((s, row) => s + (row[6] as number), 0);
    expect(total).toBe((n * (n - 1)) / 2);
    const csv = parseCsv(toCsv(r.header, r.rows));
    expect(csv[0]).toEqual(r.header);
    expect(csv).toHaveLength(r.rows.length + 1);
  });
});
