// Solving the proof of work a busy site asks of a write (ALTCHA v2, PBKDF2/SHA-256, docs/security.md): find
// the counter whose key, derived from the challenge's nonce and that counter, starts with its key prefix.
// The derivations run in the browser's WebCrypto, which hashes off the page's main thread (measured in
// Chromium: a 0.5 s derivation left the page's timers on time), a few at once so several cores share them;
// the loop itself does little between them and yields now and then, so the page stays responsive. No Web
// Worker: a page with a strict CSP and Trusted Types refuses a blob worker and reports each attempt to its
// owner as a violation, and a worker from our own origin is not allowed on another site's page.
import type { ProofOfWorkChallenge, ProofOfWorkSolution } from '@courtyard/protocol';

const ALGORITHM = 'PBKDF2/SHA-256';
/** Derivations in flight at once. */
const PARALLEL = 4;
/** Time between yields to the page, in milliseconds. */
const SLICE_MS = 30;
/** Far past any difficulty the server hands out: a challenge no counter solves is given up, not chased. */
const MAX_COUNTER = 10_000_000;

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
const hexOf = (data: Uint8Array) => Array.from(data, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Finds the solution of `challenge`; rejects when it cannot be solved here or `signal` aborts. */
export async function solveChallenge(
  challenge: ProofOfWorkChallenge,
  signal?: AbortSignal,
): Promise<ProofOfWorkSolution> {
  const { algorithm, nonce, salt, cost, keyLength, keyPrefix } = challenge.parameters;
  if (algorithm !== ALGORITHM || !crypto.subtle) throw new Error(`Cannot solve a ${algorithm} challenge here.`);
  const nonceBytes = bytes(nonce);
  const saltBytes = bytes(salt);
  const prefix = keyPrefix.toLowerCase();
  const derive = async (counter: number) => {
    const password = new Uint8Array(nonceBytes.length + 4);
    password.set(nonceBytes);
    new DataView(password.buffer).setUint32(nonceBytes.length, counter);
    const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits(
      { name: 'PBKDF2', salt: saltBytes, iterations: cost, hash: 'SHA-256' },
      key,
      keyLength * 8,
    );
    return hexOf(new Uint8Array(bits));
  };
  let sliceStart = performance.now();
  for (let counter = 0; counter < MAX_COUNTER; counter += PARALLEL) {
    signal?.throwIfAborted();
    const keys = await Promise.all(Array.from({ length: PARALLEL }, (_, offset) => derive(counter + offset)));
    const found = keys.findIndex((key) => key.startsWith(prefix));
    if (found >= 0) return { counter: counter + found, derivedKey: keys[found]! };
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setTimeout(resolve));
      sliceStart = performance.now();
    }
  }
  throw new Error('The challenge has no solution within reach.');
}

/** The `Courtyard-Proof-Of-Work` header's value: base64 of JSON `{ challenge, solution }` (ALTCHA's payload). */
export function proofHeader(challenge: ProofOfWorkChallenge, solution: ProofOfWorkSolution): string {
  const json = new TextEncoder().encode(JSON.stringify({ challenge, solution }));
  return btoa(Array.from(json, (byte) => String.fromCharCode(byte)).join(''));
}
