// Builds the real app on a real test database. Tests use inject(), or listen on port 0 for real HTTP.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../packages/server/src/app.js';
import { type Config, loadConfig } from '../../packages/server/src/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export interface TestApp {
  app: FastifyInstance;
  testDatabase: TestDatabase;
  close(): Promise<void>;
}

/** Configuration as a test would set the environment; `env` overrides individual variables. */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://localhost:8080',
    LOG_LEVEL: 'silent',
    // Tests share a loaded machine (PGlite runs on the event loop); the overload guard has its own test.
    COURTYARD_MAX_EVENT_LOOP_DELAY_MS: '0',
    // Every injected request comes from one address, and a file's writes are no flood: no proof of work is
    // asked unless a test lowers these (rate-limits and proof-of-work tests do).
    COURTYARD_RATE_IP_SOFT: '100000',
    COURTYARD_RATE_SITE_SOFT: '100000',
    ...env,
  });
}

export async function buildTestApp(
  options: { env?: NodeJS.ProcessEnv; testDatabase?: TestDatabase; beforeReady?: (app: FastifyInstance) => void } = {},
): Promise<TestApp> {
  const testDatabase = options.testDatabase ?? (await createTestDatabase());
  const app = await buildApp({
    config: testConfig(options.env),
    database: testDatabase.database,
    secret: TEST_SECRET,
    logger: false,
  });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    testDatabase,
    close: async () => {
      // Cut every connection as app.close() begins, as server.ts does once its grace period is over: a
      // client's spare keep-alive socket that never sent a request (fetch opens them under concurrency) is
      // not idle to Node, and held app.close() for 70 s and more.
      const closed = app.close();
      app.server.closeAllConnections();
      await closed;
      if (!options.testDatabase) await testDatabase.dispose();
    },
  };
}
