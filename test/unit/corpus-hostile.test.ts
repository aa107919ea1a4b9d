/**
 * Issue 7, item 3: every identifier and value that reaches SQL from a user is quoted or bound.
 * Column names and values built to break SQL (quotes, semicolons, comments, `"; DROP TABLE
 * incidents; --`, names of the engine's own columns) go through staging, import, filters, the
 * rejected-rows export and the mapping checks: nothing breaks, every value comes back intact,
 * and the engine's tables are still there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeService } from '../../src/lib/engine/node';
import type { ColumnMapping } from '../../src/lib/engine/protocol';
import type { IncidentService } from '../../src/lib/engine/service';

const NAMES = {
  id: `"; DROP TABLE incidents; --`,
  date: `date'); DELETE FROM import_raw; --`,
  lat: `lat"lat`,
  lon: `lon;lon`,
  offence: `offence\` OR 1=1`,
  location: `reject_reason`,
};
const EXTRA = ['__rn', 'SELECT * FROM incident_base', '  spaced  ', 'ünïcödé 🚓', 'x'.repeat(300), 'a\nb', '%s%d', '$1', '?', "'", 'incidents'];
const OFFENCES = [`'); DROP TABLE incidents; --`, `' OR '1'='1`, '\\', "\\'", '%', '_', 'NULL', 'Ünïcödé 🚓', `"quoted", with comma`, 'line\nbreak', 'x'.repeat(5000)];

const q = (s: string) => '"' + s.replaceAll('"', '""') + '"';
const enc = (s: string) => new TextEncoder().encode(s);

/** 44 rows over 11 hostile offences; the last two rejected (no coordinates, duplicate id). */
function csv(): string {
  const head = [...Object.values(NAMES), ...EXTRA].map(q).join(',');
  const rows = Array.from({ length: 44 }, (_, i) => {
    const id = i === 43 ? `id-0 '; --` : `id-${i} '; --`;
    const lat = i === 42 ? '' : (41.8 + (i % 7) * 0.01).toFixed(4);
    const lon = i === 42 ? '' : (-87.6 - (i % 5) * 0.01).toFixed(4);
    return [id, `2021-05-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`, lat, lon, OFFENCES[i % OFFENCES.length], `${i} Main St; DROP TABLE x`, ...EXTRA.map((e) => `${e}-${i}`)].map(q).join(',');
  });
  return [head, ...rows].join('\n') + '\n';
}

describe('hostile column names and values through the engine', () => {
  let s: IncidentService;
  const mapping: ColumnMapping = { id: NAMES.id, datetime: NAMES.date, lat: NAMES.lat, lon: NAMES.lon, offence: NAMES.offence, location: NAMES.location };
  beforeAll(async () => {
    s = await createNodeService();
  });

  it('stages a file whose column names are SQL, keeping every name', async () => {
    const det = await s.stage('hostile.csv', enc(csv()));
    const names = det.columns.map((c) => c.name);
    // (DuckDB trims spaces around header names.)
    for (const n of [...Object.values(NAMES), ...EXTRA.filter((e) => e !== '__rn')]) expect(names).toContain(n.trim());
    // A source column named like the engine's row number is renamed, not lost or mixed up.
    expect(names).toContain('__rn_1');
    expect(det.rows).toBe(44);
    expect(det.columns.find((c) => c.name === NAMES.lat)?.sample[0]).toBe('41.8000');
  });

  it('imports under a mapping of hostile names, with every value intact', async () => {
    const rep = await s.import(mapping, null, false);
    expect(rep).toMatchObject({ read: 44, kept: 42 });
    expect(rep.rejected).toMatchObject({ no_coordinates: 1, duplicate_id: 1 });
    const counts = Object.fromEntries(rep.offences.map((o) => [o.offence, o.count]));
    for (const [k, o] of OFFENCES.entries()) expect(counts[o], o.slice(0, 20)).toBe(Array.from({ length: 42 }, (_, i) => i).filter((i) => i % OFFENCES.length === k).length);
    const cols = s.incidentColumns({}, 9);
    expect(cols.id[0]).toBe(`id-0 '; --`);
    expect(cols.location[5]).toBe('5 Main St; DROP TABLE x');
  });

  it('filters by each hostile offence and counts exactly its rows', () => {
    const total = s.aggregate(9, {}).total;
    expect(total).toBe(42);
    let sum = 0;
    for (const o of OFFENCES) {
      const n = s.aggregate(9, { offences: [o] }).total;
      expect(n, o.slice(0, 20)).toBe(s.charts({}).offences.find((x) => x.offence === o)!.count);
      sum += n;
    }
    expect(sum).toBe(total);
    expect(s.aggregate(8, { offences: OFFENCES.slice(0, 3) }).total).toBe(s.charts({ offences: OFFENCES.slice(0, 3) }).offences.reduce((a, b) => a + b.count, 0));
  });

  it('exports the rejected rows with every hostile name and value', () => {
    const text = new TextDecoder().decode(s.rejectedCsv());
    for (const n of Object.values(NAMES)) expect(text.includes(q(n)) || text.includes(n)).toBe(true);
    expect(text).toContain('no_coordinates');
    expect(text).toContain('duplicate_id');
    expect(text).toContain(q(`id-0 '; --`).slice(1, -1));
  });

  it('refuses hostile formats, CRSs and unknown names with a plain message, and loses nothing', async () => {
    await s.stage('hostile.csv', enc(csv()));
    await expect(s.import({ ...mapping, dateFormat: `%Y'); DROP TABLE incident_base; --` }, null, false)).rejects.toThrow(/None of the 44 rows|date format/);
    await expect(s.import({ ...mapping, lat: undefined, lon: undefined, x: NAMES.lat, y: NAMES.lon, crs: `EPSG:3435'; DROP TABLE incidents; --` }, null, false)).rejects.toThrow(/Unknown coordinate system/);
    await expect(s.import({ ...mapping, offence: `no such "column"; --` }, null, false)).rejects.toThrow(/Column "no such "column"; --" \(chosen for offence\) is not in the file/);
    await expect(s.import({ ...mapping, dateFormat: '%Q%Q' }, null, false)).rejects.toThrow(/date format "%Q%Q" is not valid/);
    // The data imported before is all still there.
    expect(s.engine.hasTable('incident_base')).toBe(true);
    expect(s.aggregate(9, {}).total).toBe(42);
    expect(s.charts({ offences: [OFFENCES[0]] }).offences[0].offence).toBe(OFFENCES[0]);
  });

  it('reads GeoJSON whose property names are hostile, repeated or blank', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: Array.from({ length: 5 }, (_, i) => ({
        type: 'Feature',
        properties: { [NAMES.id]: `f${i}`, ID: `upper-${i}`, id: `lower-${i}`, '': 'blank', __rn: 'mine', date: `2021-06-0${i + 1}`, [NAMES.offence]: OFFENCES[i] },
        geometry: { type: 'Point', coordinates: [-87.6 - i * 0.01, 41.8] },
      })),
    };
    const det = await s.stage('hostile.geojson', enc(JSON.stringify(fc)));
    const names = det.columns.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([NAMES.id, 'ID', 'id_2', 'column_1', '__rn_2', NAMES.offence, 'longitude', 'latitude']));
    expect((det as { notes?: string[] }).notes?.join(' ')).toMatch(/renamed/);
    const rep = await s.import({ ...det.mapping, id: NAMES.id, offence: NAMES.offence }, null, false);
    expect(rep).toMatchObject({ read: 5, kept: 5 });
    expect(rep.offences.map((o) => o.offence).sort()).toEqual(OFFENCES.slice(0, 5).sort());
  });
});
