import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, defaultRetryScheduleMs, loadConfig } from '../../../packages/server/src/config.js';

describe('webhook settings', () => {
  it('default to no private targets, a 5 s timeout and retries over about a day', () => {
    const { webhooks } = loadConfig({});
    assert.equal(webhooks.allowPrivate, false);
    assert.equal(webhooks.timeoutMs, 5000);
    assert.deepEqual(webhooks.retryScheduleMs, defaultRetryScheduleMs);
    const hours = defaultRetryScheduleMs.reduce((sum, ms) => sum + ms, 0) / 3_600_000;
    assert.ok(hours > 24 && hours < 30, `${hours} h`);
  });

  it('are read from the environment', () => {
    const { webhooks } = loadConfig({
      COURTYARD_WEBHOOKS_ALLOW_PRIVATE: 'true',
      COURTYARD_WEBHOOKS_TIMEOUT_MS: '800',
      COURTYARD_WEBHOOKS_RETRY_SCHEDULE_MS: '10, 20,30',
      COURTYARD_WEBHOOKS_POLL_MS: '100',
    });
    assert.deepEqual(webhooks, {
      allowPrivate: true,
      timeoutMs: 800,
      retryScheduleMs: [10, 20, 30],
      pollIntervalMs: 100,
    });
  });

  it('refuse nonsense with one clear line each', () => {
    assert.throws(
      () =>
        loadConfig({
          COURTYARD_WEBHOOKS_ALLOW_PRIVATE: 'yes',
          COURTYARD_WEBHOOKS_TIMEOUT_MS: '0',
          COURTYARD_WEBHOOKS_RETRY_SCHEDULE_MS: '5s,1m',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 3);
        assert.match(error.problems.join('\n'), /COURTYARD_WEBHOOKS_ALLOW_PRIVATE must be true or false/);
        assert.match(error.problems.join('\n'), /COURTYARD_WEBHOOKS_RETRY_SCHEDULE_MS must be/);
        return true;
      },
    );
  });
});
