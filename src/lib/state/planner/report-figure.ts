/**
 * A small static map for the printed action plan, as an SVG data URL (the report embeds only
 * base64 PNG/JPEG/SVG images): the study area's cells in greys by incident class (no numbers, so
 * no small count is disclosed), significant hot-spot cells outlined in red, and the plan's treated
 * cells coloured by intervention, with a legend. No base map: nothing is fetched.
 */
import { cellToBoundary, cellToLatLng } from 'h3-js';
import { cellSpacingM } from '../../planner/footprint';
import type { CellCounts } from '../../engine/protocol';
import { mergeCatalogue } from '../../planner/catalogue';
import { footprintCells } from '../../planner/footprint';
import type { Plan } from '../../planner/plan';
import { quantileScale, type RGBA } from '../../map/colour-scale';
import { escapeHtml } from '../../planner/report-html';
import { SEVERAL, interventionColours } from './overlay';
import { interventionName } from '../../i18n/catalogue';
import { locale, t } from '../../i18n';

const rgb = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** Base64 of UTF-8 text. */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/**
 * The map as `data:image/svg+xml;base64,…`, or null without cells to draw. `legend: false` leaves
 * the legend out, `colours` fixes each intervention's colour, `frame` (cells) zooms to the box
 * around those cells with a margin, and `faint` lightens the counts (small side-by-side maps).
 */
export function planMapDataUrl(
  plan: Plan, counts: CellCounts | null, hotCells: ReadonlySet<string>, width = 480,
  opts: { legend?: boolean; colours?: ReadonlyMap<string, RGBA>; frame?: Iterable<string>; faint?: boolean } = {},
): string | null {
  const res = plan.data.res;
  const treated = plan.placements.map((p) => ({ iv: p.intervention, cells: footprintCells(p.footprint, res) }));
  let base = counts && counts.res === res ? counts : null;
  const frame = opts.frame ? [...opts.frame] : [];
  if (base && frame.length) {
    // The box around the frame's cell centres, a third wider on every side (at least two cells).
    const pts = frame.map((c) => cellToLatLng(c));
    const [lat0, lat1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
    const [lon0, lon1] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
    const cell = (2 * cellSpacingM(res)) / 111_320;
    const my = Math.max((lat1 - lat0) / 3, cell), mx = Math.max((lon1 - lon0) / 3, cell / Math.cos((lat0 * Math.PI) / 180));
    const keep = base.cells.map((c) => { const [la, lo] = cellToLatLng(c); return la >= lat0 - my && la <= lat1 + my && lo >= lon0 - mx && lo <= lon1 + mx; });
    base = { ...base, cells: base.cells.filter((_, i) => keep[i]), counts: base.counts.filter((_, i) => keep[i]) };
  }
  const all = new Set<string>([...(base?.cells ?? []), ...treated.flatMap((t) => t.cells)]);
  if (all.size === 0) return null;
  const rings = new Map<string, [number, number][]>();
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const c of all) {
    const ring = cellToBoundary(c, true) as [number, number][];
    rings.set(c, ring);
    for (const [x, y] of ring) { minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y); }
  }
  const kx = Math.cos(((minY + maxY) / 2) * (Math.PI / 180));
  const scale = (width - 20) / Math.max(1e-9, (maxX - minX) * kx);
  const mapH = Math.round((maxY - minY) * scale) + 20;
  const pt = ([x, y]: [number, number]) => `${((x - minX) * kx * scale + 10).toFixed(1)},${((maxY - y) * scale + 10).toFixed(1)}`;
  const path = (c: string) => 'M' + rings.get(c)!.map(pt).join('L') + 'Z';

  const parts: string[] = [];
  if (base) {
    const q = quantileScale(base.counts);
    base.cells.forEach((c, i) => {
      const n = base.counts[i];
      const k = n <= 0 ? -1 : q.breaks.findIndex((b) => n <= b);
      const shade = k < 0 ? 245 : Math.round(225 - (k / Math.max(1, q.breaks.length - 1)) * (opts.faint ? 70 : 150));
      parts.push(`<path d="${path(c)}" fill="rgb(${shade},${shade},${shade + 4})" stroke="#fff" stroke-width="0.3"/>`);
    });
  }
  const colours = opts.colours ?? interventionColours(plan);
  for (const c of hotCells) if (rings.has(c)) parts.push(`<path d="${path(c)}" fill="none" stroke="#b2182b" stroke-width="1.2"/>`);
  const by = new Map<string, Set<string>>();
  for (const t of treated) for (const c of t.cells) by.set(c, (by.get(c) ?? new Set()).add(t.iv));
  for (const [c, set] of by) parts.push(`<path d="${path(c)}" fill="${set.size > 1 ? rgb(SEVERAL) : rgb(colours.get([...set][0])!)}" stroke="#111" stroke-width="0.6"/>`);

  const ivs = new Map(mergeCatalogue(plan.interventions).map((i) => [i.id, i]));
  const entries: [string, string, boolean][] = [...colours].map(([id, c]) => [rgb(c), ivs.has(id) ? interventionName(id, ivs.get(id)!.name, locale()) : id, false]);
  if ([...by.values()].some((s) => s.size > 1)) entries.push([rgb(SEVERAL), t('ap.fig.several'), false]);
  if (hotCells.size) entries.push(['#b2182b', t('ap.fig.hot'), true]);
  if (base) entries.push(['rgb(120,120,124)', t('ap.fig.counts'), false]);
  if (opts.legend === false) entries.length = 0;
  const lh = 18;
  entries.forEach(([fill, label, outline], i) => {
    const y = mapH + 8 + i * lh;
    parts.push(outline ? `<rect x="10" y="${y}" width="12" height="12" fill="none" stroke="${fill}" stroke-width="2"/>` : `<rect x="10" y="${y}" width="12" height="12" fill="${fill}"/>`);
    parts.push(`<text x="28" y="${y + 10}" font-size="11" font-family="system-ui,sans-serif">${escapeHtml(label)}</text>`);
  });
  const h = mapH + (entries.length ? 12 + entries.length * lh : 0);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}">${parts.join('')}</svg>`;
  return `data:image/svg+xml;base64,${base64(svg)}`;
}
