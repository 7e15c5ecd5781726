// Notices for staff: publish one to the households concerned, list and read them, post progress, close them,
// and moderate residents' offers of help. Every change is audited and emitted on `notice:<id>` (public data
// only), which is also what sends it to the chat-group bots. A client-made `id` makes a retried create or
// update a no-op (200 instead of 201).
import { NOTICE_EVENTS, NoticeLimits } from '@courtyard/protocol';
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
import { type AuditActor, audit } from '../../audit/audit.js';
import type { Executor } from '../../db/database.js';
import { conflict, notFound, tooManyPhotos, validation } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { checkNewNotice } from '../../notices/check-notice.js';
import { decodeNoticeCursor, encodeNoticeCursor } from '../../notices/cursor.js';
import { noticePages } from '../../notices/links.js';
import { presentNotice, presentPublicOffer, presentStaffNotice, presentUpdate } from '../../notices/present.js';
import { noticeTopic, trimmed } from '../../notices/topic.js';
import {
  isMultipartRequest,
  type MultipartSubmission,
  photoUploads,
  processPhotos,
  readMultipartSubmission,
} from '../../photos/multipart.js';
import { currentStaff } from '../../plugins/staff-auth.js';
import { findOffer, moderateOffer } from '../../repositories/notice-residents.js';
import {
  closeNotice,
  findNotice,
  findNoticeUpdate,
  insertNotice,
  insertNoticeUpdate,
  listNotices,
  lockNotice,
  noticeIdTaken,
  UPDATE_PHOTO_OWNER,
  withParts,
} from '../../repositories/notices.js';
import { storePhoto } from '../../repositories/photos.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['staff', 'notices'];
const security = [{ staffSession: [] }];

const actorOf = (request: FastifyRequest): AuditActor & { type: 'staff' } => {
  const staff = currentStaff(request);
  return { type: 'staff', id: staff.id, communityId: staff.communityId };
};

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
  /** Finds and locks an open notice for a change; 404 when it is not this community's, 409 once closed. */
  const lockedOpen = async (tx: Executor, communityId: string, id: string) => {
    const notice = await lockNotice(tx, communityId, id);
    if (!notice) throw notFound('The notice');
    if (notice.closedAt) throw conflict('This notice is closed.');
    return notice;
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
        before: decodeNoticeCursor(request.query.cursor),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const pageOf = await noticePages(app.db, publicUrl, communityId);
      const items = (await withParts(app.db, page, 'all')).map((notice) =>
        presentStaffNotice(notice, pageOf(notice.id)),
      );
      const last = page.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeNoticeCursor(last.createdAt, last.id) : null };
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
          'Residents’ pages showing that place get it at once (`notice.published` on `notice:<id>`), and so do the chat-group bots whose scope covers it. `repairId` links the repair that caused it (of this community). Send a client-made `id` to make a retry a no-op (200 instead of 201).',
        body: NewNotice,
        response: { 200: StaffNotice, 201: StaffNotice, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const id = body.id?.toLowerCase();
      const created = await app.db.transaction(async (tx) => {
        if (id && (await findNotice(tx, actor.communityId, id))) return false;
        if (id && (await noticeIdTaken(tx, id))) throw conflict('This notice id is taken.');
        const columns = await checkNewNotice(tx, actor.communityId, body);
        const notice = await insertNotice(tx, {
          ...columns,
          ...(id ? { id } : {}),
          communityId: actor.communityId,
          kind: body.kind,
          title: trimmed('body.title', body.title, validation),
          body: body.body?.trim() ?? '',
          createdBy: actor.id,
        });
        const [full] = await withParts(tx, [notice], 'all');
        const presented = presentNotice(full as NonNullable<typeof full>);
        await audit(tx, actor, 'notice.created', { type: 'notice', id: notice.id }, null, {
          ...presented,
          repairId: notice.repairId,
        });
        await emit(tx, noticeTopic(actor.communityId, notice.id), NOTICE_EVENTS.published, { notice: presented });
        return notice.id;
      });
      reply.code(created ? 201 : 200);
      return detail(app.db, actor.communityId, created || (id as string));
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
        const actor = actorOf(request);
        const noticeId = request.params.id.toLowerCase();
        const updateId = request.body.id?.toLowerCase();
        const text = trimmed('body.text', request.body.text, validation);
        // Re-encoded before the transaction: a photo that is not an image is refused with nothing written.
        const photos = await processPhotos(submissions.get(request)?.photos ?? []);
        const created = await app.db.transaction(async (tx) => {
          const existing = await findNotice(tx, actor.communityId, noticeId);
          if (!existing) throw notFound('The notice');
          const earlier = updateId ? await findNoticeUpdate(tx, updateId) : undefined;
          if (earlier && earlier.noticeId !== noticeId) throw conflict('This update id belongs to another notice.');
          if (earlier) return false;
          const notice = await lockedOpen(tx, actor.communityId, noticeId);
          const update = await insertNoticeUpdate(tx, {
            ...(updateId ? { id: updateId } : {}),
            communityId: actor.communityId,
            noticeId: notice.id,
            text,
            staffId: actor.id,
          });
          const stored = [];
          for (const photo of photos) {
            const owner = { kind: UPDATE_PHOTO_OWNER, id: update.id };
            const row = await storePhoto(tx, { communityId: actor.communityId, owner, public: true, photo });
            stored.push({ id: row.id, width: row.width, height: row.height });
          }
          const presented = presentUpdate({ ...update, photos: stored });
          await audit(tx, actor, 'notice.updated', { type: 'notice', id: notice.id }, null, presented);
          await emit(tx, noticeTopic(actor.communityId, notice.id), NOTICE_EVENTS.updated, {
            id: notice.id,
            update: presented,
          });
          return true;
        });
        reply.code(created ? 201 : 200);
        return detail(app.db, actor.communityId, noticeId);
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
      const actor = actorOf(request);
      const noticeId = request.params.id.toLowerCase();
      await app.db.transaction(async (tx) => {
        const notice = await lockedOpen(tx, actor.communityId, noticeId);
        const closed = await closeNotice(
          tx,
          notice.id,
          trimmed('body.closingText', request.body.closingText, validation),
        );
        const change = { closedAt: (closed.closedAt as Date).toISOString(), closingText: closed.closingText };
        await audit(tx, actor, 'notice.closed', { type: 'notice', id: notice.id }, { closedAt: null }, change);
        await emit(tx, noticeTopic(actor.communityId, notice.id), NOTICE_EVENTS.closed, { id: notice.id, ...change });
      });
      return detail(app.db, actor.communityId, noticeId);
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
      const actor = actorOf(request);
      const noticeId = request.params.id.toLowerCase();
      const moderation = ({ publish: 'published', reject: 'rejected', spam: 'spam' } as const)[request.body.action];
      await app.db.transaction(async (tx) => {
        const offer = await findOffer(tx, actor.communityId, noticeId, request.params.offerId.toLowerCase());
        if (!offer) throw notFound('The offer');
        if (offer.moderation === moderation) return;
        const after = await moderateOffer(tx, offer.id, moderation, actor.id);
        await audit(
          tx,
          actor,
          'notice.offer_moderated',
          { type: 'notice_offer', id: offer.id },
          { moderation: offer.moderation },
          { moderation },
        );
        if (moderation === 'published' || offer.moderation === 'published') {
          // An offer taken down is named by its id only: its text must not reach pages again.
          const shown = moderation === 'published';
          await emit(tx, noticeTopic(actor.communityId, noticeId), NOTICE_EVENTS.offer, {
            id: noticeId,
            offer: shown ? presentPublicOffer(after) : { id: after.id },
            shown,
          });
        }
      });
      return detail(app.db, actor.communityId, noticeId);
    },
  );
}
