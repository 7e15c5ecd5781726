// Every string a widget shows comes through here, as Shoelace's LocalizeController: the element's own
// `strings`, then the page's `setStrings` for the element's language, then the translation table for that
// language (the widget's own, then the shared one), then English. The controller also re-renders its host
// when the page's overrides change or any `lang` in the page does.
import type { Language } from '@courtyard/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { watchLanguage } from '../internal/language.js';
import { shipped } from '../translations/index.js';
import type { StringKey, StringOverrides } from '../translations/types.js';

/** A widget's own strings per language: English, the reference, fixes the keys every language fills. */
export type Translations<Key extends string> = Record<Language, Record<Key, string>>;
/** Values for `{name}` placeholders. */
export type Placeholders = Record<string, string | number>;
/** A widget's lookup: its own keys and the shared ones. */
export type Lookup<Key extends string> = (key: Key | StringKey, values?: Placeholders) => string;

/** What the controller needs of its element. */
export interface LocalizeHost extends ReactiveControllerHost {
  /** The language the element speaks now. */
  readonly language: Language;
  /** The element's own overrides, whatever its language. */
  strings?: StringOverrides;
}

/** Any table of strings, as the lookup reads it. */
type Strings = Partial<Record<string, string>>;

const pageOverrides = new Map<Language, StringOverrides>();
const connected = new Set<ReactiveControllerHost>();
let watching = false;

function updateConnected(): void {
  for (const host of connected) host.requestUpdate();
}

/**
 * Overrides strings for every widget on the page in one language, e.g. `setStrings('en', { send: 'Post' })`;
 * widgets on the page re-render at once. Calls add up: a later call changes only the keys it names.
 */
export function setStrings(language: Language, strings: StringOverrides): void {
  pageOverrides.set(language, { ...pageOverrides.get(language), ...strings });
  updateConnected();
}

export class LocalizeController implements ReactiveController {
  readonly #host: LocalizeHost;

  constructor(host: LocalizeHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    connected.add(this.#host);
    // One watcher for the page, started by the first widget.
    if (!watching) watchLanguage(updateConnected);
    watching = true;
  }

  hostDisconnected(): void {
    connected.delete(this.#host);
  }

  /** A shared string (translations/en.ts) in the host's language, `{name}` placeholders filled. */
  term(key: StringKey, values?: Placeholders): string {
    return this.#lookup(key, values);
  }

  /** The lookup for a widget with its own table: its keys and the shared ones, in the same order. */
  withTable<Key extends string>(table: Translations<Key>): Lookup<Key> {
    return (key, values) => this.#lookup(key, values, table);
  }

  #lookup(key: string, values?: Placeholders, table?: Translations<string>): string {
    const language = this.#host.language;
    const template =
      (this.#host.strings as Strings | undefined)?.[key] ??
      (pageOverrides.get(language) as Strings | undefined)?.[key] ??
      table?.[language][key] ??
      (shipped[language] as Strings)[key] ??
      table?.en[key] ??
      (shipped.en as Strings)[key] ??
      key;
    return values ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match)) : template;
  }
}
