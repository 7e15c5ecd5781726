// The shipped languages and the host page's overrides; `translate` picks a string for a language.
import type { Language } from '@courtyard/protocol';
import { en } from './en.js';
import type { StringKey, StringOverrides, Translation } from './types.js';
import { zhCN } from './zh-CN.js';

export type { StringKey, StringOverrides, Translation } from './types.js';

const shipped: Record<Language, Partial<Translation>> = { en, 'zh-CN': zhCN };
const pageOverrides = new Map<Language, StringOverrides>();

/** Host pages override any string for every widget on the page, e.g. `setStrings('en', { send: 'Post' })`. */
export function setStrings(language: Language, strings: StringOverrides): void {
  pageOverrides.set(language, { ...pageOverrides.get(language), ...strings });
}

/** The string for `key`: the element's own overrides, then the page's, then the shipped language, then English. */
export function translate(
  language: Language,
  key: StringKey,
  values?: Record<string, string | number>,
  elementOverrides?: StringOverrides,
): string {
  const template =
    elementOverrides?.[key] ?? pageOverrides.get(language)?.[key] ?? shipped[language][key] ?? shipped.en[key] ?? key;
  return values ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match)) : template;
}
