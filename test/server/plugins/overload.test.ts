// Overload and outages answer 503 + Retry-After in the error shape, never a 500 and never a hang.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDatabaseUnavailable } from '../../../packages/server/src/plugins/error-handler.js';
import { buildTestApp, type TestApp } from '../../support/app.js';

/** Keeps the event loop busy, as a burst of heavy work would. */
function blockEventLoop(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

describe('overload', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp({ env: { COURTYARD_MAX_EVENT_LOOP_DELAY_MS: '100' } });
  });
  after(() => harness.close());

  it('answers 503 with Retry-After in the error shape while the event loop lags, and recovers', async () => {
    let refused: Awaited<ReturnType<typeof harness.app.inject>> | undefined;
    for (let attempt = 0; attempt < 20 && !refused; attempt++) {
      blockEventLoop(600);
      await sleep(20);
      const response = await harness.app.inject({ url: '/api/v1/sites/demo/config' });
      if (response.statusCode === 503) {
        refused = response;
        // In the same state: not ready for a load balancer, but alive (no restart for being busy).
        const ready = await harness.app.inject({ url: '/readyz' });
        assert.equal(ready.statusCode, 503);
        assert.deepEqual(ready.json(), { status: 'unavailable' });
        const alive = await harness.app.inject({ url: '/healthz' });
        assert.equal(alive.statusCode, 200);
      }
    }
    assert.ok(refused, 'a lagging event loop never produced a 503');
    assert.equal(refused.headers['retry-after'], '5');
    assert.deepEqual(Object.keys(refused.json().error).sort(), ['code', 'message']);
    assert.equal(refused.json().error.code, 'COURTYARD_NOT_READY');

    let recovered = false;
    for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
      await sleep(200);
      const response = await harness.app.inject({ url: '/healthz' });
      recovered = response.statusCode === 200;
    }
    assert.ok(recovered, 'the service did not recover once the event loop caught up');
  });
});

describe('database outages', () => {
  it('are told apart from other errors, through drizzle’s wrapping', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    assert.equal(isDatabaseUnavailable(new Error('Failed query', { cause: refused })), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('terminating'), { code: '57P01' })), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' })), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('lost'), { code: '08006' })), true);
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('duplicate'), { code: '23505' })), false);
    assert.equal(isDatabaseUnavailable(new Error('plain')), false);
  });
});
