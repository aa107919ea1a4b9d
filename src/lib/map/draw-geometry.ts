/**
 * The geometry of a polygon drawn on the map, kept apart from MapLibre so it can be tested:
 * corners as [lon, lat], dropping repeated corners (a double-click adds the same point twice),
 * checking the outline (at least three distinct corners, not crossing itself, not flat) and
 * closing the ring as GeoJSON wants it (first corner repeated at the end).
 */

/** A corner: [longitude, latitude] in degrees. */
export type LonLat = [number, number];

/** The outcome of finishing a drawing: a closed ring, or why it cannot be one. */
export type Finished = { ok: true; ring: LonLat[] } | { ok: false; message: string; code: DrawProblem; n?: number };

/** Why a drawing cannot be finished (message keys `draw.err.<code>` in the UI). */
export type DrawProblem = 'outside' | 'none' | 'few' | 'flat' | 'crosses' | 'tiny' | 'line';

/** Corners without consecutive repeats: `same(a, b)` says two corners are one (e.g. within a few pixels). */
export function dropRepeats<T>(corners: readonly T[], same: (a: T, b: T) => boolean): T[] {
  const out: T[] = [];
  for (const c of corners) if (out.length === 0 || !same(out[out.length - 1], c)) out.push(c);
  while (out.length > 1 && same(out[0], out[out.length - 1])) out.pop();
  return out;
}

/** Twice the signed area of a ring in degrees² (shoelace formula; the ring may be open or closed). */
export function signedArea2(ring: readonly LonLat[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    s += x0 * y1 - x1 * y0;
  }
  return s;
}

const orient = (a: LonLat, b: LonLat, c: LonLat) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));

/** True when the closed segments ab and cd share a point (collinear overlaps included). */
function segmentsMeet(a: LonLat, b: LonLat, c: LonLat, d: LonLat): boolean {
  const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  const on = (p: LonLat, q: LonLat, r: LonLat) => Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  return (o1 === 0 && on(a, b, c)) || (o2 === 0 && on(a, b, d)) || (o3 === 0 && on(c, d, a)) || (o4 === 0 && on(c, d, b));
}

/** True when an open ring's outline (last corner joined to the first) crosses or touches itself. */
export function selfIntersects(corners: readonly LonLat[]): boolean {
  const n = corners.length;
  if (n < 4) return false;
  for (let i = 0; i < n; i++) {
    const a = corners[i], b = corners[(i + 1) % n];
    for (let j = i + 1; j < n; j++) {
      // Neighbouring edges share a corner by construction.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsMeet(a, b, corners[j], corners[(j + 1) % n])) return true;
    }
  }
  return false;
}

/** Checks the corners of a drawing and closes the ring, or says what is wrong in plain words. */
export function finishPolygon(corners: readonly LonLat[]): Finished {
  const cs = dropRepeats(corners, (a, b) => a[0] === b[0] && a[1] === b[1]);
  if (cs.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(y) > 90)) return { ok: false, code: 'outside', message: 'A corner lies outside the map.' };
  if (cs.length < 3) return { ok: false, code: cs.length === 0 ? 'none' : 'few', n: cs.length, message: `An area needs at least 3 corners; ${cs.length === 0 ? 'none is' : cs.length === 1 ? 'only 1 is' : `only ${cs.length} are`} drawn.` };
  if (cs.every((c) => orient(cs[0], cs[1], c) === 0)) return { ok: false, code: 'flat', message: 'The corners lie on one line: the area is empty.' };
  if (selfIntersects(cs)) return { ok: false, code: 'crosses', message: 'The outline crosses itself: remove the last corner (Backspace) or start again (Esc).' };
  if (Math.abs(signedArea2(cs)) < 1e-14) return { ok: false, code: 'tiny', message: 'The area is too small to hold anything.' };
  // GeoJSON's outer rings run anticlockwise (RFC 7946 §3.1.6).
  const ring = signedArea2(cs) < 0 ? [...cs].reverse() : [...cs];
  return { ok: true, ring: [...ring.map((c): LonLat => [c[0], c[1]]), [ring[0][0], ring[0][1]]] };
}

/** A drawn street: at least two distinct points, [lon, lat], in the order drawn. */
export function finishLine(points: readonly LonLat[]): { ok: true; line: LonLat[] } | { ok: false; message: string; code: DrawProblem } {
  const cs = dropRepeats(points, (a, b) => a[0] === b[0] && a[1] === b[1]);
  if (cs.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(y) > 90)) return { ok: false, code: 'outside', message: 'A corner lies outside the map.' };
  if (cs.length < 2) return { ok: false, code: 'line', message: 'A street needs at least 2 points.' };
  return { ok: true, line: cs.map((c): LonLat => [c[0], c[1]]) };
}
