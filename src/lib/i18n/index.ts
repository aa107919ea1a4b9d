/** The i18n layer: see i18n.svelte.ts (reactive, for the app) and translate.ts (pure, for Node). */
export { fmtCompact, fmtDay, fmtMax, fmtNumber, locale, localeTag, setLocale, t, tDynamic, tEngine, weekdays } from './i18n.svelte';
export { hasKey, isLocale, LOCALE_NAMES, LOCALE_TAGS, translate, translator, type Translator } from './translate';
export { LOCALES, type Locale, type MessageKey } from './types';
