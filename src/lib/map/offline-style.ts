/**
 * The offline base map: a MapLibre style with a background only, no glyphs, sprites or tiles, so
 * the map requests nothing from any host. Streets and the study boundary are added as GeoJSON
 * sources by `base-layers.ts`.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { t } from '../i18n';

export const BACKGROUND = '#eef1f4';

export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'Prevention Planner offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
  };
}

/**
 * Tries an online MapLibre style URL: resolves with the style when it can be fetched and looks
 * like a style, otherwise rejects with a reason in plain words.
 */
export async function fetchOnlineStyle(url: string, timeoutMs = 8000): Promise<StyleSpecification> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: ctrl.signal });
    if (!res.ok) throw new Error(t('map.serverAnswered', { status: String(res.status) }));
    const style = (await res.json()) as StyleSpecification;
    if (style.version !== 8 || !Array.isArray(style.layers)) throw new Error(t('map.notStyle'));
    return style;
  } catch (e) {
    throw new Error(t('map.styleFailed', { url, reason: (e as Error).message }));
  } finally {
    clearTimeout(timer);
  }
}
