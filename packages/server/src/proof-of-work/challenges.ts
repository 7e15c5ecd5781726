// ALTCHA challenges (v2, deterministic PBKDF2/SHA-256) made and checked here, with no third party: the
// server draws the counter that solves a challenge, signs the key it derives, and later checks a solution
// by two HMACs (the challenge's signature and the key's), never deriving again. A solution is good for the
// site it was made for until it expires; spent-solutions.ts makes it good once.
import { createHmac } from 'node:crypto';
import { PROOF_OF_WORK_HEADER, type ProofOfWorkChallenge, type ProofOfWorkSolution } from '@courtyard/protocol';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { ProofOfWorkConfig } from '../config.js';

export const ALGORITHM = 'PBKDF2/SHA-256';
/** A header longer than this is not a solution of ours (a real one is about 900 characters). */
const MAX_HEADER_LENGTH = 4096;

/** The two HMAC keys, derived from the service secret so no other use of it can produce them. */
function keysOf(secret: string) {
  const key = (purpose: string) => createHmac('sha256', secret).update(`proof-of-work:${purpose}`).digest('hex');
  return { hmacSignatureSecret: key('challenge'), hmacKeySignatureSecret: key('derived-key') };
}

export async function createProofChallenge(
  secret: string,
  settings: ProofOfWorkConfig,
  siteKey: string,
  now = Date.now(),
): Promise<ProofOfWorkChallenge> {
  const challenge = await createChallenge({
    algorithm: ALGORITHM,
    cost: settings.cost,
    counter: randomInt(Math.floor(settings.difficulty / 2), settings.difficulty),
    deriveKey,
    expiresAt: Math.floor(now / 1000) + settings.ttlSeconds,
    data: { site: siteKey },
    ...keysOf(secret),
  });
  return challenge as ProofOfWorkChallenge;
}

export type ProofCheck =
  | { ok: true; signature: string; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'expired' | 'forged' | 'wrong' };

/** What `Courtyard-Proof-Of-Work` carries: base64 of JSON `{ challenge, solution }`, else undefined. */
function parseHeader(value: string): { challenge: ProofOfWorkChallenge; solution: ProofOfWorkSolution } | undefined {
  if (value.length > MAX_HEADER_LENGTH || !/^[A-Za-z0-9+/=_-]+$/.test(value)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    const { challenge, solution } = payload ?? {};
    const parameters = challenge?.parameters;
    if (typeof parameters !== 'object' || parameters === null || typeof challenge.signature !== 'string')
      return undefined;
    if (typeof solution !== 'object' || solution === null) return undefined;
    return { challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } };
  } catch {
    return undefined;
  }
}

/** Checks a solution sent for `siteKey`: made by this server for this site, unexpired and solved. */
export async function checkProof(secret: string, header: string, siteKey: string): Promise<ProofCheck> {
  const payload = parseHeader(header);
  if (!payload) return { ok: false, reason: 'malformed' };
  const { challenge, solution } = payload;
  // Only the algorithm we issue: verifySolution trusts the signed parameters, and ours name PBKDF2 alone.
  if (challenge.parameters.algorithm !== ALGORITHM) return { ok: false, reason: 'forged' };
  let result: Awaited<ReturnType<typeof verifySolution>>;
  try {
    result = await verifySolution({ challenge, solution, deriveKey, ...keysOf(secret) });
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (result.expired) return { ok: false, reason: 'expired' };
  if (result.invalidSignature) return { ok: false, reason: 'forged' };
  if (!result.verified) return { ok: false, reason: 'wrong' };
  // Signed by us, so these are ours: a challenge made for another site is refused here.
  const { data, expiresAt } = challenge.parameters;
  if (data?.site !== siteKey || typeof expiresAt !== 'number') return { ok: false, reason: 'forged' };
  return { ok: true, signature: challenge.signature, expiresAt: new Date(expiresAt * 1000) };
}

export { PROOF_OF_WORK_HEADER };
