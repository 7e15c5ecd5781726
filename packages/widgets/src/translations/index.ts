// The languages every widget shares (errors, sending, loading); each widget ships its own strings in its
// folder. controllers/localize-controller.ts looks strings up and holds the page's overrides.
import type { Language } from '@courtyard/protocol';
import { en } from './en.js';
import type { Translation } from './types.js';
import { zhCN } from './zh-CN.js';

export type { StringKey, StringOverrides, Translation } from './types.js';

export const shipped: Record<Language, Translation> = { en, 'zh-CN': zhCN };
