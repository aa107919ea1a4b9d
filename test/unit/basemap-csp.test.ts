/**
 * The hosts an online base map needs (src/lib/map/basemap-csp.ts): the style's own, sprite,
 * glyphs, tile templates and TileJSON sources (read once for their tiles); relative URLs resolve
 * against the style; nothing but https; and the narrowing policy's text.
 */
import { describe, expect, it } from 'vitest';
import type { StyleSpecification } from 'maplibre-gl';
import { narrowPolicy, styleOrigins } from '../../src/lib/map/basemap-csp';

describe('base-map hosts', () => {
  it('collects every host a style loads from, following TileJSON once', async () => {
    const asked: string[] = [];
    const style = {
      version: 8,
      sprite: 'https://sprites.example.org/v1/sprite',
      glyphs: 'https://fonts.example.org/{fontstack}/{range}.pbf',
      sources: {
        a: { type: 'vector', url: 'https://tilejson.example.org/a.json' },
        b: { type: 'raster', tiles: ['https://{s}.raster.example.org/{z}/{x}/{y}.png'.replace('{s}', 'a')] },
        c: { type: 'vector', url: '/relative.json' },
        d: { type: 'geojson', data: 'http://insecure.example.org/data.geojson' },
      },
      layers: [],
    } as unknown as StyleSpecification;
    const hosts = await styleOrigins('https://maps.example.org/styles/basic.json', style, async (u) => {
      asked.push(u);
      if (u === 'https://tilejson.example.org/a.json') return { tiles: ['https://t1.example.org/{z}/{x}/{y}.pbf', '../up/{z}.pbf'] };
      throw new Error('404');
    });
    expect(asked).toEqual(['https://tilejson.example.org/a.json', 'https://maps.example.org/relative.json']);
    expect(hosts).toEqual([
      'https://a.raster.example.org',
      'https://fonts.example.org',
      'https://maps.example.org',
      'https://sprites.example.org',
      'https://t1.example.org',
      'https://tilejson.example.org',
    ]);
  });

  it('writes the narrowing policy: own origin only, or plus the hosts', () => {
    expect(narrowPolicy([])).toBe("connect-src 'self' data: blob:; img-src 'self' data: blob:");
    expect(narrowPolicy(['https://a.example'])).toBe("connect-src 'self' data: blob: https://a.example; img-src 'self' data: blob: https://a.example");
  });
});
