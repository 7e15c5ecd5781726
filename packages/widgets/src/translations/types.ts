import type { PollStrings } from '../components/poll/translations/en.js';
import type { RepairKey } from '../components/repair-request/translations/en.js';
import type { RotaKey } from '../components/rota/translations/en.js';
import type { BoardKey } from '../components/suggestion-board/translations/en.js';
import type { BoxKey } from '../components/suggestion-box/translations/en.js';
import type { en } from './en.js';

/** Every key a language fills; English (en.ts) defines them. */
export type StringKey = keyof typeof en;
/** A complete language: the compiler refuses a language that misses a key. */
export type Translation = Record<StringKey, string>;
/** The keys of the widgets' own tables (each in the widget's `translations/en.ts`). */
export type WidgetStringKey = BoxKey | BoardKey | keyof PollStrings | RepairKey | RotaKey;
/** What a host page may override, page-wide or per element: any subset of the shared and widget keys. */
export type StringOverrides = Partial<Record<StringKey | WidgetStringKey, string>>;
