// The public notice API: the notices that concern a page's place (a building, a unit, or all), newest first,
// one notice, following one from a device, and offering help (kept for staff to publish). Live updates come
// over the page's event stream on `notice:<id>`, and new ones on the place's list topic (`notices:…`). Nothing personal is ever in an answer.
import { NOTICE_EVENTS, NOTICE_STAFF_EVENTS } from '@courtyard/protocol';
import {
  ErrorResponse,
  FollowNoticeBody,
  FollowState,
  NewNoticeOffer,
  NoticeListQuery,
  NoticeOfferReceived,
  PublicNotice,
  PublicNoticeList,
  PublicNoticeParams,
  SiteKeyParam,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Executor } from '../../db/database.js';
import { conflict, notFound, validation } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { withIdempotency } from '../../idempotency/idempotency.js';
import { noticeDeviceHash } from '../../notices/device.js';
import { presentNotice } from '../../notices/present.js';
import { noticeTopic, trimmed } from '../../notices/topic.js';
import { publicWrite } from '../../plugins/rate-limits.js';
import { followerCount, insertOffer, setFollowing } from '../../repositories/notice-residents.js';
import { findNotice, listNotices, lockNotice, withParts } from '../../repositories/notices.js';
import { placeOfQuery } from '../../repositories/places.js';
import { decodeCursor, listPage } from '../newest-first.js';

const writeErrors = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};

type FollowRequest = FastifyRequest<{ Params: { id: string }; Body: { voterToken: string } }>;

export default async function noticeRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  // A much-followed notice's count changes often; pages need the latest once a second.
  app.events.coalesce(NOTICE_EVENTS.followers, 1000);

  const publicNotice = async (db: Executor, communityId: string, id: string) => {
    const notice = await findNotice(db, communityId, id);
    if (!notice) throw notFound('The notice');
    const [full] = await withParts(db, [notice], 'published');
    return presentNotice(full as NonNullable<typeof full>);
  };

  app.get(
    '/notices',
    {
      schema: {
        tags: ['public'],
        summary: 'The notices that concern a building or unit (or all of the community’s), newest first',
        description:
          '`building` shows community-wide notices and every notice of that building; `unit` shows community-wide notices, those of its building as a whole or of its floors, and its own. Without either: all. `state=open` or `closed` narrows it. Subscribe to `notices:community` and `notices:<buildingId>` (or `notices:all`) on the event stream to hear of notices published or closed there, and to `notice:<id>` for each one’s progress.',
        params: SiteKeyParam,
        querystring: NoticeListQuery,
        response: { 200: PublicNoticeList, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { communityId } = request.site;
      const { building, unit, state, cursor } = request.query;
      const limit = request.query.limit ?? 20;
      const place = await placeOfQuery(app.db, communityId, { building, unit });
      const rows = await listNotices(app.db, communityId, {
        buildingId: place?.buildingId,
        unitId: place?.unitId ?? undefined,
        state,
        before: decodeCursor(cursor),
        limit: limit + 1,
      });
      const { page, nextCursor } = listPage(rows, limit);
      return { items: (await withParts(app.db, page, 'published')).map(presentNotice), nextCursor };
    },
  );

  app.get(
    '/notices/:id',
    {
      schema: {
        tags: ['public'],
        summary: 'One notice with its updates and published offers of help',
        params: PublicNoticeParams,
        response: { 200: PublicNotice, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => publicNotice(app.db, request.site.communityId, request.params.id.toLowerCase()),
  );

  const follow = (following: boolean) => async (request: FollowRequest, reply: FastifyReply) =>
    withIdempotency(request, reply, async (tx) => {
      const { communityId } = request.site;
      const id = request.params.id.toLowerCase();
      // Locked, so concurrent follows of one notice count one after another.
      if (!(await lockNotice(tx, communityId, id))) throw notFound('The notice');
      const hash = noticeDeviceHash(app.secret, 'follow', request.body.voterToken);
      const changed = await setFollowing(tx, id, hash, following);
      const count = await followerCount(tx, id);
      if (changed) await emit(tx, noticeTopic(communityId, id), NOTICE_EVENTS.followers, { id, followerCount: count });
      return { statusCode: 200, body: { following, followerCount: count } };
    });

  for (const [method, following] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/notices/:id/follow',
      config: publicWrite,
      schema: {
        tags: ['public'],
        summary: following ? 'Follow a notice from this device' : 'Stop following a notice from this device',
        description:
          'Needs an Idempotency-Key and the device’s voter token (no account). A device follows a notice at most once.',
        params: PublicNoticeParams,
        body: FollowNoticeBody,
        response: { 200: FollowState, ...writeErrors },
      },
      handler: follow(following),
    });
  }

  app.post(
    '/notices/:id/offers',
    {
      config: publicWrite,
      schema: {
        tags: ['public'],
        summary: 'Offer help on an open notice ("bottled water at 302, knock anytime")',
        description:
          'Needs an Idempotency-Key. Offers wait for staff and are shown once published, with phone numbers masked; the answer is the same for every offer (a filled honeypot `website` is kept as spam). A closed notice takes no offers (409).',
        params: PublicNoticeParams,
        body: NewNoticeOffer,
        response: { 201: NoticeOfferReceived, ...writeErrors },
      },
    },
    async (request, reply) =>
      withIdempotency(request, reply, async (tx) => {
        const { communityId } = request.site;
        const notice = await lockNotice(tx, communityId, request.params.id.toLowerCase());
        if (!notice) throw notFound('The notice');
        if (notice.closedAt) throw conflict('This notice is closed.');
        const { text, voterToken, website } = request.body;
        const offer = await insertOffer(tx, {
          communityId,
          noticeId: notice.id,
          text: trimmed('body.text', text, validation),
          deviceHash: voterToken ? noticeDeviceHash(app.secret, 'offer', voterToken) : null,
          moderation: website ? 'spam' : 'pending',
        });
        // For staff's open console; a spam offer is announced the same way, so the stream does not tell a bot.
        await emit(tx, noticeTopic(communityId, notice.id), NOTICE_STAFF_EVENTS.offerReceived, { id: notice.id });
        return { statusCode: 201, body: { id: offer.id, moderation: 'pending' as const } };
      }),
  );
}
