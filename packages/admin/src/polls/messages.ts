// What a failed call means in the console's language.
import { AdminApiError } from '../api/request.js';
import type { PollsText } from './translations.js';

export function errorText(t: PollsText, error: unknown): string {
  if (error instanceof AdminApiError) return t.errors[error.code] ?? t.unexpected;
  return t.unexpected;
}

/** Dates in the console's language, in the community's time zone. */
export function formatTime(value: string | null, language: string, timeZone: string): string {
  if (!value) return '';
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
      new Date(value),
    );
  } catch {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
  }
}

export const formatNumber = (value: number, language: string, digits = 2) =>
  new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);

export const formatPercent = (part: number, whole: number, language: string) =>
  new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(whole > 0 ? part / whole : 0);
