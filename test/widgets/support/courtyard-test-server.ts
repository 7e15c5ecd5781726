// The real Courtyard app on a test database for the browser tests, as its own process (its compiled copy,
// or `node --import tsx` by hand): a community whose site allows localhost, and test-only routes behind the
// real tenancy, CORS and idempotency helper. Prints one JSON line { url, siteKey, community } when listening.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Type } from '@sinclair/typebox';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildings } from '../../../packages/server/src/db/schema.js';
import { CourtyardError } from '../../../packages/server/src/errors.js';
import { emit } from '../../../packages/server/src/events/emit.js';
import { topic } from '../../../packages/server/src/events/topics.js';
import { withIdempotency } from '../../../packages/server/src/idempotency/idempotency.js';
import { buildTestApp } from '../../support/app.js';
import { createTestDatabase } from '../../support/database.js';
import { registerFixtureNoticeRoutes } from '../../support/fixture-notice-routes.js';
import { registerFixturePollRoutes } from '../../support/fixture-poll-routes.js';
import { registerFixtureRepairRoutes } from '../../support/fixture-repair-routes.js';
import { registerFixtureRotaRoutes } from '../../support/fixture-rota-routes.js';
import { registerSuggestionFixtures } from '../../support/fixture-suggestion-routes.js';
import { registerTopicFixtures } from '../../support/fixture-topic-routes.js';
import { registerFixtureUploadRoute } from '../../support/fixture-upload-route.js';
import {
  createBuilding,
  createCommunityWithSite,
  createSite,
  registerPublicTestRoutes,
} from '../../support/fixtures.js';
import { addRepairServices } from '../../support/repair-fixtures.js';

/** Requests that reached the route, per Idempotency-Key: what "sent exactly once" is checked against. */
const attempts = new Map<string, number>();

/** Open live-update streams as the server sees them: how many a page holds, with which topics and cursor. */
const streams = new Set<IncomingMessage>();
function streamQuery(request: IncomingMessage): { topics: string[]; lastEventId: string | null } {
  const query = new URL(request.url ?? '/', 'http://courtyard.test').searchParams;
  return { topics: (query.get('topics') ?? '').split(','), lastEventId: query.get('lastEventId') };
}
function streamsOf(topic: string): IncomingMessage[] {
  return [...streams].filter((request) => streamQuery(request).topics.includes(topic));
}

const NoteBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    /** Contact details a resident might type; the outbox must forget them once delivered. */
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    /** Answer the first `times` attempts of this key with `status` (and Retry-After) before writing. */
    fail: Type.Optional(
      Type.Object(
        {
          status: Type.Integer({ minimum: 400, maximum: 599 }),
          times: Type.Integer({ minimum: 1, maximum: 10 }),
          retryAfter: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
type Note = { name: string; phone?: string; fail?: { status: number; times: number; retryAfter?: number } };

function registerWidgetFixtures(app: FastifyInstance) {
  registerPublicTestRoutes(app, (scope) => {
    scope.post<{ Body: Note }>('/widget-fixtures/notes', { schema: { body: NoteBody } }, async (request, reply) => {
      const key = String(request.headers['idempotency-key'] ?? '');
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const { fail } = request.body;
      if (fail && attempt <= fail.times) {
        const headers: Record<string, string> =
          fail.retryAfter === undefined ? {} : { 'retry-after': String(fail.retryAfter) };
        throw new CourtyardError(
          fail.status,
          fail.status >= 500 ? 'COURTYARD_NOT_READY' : 'COURTYARD_CONFLICT',
          'Asked to fail.',
          headers,
        );
      }
      return withIdempotency(request, reply, async (tx) => {
        const [row] = await tx
          .insert(buildings)
          .values({ communityId: request.site.communityId, name: request.body.name })
          .returning({ id: buildings.id, name: buildings.name });
        return { statusCode: 201, body: row! };
      });
    });

    scope.get<{ Querystring: { name: string; key?: string } }>(
      '/widget-fixtures/notes',
      {
        schema: {
          querystring: Type.Object(
            { name: Type.String({ maxLength: 120 }), key: Type.Optional(Type.String({ maxLength: 64 })) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const rows = await app.db
          .select({ id: buildings.id })
          .from(buildings)
          .where(and(eq(buildings.communityId, request.site.communityId), eq(buildings.name, request.query.name)));
        return { rows: rows.length, attempts: attempts.get(request.query.key ?? '') ?? 0 };
      },
    );

    scope.post<{ Body: { topic: string; type: string; payload: unknown; count?: number } }>(
      '/widget-fixtures/events',
      {
        schema: {
          body: Type.Object(
            {
              topic: Type.String({ maxLength: 80, pattern: '^(poll|repair|suggestion):[A-Za-z0-9-]{1,64}$' }),
              type: Type.String({ maxLength: 40 }),
              payload: Type.Unknown(),
              /** Emit this many events at once (e.g. more than a replay carries). */
              count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const [kind, id] = request.body.topic.split(':') as ['poll' | 'repair' | 'suggestion', string];
        const where = topic(request.site.communityId, kind, id);
        const ids = await app.db.transaction(async (tx) => {
          const emitted: string[] = [];
          for (let index = 0; index < (request.body.count ?? 1); index++) {
            const event = await emit(tx as never, where, request.body.type, request.body.payload);
            emitted.push(app.streamIds.encode(request.site.communityId, event.id));
          }
          return emitted;
        });
        return { id: ids.at(-1), ids };
      },
    );

    // The live streams open for a topic, as the server holds them (one page should hold one).
    scope.get<{ Querystring: { topic: string } }>(
      '/widget-fixtures/streams',
      {
        schema: {
          querystring: Type.Object({ topic: Type.String({ maxLength: 80 }) }, { additionalProperties: false }),
        },
      },
      async (request) => ({ streams: streamsOf(request.query.topic).map(streamQuery) }),
    );

    // Cuts the connections of the streams carrying a topic, as a dropped network or a proxy would.
    scope.post<{ Body: { topic: string } }>(
      '/widget-fixtures/streams/drop',
      {
        schema: {
          body: Type.Object({ topic: Type.String({ maxLength: 80 }) }, { additionalProperties: false }),
        },
      },
      async (request) => {
        const dropped = streamsOf(request.body.topic);
        for (const stream of dropped) stream.socket.destroy();
        return { dropped: dropped.length };
      },
    );
  });
}

const testDatabase = await createTestDatabase();
const { community, site } = await createCommunityWithSite(testDatabase.database.db, { allowLocalhost: true });
await addRepairServices(testDatabase.database.db, community.id);
// The notices' night: building 5's outage concerns its floors 1–5; building 3 (from the repair services) is the other.
await createBuilding(testDatabase.database.db, {
  communityId: community.id,
  name: '5号楼',
  units: [{ name: '1单元' }],
});
// A building-wide duty rota's building: the resident picks the unit before the room.
await createBuilding(testDatabase.database.db, {
  communityId: community.id,
  name: '9号楼',
  units: [
    { name: '1单元', rooms: ['101', '201'] },
    { name: '2单元', sortOrder: 1, rooms: ['101', '201'] },
  ],
});
// A second site of the community that asks every write for a proof of work, as a busy site would.
const proofSite = await createSite(testDatabase.database.db, {
  communityId: community.id,
  allowLocalhost: true,
  proofOfWorkAlways: true,
});
// A site that allows one other origin only: the test page (localhost) is refused, as a page not yet added is.
const refusedSite = await createSite(testDatabase.database.db, {
  communityId: community.id,
  allowedOrigins: ['https://www.example.org'],
});
const harness = await buildTestApp({
  testDatabase,
  // Every widget test writes from this one address within a minute: the default soft limit would mark the
  // later suggestions as spam. Rate limits have their own server tests.
  env: {
    COURTYARD_RATE_IP_SOFT: '100000',
    COURTYARD_RATE_IP_HARD: '100000',
    COURTYARD_RATE_SITE_SOFT: '100000',
    COURTYARD_RATE_SITE_HARD: '100000',
    COURTYARD_RATE_IP_READ: '100000',
  },
  beforeReady: (app) => {
    registerWidgetFixtures(app);
    registerFixtureUploadRoute(app);
    registerSuggestionFixtures(app, () => community.id);
    registerFixtureRepairRoutes(app, community.id);
    registerFixturePollRoutes(app);
    registerFixtureNoticeRoutes(app, community.id);
    registerTopicFixtures(app, () => community.id);
    registerFixtureRotaRoutes(app);
    app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!/\/events\?/.test(request.url ?? '')) return;
      streams.add(request);
      response.on('close', () => streams.delete(request));
    });
  },
});
const url = await harness.app.listen({ port: 0, host: '127.0.0.1' });
console.log(
  JSON.stringify({
    url,
    siteKey: site.siteKey,
    proofSiteKey: proofSite.siteKey,
    refusedSiteKey: refusedSite.siteKey,
    community: community.names,
  }),
);

const stop = async () => {
  await harness.close();
  await testDatabase.dispose();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
