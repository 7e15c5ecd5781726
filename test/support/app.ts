// Builds the real app on a real test database. Tests use inject(), or listen() for real HTTP.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../packages/server/src/app.js';
import { type Config, loadConfig } from '../../packages/server/src/config.js';
import { loggerOptions } from '../../packages/server/src/logging.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createCommunityWithSite } from './fixtures.js';
import { connectSse, type SseConnection, type SseMessage } from './sse-client.js';
import { communityWithStaff, makeCommunity, signedInStaff, TEST_PASSWORD_HASH_COST } from './staff-fixtures.js';

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
    COURTYARD_PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST),
    ...env,
  });
}

/** Public rate limits high enough that a file's many writes and reads from one address are never refused. */
export const NO_PUBLIC_LIMITS = {
  COURTYARD_RATE_IP_HARD: '100000',
  COURTYARD_RATE_IP_SOFT: '100000',
  COURTYARD_RATE_IP_READ: '100000',
};

export async function buildTestApp(
  options: {
    env?: NodeJS.ProcessEnv;
    testDatabase?: TestDatabase;
    beforeReady?: (app: FastifyInstance) => void;
    /** Log through the real logger (at the env's LOG_LEVEL) into this array, one entry a JSON line. */
    logLines?: string[];
  } = {},
): Promise<TestApp> {
  const testDatabase = options.testDatabase ?? (await createTestDatabase());
  const config = testConfig(options.env);
  const lines = options.logLines;
  const app = await buildApp({
    config,
    database: testDatabase.database,
    secret: TEST_SECRET,
    logger: lines
      ? {
          ...(loggerOptions(config) as object),
          stream: new Writable({
            write(chunk, _encoding, done) {
              lines.push(...String(chunk).split('\n').filter(Boolean));
              done();
            },
          }),
        }
      : false,
  });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    testDatabase,
    close: async () => {
      // Cut every connection as app.close() begins, as server.ts does once its grace period is over: a
      // client's spare keep-alive socket that never sent a request (fetch opens them under concurrency) is
      // not idle to Node, and held app.close() for 70 s and more. And again until it is closed: a socket
      // opened while the preClose hooks run (a stream's client reconnecting) held it just as long, until
      // Node's headers timeout (events-ids and polls-concurrency took ~80 s on PostgreSQL in CI, ~8 s of it tests).
      const closed = app.close();
      app.server.closeAllConnections();
      const cutting = setInterval(() => app.server.closeAllConnections(), 100);
      try {
        await closed;
      } finally {
        clearInterval(cutting);
      }
      if (!options.testDatabase) await testDatabase.dispose();
    },
  };
}

/**
 * Starts `app` listening on a free port of 127.0.0.1, for what inject() cannot do (event streams, real
 * sockets); answers its base URL, `http://127.0.0.1:<port>`. The harness's close() stops it.
 */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** A test app listening on a port, for tests that read its event streams over real HTTP. */
export interface LiveTestApp extends TestApp {
  /** `http://127.0.0.1:<port>`. */
  base: string;
  /** Opens an event stream at `path` (`/api/v1/…`) on the app; close() closes it before the app. */
  connect(path: string, headers?: Record<string, string>): Promise<SseConnection>;
}

/**
 * buildTestApp for event-stream tests: the app sends a heartbeat every 200 ms (not every 20 s), listens on a free
 * port, and its close() closes every stream connect() opened, then the app.
 */
export async function liveTestApp(options: Parameters<typeof buildTestApp>[0] = {}): Promise<LiveTestApp> {
  const harness = await buildTestApp({
    ...options,
    beforeReady: (app) => {
      app.events.heartbeatMs = 200;
      options.beforeReady?.(app);
    },
  });
  const base = await listen(harness.app);
  const streams: SseConnection[] = [];
  return {
    ...harness,
    base,
    connect: async (path, headers) => {
      const stream = await connectSse(`${base}${path}`, headers);
      streams.push(stream);
      return stream;
    },
    close: async () => {
      for (const stream of streams) stream.close();
      await harness.close();
    },
  };
}

/** An event stream message's data, parsed. */
export const dataOf = (message: SseMessage) => JSON.parse(message.data as string);

/** A test app and a community with one site in its database: where most public API tests begin. */
export async function testAppWithSite(options: Parameters<typeof buildTestApp>[0] = {}) {
  const harness = await buildTestApp(options);
  const { community, site } = await createCommunityWithSite(harness.app.db);
  return { harness, community, site, siteKey: site.siteKey };
}

/** A test app and a community (without a site) in its database: where staff sign-in tests begin. */
export async function testAppWithCommunity(options: Parameters<typeof buildTestApp>[0] = {}) {
  const harness = await buildTestApp(options);
  return { harness, app: harness.app, communityId: (await makeCommunity(harness.app.db)).id };
}

/** A test app, a community with a site, and a staff member of it signed in: where most suggestion tests begin. */
export async function testAppWithStaff(options: Parameters<typeof buildTestApp>[0] = {}) {
  const harness = await buildTestApp(options);
  const { community, site, staff, cookie } = await communityWithStaff(harness.app);
  return { harness, communityId: community.id, siteKey: site.siteKey, cookie, staffId: staff.id };
}

/** testAppWithCommunity with an admin and a staff member signed in: where a staff API's role checks begin. */
export async function testAppWithAdminAndStaff(options: Parameters<typeof buildTestApp>[0] = {}) {
  const base = await testAppWithCommunity(options);
  const admin = await signedInStaff(base.app, base.communityId, { role: 'admin' });
  const member = await signedInStaff(base.app, base.communityId, { role: 'staff' });
  return {
    ...base,
    adminId: admin.staff.id,
    adminCookie: admin.cookie,
    memberId: member.staff.id,
    staffCookie: member.cookie,
  };
}
