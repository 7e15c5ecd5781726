// Residents' contact details are for staff only; lists and details show the phone masked.

/** `13800138000` → `138****8000`; short numbers keep only their last two digits. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(digits.length - 2, 1))}${digits.slice(-2)}`;
}

/** A phone number as typed, with 5–20 digits; undefined when it cannot be one. */
export function normalizePhone(phone: string): string | undefined {
  const trimmed = phone.trim().replace(/\s+/g, ' ');
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 20) return undefined;
  if (!/^\+?[0-9][0-9 ()-]*[0-9]$/.test(trimmed)) return undefined;
  return trimmed;
}
