/**
 * Texts the import writes (file problems found while reading, the column dialog's problems, the validation report's notes, size limits), in English, Spanish and French, for `localiseEngineText` (engine-text.ts): each pattern
 * recognises one English text of the core and names the message that says it in the UI's
 * language. The English message must rebuild the pattern's example exactly (tested). Spread into
 * en.ts, es.ts and fr.ts; Spanish and French are typed against the English keys.
 */
import type { EnginePattern } from './engine-text';
import type { Message } from './types';

export const importEn = {
} as const;

export const importEs: { readonly [K in keyof typeof importEn]: Message } = {
};

export const importFr: { readonly [K in keyof typeof importEn]: Message } = {
};

export const IMPORT_PATTERNS: EnginePattern[] = [
];
