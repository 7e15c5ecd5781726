// Notices for staff: publish one to the households concerned, list and read them, post progress, close them,
// and moderate residents' offers of help. Every change is audited and emitted on `notice:<id>` (public data
// only), which is also what sends it to the chat-group bots. A client-made `id` makes a retried create or
// update a no-op (200 instead of 201). The rules are in notices/staff-actions.ts; this file checks the request
// and presents the answer, read inside the write's transaction: once it commits, the answer is ready, so a
// stored change is never answered with an error from a read after it (a database that drops then).
import { NoticeLimits } from '@courtyard/protocol';
import {
  CloseNotice,
  ErrorResponse,
  ModerateNoticeOffer,
  NewNotice,
  NewNoticeUpdate,
  NoticeOfferParams,
  NoticeParams,
  StaffNotice,
  StaffNoticeList,
  StaffNoticeListQuery,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Executor } from '../../db/database.js';
import { notFound, tooManyPhotos } from '../../errors.js';
import { noticePages } from '../../notices/links.js';
import { presentStaffNotice } from '../../notices/present.js';
import { closeNoticeWith, moderateNoticeOffer, postNoticeUpdate, publishNotice } from '../../notices/staff-actions.js';
import {
  isMultipartRequest,
  type MultipartSubmission,
  photoUploads,
  processPhotos,
  readMultipartSubmission,
} from '../../photos/multipart.js';
import { currentStaff, staffActor } from '../../plugins/staff-auth.js';
import { findNotice, listNotices, withParts } from '../../repositories/notices.js';
import { decodeCursor, listPage } from '../newest-first.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['staff', 'notices'];
const security = [{ staffSession: [] }];

export default async function noticeStaffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const publicUrl = app.config.publicUrl;

  const detail = async (db: Executor, communityId: string, id: string) => {
    const notice = await findNotice(db, communityId, id);
    if (!notice) throw notFound('The notice');
    const [full] = await withParts(db, [notice], 'all');
    const pageOf = await noticePages(db, publicUrl, communityId);
    return presentStaffNotice(full as NonNullable<typeof full>, pageOf(id));
  };

  app.get(
    '/notices',
    {
      schema: {
        tags,
        security,
        summary: "The community's notices, newest first (open or closed ones only with `state`)",
        querystring: StaffNoticeListQuery,
        response: { 200: StaffNoticeList, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const limit = request.query.limit ?? 50;
      const rows = await listNotices(app.db, communityId, {
        state: request.query.state,
        before: decodeCursor(request.query.cursor),
        limit: limit + 1,
      });
      const { page, nextCursor } = listPage(rows, limit);
      const pageOf = await noticePages(app.db, publicUrl, communityId);
      const items = (await withParts(app.db, page, 'all')).map((notice) =>
        presentStaffNotice(notice, pageOf(notice.id)),
      );
      return { items, nextCursor };
    },
  );

  app.post(
    '/notices',
    {
      schema: {
        tags,
        security,
        summary: 'Publish a notice to the community, a building, a unit or a range of floors',
        description:
          'Residents’ pages showing that place get it at once (`notices.added` on their place’s list topic, `notices:<buildingId>` or `notices:community`, and on `notices:all`), and so do the chat-group bots whose scope covers it. `repairId` links the repair that caused it (of this community). Send a client-made `id` to make a retry a no-op (200 instead of 201).',
        body: NewNotice,
        response: { 200: StaffNotice, 201: StaffNotice, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const id = request.body.id?.toLowerCase();
      const { created, notice } = await app.db.transaction(async (tx) => {
        const made = await publishNotice(tx, actor, request.body);
        return { created: made !== false, notice: await detail(tx, actor.communityId, made || (id as string)) };
      });
      reply.code(created ? 201 : 200);
      return notice;
    },
  );

  app.get(
    '/notices/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One notice with its updates, every offer of help and how many devices follow it',
        params: NoticeParams,
        response: { 200: StaffNotice, ...errors },
      },
    },
    async (request) => detail(app.db, currentStaff(request).communityId, request.params.id.toLowerCase()),
  );

  // Progress takes JSON, or multipart with photos; only this route's scope parses multipart.
  await app.register(async (uploads) => {
    await uploads.register(photoUploads);
    const submissions = new WeakMap<FastifyRequest, MultipartSubmission>();
    uploads.withTypeProvider<TypeBoxTypeProvider>().post(
      '/notices/:id/updates',
      {
        config: { staffMultipart: true },
        // A form's fields become the body the schema checks; its photos wait beside it.
        preValidation: async (request) => {
          if (!isMultipartRequest(request)) return;
          const submission = await readMultipartSubmission(request);
          if (submission.photos.length > NoticeLimits.updatePhotos) throw tooManyPhotos(NoticeLimits.updatePhotos);
          submissions.set(request, submission);
          request.body = submission.fields as typeof request.body;
        },
        schema: {
          tags,
          security,
          summary: 'Post progress on an open notice (public, timestamped, live on residents’ pages)',
          description: `JSON, or multipart/form-data with the same fields and up to ${NoticeLimits.updatePhotos} photos in \`photos\` (shown to residents). A closed notice takes no more updates (409). Send a client-made \`id\` to make a retry a no-op.`,
          consumes: ['application/json', 'multipart/form-data'],
          params: NoticeParams,
          body: NewNoticeUpdate,
          response: { 200: StaffNotice, 201: StaffNotice, ...errors, 413: ErrorResponse, 415: ErrorResponse },
        },
      },
      async (request, reply) => {
        const actor = staffActor(request);
        const noticeId = request.params.id.toLowerCase();
        // Re-encoded before the transaction: a photo that is not an image is refused with nothing written.
        const photos = await processPhotos(submissions.get(request)?.photos ?? []);
        const { created, notice } = await app.db.transaction(async (tx) => ({
          created: await postNoticeUpdate(tx, actor, noticeId, request.body, photos),
          notice: await detail(tx, actor.communityId, noticeId),
        }));
        reply.code(created ? 201 : 200);
        return notice;
      },
    );
  });

  app.post(
    '/notices/:id/close',
    {
      schema: {
        tags,
        security,
        summary: 'Close a notice with its closing words ("water restored at 02:00")',
        description: 'Closing twice is a 409.',
        params: NoticeParams,
        body: CloseNotice,
        response: { 200: StaffNotice, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const noticeId = request.params.id.toLowerCase();
      return app.db.transaction(async (tx) => {
        await closeNoticeWith(tx, actor, noticeId, request.body);
        return detail(tx, actor.communityId, noticeId);
      });
    },
  );

  app.post(
    '/notices/:id/offers/:offerId/moderation',
    {
      schema: {
        tags,
        security,
        summary: 'Publish, reject or mark as spam a resident’s offer of help',
        description: 'Only published offers are shown to residents, with phone numbers in them masked.',
        params: NoticeOfferParams,
        body: ModerateNoticeOffer,
        response: { 200: StaffNotice, ...errors },
      },
    },
    async (request) => {
      const actor = staffActor(request);
      const noticeId = request.params.id.toLowerCase();
      const offerId = request.params.offerId.toLowerCase();
      return app.db.transaction(async (tx) => {
        await moderateNoticeOffer(tx, actor, noticeId, offerId, request.body);
        return detail(tx, actor.communityId, noticeId);
      });
    },
  );
}
