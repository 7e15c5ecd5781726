import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestApp } from '../../support/app.js';

describe('structured logs', () => {
  const lines: string[] = [];
  let harness: TestApp;
  let app: FastifyInstance;

  before(async () => {
    harness = await buildTestApp({ env: { LOG_LEVEL: 'info' }, logLines: lines });
    app = harness.app;
  });
  after(() => harness.close());

  it('are JSON lines that carry the request id and never the address, query, cookie or body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/no-such-route?code=K7Q3-SECRET-CODE&phone=13800138000',
      remoteAddress: '203.0.113.77',
      headers: { cookie: 'courtyard_session=SESSION-TOKEN-VALUE', 'content-type': 'application/json' },
      payload: { phone: '13912345678' },
    });
    assert.equal(response.statusCode, 404);
    const requestId = String(response.headers['x-request-id']);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const mine = entries.filter((entry) => entry.requestId === requestId);
    assert.ok(mine.length >= 2, 'request and response are logged with the request id');
    const text = lines.join('\n');
    for (const secret of ['203.0.113.77', 'K7Q3-SECRET-CODE', '13800138000', 'SESSION-TOKEN-VALUE', '13912345678']) {
      assert.ok(!text.includes(secret), `the log does not contain ${secret}`);
    }
    assert.ok(text.includes('/no-such-route'), 'the path is logged');
  });
});
