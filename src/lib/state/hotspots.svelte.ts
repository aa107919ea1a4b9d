/**
 * The hot-spot panel's state: its parameters, the latest result (a newer request cancels the one
 * in flight), and the map overlay built from it. Analytic runs follow the filter and resolution
 * by themselves; permutation runs are started by the user and show progress with Cancel.
 */
import type { HotspotOutcome } from '../engine/analyses/hotspots';
import type { HotspotParams } from '../engine/protocol';
import type { LocalResult } from '../analysis/hotspots/types';
import { localRow } from '../analysis/hotspots/types';
import type { RGBA } from '../map/colour-scale';
import type { CellOverlay } from '../map/overlay';
import type { Coordinator } from './coordinator.svelte';
import { Latest, isAbort, messageOf } from './latest.svelte';
import { classHelp, classLabel } from './class-labels';
import { fmtNumber, t } from '../i18n';
import { matchesNothing, toEngineFilter } from './view-filter';
import { HOTSPOT_CLASS_COLOURS } from '../map/palettes';

export type HotspotSettings = Omit<HotspotParams, 'res' | 'filter'>;

/** Colours per class key: reds for hot / high, blues for cold / low (map/palettes.ts, checked for colour-blind readers). */
export const CLASS_COLOURS: Record<string, RGBA> = HOTSPOT_CLASS_COLOURS;

/** The statistics offered, in the order of the method menu. */
export const METHODS: HotspotParams['method'][] = ['gistar', 'gi', 'local-moran'];

/** A statistic's name with what it finds, in the current language. */
export function methodLabel(m: HotspotParams['method']): string {
  return t(`hs.method.${m}`);
}

export class Hotspots {
  settings = $state<HotspotSettings>({ method: 'gistar', k: null, weights: 'binary', fdr: true, permutations: 0, seed: 20261122 });
  slot = new Latest<HotspotOutcome>();
  /** The filter and resolution the shown result was computed for (to say when it is stale). */
  ranFor = $state<string | null>(null);
  /** Per reference cell: share of scale runs (resolutions × k) in which it is a hot spot. */
  stability = $state.raw<Map<string, number> | null>(null);

  constructor(private readonly app: Coordinator) {}

  /** A key of what a result depends on besides the settings. */
  get inputKey(): string {
    return JSON.stringify([this.app.dataset?.version ?? 0, this.app.res, this.app.filter]);
  }

  /** Runs the statistic for the current filter and resolution. */
  run(): void {
    if (!this.app.dataset) return;
    if (matchesNothing(this.app.filter)) {
      this.slot.set(null);
      this.slot.error = t('hs.nothingSelected');
      return;
    }
    const params: HotspotParams = { ...$state.snapshot(this.settings), res: this.app.res, filter: toEngineFilter(this.app.filter) };
    const key = this.inputKey;
    const long = params.permutations > 0;
    const task = long ? this.app.progress.begin(t('hs.permTask', { n: params.permutations })) : null;
    void this.slot
      .run((signal) => {
        if (task) task.signal.addEventListener('abort', () => this.slot.cancel(), { once: true });
        return this.app.request('hotspots', params, { signal, onProgress: task?.onProgress });
      })
      .then(() => {
        if (this.slot.value && !this.slot.error) this.ranFor = key;
      })
      .catch((e: unknown) => {
        if (!isAbort(e)) this.slot.error = messageOf(e);
      })
      .finally(() => task?.done());
  }

  /** The result as a map overlay (classes coloured, drill-down per cell). */
  overlayOf(h: HotspotOutcome): CellOverlay {
    const r = h.result;
    const n = r.cells.length;
    const colours = new Uint8Array(4 * n);
    const byCode = new Map(r.legend.map((c) => [c.code, CLASS_COLOURS[c.key] ?? ([0, 0, 0, 0] as RGBA)]));
    for (let i = 0; i < n; i++) colours.set(byCode.get(r.classCode[i]) ?? [0, 0, 0, 0], 4 * i);
    const lag = (r as LocalResult & { lag?: Float64Array }).lag;
    const stability = this.stability;
    const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e-3 || v === 0 ? fmtNumber(v, 3) : v.toExponential(2)) : '—');
    const label = (code: number) => {
      const c = r.legend.find((x) => x.code === code);
      return c ? classLabel(c) : '';
    };
    return {
      key: `${r.method.statistic}:${this.ranFor}:${n}:${stability?.size ?? 0}`,
      title: t('hs.overlayTitle', { method: methodLabel(this.settings.method), res: String(h.result.method.data?.res ?? ''), k: h.k }),
      cells: r.cells as string[],
      colours,
      legend: r.legend.map((c) => ({ colour: CLASS_COLOURS[c.key] ?? [0, 0, 0, 0], label: classLabel(c), help: classHelp(c, r.pSource, r.method.statistic) })),
      note: r.pSource === 'pAdjusted' || r.pSource === 'pSimAdjusted' ? t('hs.noteFdr') : t('hs.noteRaw'),
      describe: (i) => {
        const row = localRow(r, i);
        const lines: [string, string][] = [
          [t('hs.tip.class'), label(r.classCode[i]) || row.class],
          [t('common.incidents'), fmtNumber(row.count)],
        ];
        if (lag) lines.push(r.method.statistic === 'local-moran' ? [t('hs.tip.lagMoran'), fmt(lag[i])] : [t('hs.tip.lagGi'), Number.isInteger(lag[i]) ? fmtNumber(lag[i]) : fmt(lag[i])]);
        lines.push(['z', fmt(row.z)], ['p', fmt(row.p)], [t('hs.tip.pAdjusted'), fmt(row.pAdjusted)]);
        if (row.pSim !== null) lines.push([t('hs.tip.pSim'), fmt(row.pSim)]);
        const st = stability?.get(row.cell);
        if (st !== undefined) lines.push([t('hs.tip.scales'), t('hs.tip.runs', { pct: Math.round(st * 100) })]);
        lines.push([t('common.cell'), row.cell]);
        return lines;
      },
    };
  }
}

/** The result's rows as CSV text. */
export function hotspotCsv(r: LocalResult): string {
  const head = 'cell,count,value,z,p,p_adjusted,p_permutation,class';
  const lines = [head];
  for (let i = 0; i < r.cells.length; i++) {
    const w = localRow(r, i);
    lines.push([w.cell, w.count, w.value, w.z, w.p, w.pAdjusted, w.pSim ?? '', w.class].join(','));
  }
  return lines.join('\n') + '\n';
}

/** The result as GeoJSON hexagons with every figure as properties, plus the method record. */
export function hotspotGeoJson(r: LocalResult, boundary: (cell: string) => number[][]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    method: r.method,
    features: r.cells.map((c, i) => {
      const ring = boundary(c);
      return { type: 'Feature', properties: localRow(r, i), geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } };
    }),
  });
}

/** Saves text as a file download. */
export function download(name: string, text: string | Uint8Array, type: string): void {
  const blob = new Blob([text as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
