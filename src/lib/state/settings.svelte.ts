/**
 * User settings kept in this browser's localStorage: only the optional online base-map style URL.
 * The default (empty) means the offline base map, which requests nothing from any other host.
 * The page's security policy is narrowed to the base map in use when the map starts
 * (map/basemap-csp.ts), so a new base map takes effect after a reload: `onBaseMapChange` does it
 * (the project saves first).
 */
const KEY = 'prevention-planner:basemap-url';

function read(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export class Settings {
  /** MapLibre style URL of an online base map; '' = offline base map. */
  baseMapUrl = $state(read());

  /** Called after the base map changed (the page sets it to save the project and reload). */
  onBaseMapChange: (() => void) | null = null;

  setBaseMapUrl(url: string): void {
    const before = this.baseMapUrl;
    this.baseMapUrl = url.trim();
    try {
      if (this.baseMapUrl) localStorage.setItem(KEY, this.baseMapUrl);
      else localStorage.removeItem(KEY);
    } catch {
      // Storage can be disabled (private mode); the setting then lasts for this visit only.
    }
    if (this.baseMapUrl !== before) this.onBaseMapChange?.();
  }
}
