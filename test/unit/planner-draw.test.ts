/**
 * Issue 6, item 2 (placing by drawing an area): the drawn outline's checks (src/lib/map/draw-geometry.ts)
 * — repeated corners from a double-click, too few corners, a flat or self-crossing outline, ring
 * orientation and closure — and the placement's footprint: the cells whose centre lies inside.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { dropRepeats, finishLine, finishPolygon, selfIntersects, signedArea2, type LonLat } from '../../src/lib/map/draw-geometry';
import { translate } from '../../src/lib/i18n/translate';
import { footprintCells } from '../../src/lib/planner/footprint';
import { validatePlan, defaultPlan } from '../../src/lib/planner/plan';

const square: LonLat[] = [[0, 0], [1, 0], [1, 1], [0, 1]];

describe('drawn outline', () => {
  it('drops the repeated corner of a double-click and a last corner on the first', () => {
    const same = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];
    expect(dropRepeats([[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 1]], same)).toEqual(square);
    expect(dropRepeats([[0, 0], [1, 0], [1, 1], [0, 0]], same)).toEqual([[0, 0], [1, 0], [1, 1]]);
  });

  it('closes an anticlockwise ring and turns a clockwise one round', () => {
    const r = finishPolygon(square);
    expect(r).toEqual({ ok: true, ring: [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]] });
    const cw = finishPolygon([...square].reverse());
    expect(cw.ok && cw.ring).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
    if (cw.ok) expect(signedArea2(cw.ring.slice(0, -1))).toBe(2);
  });

  it('says what is wrong: too few corners, a line, a crossing outline', () => {
    expect(finishPolygon([])).toEqual({ ok: false, code: 'none', n: 0, message: 'An area needs at least 3 corners; none is drawn.' });
    expect(finishPolygon([[0, 0], [1, 1], [1, 1]])).toEqual({ ok: false, code: 'few', n: 2, message: 'An area needs at least 3 corners; only 2 are drawn.' });
    // The UI's message in each language says the same (draw.err.<code>, with n).
    expect(translate('en', 'draw.err.few', { n: 2 })).toBe('An area needs at least 3 corners; only 2 are drawn.');
    expect(translate('en', 'draw.err.few', { n: 1 })).toBe('An area needs at least 3 corners; only 1 is drawn.');
    expect(translate('es', 'draw.err.few', { n: 2 })).toBe('Un área necesita al menos 3 vértices; solo hay 2.');
    // A street: two distinct points at least.
    expect(finishLine([[0, 0], [0, 0]])).toMatchObject({ ok: false, code: 'line' });
    expect(finishLine([[0, 0], [0, 0], [1, 1]])).toEqual({ ok: true, line: [[0, 0], [1, 1]] });
    expect(finishPolygon([[0, 0], [1, 1], [2, 2]])).toMatchObject({ ok: false, message: expect.stringContaining('one line') });
    // A bow tie: (0,0) → (1,1) → (1,0) → (0,1) crosses itself.
    expect(finishPolygon([[0, 0], [1, 1], [1, 0], [0, 1]])).toMatchObject({ ok: false, message: expect.stringContaining('crosses itself') });
    expect(finishPolygon([[0, 0], [1, 0], [1, 95]])).toMatchObject({ ok: false, message: 'A corner lies outside the map.' });
  });

  it('finds crossings and touchings, and none in convex outlines (property)', () => {
    expect(selfIntersects([[0, 0], [2, 0], [2, 2], [1, 0], [0, 2]])).toBe(true); // a corner on an edge
    expect(selfIntersects([[0, 0], [2, 0], [2, 2], [1, 1], [0, 2]])).toBe(false); // concave, simple
    // Corners of a circle in angle order make a convex polygon: never self-crossing, always accepted.
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 24 }), (angles) => {
        const cs = [...angles].sort((a, b) => a - b).map((d): LonLat => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)]);
        expect(selfIntersects(cs)).toBe(false);
        const r = finishPolygon(cs);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.ring.at(-1)).toEqual(r.ring[0]);
      }),
    );
  });
});

describe('a drawn area as a placement', () => {
  it('treats the cells whose centre lies inside, and a plan holding it validates', () => {
    const c0 = latLngToCell(51.5, -0.12, 9);
    const disk = gridDisk(c0, 1);
    // An outline around the centres of c0 and its six neighbours, 20 % beyond them.
    const [lat0, lon0] = cellToLatLng(c0);
    const pts = disk.map((c) => cellToLatLng(c));
    const box = (k: number) => {
      const lats = pts.map((p) => p[0]), lons = pts.map((p) => p[1]);
      const dy = (Math.max(...lats) - Math.min(...lats)) * k, dx = (Math.max(...lons) - Math.min(...lons)) * k;
      return [[lon0 - dx, lat0 - dy], [lon0 + dx, lat0 - dy], [lon0 + dx, lat0 + dy], [lon0 - dx, lat0 + dy]] as LonLat[];
    };
    const r = finishPolygon(box(0.6));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const cells = footprintCells({ type: 'polygon', coordinates: [r.ring] }, 9);
    expect(cells).toEqual([...disk].sort());
    // A tiny outline inside one cell still treats that cell.
    const tiny = finishPolygon(box(0.01));
    expect(tiny.ok && footprintCells({ type: 'polygon', coordinates: [tiny.ring] }, 9)).toEqual([c0]);

    const plan = { ...defaultPlan('drawn', '2024-01-01', 9), placements: [{ id: 'p1', intervention: 'street-lighting', footprint: { type: 'polygon', coordinates: [r.ring] }, start: '2024-01-01', months: 12 }] };
    const v = validatePlan(JSON.parse(JSON.stringify(plan)));
    expect(v.ok).toBe(true);
  });
});
