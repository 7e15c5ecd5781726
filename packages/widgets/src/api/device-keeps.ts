// What this device keeps for the resident in the host page's storage: a poll's receipt, a repair's resident
// key. Storage may be blocked (privacy settings, a sandboxed frame): then nothing outlives the page.

/** The value kept under `name` (after keeping `value`, when given); null when none is kept. */
export function kept(name: string, value?: string): string | null {
  try {
    if (value) localStorage.setItem(`courtyard:${name}`, value);
    return localStorage.getItem(`courtyard:${name}`);
  } catch {
    return value ?? null;
  }
}
