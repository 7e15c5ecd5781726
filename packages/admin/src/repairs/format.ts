// Small helpers the board and the detail share: dates in the community's time zone, places, and update ids
// for safe retries.
import type { Language } from '@courtyard/protocol';

export function dateFormatter(language: Language, timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  } catch {
    // A time zone this browser does not know: the device's own.
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  }
}

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, a console on plain http still works. */
export function newUpdateId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function placeOf(repair: { building: string | null; unit: string | null; room: string | null }): string {
  return [repair.building, repair.unit, repair.room].filter(Boolean).join(' ');
}
