// Live updates over server-sent events: one multiplexed stream per page, plus shorthands for one poll or
// one repair. Topics are always read within the site's community, so another community's poll of the same
// id is never delivered. CORS and the origin allowlist come from tenancy.
import { ErrorResponse, Id, LastEventId, SiteKeyParam } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validation } from '../../errors.js';
import { openEventStream } from '../../events/sse-stream.js';
import { MAX_TOPICS_PER_STREAM } from '../../events/topics.js';

const TOPIC = '(?:poll|repair|suggestion|notices?|topic|rota):[A-Za-z0-9-]{1,64}';
const TOPIC_LIST = `^${TOPIC}(?:,${TOPIC}){0,${MAX_TOPICS_PER_STREAM - 1}}$`;

const StreamQuery = Type.Object(
  {
    topics: Type.String({
      minLength: 1,
      maxLength: MAX_TOPICS_PER_STREAM * 76,
      pattern: TOPIC_LIST,
      description: `Comma-separated, at most ${MAX_TOPICS_PER_STREAM}: poll:<id>, repair:<trackingCode>, suggestion:<id>, notice:<id>, notices:all|community|<buildingId> (a place's list of notices), topic:<id>, rota:<id>`,
    }),
    lastEventId: Type.Optional(LastEventId),
  },
  { additionalProperties: false },
);
const ResumeQuery = Type.Object({ lastEventId: Type.Optional(LastEventId) }, { additionalProperties: false });
// Headers always carry more than we name, so this object cannot forbid other properties.
const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(LastEventId),
});
const EventStream = {
  description:
    'text/event-stream: `id:` (opaque; send the latest back as Last-Event-ID), `event:` the type, `data:` JSON {topic, type, payload, at}; `: heartbeat` comments; `event: resync` when too much was missed. Past the open-stream caps (per client, per instance): 429 with Retry-After.',
  content: { 'text/event-stream': { schema: Type.String() } },
};

function lastEventIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers['last-event-id'];
  const query = (request.query as { lastEventId?: string }).lastEventId;
  return typeof header === 'string' && header !== '' ? header : query;
}

export default async function eventRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/events',
    {
      schema: {
        tags: ['public'],
        summary: 'Live updates for the topics on a page',
        params: SiteKeyParam,
        querystring: StreamQuery,
        headers: StreamHeaders,
        response: { 200: EventStream, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const topics = [...new Set(request.query.topics.split(','))];
      if (topics.length === 0) throw validation('querystring.topics names no topic.');
      await openEventStream(request, reply, request.site.communityId, topics, lastEventIdOf(request));
    },
  );

  app.get(
    '/polls/:pollId/events',
    {
      schema: {
        tags: ['public'],
        summary: 'Live updates for one poll (tallies, open/closed)',
        params: Type.Object({ siteKey: SiteKeyParam.properties.siteKey, pollId: Id }, { additionalProperties: false }),
        querystring: ResumeQuery,
        headers: StreamHeaders,
        response: { 200: EventStream, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const topic = `poll:${request.params.pollId.toLowerCase()}`;
      await openEventStream(request, reply, request.site.communityId, [topic], lastEventIdOf(request));
    },
  );

  app.get(
    '/repairs/:trackingCode/events',
    {
      schema: {
        tags: ['public'],
        summary: 'Live progress of one repair request',
        params: Type.Object(
          {
            siteKey: SiteKeyParam.properties.siteKey,
            trackingCode: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]{1,64}$' }),
          },
          { additionalProperties: false },
        ),
        querystring: ResumeQuery,
        headers: StreamHeaders,
        response: { 200: EventStream, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const topic = `repair:${request.params.trackingCode}`;
      await openEventStream(request, reply, request.site.communityId, [topic], lastEventIdOf(request));
    },
  );
}
