// The console's one way to find a string: the host's `language` (set by the shell, passed down to the pieces
// a screen renders) picks a table from the screen folder's own translations.ts. The host re-renders when its
// `language` changes, so switching language needs nothing more.
import type { Language } from '@courtyard/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AdminApiError } from '../api/request.js';

/** What every table of the console has: sentences for failed calls, by error code, with `unexpected`. */
export interface ConsoleStrings {
  errors: Record<string, string | undefined>;
}

export type Translations<T extends ConsoleStrings> = Readonly<Record<Language, T>>;

/** A name the community wrote in one or both languages: in `language`, else the other one. */
export function localized(names: Partial<Record<Language, string>>, language: Language): string {
  return names[language] ?? names['zh-CN'] ?? names.en ?? '';
}

export class LocalizeController<T extends ConsoleStrings> implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & { readonly language: Language },
    private readonly table: Translations<T>,
  ) {
    host.addController(this);
  }

  get language(): Language {
    return this.host.language;
  }

  /** The strings in the host's language (English when the table has none for it). */
  get t(): T {
    return this.table[this.host.language] ?? this.table.en;
  }

  /** What a failed call means: the sentence for its code, else the table's `unexpected`. */
  errorText(error: unknown): string {
    const code = error instanceof AdminApiError ? error.code : 'unexpected';
    return this.t.errors[code] ?? this.t.errors.unexpected ?? '';
  }

  /** A name the community wrote, in the host's language when it has one. */
  name(names: Partial<Record<Language, string>>): string {
    return localized(names, this.language);
  }

  /**
   * A time in the host's language: day and minute by default. With `timeZone` (the community's), a zone
   * this browser does not know falls back to the device's own.
   */
  date(iso: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
    try {
      return new Intl.DateTimeFormat(this.language, options).format(new Date(iso));
    } catch {
      return new Intl.DateTimeFormat(this.language, { ...options, timeZone: undefined }).format(new Date(iso));
    }
  }

  hostConnected(): void {}
}
