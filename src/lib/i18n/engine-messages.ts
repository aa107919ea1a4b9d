/**
 * Texts the analyses write (hot-spot neighbourhoods, kernel bandwidth, forecasts, Knox limits, survey breakdowns and indicators, capacity and failures), in English, Spanish and French, for `localiseEngineText` (engine-text.ts): each pattern
 * recognises one English text of the core and names the message that says it in the UI's
 * language. The English message must rebuild the pattern's example exactly (tested). Spread into
 * en.ts, es.ts and fr.ts; Spanish and French are typed against the English keys.
 */
import type { EnginePattern } from './engine-text';
import type { Message } from './types';

export const engineEn = {
} as const;

export const engineEs: { readonly [K in keyof typeof engineEn]: Message } = {
};

export const engineFr: { readonly [K in keyof typeof engineEn]: Message } = {
};

export const ANALYSIS_PATTERNS: EnginePattern[] = [
];
