// The console's inbox and its live stream. The inbox lists what is new across suggestions and repairs (the
// definition lives in repositories/inbox.ts); the stream carries every live event of the staff member's
// community, on the same hub and SSE code as the public streams, so the console refreshes when one arrives.
import { ErrorResponse, InboxPage, InboxQuery, LastEventId, StaffEventsQuery } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { openEventStream } from '../../events/sse-stream.js';
import { currentStaff } from '../../plugins/staff-auth.js';
import { countInbox, listInbox } from '../../repositories/inbox.js';
import { isSessionLive } from '../../repositories/sessions.js';
import { decodeCursor, encodeCursor } from '../../suggestions/present.js';

const security = [{ staffSession: [] }];
const errors = { 400: ErrorResponse, 401: ErrorResponse };
// Headers always carry more than we name, so this object cannot forbid other properties.
const StreamHeaders = Type.Object({ 'last-event-id': Type.Optional(LastEventId) });

/**
 * Sign-out (here or everywhere), expiry and deactivation end an open stream too: its session is checked at
 * each heartbeat interval, and the connection is closed once it is gone (EventSource then gets a 401).
 */
function endWithSession(request: FastifyRequest) {
  const tokenHash = request.sessionTokenHash;
  if (!tokenHash) return;
  const socket = request.raw.socket;
  const timer = setInterval(async () => {
    const live = await isSessionLive(request.server.db, tokenHash).catch(() => true);
    if (!live) socket.destroy();
  }, request.server.events.heartbeatMs);
  request.raw.on('close', () => clearInterval(timer));
}

export default async function inboxRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/inbox',
    {
      schema: {
        tags: ['staff'],
        summary: 'What is new across suggestions and repairs, newest first',
        description:
          'Suggestions waiting for moderation or published without an answer (still `received`); repairs still `received` with nobody assigned, or `reopened`. `section=review` lists instead the suggestions the server set aside as spam (a filled honeypot) that staff have not moderated yet. `count` is for the whole inbox, `count.toReview` for that section.',
        security,
        querystring: InboxQuery,
        response: { 200: InboxPage, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const limit = request.query.limit ?? 30;
      const after = decodeCursor(request.query.cursor);
      const [rows, count] = [
        await listInbox(app.db, communityId, { after, limit: limit + 1, section: request.query.section }),
        await countInbox(app.db, communityId),
      ];
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })),
        nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
        count,
      };
    },
  );

  app.get(
    '/events',
    {
      schema: {
        tags: ['staff'],
        summary: "Live events of the staff member's community (all topics)",
        description:
          'The public stream format (see docs/http-api.md) for every topic of the community: `suggestion.created`, `repair.created`, updates. Payloads hold public data only; the console refetches what it shows. The stream ends when its session does (sign-out, expiry).',
        security,
        querystring: StaffEventsQuery,
        headers: StreamHeaders,
        response: {
          200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: Type.String() } } },
          429: ErrorResponse,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { communityId } = currentStaff(request);
      const header = request.headers['last-event-id'];
      const value = typeof header === 'string' && header !== '' ? header : request.query.lastEventId;
      endWithSession(request);
      await openEventStream(request, reply, communityId, 'all', value);
    },
  );
}
