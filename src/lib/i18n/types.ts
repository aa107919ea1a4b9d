/**
 * Types of the message dictionaries. English (en.ts) is the source of the keys; every other
 * language is typed against it, so a missing or unknown key is a type error. A message is a
 * string with `{name}` placeholders, or plural forms chosen by the count `n` (Intl.PluralRules).
 */
import type { en } from './en';

export const LOCALES = ['en', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** Plural forms by CLDR category; `one` and `other` are required, `many` falls back to `other`. */
export interface Plural {
  readonly zero?: string;
  readonly one: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Message = string | Plural;
export type MessageKey = keyof typeof en;
export type Messages = { readonly [K in MessageKey]: Message };

/** Placeholder names of one template string: "a {x} b {y}" → "x" | "y". */
type Names<S> = S extends `${string}{${infer P}}${infer R}` ? P | Names<R> : never;
type MessageNames<M> = M extends string ? Names<M> : M extends Plural ? Names<M[keyof M] & string> | 'n' : never;

/** The placeholders a key's English message takes (plural messages also take the count `n`). */
export type ParamName<K extends MessageKey> = MessageNames<(typeof en)[K]>;
export type ParamValue = string | number;
/** Keys whose message takes no placeholder: `t(key)`. */
export type PlainKey = { [K in MessageKey]: [ParamName<K>] extends [never] ? K : never }[MessageKey];
/** Keys whose message takes placeholders: `t(key, { … })` with exactly those. */
export type ParamKey = Exclude<MessageKey, PlainKey>;
export type ParamsOf<K extends MessageKey> = Record<ParamName<K>, ParamValue>;
