// Strings a single widget ships in its own folder (so they count toward that widget's size, not every
// page's). Overrides work as for shared strings: the element's `strings`, then the page's `setStrings`.
import type { Language } from '@courtyard/protocol';
import { type StringKey, translate } from '../translations/index.js';
import type { CourtyardElement } from './courtyard-element.js';

export type WidgetStrings<Key extends string> = Record<Language, Record<Key, string>>;

/** The widget string `key` in the host's language, `{name}` placeholders filled. */
export function widgetText<Key extends string>(
  host: CourtyardElement,
  table: WidgetStrings<Key>,
  key: Key,
  values?: Record<string, string | number>,
): string {
  const language = host.language;
  // `translate` answers the key itself when no override and no shared language has it.
  const overridden = translate(language, key as unknown as StringKey, values, host.strings);
  if (overridden !== key) return overridden;
  const template = table[language][key] ?? table.en[key];
  return values ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match)) : template;
}
