/**
 * Narrows the page's Content-Security-Policy to this origin plus the base map the user set.
 *
 * The policy built into the page (svelte.config.js) must allow `https:` for connections and
 * images, because a static page cannot know the base-map host a user types in later. At start-up
 * the map adds a second policy: with the offline base map, connections and images only to this
 * origin; with an online one, also to the hosts its style names (the style itself, sprite, glyphs,
 * and each source's tiles, following TileJSON once). The browser enforces every policy a page
 * declares, and a page can add policies but never lift one, so from then on nothing else can be
 * reached — a different base map needs a reload (Settings does it).
 */
import type { StyleSpecification } from 'maplibre-gl';

/** The base-map URL the policy was narrowed for (null: not yet). */
let narrowedFor: string | null = null;

export function narrowedBaseMap(): string | null {
  return narrowedFor;
}

const originOf = (u: string, base?: string): string | null => {
  try {
    const url = new URL(u.replace(/\{[^}]*\}/g, 'x'), base);
    return url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
};

/** Hosts a style loads from; TileJSON sources are read (with a time limit) for their tile hosts. */
export async function styleOrigins(styleUrl: string, style: StyleSpecification, fetchJson: (u: string) => Promise<unknown> = defaultFetch): Promise<string[]> {
  const out = new Set<string>();
  const add = (u: unknown, base = styleUrl) => {
    if (typeof u !== 'string') return;
    const o = originOf(u, base);
    if (o) out.add(o);
  };
  add(styleUrl);
  const sprite = style.sprite;
  if (Array.isArray(sprite)) sprite.forEach((s) => add(s.url));
  else add(sprite);
  add(style.glyphs);
  for (const src of Object.values(style.sources ?? {})) {
    const s = src as { url?: string; tiles?: string[]; data?: unknown };
    s.tiles?.forEach((t) => add(t));
    if (typeof s.data === 'string') add(s.data);
    if (s.url) {
      add(s.url);
      const abs = (() => {
        try {
          return new URL(s.url, styleUrl).href;
        } catch {
          return null;
        }
      })();
      if (abs?.startsWith('https:')) {
        try {
          const tj = (await fetchJson(abs)) as { tiles?: string[] };
          tj.tiles?.forEach((t) => add(t, abs));
        } catch {
          // Unreadable TileJSON: MapLibre will say so; its tiles stay blocked.
        }
      }
    }
  }
  return [...out].sort();
}

async function defaultFetch(u: string): Promise<unknown> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 5000);
  try {
    const r = await fetch(u, { signal: ctrl.signal });
    if (!r.ok) throw new Error(String(r.status));
    return await r.json();
  } finally {
    clearTimeout(timer);
  }
}

/** The narrowing policy's text for these extra origins. */
export function narrowPolicy(origins: readonly string[]): string {
  const extra = origins.length ? ' ' + origins.join(' ') : '';
  return `connect-src 'self' data: blob:${extra}; img-src 'self' data: blob:${extra}`;
}

/**
 * Adds the narrowing policy (once per page). `baseMapUrl` '' means the offline base map.
 * Returns false when the page was already narrowed for another base map (reload to change it).
 */
export function narrowTo(baseMapUrl: string, origins: readonly string[]): boolean {
  if (typeof document === 'undefined') return true;
  if (narrowedFor !== null) return narrowedFor === baseMapUrl;
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = narrowPolicy(origins);
  meta.dataset.basemap = baseMapUrl || 'offline';
  document.head.append(meta);
  narrowedFor = baseMapUrl;
  return true;
}
