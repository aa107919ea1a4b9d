/**
 * The validation report: every rejection reason is counted, read = kept + rejected, nothing is
 * dropped silently, and the rejected rows come back as CSV with their reason. Also the other
 * formats (data.police.uk CSV, GeoJSON points, Parquet) and projected X/Y.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { TimestampMillisecond, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
import { createNodeService } from '../../src/lib/engine/node';
import { writeParquet } from '../../src/lib/engine/parquet';
import type { IncidentService } from '../../src/lib/engine/service';
import { REJECT_REASONS, type ValidationReport } from '../../src/lib/engine/protocol';
import { shared } from '../helpers/paths';

const enc = (s: string) => new TextEncoder().encode(s);
const total = (r: ValidationReport) => r.kept + REJECT_REASONS.reduce((a, k) => a + r.rejected[k], 0);

// A square boundary around a small area of Chicago.
const boundary = {
  type: 'FeatureCollection' as const,
  features: [{ type: 'Feature' as const, properties: {}, geometry: { type: 'Polygon' as const, coordinates: [[[-87.8, 41.7], [-87.5, 41.7], [-87.5, 42.0], [-87.8, 42.0], [-87.8, 41.7]]] } }],
};

const bad = `id,when,lat,lon,type,address
1,2020-01-01 10:00:00,41.85,-87.65,Theft,1 Main St
2,2020-01-02 11:00:00,,,Theft,2 Main St
3,2020-01-03 12:00:00,0,0,Theft,3 Main St
4,2020-01-04 13:00:00,141.85,-87.65,Theft,4 Main St
5,2020-01-05 14:00:00,-87.65,41.85,Theft,5 Main St
6,not a date,41.86,-87.66,Theft,6 Main St
1,2020-01-07 16:00:00,41.87,-87.67,Assault,7 Main St
8,2020-01-08 17:00:00,41.60,-87.66,Assault,8 Main St
9,2020-01-09 18:00:00,41.88,-87.68,Assault,9 Main St
`;

describe('validation report', () => {
  let s: IncidentService;
  beforeAll(async () => {
    s = await createNodeService();
  });

  it('counts each reason once, in order, and read = kept + rejected', async () => {
    const det = await s.stage('bad.csv', enc(bad));
    expect(det.rows).toBe(9);
    expect(det.mapping).toMatchObject({ id: 'id', datetime: 'when', lat: 'lat', lon: 'lon', offence: 'type', location: 'address', dateFormat: '%Y-%m-%d %H:%M:%S' });
    const rep = await s.import(det.mapping, boundary, true);
    expect(rep.read).toBe(9);
    expect(rep.rejected).toEqual({ no_coordinates: 1, out_of_range: 2, swapped_lat_lon: 1, unparseable_date: 1, duplicate_id: 1, outside_boundary: 1 });
    expect(rep.kept).toBe(2);
    expect(total(rep)).toBe(rep.read);
    expect(rep.offences).toEqual([{ offence: 'Assault', count: 1 }, { offence: 'Theft', count: 1 }]);
  });

  it('offers the rejected rows as CSV with all source columns and the reason', () => {
    const csv = new TextDecoder().decode(s.rejectedCsv()).trim().split('\n');
    expect(csv[0]).toBe('id,when,lat,lon,type,address,reject_reason');
    expect(csv.length - 1).toBe(7);
    expect(csv.slice(1).map((l) => l.split(',').at(-1))).toEqual(['no_coordinates', 'out_of_range', 'out_of_range', 'swapped_lat_lon', 'unparseable_date', 'duplicate_id', 'outside_boundary']);
  });

  it('keeps points outside the boundary when not clipping, and the study area grows to hold them', async () => {
    const det = await s.stage('bad.csv', enc(bad));
    const rep = await s.import(det.mapping, boundary, false);
    expect(rep.rejected.outside_boundary).toBe(0);
    expect(rep.kept).toBe(3);
    const agg = s.aggregate(7, {});
    expect(agg.total).toBe(3);
    expect(agg.cells.length).toBeGreaterThan(10);
  });

  it('explains a missing mapping instead of importing', async () => {
    const det = await s.stage('bad.csv', enc(bad));
    await expect(s.import({ ...det.mapping, lat: undefined, lon: undefined }, null, false)).rejects.toThrow(/latitude and longitude/);
    await expect(s.import(det.mapping, null, true)).rejects.toThrow(/Clipping needs a boundary/);
    await expect(s.stage('empty.csv', new Uint8Array())).rejects.toThrow(/empty/);
  });

  it('reads a data.police.uk street-level CSV (month dates, blank crime ids)', async () => {
    const uk = `Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context
,2024-01,Avon and Somerset Constabulary,Avon and Somerset Constabulary,-2.5,51.45,On or near Park Street,E01014485,Bristol 032A,Anti-social behaviour,,
,2024-01,Avon and Somerset Constabulary,Avon and Somerset Constabulary,-2.51,51.46,On or near Park Street,E01014485,Bristol 032A,Anti-social behaviour,,
abc123,2024-02,Avon and Somerset Constabulary,Avon and Somerset Constabulary,-2.52,51.44,On or near High Street,E01014486,Bristol 032B,Burglary,Under investigation,
abc124,2024-02,Avon and Somerset Constabulary,Avon and Somerset Constabulary,,,No location,,,Burglary,Under investigation,
`;
    const det = await s.stage('2024-02-avon-and-somerset-street.csv', enc(uk));
    expect(det.preset).toBe('police-uk');
    const rep = await s.import(det.mapping, null, false);
    expect(rep).toMatchObject({ read: 4, kept: 3, from: '2024-01-01T00:00:00', to: '2024-02-01T00:00:00', boundary: 'derived' });
    expect(rep.rejected.no_coordinates).toBe(1);
    expect(rep.rejected.duplicate_id).toBe(0);
    expect(s.boundary()?.features[0].geometry.type).toBe('MultiPolygon');
  });

  it('reads GeoJSON points, counting non-point features as without coordinates', async () => {
    const gj = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'a', date: '2021-05-01 22:10', category: 'Robbery' }, geometry: { type: 'Point', coordinates: [-87.6, 41.8] } },
        { type: 'Feature', properties: { id: 'b', date: '2021-05-02 23:10', category: 'Robbery' }, geometry: { type: 'Point', coordinates: [-87.61, 41.81] } },
        { type: 'Feature', properties: { id: 'c', date: '2021-05-03 01:10', category: 'Theft' }, geometry: { type: 'LineString', coordinates: [[-87.6, 41.8], [-87.7, 41.9]] } },
      ],
    };
    const det = await s.stage('incidents.geojson', enc(JSON.stringify(gj)));
    expect(det.format).toBe('geojson');
    expect(det.mapping).toMatchObject({ id: 'id', datetime: 'date', lat: 'latitude', lon: 'longitude', offence: 'category' });
    const rep = await s.import(det.mapping, null, false);
    expect(rep).toMatchObject({ read: 3, kept: 2 });
    expect(rep.rejected.no_coordinates).toBe(1);
    await expect(s.stage('broken.geojson', enc('{"type": "FeatureCollection", "features": ['))).rejects.toThrow(/not valid JSON/);
  });

  it('reads Parquet (only the mapped columns) and projects X/Y where lat/lon are missing', async () => {
    // Six Chicago rows as tidy Parquet; two lack lat/lon but have State Plane X/Y.
    const t = tableFromArrays({
      id: ['1', '2', '3', '4', '5', '6'],
      ts: vectorFromArray([0, 1, 2, 3, 4, 5].map((d) => Date.UTC(2018, 0, 1 + d, 12)), new TimestampMillisecond()) as never,
      block: ['a', 'b', 'c', 'd', 'e', 'f'],
      primary_type: ['THEFT', 'THEFT', 'BATTERY', 'THEFT', 'BATTERY', 'THEFT'],
      x_coord: Float64Array.from([1172237, 1172254, NaN, 1172237, 1172254, NaN]),
      y_coord: Float64Array.from([1856217, 1868396, NaN, 1856217, 1868396, NaN]),
      lat: Float64Array.from([41.760903559, NaN, NaN, 41.760903559, 41.794323774, 41.8]),
      lon: Float64Array.from([-87.644303769, NaN, NaN, -87.644303769, -87.643883594, -87.6]),
    });
    const bytes = writeParquet(tableToIPC(t, 'stream'));
    const det = await s.stage('tidy.parquet', bytes);
    expect(det.format).toBe('parquet');
    expect(det.preset).toBe('chicago-tidy');
    expect(det.rows).toBe(6);
    const rep = await s.import(det.mapping, null, false);
    expect(rep).toMatchObject({ read: 6, kept: 5 });
    expect(rep.rejected.no_coordinates).toBe(1);
    // Row 2 was placed from X/Y: within a few metres of where the portal puts that X/Y (row 5).
    const pts = s.points({}, [-87.7, 41.7, -87.5, 41.9], 10);
    const near = [...pts.lat].filter((y, i) => Math.abs(y - 41.794323774) < 1e-4 && Math.abs(pts.lon[i] + 87.643883594) < 1e-4);
    expect(near.length).toBe(2);
    const csv = new TextDecoder().decode(s.rejectedCsv()).trim().split('\n');
    expect(csv[0]).toBe('id,ts,block,primary_type,x_coord,y_coord,lat,lon,reject_reason');
    expect(csv.length).toBe(2);
    expect(csv[1]).toMatch(/^3,2018-01-03 12:00:00,c,BATTERY,,,,,no_coordinates$/);
  });

  it('imports the real Memphis file without losing a row', async () => {
    const det = await s.stage('memphis_robberies.csv', fs.readFileSync(shared('data/memphis/memphis_robberies.csv')));
    expect(det.preset).toBe('memphis');
    const rep = await s.import(det.mapping, null, false);
    expect(rep.read).toBe(2245);
    expect(total(rep)).toBe(2245);
  });
});

describe('incident columns', () => {
  it('returns kept incidents with projected x/y kept in the source CRS', async () => {
    const s = await createNodeService();
    const det = await s.stage('burglary_jan2016.csv', fs.readFileSync(shared('data/chicago/nearrepeat/burglary_jan2016.csv')));
    const rep = await s.import({ ...det.mapping, x: 'X', y: 'Y', crs: 'EPSG:26971', lat: undefined, lon: undefined, datetime: 'date' }, null, false);
    expect(rep.read).toBe(970);
    const c = s.incidentColumns({}, 9);
    expect(c.n).toBe(rep.kept);
    expect(c.crs).toBe('EPSG:26971');
    expect(c.x[0]).toBeCloseTo(350353.394956896, 6);
    expect(c.ms[0]).toBe(Date.UTC(2015, 11, 31));
    expect(c.lat[0]).toBeGreaterThan(41.6);
    expect(c.cell[0]).toMatch(/^89/);
  });
});
