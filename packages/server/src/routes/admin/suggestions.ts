// Staff work on suggestions: the moderation queue and lists, publish / reject / spam, status, the official
// response, internal notes, merging a duplicate, revealing a phone, approve-and-trust (a trusted device's
// later suggestions skip the queue), photos, and the community's settings. Every
// change is audited and emitted on `suggestion:<id>` (public fields only) in the same transaction.

import {
  ErrorResponse,
  MergeSuggestion,
  RevealedPhone,
  StaffSuggestion,
  StaffSuggestionList,
  StaffSuggestionParams,
  StaffSuggestionPhotoParams,
  StaffSuggestionQuery,
  SuggestionSettings,
  UpdateSuggestion,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AuditActor, audit } from '../../audit/audit.js';
import type { Executor } from '../../db/database.js';
import { conflict, notFound, validation } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { topic } from '../../events/topics.js';
import { photoResponse, sendPhoto } from '../../photos/send-photo.js';
import { currentStaff, requireRole } from '../../plugins/staff-auth.js';
import { findOwnedPhoto } from '../../repositories/photos.js';
import { trustDevice, untrustDevice } from '../../repositories/suggestion-trust.js';
import {
  findForStaff,
  listForStaff,
  moveSupports,
  readSettings,
  type SuggestionChanges,
  updateSuggestion,
  writeSettings,
} from '../../repositories/suggestions-staff.js';
import { decodeCursor, encodeCursor, presentStaff } from '../../suggestions/present.js';
import { ANSWERED_EVENT, PUBLISHED_EVENT, UPDATED_EVENT } from '../public/suggestions.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const security = [{ staffSession: [] }];
const MODERATION = { publish: 'published', reject: 'rejected', spam: 'spam' } as const;

function actorOf(request: FastifyRequest): AuditActor {
  const staff = currentStaff(request);
  return { type: 'staff', id: staff.id, communityId: staff.communityId };
}

/** What residents may see change: announced on the suggestion's topic (no name, phone or note). */
async function announce(tx: Executor, communityId: string, id: string) {
  const row = await findForStaff(tx, communityId, id);
  if (!row) return;
  await emit(tx, topic(communityId, 'suggestion', id), UPDATED_EVENT, {
    id: row.id,
    moderation: row.moderation,
    status: row.status,
    supportCount: row.supportCount,
    response: row.response,
    respondedAt: row.respondedAt ? new Date(row.respondedAt).toISOString() : null,
    mergedIntoId: row.mergedIntoId,
  });
}

export default async function suggestionStaffRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/suggestions',
    {
      schema: {
        tags: ['staff'],
        summary: "The community's suggestions, newest first",
        description: 'Filter by `moderation` (the queue is `pending`) and `status`. Phones are masked.',
        security,
        querystring: StaffSuggestionQuery,
        response: { 200: StaffSuggestionList, ...errors },
      },
    },
    async (request) => {
      const { moderation, status, limit = 50 } = request.query;
      const after = decodeCursor(request.query.cursor);
      const { communityId } = currentStaff(request);
      const rows = await listForStaff(app.db, communityId, { moderation, status, after, limit: limit + 1 });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(presentStaff),
        nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
      };
    },
  );

  app.get(
    '/suggestions/:id',
    {
      schema: {
        tags: ['staff'],
        summary: 'One suggestion',
        security,
        params: StaffSuggestionParams,
        response: { 200: StaffSuggestion, ...errors },
      },
    },
    async (request) => {
      const row = await findForStaff(app.db, currentStaff(request).communityId, request.params.id);
      if (!row) throw notFound('The suggestion');
      return presentStaff(row);
    },
  );

  app.patch(
    '/suggestions/:id',
    {
      schema: {
        tags: ['staff'],
        summary: 'Moderate, set the status, answer or note a suggestion',
        description:
          '`moderation`: publish | reject | spam; `status`; `response` (the official answer residents see, dated now; null withdraws it); `note` (internal). Audited; residents following it see the change live.',
        security,
        params: StaffSuggestionParams,
        body: UpdateSuggestion,
        response: { 200: StaffSuggestion, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { communityId } = actor;
      const body = request.body;
      return app.db.transaction(async (tx) => {
        const before = await findForStaff(tx, communityId, request.params.id, true);
        if (!before) throw notFound('The suggestion');
        const changes: SuggestionChanges = {};
        if (body.moderation) changes.moderation = MODERATION[body.moderation];
        // Moderated by staff: it leaves the inbox's "to review", whatever they decided.
        if (body.moderation && before.reviewReason) changes.reviewReason = null;
        if (body.status) changes.status = body.status;
        if (body.response !== undefined) {
          changes.response = body.response?.trim() ?? null;
          changes.respondedAt = body.response === null ? null : new Date();
        }
        if (body.note !== undefined) changes.note = body.note;
        await updateSuggestion(tx, communityId, before.id, changes);
        const changed = Object.keys(changes) as (keyof SuggestionChanges)[];
        const pick = (row: Record<string, unknown>) =>
          Object.fromEntries(changed.filter((key) => key !== 'respondedAt').map((key) => [key, row[key] ?? null]));
        await audit(
          tx,
          actor,
          'suggestion.updated',
          { type: 'suggestion', id: before.id },
          pick(before),
          pick(changes),
        );
        if (changed.some((key) => key !== 'note')) await announce(tx, communityId, before.id);
        const suggestionTopic = topic(communityId, 'suggestion', before.id);
        if (changes.moderation === 'published' && before.moderation !== 'published') {
          await emit(tx, suggestionTopic, PUBLISHED_EVENT, { id: before.id });
        }
        if (changes.response) await emit(tx, suggestionTopic, ANSWERED_EVENT, { id: before.id });
        const after = await findForStaff(tx, communityId, before.id);
        return presentStaff(after!);
      });
    },
  );

  app.post(
    '/suggestions/:id/merge',
    {
      schema: {
        tags: ['staff'],
        summary: 'Merge a duplicate into another suggestion',
        description:
          'The duplicate leaves the board and points to `into`, which gets its supports (a device that supported both counts once). Audited.',
        security,
        params: StaffSuggestionParams,
        body: MergeSuggestion,
        response: { 200: StaffSuggestion, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { communityId } = actor;
      const into = request.body.into.toLowerCase();
      if (into === request.params.id.toLowerCase()) throw validation('A suggestion cannot be merged into itself.');
      return app.db.transaction(async (tx) => {
        const duplicate = await findForStaff(tx, communityId, request.params.id, true);
        const target = await findForStaff(tx, communityId, into, true);
        if (!duplicate || !target) throw notFound('The suggestion');
        if (duplicate.mergedIntoId) throw conflict('This suggestion was already merged into another.');
        if (target.mergedIntoId) throw conflict('The target was itself merged into another suggestion.');
        await updateSuggestion(tx, communityId, duplicate.id, { mergedIntoId: target.id });
        await moveSupports(tx, duplicate.id, target.id);
        await audit(
          tx,
          actor,
          'suggestion.merged',
          { type: 'suggestion', id: duplicate.id },
          { mergedIntoId: null, supportCount: duplicate.supportCount },
          { mergedIntoId: target.id },
        );
        await announce(tx, communityId, duplicate.id);
        await announce(tx, communityId, target.id);
        return presentStaff((await findForStaff(tx, communityId, target.id))!);
      });
    },
  );

  app.post(
    '/suggestions/:id/approve-and-trust',
    {
      schema: {
        tags: ['staff'],
        summary: 'Publish a suggestion and trust the device that sent it',
        description:
          "Publishes it (if it was not) and trusts the device it came from in this community (the widget's voter token, a secret that browser keeps): later suggestions from that device are published at once instead of waiting in the queue. A phone number is never trusted: anyone can type one. Honeypot hits are still kept as spam. 409 when it came without a device (sent by the API, or by a browser that keeps no storage). Audited.",
        security,
        params: StaffSuggestionParams,
        response: { 200: StaffSuggestion, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { communityId } = actor;
      return app.db.transaction(async (tx) => {
        const row = await findForStaff(tx, communityId, request.params.id, true);
        if (!row) throw notFound('The suggestion');
        if (!row.authorDeviceHash) throw conflict('This suggestion came without a device to trust.');
        if (row.moderation !== 'published') {
          await updateSuggestion(tx, communityId, row.id, { moderation: 'published', reviewReason: null });
          await audit(
            tx,
            actor,
            'suggestion.updated',
            { type: 'suggestion', id: row.id },
            { moderation: row.moderation },
            { moderation: 'published' },
          );
          await announce(tx, communityId, row.id);
        }
        if (await trustDevice(tx, communityId, row.authorDeviceHash, currentStaff(request).id)) {
          // The audit names the suggestion, not the device: the log is no second copy of its hash.
          await audit(tx, actor, 'suggestion.author_trusted', { type: 'suggestion', id: row.id }, null, {
            trusted: true,
          });
        }
        return presentStaff((await findForStaff(tx, communityId, row.id))!);
      });
    },
  );

  app.delete(
    '/suggestions/:id/trust',
    {
      schema: {
        tags: ['staff'],
        summary: 'Stop trusting the device that sent a suggestion',
        description:
          'Later suggestions from that device wait in the moderation queue again (if the community pre-moderates). Audited.',
        security,
        params: StaffSuggestionParams,
        response: { 200: StaffSuggestion, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { communityId } = actor;
      return app.db.transaction(async (tx) => {
        const row = await findForStaff(tx, communityId, request.params.id);
        if (!row) throw notFound('The suggestion');
        if (row.authorDeviceHash && (await untrustDevice(tx, communityId, row.authorDeviceHash))) {
          await audit(
            tx,
            actor,
            'suggestion.author_untrusted',
            { type: 'suggestion', id: row.id },
            { trusted: true },
            {
              trusted: false,
            },
          );
        }
        return presentStaff((await findForStaff(tx, communityId, row.id))!);
      });
    },
  );

  app.get(
    '/suggestions/:id/photos/:photoId',
    {
      schema: {
        tags: ['staff'],
        summary: "A suggestion's photo (staff only)",
        security,
        params: StaffSuggestionPhotoParams,
        response: {
          200: photoResponse(),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { communityId } = currentStaff(request);
      const owner = { kind: 'suggestion', id: request.params.id.toLowerCase() };
      const photo = await findOwnedPhoto(app.db, communityId, owner, request.params.photoId.toLowerCase());
      if (!photo) throw notFound('The photo');
      return sendPhoto(reply, photo, 'private');
    },
  );

  app.post(
    '/suggestions/:id/phone',
    {
      schema: {
        tags: ['staff'],
        summary: "Reveal a suggestion's phone number (audited)",
        security,
        params: StaffSuggestionParams,
        response: { 200: RevealedPhone, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return app.db.transaction(async (tx) => {
        const row = await findForStaff(tx, actor.communityId, request.params.id);
        if (!row) throw notFound('The suggestion');
        await audit(tx, actor, 'suggestion.phone_revealed', { type: 'suggestion', id: row.id });
        return { phone: row.phone };
      });
    },
  );

  app.get(
    '/suggestion-settings',
    {
      schema: {
        tags: ['staff'],
        summary: "The community's suggestion settings",
        security,
        response: { 200: SuggestionSettings, ...errors },
      },
    },
    async (request) => readSettings(app.db, currentStaff(request).communityId),
  );

  app.put(
    '/suggestion-settings',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['staff'],
        summary: 'Pre-moderate or publish at once, and the follow page (admins only)',
        security,
        body: SuggestionSettings,
        response: { 200: SuggestionSettings, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return app.db.transaction(async (tx) => {
        const before = await readSettings(tx, actor.communityId);
        await writeSettings(tx, actor.communityId, request.body);
        await audit(
          tx,
          actor,
          'suggestion_settings.updated',
          { type: 'community', id: actor.communityId },
          before,
          request.body,
        );
        return request.body;
      });
    },
  );
}
