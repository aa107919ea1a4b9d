/**
 * Where the user is in the guidance: the glossary dialog (open or not, at which entry) and the
 * first-visit tour (its step, or -1 when closed). One shared state, so any info button anywhere
 * can open the glossary without threading callbacks through every panel.
 */
import type { GlossaryId } from './glossary';

const SEEN_KEY = 'prevention-planner:tour-seen';

export const guide = $state<{ glossary: boolean; entry: GlossaryId | null; tourStep: number }>({ glossary: false, entry: null, tourStep: -1 });

/** Opens the glossary, at `id` when given. */
export function openGlossary(id: GlossaryId | null = null): void {
  guide.entry = id;
  guide.glossary = true;
}

export function closeGlossary(): void {
  guide.glossary = false;
}

/** Has this browser seen the tour? */
export function tourSeen(): boolean {
  try {
    return localStorage.getItem(SEEN_KEY) === '1';
  } catch {
    return false;
  }
}

/** Starts the tour at its first step and remembers that it was shown. */
export function startTour(): void {
  guide.tourStep = 0;
  try {
    localStorage.setItem(SEEN_KEY, '1');
  } catch {
    // Storage disabled (private mode): the tour may show again on the next visit.
  }
}

export function endTour(): void {
  guide.tourStep = -1;
}
