/**
 * User settings kept in this browser's localStorage: only the optional online base-map style URL.
 * The default (empty) means the offline base map, which requests nothing from any other host.
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

  setBaseMapUrl(url: string): void {
    this.baseMapUrl = url.trim();
    try {
      if (this.baseMapUrl) localStorage.setItem(KEY, this.baseMapUrl);
      else localStorage.removeItem(KEY);
    } catch {
      // Storage can be disabled (private mode); the setting then lasts for this visit only.
    }
  }
}
