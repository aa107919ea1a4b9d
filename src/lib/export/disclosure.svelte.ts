/**
 * Small-count suppression for published exports (disclosure control): when on, counts under the
 * threshold are withheld from exported tables and layers, places and zones under it are left
 * out, addresses are dropped, and incident-level data are not exported. The choice is kept in
 * this browser. On by default, at 5 (as the action-plan report).
 */
const KEY = 'prevention-planner:export-suppression';

export interface Publish {
  /** Counts below this are withheld. */
  threshold: number;
}

function read(): { on: boolean; threshold: number } {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { on?: unknown; threshold?: unknown } | null;
    if (v && typeof v.on === 'boolean' && Number.isInteger(v.threshold) && (v.threshold as number) >= 1 && (v.threshold as number) <= 1000) return { on: v.on, threshold: v.threshold as number };
  } catch {
    // Unreadable or no storage: defaults.
  }
  return { on: true, threshold: 5 };
}

export class Disclosure {
  on = $state(true);
  threshold = $state(5);

  constructor() {
    const v = typeof localStorage === 'undefined' ? { on: true, threshold: 5 } : read();
    this.on = v.on;
    this.threshold = v.threshold;
  }

  /** The rule for an export now, or null when exporting everything (internal use). */
  get publish(): Publish | null {
    return this.on ? { threshold: Math.max(1, Math.round(this.threshold) || 5) } : null;
  }

  save(): void {
    try {
      localStorage.setItem(KEY, JSON.stringify({ on: this.on, threshold: this.threshold }));
    } catch {
      // Storage disabled: the choice lasts for this visit.
    }
  }
}
