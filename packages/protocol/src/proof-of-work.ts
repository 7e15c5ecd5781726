// Proof of work (ALTCHA's challenge format) for writes a busy site asks it of. Browser-safe: a header name
// and types only; the schemas are in schemas/proof-of-work.ts.

/** The request header carrying a solved challenge: base64 of JSON `{ challenge, solution }` (ALTCHA's payload). */
export const PROOF_OF_WORK_HEADER = 'Courtyard-Proof-Of-Work';

/** A challenge as the server signs it (ALTCHA v2, deterministic PBKDF2/SHA-256). */
export interface ProofOfWorkChallenge {
  parameters: {
    algorithm: string;
    nonce: string;
    salt: string;
    cost: number;
    keyLength: number;
    keyPrefix: string;
    keySignature?: string;
    expiresAt?: number;
    data?: Record<string, string | number | boolean | null>;
  };
  signature: string;
}

/** The counter that solves a challenge and the key it derives (lower-case hex). */
export interface ProofOfWorkSolution {
  counter: number;
  derivedKey: string;
}
