// The documented JSON error shape, as the staff API tests check it.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

/** The response has this status and is `{ error: { code, message } }` with this code and a message. */
export function assertError(response: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(response.statusCode, status, response.body);
  const body = response.json();
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
}
