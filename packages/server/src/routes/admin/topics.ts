// Topics for staff: create one from residents' suggestions or from scratch, list and read them, move them
// along with a public reason, moderate opinions, record decisions (JSON, or multipart with photos), open the
// topic's poll and write its outcome back. The rules are in topics/staff-actions.ts; this file checks the
// request and presents the answer. A client-made `id` makes a retried create a no-op (200 instead of 201).
import { TopicLimits } from '@courtyard/protocol';
import {
  ChangeTopicStatus,
  CreatePollRequest,
  ErrorResponse,
  ModerateTopicOpinion,
  NewDecision,
  NewTopic,
  StaffTopic,
  StaffTopicList,
  StaffTopicListQuery,
  TopicOpinionParams,
  TopicParams,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Executor } from '../../db/database.js';
import { conflict, notFound, tooManyPhotos } from '../../errors.js';
import {
  isMultipartRequest,
  type MultipartSubmission,
  photoUploads,
  processPhotos,
  readMultipartSubmission,
} from '../../photos/multipart.js';
import { currentStaff, staffActor } from '../../plugins/staff-auth.js';
import { findPoll } from '../../repositories/polls.js';
import { withParts } from '../../repositories/topic-parts.js';
import { findTopic, listTopics } from '../../repositories/topics.js';
import { topicPages } from '../../topics/links.js';
import { writeBackPollOutcome } from '../../topics/poll-outcome.js';
import { presentStaffTopic } from '../../topics/present.js';
import {
  changeTopicStatus,
  createTopic,
  lockedTopic,
  moderateTopicOpinion,
  openTopicPoll,
  recordDecision,
} from '../../topics/staff-actions.js';
import { decodeCursor, listPage } from '../newest-first.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['staff', 'topics'];
const security = [{ staffSession: [] }];

export default async function topicStaffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const publicUrl = app.config.publicUrl;

  const detail = async (db: Executor, communityId: string, id: string) => {
    const topic = await findTopic(db, communityId, id);
    if (!topic) throw notFound('The topic');
    const [full] = await withParts(db, [topic], 'all');
    const pageOf = await topicPages(db, publicUrl, communityId);
    return presentStaffTopic(full as NonNullable<typeof full>, pageOf(id));
  };

  app.get(
    '/topics',
    {
      schema: {
        tags,
        security,
        summary: "The community's topics, newest first (one status only with `status`)",
        querystring: StaffTopicListQuery,
        response: { 200: StaffTopicList, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const limit = request.query.limit ?? 50;
      const rows = await listTopics(app.db, communityId, {
        status: request.query.status,
        before: decodeCursor(request.query.cursor),
        limit: limit + 1,
      });
      const { page, nextCursor } = listPage(rows, limit);
      const pageOf = await topicPages(app.db, publicUrl, communityId);
      const items = (await withParts(app.db, page, 'all')).map((topic) => presentStaffTopic(topic, pageOf(topic.id)));
      return { items, nextCursor };
    },
  );

  app.post(
    '/topics',
    {
      schema: {
        tags,
        security,
        summary: 'Create a topic from residents’ suggestions (their supporters are told live) or from scratch',
        description:
          'Starts as `proposed`. Each suggestion’s page hears `suggestion.topic` on `suggestion:<id>`. Send a client-made `id` to make a retry a no-op (200 instead of 201).',
        body: NewTopic,
        response: { 200: StaffTopic, 201: StaffTopic, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const created = await app.db.transaction((tx) => createTopic(tx, actor, request.body));
      reply.code(created ? 201 : 200);
      return detail(app.db, actor.communityId, created || (request.body.id as string).toLowerCase());
    },
  );

  app.get(
    '/topics/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One topic with its history, meetings, decisions, poll and every opinion',
        params: TopicParams,
        response: { 200: StaffTopic, ...errors },
      },
    },
    async (request) => detail(app.db, currentStaff(request).communityId, request.params.id.toLowerCase()),
  );

  app.post(
    '/topics/:id/status',
    {
      schema: {
        tags,
        security,
        summary: 'Move a topic to its next status with a public reason',
        description:
          'proposed → scheduled → deliberated → decided → in-progress → done, or dropped from any open step; a meeting postponed goes back one step. Any other change is a 409.',
        params: TopicParams,
        body: ChangeTopicStatus,
        response: { 200: StaffTopic, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      await app.db.transaction((tx) => changeTopicStatus(tx, actor, id, request.body));
      return detail(app.db, actor.communityId, id);
    },
  );

  app.post(
    '/topics/:id/opinions/:opinionId/moderation',
    {
      schema: {
        tags,
        security,
        summary: 'Publish, reject or mark as spam a resident’s opinion on a topic',
        params: TopicOpinionParams,
        body: ModerateTopicOpinion,
        response: { 200: StaffTopic, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      await app.db.transaction((tx) =>
        moderateTopicOpinion(tx, actor, id, request.params.opinionId.toLowerCase(), request.body),
      );
      return detail(app.db, actor.communityId, id);
    },
  );

  app.post(
    '/topics/:id/poll',
    {
      schema: {
        tags,
        security,
        summary: 'Open the topic’s poll (ballot codes and art. 278 rules as any poll); its outcome is written back',
        description:
          'Takes what `POST /admin/api/polls` takes. A topic has at most one poll (409). Its outcome is written to the topic when it closes, from the console at once or at its set time when the closing is announced; `POST /topics/{id}/poll-outcome` writes it again.',
        params: TopicParams,
        body: CreatePollRequest,
        response: { 201: StaffTopic, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      await app.db.transaction((tx) => openTopicPoll(tx, actor, publicUrl, id, request.body));
      reply.code(201);
      return detail(app.db, actor.communityId, id);
    },
  );

  app.post(
    '/topics/:id/poll-outcome',
    {
      schema: {
        tags,
        security,
        summary: 'Write the closed poll’s outcome back to the topic',
        description: 'A topic without a poll, or a poll still open, is a 409.',
        params: TopicParams,
        response: { 200: StaffTopic, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const id = request.params.id.toLowerCase();
      await app.db.transaction(async (tx) => {
        const topic = await lockedTopic(tx, actor.communityId, id);
        const poll = topic.pollId ? await findPoll(tx, actor.communityId, topic.pollId) : undefined;
        if (!poll) throw conflict('This topic has no poll.');
        await writeBackPollOutcome(tx, actor, poll);
      });
      return detail(app.db, actor.communityId, id);
    },
  );

  // Decisions take JSON, or multipart with photos; only this route's scope parses multipart.
  await app.register(async (uploads) => {
    await uploads.register(photoUploads);
    const submissions = new WeakMap<FastifyRequest, MultipartSubmission>();
    uploads.withTypeProvider<TypeBoxTypeProvider>().post(
      '/topics/:id/decisions',
      {
        config: { staffMultipart: true },
        preValidation: async (request) => {
          if (!isMultipartRequest(request)) return;
          const submission = await readMultipartSubmission(request);
          if (submission.photos.length > TopicLimits.decisionPhotos) throw tooManyPhotos(TopicLimits.decisionPhotos);
          submissions.set(request, submission);
          // A form sends every field as text: the cost is a number on the wire.
          const fields = { ...submission.fields } as Record<string, unknown>;
          if (typeof fields.cost === 'string' && fields.cost.trim() !== '') fields.cost = Number(fields.cost);
          request.body = fields as typeof request.body;
        },
        schema: {
          tags,
          security,
          summary: 'Record a decision on a deliberated topic: text, who does it, by when, cost and its sharing',
          description: `JSON, or multipart/form-data with the same fields and up to ${TopicLimits.decisionPhotos} photos in \`photos\` (shown to residents). Before the topic was deliberated, or once it is done or dropped, a 409. Send a client-made \`id\` to make a retry a no-op.`,
          consumes: ['application/json', 'multipart/form-data'],
          params: TopicParams,
          body: NewDecision,
          response: { 200: StaffTopic, 201: StaffTopic, ...errors, 413: ErrorResponse, 415: ErrorResponse },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        const id = request.params.id.toLowerCase();
        // Re-encoded before the transaction: a photo that is not an image is refused with nothing written.
        const photos = await processPhotos(submissions.get(request)?.photos ?? []);
        const created = await app.db.transaction((tx) => recordDecision(tx, actor, id, request.body, photos));
        reply.code(created ? 201 : 200);
        return detail(app.db, actor.communityId, id);
      },
    );
  });
}
