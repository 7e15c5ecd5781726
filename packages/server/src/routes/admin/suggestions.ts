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
import type { FastifyInstance } from 'fastify';
import { audit } from '../../audit/audit.js';
import { notFound } from '../../errors.js';
import { photoResponse, sendPhoto } from '../../photos/send-photo.js';
import { currentStaff, requireRole, staffActor } from '../../plugins/staff-auth.js';
import { findOwnedPhoto } from '../../repositories/photos.js';
import { findForStaff, listForStaff, readSettings, writeSettings } from '../../repositories/suggestions-staff.js';
import { decodeCursor, encodeCursor, presentStaff } from '../../suggestions/present.js';
import { approveAndTrust, changeSuggestion, mergeSuggestion, stopTrusting } from '../../suggestions/staff-actions.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const security = [{ staffSession: [] }];

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
      const actor = staffActor(request);
      const row = await app.db.transaction((tx) => changeSuggestion(tx, actor, request.params.id, request.body));
      return presentStaff(row);
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
      const actor = staffActor(request);
      const row = await app.db.transaction((tx) => mergeSuggestion(tx, actor, request.params.id, request.body.into));
      return presentStaff(row);
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
      const actor = staffActor(request);
      return presentStaff(await app.db.transaction((tx) => approveAndTrust(tx, actor, request.params.id)));
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
      const actor = staffActor(request);
      return presentStaff(await app.db.transaction((tx) => stopTrusting(tx, actor, request.params.id)));
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
      const actor = staffActor(request);
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
      const actor = staffActor(request);
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
