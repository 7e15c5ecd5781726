// Solving the proof of work a busy site asks of a write (ALTCHA v2, PBKDF2/SHA-256, docs/security.md): find
// the counter whose key, derived from the challenge's nonce and that counter, starts with its key prefix.
// The derivations run in the browser's WebCrypto, which hashes off the page's main thread (measured in
// Chromium: a 0.5 s derivation left the page's timers on time), four at a time so several cores share them;
// between rounds the page runs as usual. No Web Worker: a page with a strict CSP and Trusted Types refuses a
// blob worker and reports each attempt to its owner as a violation, and a worker script from the service's
// origin is not allowed on another site's page.
import type { ProofOfWorkChallenge, ProofOfWorkSolution } from '@courtyard/protocol';

/** Far past any difficulty the server hands out: a challenge no counter solves is given up, not chased. */
const MAX_COUNTER = 1e7;

const hexOf = (data: ArrayBuffer) =>
  Array.from(new Uint8Array(data), (byte) => byte.toString(16).padStart(2, '0')).join('');
const bytesOf = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));

/** Finds the solution of `challenge`; rejects when it cannot be solved here. */
export async function solveChallenge({ parameters }: ProofOfWorkChallenge): Promise<ProofOfWorkSolution> {
  const { algorithm, nonce, salt, cost, keyLength, keyPrefix } = parameters;
  if (algorithm !== 'PBKDF2/SHA-256') throw new Error(algorithm);
  const derive = async (counter: number) => {
    const password = bytesOf(`${nonce}${counter.toString(16).padStart(8, '0')}`);
    const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
    const bits = { name: 'PBKDF2', salt: bytesOf(salt), iterations: cost, hash: 'SHA-256' };
    return hexOf(await crypto.subtle.deriveBits(bits, key, keyLength * 8));
  };
  for (let counter = 0; counter < MAX_COUNTER; counter += 4) {
    const keys = await Promise.all([0, 1, 2, 3].map((offset) => derive(counter + offset)));
    const found = keys.findIndex((key) => key.startsWith(keyPrefix));
    if (found >= 0) return { counter: counter + found, derivedKey: keys[found]! };
  }
  throw new Error(keyPrefix);
}

/** The `Courtyard-Proof-Of-Work` header's value: base64 of JSON `{ challenge, solution }` (ALTCHA's payload). */
export const proofHeader = (challenge: ProofOfWorkChallenge, solution: ProofOfWorkSolution): string =>
  // The server's challenge is hex, numbers and a site key: ASCII, which btoa takes as it is.
  btoa(JSON.stringify({ challenge, solution }));
