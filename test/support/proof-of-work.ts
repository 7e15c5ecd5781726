// Answering the server's proof-of-work challenges in tests the way the widgets do: with the widgets' own
// solver (WebCrypto, which Node has too), so a test also proves the browser's solutions pass the server.
import assert from 'node:assert/strict';
import { PROOF_OF_WORK_HEADER, type ProofOfWorkChallenge } from '@courtyard/protocol';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { proofHeader, solveChallenge } from '../../packages/widgets/src/api/proof-of-work.js';

export const PROOF_HEADER = PROOF_OF_WORK_HEADER.toLowerCase();

/** The challenge a 428 carries, checked to be in the documented shape. */
export function challengeOf(response: LightMyRequestResponse): ProofOfWorkChallenge {
  assert.equal(response.statusCode, 428, response.body);
  const { error } = response.json();
  assert.equal(error.code, 'COURTYARD_PROOF_OF_WORK_REQUIRED');
  assert.equal(typeof error.message, 'string');
  assert.equal(error.challenge.parameters.algorithm, 'PBKDF2/SHA-256');
  return error.challenge;
}

/** The header value that answers the 428 `response`. */
export async function solve(response: LightMyRequestResponse): Promise<string> {
  const challenge = challengeOf(response);
  return proofHeader(challenge, await solveChallenge(challenge));
}

/**
 * Sends `request`; when the server asks for a proof of work, solves it and sends the same request (same
 * Idempotency-Key) again with the solution, as the widgets' outbox does. Answers the final response and
 * whether a proof was asked for.
 */
export async function injectSolving(
  app: FastifyInstance,
  request: InjectOptions,
): Promise<{ response: LightMyRequestResponse; asked: boolean }> {
  const first = await app.inject(request);
  if (first.statusCode !== 428) return { response: first, asked: false };
  const headers = { ...request.headers, [PROOF_HEADER]: await solve(first) };
  return { response: await app.inject({ ...request, headers }), asked: true };
}
