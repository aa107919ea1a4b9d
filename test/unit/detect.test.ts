import { describe, expect, it } from 'vitest';
import { detectMapping, mappingProblems, presetMapping } from '../../src/lib/import/detect';
import { crsDefinition, toLonLat } from '../../src/lib/import/crs';

describe('column detection', () => {
  it('recognises the Chicago portal layout', () => {
    const cols = 'ID,Case Number,Date,Block,IUCR,Primary Type,Description,Location Description,Arrest,Domestic,Beat,District,Ward,Community Area,FBI Code,X Coordinate,Y Coordinate,Updated On,Latitude,Longitude'.split(',');
    const d = detectMapping(cols);
    expect(d.preset).toBe('chicago');
    expect(d.mapping).toMatchObject({ id: 'ID', datetime: 'Date', lat: 'Latitude', lon: 'Longitude', x: 'X Coordinate', y: 'Y Coordinate', crs: 'EPSG:3435', offence: 'Primary Type', location: 'Block' });
  });

  it('recognises the Memphis, data.police.uk and tidy Chicago layouts', () => {
    expect(detectMapping(['uid', 'offense_type', 'date', 'longitude', 'latitude']).preset).toBe('memphis');
    const uk = detectMapping(['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context']);
    expect(uk.preset).toBe('police-uk');
    expect(uk.mapping).toMatchObject({ datetime: 'Month', dateFormat: '%Y-%m', offence: 'Crime type', location: 'Location' });
    expect(detectMapping(['id', 'case_number', 'ts', 'block', 'primary_type', 'x_coord', 'y_coord', 'lat', 'lon']).preset).toBe('chicago-tidy');
  });

  it('guesses roles from names when no preset matches, with separate date and time', () => {
    const d = detectMapping(['Incident_ID', 'Date', 'Time', 'Lat', 'Lng', 'Category', 'Address']);
    expect(d.preset).toBeNull();
    expect(d.mapping).toEqual({ id: 'Incident_ID', date: 'Date', time: 'Time', lat: 'Lat', lon: 'Lng', offence: 'Category', location: 'Address' });
  });

  it('says what is missing in plain words', () => {
    expect(mappingProblems({ id: 'a' }, ['a'])).toEqual([
      'Choose latitude and longitude columns, or projected X and Y columns with their CRS.',
      'Choose a date or date-time column.',
    ]);
    expect(mappingProblems({ x: 'X', y: 'Y', datetime: 'D' }, ['X', 'Y', 'D'])).toEqual(['Projected X/Y need a coordinate system (for example EPSG:3435).']);
    expect(mappingProblems({ lat: 'nope', lon: 'b', datetime: 'd' }, ['b', 'd'])[0]).toMatch(/"nope"/);
    expect(() => presetMapping('atlantis', [])).toThrow(/Unknown preset/);
  });
});

describe('projections', () => {
  it('converts Chicago State Plane (US feet, EPSG:3435) to the portal’s own lat/lon within a metre', () => {
    // First row of burglary_2017.csv: X 1172237, Y 1856217 ↔ 41.760903559, -87.644303769.
    const { lon, lat } = toLonLat('EPSG:3435', Float64Array.from([1172237]), Float64Array.from([1856217]));
    expect(Math.abs(lat[0] - 41.760903559) * 111_000).toBeLessThan(1);
    expect(Math.abs(lon[0] + 87.644303769) * 83_000).toBeLessThan(1);
  });

  it('accepts proj4 strings and rejects unknown codes clearly', () => {
    expect(crsDefinition('epsg:26971')).toContain('+units=m');
    expect(crsDefinition('+proj=longlat +datum=WGS84')).toBe('+proj=longlat +datum=WGS84');
    expect(() => crsDefinition('EPSG:999999')).toThrow(/Unknown coordinate system/);
  });
});
