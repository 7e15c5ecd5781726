import type { en } from './en.js';

/** Every key a language fills; English (en.ts) defines them. */
export type StringKey = keyof typeof en;
/** A complete language: the compiler refuses a language that misses a key. */
export type Translation = Record<StringKey, string>;
/** What a host page may override: any subset of the keys. */
export type StringOverrides = Partial<Translation>;
