// The public topic API: the topics of a page's place (a building, a unit, or all), newest first, one topic,
// supporting one from a device, and a short opinion before its meeting (kept for staff to publish). Live
// updates come over the page's event stream on `topic:<id>`. Nothing personal is ever in an answer.
import { TOPIC_EVENTS, TOPIC_OPEN_FOR_OPINIONS } from '@courtyard/protocol';
import {
  ErrorResponse,
  NewTopicOpinion,
  PublicTopic,
  PublicTopicList,
  PublicTopicParams,
  SiteKeyParam,
  TopicListQuery,
  TopicOpinionReceived,
  TopicSupportBody,
  TopicSupportState,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { conflict, notFound, validation } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { withIdempotency } from '../../idempotency/idempotency.js';
import { trimmed } from '../../notices/topic.js';
import { publicWrite } from '../../plugins/rate-limits.js';
import { placeOfQuery } from '../../repositories/places.js';
import { withParts } from '../../repositories/topic-parts.js';
import { insertOpinion } from '../../repositories/topic-residents.js';
import { findTopic, listTopics, lockTopic, setTopicSupport } from '../../repositories/topics.js';
import { presentTopic } from '../../topics/present.js';
import { topicDeviceHash, topicLiveTopic } from '../../topics/topic.js';
import { decodeCursor, listPage } from '../newest-first.js';

const writeErrors = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};

type SupportRequest = FastifyRequest<{ Params: { id: string }; Body: { voterToken: string } }>;

export default async function topicRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  // A much-supported topic's count changes often; pages need the latest once a second.
  app.events.coalesce(TOPIC_EVENTS.supports, 1000);

  app.get(
    '/topics',
    {
      schema: {
        tags: ['public'],
        summary: 'The topics (议题) of a building or unit (or all of the community’s), newest first',
        description:
          '`building` shows community-wide topics and every topic of that building; `unit` shows community-wide topics, those of its building as a whole, and its own. `state=open` (not done or dropped) or `closed` narrows it. Subscribe to `topic:<id>` on the event stream for live updates.',
        params: SiteKeyParam,
        querystring: TopicListQuery,
        response: { 200: PublicTopicList, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { communityId } = request.site;
      const { building, unit, state, cursor } = request.query;
      const limit = request.query.limit ?? 20;
      const place = await placeOfQuery(app.db, communityId, { building, unit });
      const rows = await listTopics(app.db, communityId, {
        buildingId: place?.buildingId,
        unitId: place?.unitId ?? undefined,
        state,
        before: decodeCursor(cursor),
        limit: limit + 1,
      });
      const { page, nextCursor } = listPage(rows, limit);
      return { items: (await withParts(app.db, page, 'published')).map(presentTopic), nextCursor };
    },
  );

  app.get(
    '/topics/:id',
    {
      schema: {
        tags: ['public'],
        summary: 'One topic: status and its reasons, meetings, decisions, poll outcome, published opinions',
        params: PublicTopicParams,
        response: { 200: PublicTopic, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const topic = await findTopic(app.db, request.site.communityId, request.params.id.toLowerCase());
      if (!topic) throw notFound('The topic');
      const [full] = await withParts(app.db, [topic], 'published');
      return presentTopic(full as NonNullable<typeof full>);
    },
  );

  const support = (supported: boolean) => async (request: SupportRequest, reply: FastifyReply) =>
    withIdempotency(request, reply, async (tx) => {
      const { communityId } = request.site;
      const id = request.params.id.toLowerCase();
      // Locked, so concurrent supports of one topic count one after another.
      if (!(await lockTopic(tx, communityId, id))) throw notFound('The topic');
      const hash = topicDeviceHash(app.secret, 'support', request.body.voterToken);
      const result = await setTopicSupport(tx, id, hash, supported);
      if (result.changed) {
        await emit(tx, topicLiveTopic(communityId, id), TOPIC_EVENTS.supports, {
          id,
          supportCount: result.supportCount,
        });
      }
      return { statusCode: 200, body: { supported, supportCount: result.supportCount } };
    });

  for (const [method, supported] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/topics/:id/supports',
      config: publicWrite,
      schema: {
        tags: ['public'],
        summary: supported ? 'Support a topic from this device' : 'Withdraw this device’s support',
        description:
          'Needs an Idempotency-Key and the device’s voter token (no account). A device supports a topic at most once.',
        params: PublicTopicParams,
        body: TopicSupportBody,
        response: { 200: TopicSupportState, ...writeErrors },
      },
      handler: support(supported),
    });
  }

  app.post(
    '/topics/:id/opinions',
    {
      config: publicWrite,
      schema: {
        tags: ['public'],
        summary: 'Leave a short opinion on a topic before its meeting (shown once staff publish it)',
        description:
          'Needs an Idempotency-Key. Taken while the topic is proposed or scheduled (409 after); the answer is the same for every opinion (a filled honeypot `website` is kept as spam). Phone numbers in a published opinion are masked.',
        params: PublicTopicParams,
        body: NewTopicOpinion,
        response: { 201: TopicOpinionReceived, ...writeErrors },
      },
    },
    async (request, reply) =>
      withIdempotency(request, reply, async (tx) => {
        const { communityId } = request.site;
        const topic = await lockTopic(tx, communityId, request.params.id.toLowerCase());
        if (!topic) throw notFound('The topic');
        if (!TOPIC_OPEN_FOR_OPINIONS.includes(topic.status)) {
          throw conflict('This topic has been deliberated; opinions are closed.');
        }
        const { text, voterToken, website } = request.body;
        const opinion = await insertOpinion(tx, {
          communityId,
          topicId: topic.id,
          text: trimmed('body.text', text, validation),
          deviceHash: voterToken ? topicDeviceHash(app.secret, 'opinion', voterToken) : null,
          moderation: website ? 'spam' : 'pending',
        });
        return { statusCode: 201, body: { id: opinion.id, moderation: 'pending' as const } };
      }),
  );
}
