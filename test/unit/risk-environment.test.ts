/**
 * Issue #5 item 1: environmental layers — GeoJSON of every geometry kind into the columnar layer
 * model, WKT and WKB geometry, attribute selection (the demo's broken lights), and the
 * extendable feature-type list.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { readGeoJsonLayer } from '../../src/lib/environment/geojson';
import { parseWkb, parseWkt } from '../../src/lib/environment/wkt';
import { LINE, POINT, POLYGON, concatLayers, featureGeometry, featureParts, kindCounts, ringsToPolygons, whereAttribute } from '../../src/lib/environment/layer';
import { DEFAULT_FEATURE_TYPES, DEMO_LAYERS, addFeatureType, customFeatureType, defaultControls, fallbackColour, featureType, typeIdFromLabel } from '../../src/lib/environment/feature-types';
import { ROOT } from '../helpers/paths';

const fc = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'p1', working: false }, geometry: { type: 'Point', coordinates: [-40, 40] } },
    { type: 'Feature', properties: { id: 'm', working: true }, geometry: { type: 'MultiPoint', coordinates: [[-40.1, 40.1], [-40.2, 40.2]] } },
    { type: 'Feature', properties: { id: 'l' }, geometry: { type: 'MultiLineString', coordinates: [[[-40, 40], [-40.01, 40.01]], [[-40.02, 40], [-40.03, 40]]] } },
    { type: 'Feature', properties: { id: 'poly' }, geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.1]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] } },
    { type: 'Feature', properties: { id: 'bad' }, geometry: null },
    { type: 'Feature', properties: { id: 'nan' }, geometry: { type: 'Point', coordinates: [200, 40] } },
  ],
};

describe('environmental layers', () => {
  it('reads points, multipoints, lines and polygons into columns', () => {
    const l = readGeoJsonLayer('t.geojson', new TextEncoder().encode(JSON.stringify(fc)), { type: 'thing' });
    expect(l.n).toBe(5);
    expect(l.skipped).toBe(2);
    expect(l.ids).toEqual(['p1', 'm.1', 'm.2', 'l', 'poly']);
    expect(Array.from(l.kind)).toEqual([POINT, POINT, POINT, LINE, POLYGON]);
    expect(kindCounts(l)).toEqual({ point: 3, line: 1, polygon: 1 });
    expect(featureParts(l, 3)).toEqual([[[-40, 40], [-40.01, 40.01]], [[-40.02, 40], [-40.03, 40]]]);
    expect(featureParts(l, 4).length).toBe(3); // two outer rings and a hole, even–odd
    // Drawn as GeoJSON: the hole goes back under its outer ring.
    expect(featureGeometry(l, 4)).toEqual(fc.features[3].geometry);
    expect(featureGeometry(l, 3)).toEqual(fc.features[2].geometry);
    expect(featureGeometry(l, 0)).toEqual({ type: 'Point', coordinates: [-40, 40] });
    expect(ringsToPolygons([[[0, 0], [4, 0], [4, 4], [0, 0]], [[1, 0.5], [3, 0.5], [3, 2.5], [1, 0.5]], [[2, 1], [2.5, 1], [2.5, 1.5], [2, 1]]]).length).toBe(2); // an island in a lake
    expect(l.attributes.working).toEqual([false, true, true, null, null]);
    const out = whereAttribute(l, 'working', 'false', 'street_light_out');
    expect(out).toMatchObject({ type: 'street_light_out', n: 1, ids: ['p1'] });
    expect(concatLayers([l, out], 'all').n).toBe(6);
    expect(() => whereAttribute(l, 'nope', 1)).toThrow(/no attribute "nope"/);
    expect(() => readGeoJsonLayer('x', { type: 'FeatureCollection', crs: { properties: { name: 'EPSG:3857' } }, features: [] }, { type: 'x' })).toThrow(/WGS 84/);
  });

  it('parses WKT and WKB (with Z, EWKB SRID, multi geometries and EMPTY)', () => {
    expect(parseWkt('POINT (1 2)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseWkt('SRID=4326;POINT Z (1 2 3)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(parseWkt('MULTIPOINT ((1 2), (3 4))')).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('MULTIPOINT (1 2, 3 4)')).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('linestring(-87.6 41.8,-87.61 41.81)')).toEqual({ type: 'LineString', coordinates: [[-87.6, 41.8], [-87.61, 41.81]] });
    expect(parseWkt('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))')!.type).toBe('MultiPolygon');
    expect(parseWkt('POINT EMPTY')).toEqual({ type: 'GeometryCollection', geometries: [] });
    expect(parseWkt('POINT (1)')).toBeNull();
    expect(parseWkt('CIRCLE (1 2)')).toBeNull();
    // WKB: little-endian LineString of two points, and a big-endian EWKB point with SRID.
    const le = new DataView(new ArrayBuffer(1 + 4 + 4 + 32));
    le.setUint8(0, 1); le.setUint32(1, 2, true); le.setUint32(5, 2, true);
    [1, 2, 3, 4].forEach((v, i) => le.setFloat64(9 + 8 * i, v, true));
    expect(parseWkb(new Uint8Array(le.buffer))).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
    const be = new DataView(new ArrayBuffer(1 + 4 + 4 + 16));
    be.setUint8(0, 0); be.setUint32(1, 0x20000001, false); be.setUint32(5, 4326, false);
    be.setFloat64(9, -87.5, false); be.setFloat64(17, 41.9, false);
    expect(parseWkb(new Uint8Array(be.buffer))).toEqual({ type: 'Point', coordinates: [-87.5, 41.9] });
    expect(parseWkb(new Uint8Array([1, 99, 0, 0, 0]))).toBeNull();
  });

  it('has an extendable feature-type list that covers the demo city', () => {
    expect(DEFAULT_FEATURE_TYPES.map((t) => t.id)).toEqual(expect.arrayContaining(['street_light', 'street_light_out', 'bar', 'transit_stop', 'vacant', 'school', 'park', 'cctv', 'police_station']));
    const more = addFeatureType(DEFAULT_FEATURE_TYPES, { id: 'atm', label: 'Cash machine', geometry: 'point', colour: '#000000', expected: 'raises', description: 'ATM.' });
    expect(featureType(more, 'atm').label).toBe('Cash machine');
    expect(featureType(more, 'unknown_thing').label).toBe('unknown thing');
    expect(() => addFeatureType(more, { ...more[0] })).toThrow(/already/);
    expect(() => addFeatureType(more, { ...more[0], id: 'Bad Id' })).toThrow(/lower-case/);
    for (const d of DEMO_LAYERS) {
      expect(fs.existsSync(`${ROOT}/data/demo/environment/${d.file}`)).toBe(true);
      expect(DEFAULT_FEATURE_TYPES.some((t) => t.id === d.type)).toBe(true);
    }
  });

  it('makes user-defined types from a typed name, with a stable colour and controls by default', () => {
    expect(typeIdFromLabel('Late-night shop')).toBe('late_night_shop');
    expect(typeIdFromLabel('  Café / épicerie ')).toBe('cafe_epicerie');
    expect(typeIdFromLabel('24h ATM')).toBe('type_24h_atm');
    expect(typeIdFromLabel('123')).toBe('');
    const t = customFeatureType('Late-night shop', '#AA3300');
    expect(t).toMatchObject({ id: 'late_night_shop', label: 'Late-night shop', colour: '#aa3300', custom: true, expected: 'mixed' });
    const more = addFeatureType(DEFAULT_FEATURE_TYPES, t);
    expect(() => addFeatureType(more, customFeatureType('late night shop', '#000000'))).toThrow(/already a feature type "Late-night shop"/);
    expect(() => customFeatureType('   ', '#000000')).toThrow(/name/);
    expect(() => customFeatureType('123', '#000000')).toThrow(/at least one letter/);
    expect(() => customFeatureType('Kiosk', 'red')).toThrow(/#rrggbb/);
    expect(fallbackColour('graffiti')).toBe(fallbackColour('graffiti'));
    expect(featureType(DEFAULT_FEATURE_TYPES, 'graffiti').colour).toMatch(/^#[0-9a-f]{6}$/);
    // Working street lights enter as a control by default (they stand for street density).
    expect(defaultControls(DEFAULT_FEATURE_TYPES, ['street_light_out', 'street_light', 'bar'])).toEqual(['street_light']);
  });

  it('reads the demo street lights and splits broken from working', () => {
    const l = readGeoJsonLayer('street_lights.geojson', fs.readFileSync(`${ROOT}/data/demo/environment/street_lights.geojson`), { type: 'street_light' });
    const out = whereAttribute(l, 'working', false, 'street_light_out');
    const on = whereAttribute(l, 'working', true);
    expect(out.n + on.n).toBe(l.n);
    expect(l.n).toBe(7318);
  });
});
