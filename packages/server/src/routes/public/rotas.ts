// The public rota API: a place's rotas, one rota's week (who is on duty each day, by room or chosen name,
// never a phone), signing a household up, giving a day up, asking, accepting, withdrawing and declining swaps,
// and marking a day done (JSON, or multipart with one photo). Every write needs an Idempotency-Key and the
// device's voter token; the rules are in rota/resident-actions.ts. Live updates come over the page's event
// stream on `rota:<id>`.
import {
  ErrorResponse,
  NewRotaPushSubscription,
  NewRotaSignup,
  NewRotaSwap,
  PublicRotaDayParams,
  PublicRotaDutyParams,
  PublicRotaParams,
  PublicRotaSwapParams,
  RotaDate,
  RotaDeviceBody,
  RotaDoneFields,
  RotaDuty,
  RotaList,
  RotaListQuery,
  RotaPushState,
  RotaSignupReceived,
  RotaSwap,
  RotaWeek,
  RotaWeekQuery,
  SiteKeyParam,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Tx } from '../../db/database.js';
import { notFound, tooManyPhotos, validation } from '../../errors.js';
import { withIdempotency } from '../../idempotency/idempotency.js';
import {
  isMultipartRequest,
  type MultipartSubmission,
  photoUploads,
  processPhotos,
  readMultipartSubmission,
  validateFields,
} from '../../photos/multipart.js';
import { publicWrite } from '../../plugins/rate-limits.js';
import { placeOfQuery } from '../../repositories/places.js';
import { findRota, listRotas } from '../../repositories/rotas.js';
import { presentRota } from '../../rota/present.js';
import { subscribeReminders, unsubscribeReminders } from '../../rota/push-reminders.js';
import {
  acceptSwap,
  askSwap,
  endSwap,
  giveUp,
  markDone,
  type ResidentContext,
  signUp,
} from '../../rota/resident-actions.js';
import { publicWeek } from '../../rota/week.js';

const writeErrors = {
  400: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};
const tags = ['public', 'rotas'];

export default async function rotaRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const context = (request: FastifyRequest, tx: Tx): ResidentContext => ({
    tx,
    secret: app.secret,
    communityId: request.site.communityId,
    siteId: request.site.id,
    rotaId: (request.params as { id: string }).id.toLowerCase(),
  });

  app.get(
    '/rotas',
    {
      schema: {
        tags,
        summary: 'The open duty rotas of a building or unit (or all of the community’s)',
        params: SiteKeyParam,
        querystring: RotaListQuery,
        response: { 200: RotaList, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { communityId } = request.site;
      const { building, unit } = request.query;
      const place = await placeOfQuery(app.db, communityId, { building, unit });
      const rows = await listRotas(app.db, communityId, {
        buildingId: place?.buildingId,
        unitId: place?.unitId ?? undefined,
        openOnly: true,
      });
      return { items: rows.map(presentRota), nextCursor: null };
    },
  );

  app.get(
    '/rotas/:id',
    {
      schema: {
        tags,
        summary: 'A rota’s week: who is on duty each day (by room or chosen name), open places, waiting swaps',
        description:
          '`week` is any day of the week to show (default: this week, in the community’s time zone); `days` shows more than seven days from that Monday. Subscribe to `rota:<id>` on the event stream for live changes (`rota.day`, `rota.changed`).',
        params: PublicRotaParams,
        querystring: RotaWeekQuery,
        response: { 200: RotaWeek, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const rota = await findRota(app.db, request.site.communityId, request.params.id.toLowerCase());
      if (!rota) throw notFound('The rota');
      reply.header('cache-control', 'no-store');
      return publicWeek(app.db, rota, request.query.week, request.query.days ?? 7);
    },
  );

  app.post(
    '/rotas/:id/signups',
    {
      config: publicWrite,
      schema: {
        tags,
        summary: 'Sign a household up for one or more days',
        description:
          'Needs an Idempotency-Key and the device’s voter token (no account): that device may later give the days up, swap or mark them done. The room must be a household of the rota’s building, unit and floors (`unitId` names the unit when the rota covers a whole building); a rota with `requireCode` needs the household code from its sheet. All the days are taken or none: a day already full (409 ROTA_DAY_FULL), one the household is already on (409 ROTA_ALREADY_SIGNED_UP), an unknown room (400 ROTA_UNKNOWN_ROOM), a past day or a weekday the rota does not cover (400) write nothing.',
        params: PublicRotaParams,
        body: NewRotaSignup,
        response: { 201: RotaSignupReceived, ...writeErrors },
      },
    },
    async (request, reply) =>
      withIdempotency(request, reply, async (tx) => ({
        statusCode: 201,
        body: await signUp(context(request, tx), request.body),
      })),
  );

  app.delete(
    '/rotas/:id/signups/:dutyId',
    {
      config: publicWrite,
      schema: {
        tags,
        summary: 'Give a day up: it opens for other households',
        description: 'Needs an Idempotency-Key and the voter token of the device that signed up (403 otherwise).',
        params: PublicRotaDutyParams,
        body: RotaDeviceBody,
        response: { 200: Type.Object({ id: RotaDuty.properties.id }), ...writeErrors },
      },
    },
    async (request, reply) =>
      withIdempotency(request, reply, async (tx) => {
        await giveUp(context(request, tx), request.params.dutyId, request.body.voterToken);
        return { statusCode: 200, body: { id: request.params.dutyId.toLowerCase() } };
      }),
  );

  app.post(
    '/rotas/:id/swaps',
    {
      config: publicWrite,
      schema: {
        tags,
        summary: 'Ask the household on another day to trade days',
        description:
          'Needs an Idempotency-Key and the voter token of the device that signed up for `dutyId`. Nothing changes until the other household accepts (`POST …/swaps/{swapId}/accept`).',
        params: PublicRotaParams,
        body: NewRotaSwap,
        response: { 201: RotaSwap, ...writeErrors },
      },
    },
    async (request, reply) =>
      withIdempotency(request, reply, async (tx) => ({
        statusCode: 201,
        body: await askSwap(context(request, tx), request.body),
      })),
  );

  app.post(
    '/rotas/:id/swaps/:swapId/accept',
    {
      config: publicWrite,
      schema: {
        tags,
        summary: 'Accept a swap: the two households trade days',
        description: 'Needs an Idempotency-Key and the voter token of the device that signed up for the asked duty.',
        params: PublicRotaSwapParams,
        body: RotaDeviceBody,
        response: { 200: RotaSwap, ...writeErrors },
      },
    },
    async (request, reply) =>
      withIdempotency(request, reply, async (tx) => ({
        statusCode: 200,
        body: await acceptSwap(context(request, tx), request.params.swapId, request.body.voterToken),
      })),
  );

  for (const [action, as, who] of [
    ['withdraw', 'withdrawn', 'the asking household: the device that signed up for `fromDutyId`'],
    ['decline', 'declined', 'the asked household: the device that signed up for `toDutyId`'],
  ] as const) {
    app.post(
      `/rotas/:id/swaps/:swapId/${action}`,
      {
        config: publicWrite,
        schema: {
          tags,
          summary:
            action === 'withdraw'
              ? 'Withdraw a swap the household asked for: both keep their days'
              : 'Decline a swap the household was asked for: both keep their days',
          description: `Needs an Idempotency-Key and the voter token of ${who} (403 ROTA_NOT_YOURS otherwise). Only a waiting swap: one already accepted, withdrawn or declined answers 409 and nothing changes. Pages showing the rota hear \`rota.day\` for both days.`,
          params: PublicRotaSwapParams,
          body: RotaDeviceBody,
          response: { 200: RotaSwap, ...writeErrors },
        },
      },
      async (request, reply) =>
        withIdempotency(request, reply, async (tx) => ({
          statusCode: 200,
          body: await endSwap(context(request, tx), {
            swapId: request.params.swapId,
            voterToken: request.body.voterToken,
            as,
          }),
        })),
    );
  }

  app.post(
    '/rotas/:id/reminders',
    {
      config: publicWrite,
      schema: {
        tags,
        summary: 'Ask for a web push reminder the evening before each of the device’s days',
        description:
          'Needs an Idempotency-Key and the voter token of a device that signed up for a day of the rota from today on (403 ROTA_NOT_YOURS otherwise). `subscription` is the browser’s PushSubscription as `toJSON()` gives it, made with the instance’s VAPID public key (on the rota’s hosted page); its endpoint must be an https push service. One subscription a device and rota: a second replaces the first.',
        params: PublicRotaParams,
        body: NewRotaPushSubscription,
        response: { 200: RotaPushState, ...writeErrors },
      },
    },
    async (request, reply) =>
      withIdempotency(request, reply, async (tx) => {
        await subscribeReminders(context(request, tx), request.body, app.config.push.allowPrivate);
        return { statusCode: 200, body: { subscribed: true } };
      }),
  );

  app.delete(
    '/rotas/:id/reminders',
    {
      config: publicWrite,
      schema: {
        tags,
        summary: 'Stop the web push reminders of this device',
        description:
          'Needs an Idempotency-Key and the voter token of the device that subscribed (404 when it has no subscription on the rota).',
        params: PublicRotaParams,
        body: RotaDeviceBody,
        response: { 200: RotaPushState, ...writeErrors },
      },
    },
    async (request, reply) =>
      withIdempotency(request, reply, async (tx) => {
        await unsubscribeReminders(context(request, tx), request.body.voterToken);
        return { statusCode: 200, body: { subscribed: false } };
      }),
  );

  await app.register(async (uploads) => {
    await uploads.register(photoUploads);
    uploads.withTypeProvider<TypeBoxTypeProvider>().post(
      '/rotas/:id/days/:date/done',
      {
        config: { ...publicWrite, multipart: true },
        schema: {
          tags,
          summary: 'Mark a day’s duty done (已完成), on the day or after it; optionally with one photo',
          description:
            'JSON, or multipart/form-data with the same fields and one photo in "photos" (shown publicly). Needs an Idempotency-Key and the voter token of the device that signed up.',
          consumes: ['application/json', 'multipart/form-data'],
          params: PublicRotaDayParams,
          body: { content: { 'application/json': { schema: RotaDoneFields } } },
          response: {
            200: Type.Object({ ...RotaDuty.properties, date: RotaDate }),
            ...writeErrors,
            413: ErrorResponse,
            415: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        let fields: { dutyId: string; voterToken: string };
        let submission: MultipartSubmission | undefined;
        if (isMultipartRequest(request)) {
          submission = await readMultipartSubmission(request);
          if (submission.photos.length > 1) throw tooManyPhotos(1);
          fields = validateFields(RotaDoneFields, submission.fields);
        } else if (request.body === undefined) {
          throw validation('body must be object.');
        } else {
          fields = request.body as { dutyId: string; voterToken: string };
        }
        const params = request.params as { id: string; date: string };
        return withIdempotency(
          request,
          reply,
          async (tx, photos) => ({
            statusCode: 200,
            body: await markDone(context(request, tx), { day: params.date, ...fields, photo: photos[0] }),
          }),
          {
            body: submission ?? fields,
            prepare: async () => (submission ? processPhotos(submission.photos) : []),
          },
        );
      },
    );
  });
}
