/**
 * The first-visit tour of the demo city: from exploring the map and filters, to hot spots, to
 * repeats, to a plan. Each step opens its tab, points at a part of the page, and links to the
 * glossary entry of its method. Texts are i18n keys (src/lib/i18n/guide-messages.ts).
 */
import type { GlossaryId } from './glossary';

export interface TourStep {
  id: 'explore' | 'hotspots' | 'repeats' | 'plan' | 'done';
  /** Analysis tab shown during the step. */
  tab: string;
  /** CSS selector of the part of the page the step is about (outlined while it shows). */
  target: string;
  glossary: GlossaryId | null;
}

export const TOUR: readonly TourStep[] = [
  { id: 'explore', tab: 'charts', target: '.filters', glossary: 'counts' },
  { id: 'hotspots', tab: 'hotspots', target: '[data-testid=tab-hotspots]', glossary: 'gistar' },
  { id: 'repeats', tab: 'repeats', target: '[data-testid=tab-repeats]', glossary: 'knox' },
  { id: 'plan', tab: 'plan', target: '[data-testid=tab-plan]', glossary: 'plan-score' },
  { id: 'done', tab: 'charts', target: '[data-testid=tour-restart]', glossary: null },
];
