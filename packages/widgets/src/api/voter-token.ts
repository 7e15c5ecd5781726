// The device voter token: one random value per browser, in the host page's storage, so one device gives
// one vote or one support. Honest about its limits: clearing storage or another browser is another device.
const STORAGE_KEY = 'courtyard:voter-token:v1';
let memoryToken: string | undefined;

/** 128 random bits, base64url (22 characters). */
function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function readable(storage: () => Storage): Storage | undefined {
  try {
    const store = storage();
    const probe = `${STORAGE_KEY}:probe`;
    store.setItem(probe, '1');
    store.removeItem(probe);
    return store;
  } catch {
    return undefined; // blocked (privacy settings, sandboxed frame) or full
  }
}

/**
 * This device's voter token: localStorage, else sessionStorage, else memory for this page's life
 * (then a reload counts as another device, which the server's other limits still bound).
 */
export function voterToken(): string {
  const store = readable(() => localStorage) ?? readable(() => sessionStorage);
  const stored = store?.getItem(STORAGE_KEY);
  if (stored && /^[A-Za-z0-9_-]{22,}$/.test(stored)) return stored;
  memoryToken ??= randomToken();
  try {
    store?.setItem(STORAGE_KEY, memoryToken);
  } catch {
    // Full since the probe: this page's memory keeps it, as when no storage works.
  }
  return memoryToken;
}

export const VOTER_TOKEN_STORAGE_KEY = STORAGE_KEY;
