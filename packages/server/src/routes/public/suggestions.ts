// The public suggestion API: residents send (honeypot hits are kept as spam for staff to review), read the
// published board, follow their own by code, support (one per device) and look up similar ones.

import { randomUUID } from 'node:crypto';
import {
  CreateSuggestion,
  ErrorResponse,
  FollowedSuggestion,
  FollowParams,
  PublicSuggestionList,
  SimilarSuggestionQuery,
  SimilarSuggestions,
  SiteKeyParam,
  SuggestionCreated,
  SuggestionListQuery,
  SuggestionParams,
  SupportBody,
  SupportState,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashResidentKey, residentKeyFor } from '../../auth/resident-key.js';
import { notFound, validation } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { topic } from '../../events/topics.js';
import { idempotencyKeyOf, withIdempotency, withIdempotentStatement } from '../../idempotency/idempotency.js';
import {
  isMultipartRequest,
  type MultipartSubmission,
  photoUploads,
  processPhotos,
  readMultipartSubmission,
} from '../../photos/multipart.js';
import type { ProcessedPhoto } from '../../photos/process-photo.js';
import { publicWrite } from '../../plugins/rate-limits.js';
import {
  addSupport,
  createdSuggestionValues,
  createSuggestionStatement,
  findByFollowCode,
  findSimilar,
  listPublished,
  lockSupportable,
  removeSupport,
} from '../../repositories/suggestions.js';
import { topicsBySuggestion, topicsOfSuggestion } from '../../repositories/topics.js';
import { checkSuggestionCategory, createSuggestion } from '../../suggestions/create-suggestion.js';
import { CREATED_EVENT, SUPPORTS_EVENT } from '../../suggestions/events.js';
import {
  authorDeviceHash,
  decodeCursor,
  encodeCursor,
  newFollowCode,
  presentFollowed,
  presentPublic,
  voterHash,
} from '../../suggestions/present.js';

const writeErrors = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};

/** The resident's link: the community's own page if configured, else the hosted follow page. */
export function followUrl(request: FastifyRequest, configured: string | null, code: string): string {
  if (configured) return configured.replace('{code}', code);
  // The public URL is an origin (config refuses a path): joining gives URL's result without parsing per request.
  return `${request.server.config.publicUrl.origin}/p/${encodeURIComponent(request.site.siteKey)}/follow/${code}`;
}

/** The stored answer to a new suggestion; the resident key is added to it on the way out. */
type Created = Omit<Static<typeof SuggestionCreated>, 'residentKey'>;

type SupportRequest = FastifyRequest<{ Params: { id: string }; Body: { voterToken: string } }>;

export default async function suggestionRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  // A popular suggestion's count changes many times a second; pages need the latest once a second.
  app.events.coalesce(SUPPORTS_EVENT, 1000);

  // Sending takes JSON, or multipart with one optional photo; only this route's scope parses multipart.
  await app.register(async (uploads) => {
    await uploads.register(photoUploads);
    const submissions = new WeakMap<FastifyRequest, MultipartSubmission>();
    uploads.withTypeProvider<TypeBoxTypeProvider>().post(
      '/suggestions',
      {
        config: { ...publicWrite, multipart: true },
        // A form's fields become the body the schema checks; its photo waits beside it.
        preValidation: async (request) => {
          if (!isMultipartRequest(request)) return;
          idempotencyKeyOf(request); // refuse a keyless upload before reading it
          const submission = await readMultipartSubmission(request);
          if (submission.photos.length > 1) throw validation('A suggestion takes at most one photo.');
          submissions.set(request, submission);
          // Checked by the body schema right after this hook, as a JSON body would be.
          request.body = submission.fields as typeof request.body;
        },
        schema: {
          tags: ['public'],
          summary: 'Send a suggestion',
          description:
            'JSON, or multipart/form-data with the same fields and one optional photo in `photos`. Needs an Idempotency-Key. New suggestions wait for staff unless the community publishes at once or staff trust the sending device (its `voterToken`); the answer is the same either way. A filled honeypot (`website`) is stored as spam, in the staff inbox’s “to review” list. Name, phone and photo are seen by staff only. Answers the follow code, which reads it, and the resident key, which with it erases the name and phone (a retry gets the same key).',
          consumes: ['application/json', 'multipart/form-data'],
          params: SiteKeyParam,
          body: CreateSuggestion,
          response: { 201: SuggestionCreated, ...writeErrors, 413: ErrorResponse, 415: ErrorResponse },
        },
      },
      async (request, reply) => {
        const { site } = request;
        const body = request.body;
        const submission = submissions.get(request);
        const idempotencyKey = idempotencyKeyOf(request);
        const keyOf = (code: string) =>
          residentKeyFor(app.secret, { kind: 'suggestion', siteId: site.id, idempotencyKey, code });
        const followCode = newFollowCode();
        const input = {
          communityId: site.communityId,
          siteId: site.id,
          categoryId: body.categoryId,
          text: body.text.trim(),
          authorName: body.name?.trim() || undefined,
          phone: body.phone?.trim() || undefined,
          authorDeviceHash: body.voterToken ? authorDeviceHash(app.secret, body.voterToken) : undefined,
          followCode,
          residentKeyHash: hashResidentKey(keyOf(followCode)),
          spam: Boolean(body.website),
        };
        // The key is derived again rather than stored with the answer, so a replay (which answers the first
        // request's follow code) gets it too and no table holds it.
        const withKey = (created: Created) => ({
          ...created,
          residentKey: keyOf(created.followCode),
        });
        if (!submission) {
          // The common case, a JSON suggestion without a photo: one statement (the busiest public write).
          const id = randomUUID();
          await checkSuggestionCategory(app.db, site.communityId, body.categoryId);
          const created: Created = await withIdempotentStatement(request, reply, {
            statusCode: 201,
            statement: createSuggestionStatement,
            values: createdSuggestionValues(
              { ...input, id },
              {
                topic: topic(site.communityId, 'suggestion', id),
                type: CREATED_EVENT,
                hostedFollowUrl: followUrl(request, null, input.followCode),
              },
            ),
            nothingWritten: async () => {
              throw new Error('a suggestion insert wrote nothing');
            },
          });
          return withKey(created);
        }
        const created = await withIdempotency(
          request,
          reply,
          async (tx, photos: ProcessedPhoto[]) => {
            const created = await createSuggestion(tx, input, photos);
            // The same answer as the statement path: no moderation, which would say whether the device is trusted.
            const { id, status, followCode } = created;
            return {
              statusCode: 201,
              body: { id, status, followCode, followUrl: followUrl(request, created.followUrl, followCode) },
            };
          },
          { body: submission, prepare: () => processPhotos(submission.photos) },
        );
        return withKey(created);
      },
    );
  });

  app.get(
    '/suggestions',
    {
      schema: {
        tags: ['public'],
        summary: 'Published suggestions',
        description:
          'Newest first (`sort=newest`) or most supported first (`sort=supported`), optionally of one status, each with the topics (议题) it became part of (id and public title); live on `suggestion:<id>` (`suggestion.supports`, `suggestion.updated`, `suggestion.topic`). Never names, phones or notes.',
        params: SiteKeyParam,
        querystring: SuggestionListQuery,
        response: { 200: PublicSuggestionList, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { sort = 'newest', status, limit = 20 } = request.query;
      const after = decodeCursor(request.query.cursor);
      const rows = await listPublished(app.db, request.site.communityId, { sort, status, after, limit: limit + 1 });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const more = rows.length > limit && last;
      const topics = await topicsBySuggestion(
        app.db,
        request.site.communityId,
        items.map((row) => row.id),
      );
      return {
        items: items.map((row) => ({ ...presentPublic(row), topics: topics.get(row.id) ?? [] })),
        nextCursor: more
          ? encodeCursor(sort === 'supported' ? last : { createdAt: last.createdAt, id: last.id })
          : null,
      };
    },
  );

  app.get(
    '/suggestions/similar',
    {
      schema: {
        tags: ['public'],
        summary: 'Published suggestions resembling a text',
        description: 'For "support this instead?" while a resident types. Trigram similarity; works on Chinese.',
        params: SiteKeyParam,
        querystring: SimilarSuggestionQuery,
        response: { 200: SimilarSuggestions, 400: ErrorResponse },
      },
    },
    async (request) => {
      const query = request.query.q.trim();
      if (query.length < 2) return { items: [] };
      return { items: await findSimilar(app.db, request.site.communityId, query) };
    },
  );

  app.get(
    '/suggestions/follow/:followCode',
    {
      schema: {
        tags: ['public'],
        summary: 'A suggestion by its follow code',
        description:
          'The resident’s own suggestion in any moderation state, with its status, official response and the topics (议题) it became part of (once merged, also those of the suggestion it was merged into); live on `suggestion:<id>` (`suggestion.updated`, `suggestion.topic`).',
        params: FollowParams,
        response: { 200: FollowedSuggestion, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const row = await findByFollowCode(app.db, request.site.communityId, request.params.followCode);
      if (!row) throw notFound('The suggestion');
      reply.header('cache-control', 'no-store');
      const topics = await topicsOfSuggestion(app.db, request.site.communityId, row);
      return { ...presentFollowed(row), topics };
    },
  );

  const support = (add: boolean) => async (request: SupportRequest, reply: FastifyReply) =>
    withIdempotency(request, reply, async (tx) => {
      const { communityId } = request.site;
      const id = request.params.id.toLowerCase();
      // Locked, so concurrent supports of one suggestion count one after another.
      if (!(await lockSupportable(tx, communityId, id))) throw notFound('The suggestion');
      const hash = voterHash(app.secret, request.body.voterToken);
      const result = add ? await addSupport(tx, id, hash) : await removeSupport(tx, id, hash);
      if (result.changed) {
        await emit(tx, topic(communityId, 'suggestion', id), SUPPORTS_EVENT, { id, supportCount: result.supportCount });
      }
      return { statusCode: 200, body: { supported: add, supportCount: result.supportCount } };
    });

  for (const [method, add] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/suggestions/:id/supports',
      config: publicWrite,
      schema: {
        tags: ['public'],
        summary: add ? 'Support a suggestion (once per device)' : 'Withdraw this device’s support',
        description:
          'Needs an Idempotency-Key and the device’s voter token. A device supports a suggestion at most once (a unique key), however often it asks.',
        params: SuggestionParams,
        body: SupportBody,
        response: { 200: SupportState, ...writeErrors },
      },
      handler: support(add),
    });
  }
}
