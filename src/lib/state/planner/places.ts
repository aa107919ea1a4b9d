/**
 * Places to treat, from the diagnosis: the top N hot-spot cells of the Hot spots tab's last result
 * (Gi* 99 % and 95 % hot spots, or local Moran high–high clusters, strongest z first), or, when no
 * hot-spot result at the plan's resolution exists, the N cells with the most incidents.
 */
import type { HotspotOutcome } from '../../engine/analyses/hotspots';
import type { CellCounts } from '../../engine/protocol';
import { fmtNumber, t } from '../../i18n';

/** A candidate place: one H3 cell. */
export interface Place {
  id: string;
  label: string;
  cell: string;
}

const HOT = new Set(['hot-99', 'hot-95', 'high-high']);
const level = (key: string) => (key === 'high-high' ? t('places.highHigh') : `${key.slice(4)} %`);

/** The top `n` places and where they came from, in words. */
export function topPlaces(n: number, res: number, hs: HotspotOutcome | null, counts: CellCounts | null): { places: Place[]; source: string } {
  const r = hs?.result;
  if (r && r.method.data?.res === res) {
    const keyOf = new Map(r.legend.map((l) => [l.code, l.key]));
    const idx: number[] = [];
    for (let i = 0; i < r.cells.length; i++) if (HOT.has(keyOf.get(r.classCode[i]) ?? '')) idx.push(i);
    idx.sort((a, b) => r.z[b] - r.z[a] || r.x[b] - r.x[a]);
    const stat = r.method.statistic === 'local-moran' ? t('ap.diag.localMoran') : r.method.statistic === 'gi' ? 'Gi' : 'Gi*';
    if (idx.length)
      return {
        places: idx.slice(0, n).map((i, k) => ({ id: `hs${k + 1}`, label: t('places.hotLabel', { k: k + 1, statistic: stat, level: level(keyOf.get(r.classCode[i])!) }), cell: r.cells[i] })),
        source: t('places.hotSource', { n: fmtNumber(Math.min(n, idx.length)), total: fmtNumber(idx.length), statistic: stat }),
      };
  }
  if (!counts || counts.res !== res) return { places: [], source: t('places.noCounts') };
  const idx = Array.from(counts.counts.keys()).filter((i) => counts.counts[i] > 0);
  idx.sort((a, b) => counts.counts[b] - counts.counts[a]);
  return {
    places: idx.slice(0, n).map((i, k) => ({ id: `top${k + 1}`, label: t('places.busiestLabel', { k: k + 1 }), cell: counts.cells[i] })),
    source: t('places.busiestSource', { n: fmtNumber(Math.min(n, idx.length)) }),
  };
}
