/**
 * Map overlays of the planner: a plan's treated cells coloured by intervention over the study
 * area's incident counts (in greys, so the planner still sees where incidents are while placing),
 * with the buffer rings where displacement or diffusion is modelled; and the areas of a
 * before/after evaluation (treated, its buffer, control, the control's buffer).
 */
import type { FeatureCollection } from 'geojson';
import { polygonToCells } from 'h3-js';
import type { CellCounts } from '../../engine/protocol';
import { polygonsOf } from '../../geo/point-in-polygon';
import type { Area } from '../../planner/area-counts';
import { mergeCatalogue } from '../../planner/catalogue';
import { bufferCells, bufferRings, footprintCells } from '../../planner/footprint';
import type { Plan } from '../../planner/plan';
import { quantileScale, type RGBA } from '../../map/colour-scale';
import { PLAN_COLOURS } from '../../map/palettes';
import type { CellOverlay, LegendEntry } from '../../map/overlay';
import { fmtInt } from '../format';
import { interventionName } from '../../i18n/catalogue';
import { locale, t as tr } from '../../i18n';

/** Colours of interventions in a plan, in order of first use (map/palettes.ts: Okabe–Ito, colour-blind safe; no hot-spot reds). */
const PALETTE: RGBA[] = PLAN_COLOURS;

/** Each intervention used by the plan with its colour. */
export function interventionColours(plan: Plan): Map<string, RGBA> {
  const out = new Map<string, RGBA>();
  for (const p of plan.placements) if (!out.has(p.intervention)) out.set(p.intervention, PALETTE[out.size % PALETTE.length]);
  return out;
}

const faint = (c: RGBA, a: number): RGBA => [c[0], c[1], c[2], a];

/** Grey shades of the counts (darker: more incidents), for the background of planner overlays. */
function countShades(counts: CellCounts | null): { cells: string[]; colours: RGBA[]; byCell: Map<string, number> } {
  if (!counts) return { cells: [], colours: [], byCell: new Map() };
  const scale = quantileScale(counts.counts);
  const colours = Array.from(counts.counts, (c): RGBA => {
    if (c <= 0) return [100, 116, 139, 14];
    const k = scale.breaks.findIndex((b) => c <= b);
    return [51, 65, 85, 28 + Math.round((k / Math.max(1, scale.breaks.length - 1)) * 120)];
  });
  return { cells: counts.cells, colours, byCell: new Map(counts.cells.map((c, i) => [c, counts.counts[i]])) };
}

/** Assembles an overlay from a background and cells drawn over it (later entries win). */
function assemble(key: string, title: string, bg: ReturnType<typeof countShades>, layers: { cells: Iterable<string>; colour: RGBA }[], legend: LegendEntry[], note: string, describe: (cell: string) => [string, string][]): CellOverlay {
  const index = new Map<string, number>();
  const cells: string[] = [];
  const colour: RGBA[] = [];
  const put = (cell: string, c: RGBA) => {
    const i = index.get(cell);
    if (i === undefined) { index.set(cell, cells.length); cells.push(cell); colour.push(c); } else colour[i] = c;
  };
  bg.cells.forEach((c, i) => put(c, bg.colours[i]));
  for (const l of layers) for (const c of l.cells) put(c, l.colour);
  const colours = new Uint8Array(4 * cells.length);
  colour.forEach((c, i) => colours.set(c, 4 * i));
  return { key, title, cells, colours, legend, note, describe: (i) => describe(cells[i]) };
}

let serial = 0;

/** Cells treated by more than one intervention (their effects combine multiplicatively). */
export const SEVERAL: RGBA = [17, 24, 39, 245];
/** Significant hot-spot cells in the background. */
const HOT: RGBA = [239, 138, 98, 150];

/** The plan over the counts (and the hot spots, when known): treated cells per intervention, buffers faint. */
export function planOverlay(plan: Plan, counts: CellCounts | null, title: string, hint: string, hotCells: ReadonlySet<string> = new Set()): CellOverlay {
  const ivs = new Map(mergeCatalogue(plan.interventions).map((i) => [i.id, i]));
  const colours = interventionColours(plan);
  const treated = new Map<string, string[]>();
  const treatedBy = new Map<string, Set<string>>();
  const buffers = new Map<string, string[]>();
  const layers: { cells: string[]; colour: RGBA }[] = [];
  const bufferLayers: { cells: string[]; colour: RGBA }[] = [];
  for (const p of plan.placements) {
    const iv = ivs.get(p.intervention);
    const cells = footprintCells(p.footprint, plan.data.res);
    const rings = bufferRings(p.bufferM ?? plan.assumptions.bufferM ?? iv?.bufferM ?? 0, plan.data.res);
    const ring = rings > 0 ? bufferCells(cells, rings) : [];
    const name = iv ? interventionName(iv.id, iv.name, locale()) : p.intervention;
    const label = `${name} — ${p.label ? interventionName(p.intervention, p.label, locale()) : p.id}`;
    for (const c of cells) {
      treated.set(c, [...(treated.get(c) ?? []), label]);
      treatedBy.set(c, (treatedBy.get(c) ?? new Set()).add(p.intervention));
    }
    for (const c of ring) buffers.set(c, [...(buffers.get(c) ?? []), label]);
    layers.push({ cells, colour: colours.get(p.intervention)! });
    bufferLayers.push({ cells: ring, colour: faint(colours.get(p.intervention)!, 70) });
  }
  const bg = countShades(counts && counts.res === plan.data.res ? counts : null);
  const hot = [...hotCells].filter((c) => bg.byCell.has(c));
  const several = [...treatedBy].filter(([, s]) => s.size > 1).map(([c]) => c);
  layers.push({ cells: several, colour: SEVERAL });
  const legend: LegendEntry[] = [...colours].map(([id, c]) => ({ colour: c, label: ivs.has(id) ? interventionName(id, ivs.get(id)!.name, locale()) : id, help: tr('ov.treatedCells') }));
  if (several.length) legend.push({ colour: SEVERAL, label: tr('ov.several'), help: tr('ov.severalHelp') });
  if (hot.length) legend.push({ colour: HOT, label: tr('ov.hot'), help: tr('ov.hotHelp') });
  if (bufferLayers.some((l) => l.cells.length)) legend.push({ colour: [120, 120, 120, 70], label: tr('ov.buffers'), help: tr('ov.buffersHelp') });
  if (bg.cells.length) legend.push({ colour: [150, 158, 170, 120], label: tr('ov.counts'), help: tr('ov.countsHelp') });
  return assemble(`plan:${++serial}`, title, bg, [{ cells: hot, colour: HOT }, ...bufferLayers, ...layers], legend, hint, (cell) => {
    const lines: [string, string][] = [];
    if (hotCells.has(cell)) lines.push([tr('ov.hotSpot'), tr('ov.hotSpotValue')]);
    const n = bg.byCell.get(cell);
    if (n !== undefined) lines.push([tr('common.incidents'), fmtInt(n)]);
    const t = treated.get(cell);
    if (t) lines.push([tr('ov.treatedBy'), t.join('; ')]);
    const b = buffers.get(cell);
    if (b) lines.push([tr('ov.bufferOf'), b.join('; ')]);
    lines.push([tr('common.cell'), cell]);
    return lines;
  });
}

/** The area as a FeatureCollection (as area-counts does, without pulling turf into the page). */
function asCollection(a: Area | FeatureCollection): FeatureCollection {
  if (a.type === 'FeatureCollection') return a;
  if (a.type === 'Feature') return { type: 'FeatureCollection', features: [a] };
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: a }] };
}

/** Cells whose centres lie in an area (H3 polyfill at `res`). */
export function areaCells(a: Area | FeatureCollection, res: number): Set<string> {
  const out = new Set<string>();
  for (const poly of polygonsOf(asCollection(a))) for (const c of polygonToCells(poly as number[][][], res, true)) out.add(c);
  return out;
}

const AREA_COLOURS: Record<'treated' | 'buffer' | 'control' | 'controlBuffer', RGBA> = {
  treated: [117, 112, 179, 230], buffer: [203, 201, 226, 220], control: [0, 158, 115, 230], controlBuffer: [178, 226, 200, 220],
};

/** The evaluation's four areas as cells over the counts. */
export function evaluationOverlay(a: { treated: Area; control: Area; treatedBuffer: FeatureCollection | null; controlBuffer: FeatureCollection | null; names: [string, string] }, counts: CellCounts | null): CellOverlay {
  const res = counts?.res ?? 9;
  const t = areaCells(a.treated, res), c = areaCells(a.control, res);
  const minus = (s: Set<string>, ...out: Set<string>[]) => new Set([...s].filter((x) => !out.some((o) => o.has(x))));
  const tb = a.treatedBuffer ? minus(areaCells(a.treatedBuffer, res), t) : new Set<string>();
  const cb = a.controlBuffer ? minus(areaCells(a.controlBuffer, res), c) : new Set<string>();
  const bg = countShades(counts);
  const kind = (cell: string) => (t.has(cell) ? a.names[0] : c.has(cell) ? a.names[1] : tb.has(cell) ? tr('ov.treatedBuffer') : cb.has(cell) ? tr('ov.controlBuffer') : null);
  const legend: LegendEntry[] = [
    { colour: AREA_COLOURS.treated, label: tr('ev.treatedRow', { name: a.names[0] }) },
    ...(tb.size ? [{ colour: AREA_COLOURS.buffer, label: tr('ev.itsBuffer') }] : []),
    { colour: AREA_COLOURS.control, label: tr('ev.controlRow', { name: a.names[1] }) },
    ...(cb.size ? [{ colour: AREA_COLOURS.controlBuffer, label: tr('ev.controlBuffer') }] : []),
  ];
  return assemble(`evaluation:${++serial}`, tr('ov.evalTitle'), bg,
    [{ cells: cb, colour: AREA_COLOURS.controlBuffer }, { cells: tb, colour: AREA_COLOURS.buffer }, { cells: c, colour: AREA_COLOURS.control }, { cells: t, colour: AREA_COLOURS.treated }],
    legend, tr('ov.evalNote'), (cell) => {
      const lines: [string, string][] = [];
      const k = kind(cell);
      if (k) lines.push([tr('ev.area'), k]);
      const n = bg.byCell.get(cell);
      if (n !== undefined) lines.push([tr('common.incidents'), fmtInt(n)]);
      lines.push([tr('common.cell'), cell]);
      return lines;
    });
}
