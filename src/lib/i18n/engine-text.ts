/**
 * Texts written by the engine and the analyses in the UI's language. The core (src/lib/engine,
 * analysis, import) is shared with the CLI and writes English; the UI passes what it shows of it
 * through `localiseEngineText`, which recognises a known text by a pattern (anchored, with named
 * groups for the figures and names in it) and writes the message of the same key in the chosen
 * language, the groups as its placeholders. A text that matches no pattern is tried sentence by
 * sentence; what matches nothing stays in English (nothing is lost, only untranslated).
 *
 * Each pattern carries an `example` (a text the core writes): the tests check that the pattern
 * matches it, that the English message of its key rebuilds it exactly, and that Spanish and French
 * differ, so a pattern cannot drift from the core's wording unnoticed.
 */
import { translate } from './translate';
import type { Locale, MessageKey, ParamValue } from './types';
import { ANALYSIS_PATTERNS, ENGINE_VALUES } from './engine-messages';
import { IMPORT_PATTERNS } from './import-messages';

/** One recognisable text of the core. */
export interface EnginePattern {
  key: MessageKey;
  /** Anchored (^…$); named groups become the message's placeholders. */
  re: RegExp;
  /** A text the core writes, matched by `re` and rebuilt exactly by the English message. */
  example: string;
}

export const ENGINE_PATTERNS: readonly EnginePattern[] = [...ANALYSIS_PATTERNS, ...IMPORT_PATTERNS];

/** English figures with grouping or decimals ("161,857", "0.25") become numbers, written the locale's way. */
function param(locale: Locale, v: string): ParamValue {
  if (locale !== 'en')
    for (const x of ENGINE_VALUES) {
      const m = x.re.exec(v);
      if (m) return x[locale](m);
    }
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v) || /^-?\d+\.\d+$/.test(v)) {
    const x = Number(v.replace(/,/g, ''));
    if (Number.isFinite(x)) return x;
  }
  return v;
}

function whole(locale: Locale, text: string): string | null {
  for (const p of ENGINE_PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const params: Record<string, ParamValue> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = v === undefined ? '' : param(locale, v);
    return translate(locale, p.key, params);
  }
  return null;
}

/** A text of the core in `locale`: whole, else sentence by sentence, else as it is. */
export function localiseEngineText(locale: Locale, text: string): string {
  if (locale === 'en' || !text) return text;
  const all = whole(locale, text);
  if (all !== null) return all;
  const sentences = text.split(/(?<=[.!?:)])\s+(?=[A-Z"“(])/);
  if (sentences.length < 2) return text;
  let changed = false;
  const out = sentences.map((s) => {
    const r = whole(locale, s);
    if (r === null) return s;
    changed = true;
    return r;
  });
  return changed ? out.join(' ') : text;
}
