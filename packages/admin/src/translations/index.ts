// Chooses the console's language: an explicit choice (the switch, remembered on this device), then the
// element's `lang`, then the browser's languages; English when none is Chinese or English.
import { closestLanguage, type Language } from '@courtyard/protocol';
import type { Translations } from '../internal/localize.js';
import { en, type Translation } from './en.js';
import { zhCN } from './zh-CN.js';

const STORAGE_KEY = 'courtyard-admin-language';
export const translations: Translations<Translation> = { 'zh-CN': zhCN, en };

export function initialLanguage(elementLang: string | null): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage blocked: fall through to the browser's languages
  }
  for (const tag of [stored, elementLang, ...navigator.languages]) {
    const language = closestLanguage(tag);
    if (language) return language;
  }
  return 'en';
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered; the switch still works for this visit
  }
}

export type { Translation };
