// Repair requests on the public API: report (JSON, or multipart with up to 3 photos), follow by tracking
// code (the public view only: no name, phone, room or free-text location; public photos only), and confirm
// or reopen once staff say it is resolved — which needs the resident key given with the report, not only
// the code. Every write is idempotent (Idempotency-Key).

import {
  ErrorResponse,
  NewRepairRequest,
  NewRepairRequestForm,
  OpenRepairList,
  OpenRepairsQuery,
  PublicRepair,
  RepairConfirmation,
  RepairCreated,
  RepairLimits,
  RepairServiceList,
  SiteKeyParam,
  TrackingCodeParams,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FormatRegistry, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashResidentKey, residentKeyFor, residentKeyMatches, residentKeyOf } from '../../auth/resident-key.js';
import {
  conflict,
  invalidStatusTransition,
  malformedTrackingCode,
  notFound,
  residentKeyInvalid,
  residentKeyRequired,
  tooManyPhotos,
  validation,
} from '../../errors.js';
import { emit } from '../../events/emit.js';
import { idempotencyKeyOf, withIdempotency } from '../../idempotency/idempotency.js';
import {
  isMultipartRequest,
  type MultipartSubmission,
  photoUploads,
  processPhotos,
  readMultipartSubmission,
  validateFields,
} from '../../photos/multipart.js';
import { publicWrite } from '../../plugins/rate-limits.js';
import { cleanStrings } from '../../plugins/validation.js';
import { createRepair } from '../../repairs/create-repair.js';
import { announceToIncident, publicTimeline } from '../../repairs/incidents.js';
import { publicEntry, publicRepair } from '../../repairs/present.js';
import { repairTopic } from '../../repairs/topic.js';
import { normalizeTrackingCode } from '../../repairs/tracking-code.js';
import { findCommunityById } from '../../repositories/communities.js';
import { listRepairServices } from '../../repositories/repair-services.js';
import {
  findRepairByCode,
  insertRepairUpdate,
  listOpenReports,
  listRepairPhotos,
  lockRepair,
  updateRepair,
} from '../../repositories/repairs.js';

type NewRepair = Static<typeof NewRepairRequest>;

// The multipart form is checked with TypeBox's own checker, which knows no formats until told.
if (!FormatRegistry.Has('uuid')) {
  FormatRegistry.Set('uuid', (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value));
}
const errors = {
  400: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
};

/** The multipart form as the JSON body it stands for (numbers and answers arrive as text). */
function fromForm(fields: Record<string, string>): NewRepair {
  const form = validateFields(NewRepairRequestForm, fields);
  const { latitude, longitude, answers, ...rest } = form;
  const body: Record<string, unknown> = { ...rest };
  const number = (value: string, name: string) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed)) throw validation(`body.${name} must be a number.`);
    return parsed;
  };
  if (latitude !== undefined) body.latitude = number(latitude, 'latitude');
  if (longitude !== undefined) body.longitude = number(longitude, 'longitude');
  if (answers !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answers);
    } catch {
      throw validation('body.answers must be a JSON object.');
    }
    // As a JSON body's strings are: `\u0000` and `\ud800` escapes only become characters here.
    body.answers = cleanStrings(parsed, 'body.answers', 1);
  }
  if (Value.Check(NewRepairRequest, body)) return body as NewRepair;
  const first = Value.Errors(NewRepairRequest, body).First();
  throw validation(`body${first?.path.replaceAll('/', '.') ?? ''} ${first?.message ?? 'is not valid'}.`);
}

/**
 * The "already reported" hint in both languages, made here (as emergency notices are) so the widget carries
 * no more than a link: its size budget is nearly spent.
 */
function alreadyReported(
  row: { categoryNames: { 'zh-CN'?: string; en?: string }; building: string | null; since: Date | string },
  timeZone: string,
) {
  const since = (lang: 'zh-CN' | 'en') =>
    new Intl.DateTimeFormat(lang, { timeZone, dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(
      new Date(row.since),
    );
  const names = row.categoryNames;
  return {
    'zh-CN': `已有人报修：${row.building ?? ''}${names['zh-CN'] ?? names.en ?? ''}，${since('zh-CN')} 起。点此查看进度，不必重复报修`,
    en: `Already reported: ${names.en ?? names['zh-CN'] ?? ''} in ${row.building ?? ''} since ${since('en')}. Follow it instead?`,
  };
}

function trackingCodeOf(request: FastifyRequest): string {
  const code = normalizeTrackingCode((request.params as { trackingCode: string }).trackingCode);
  if (!code) throw malformedTrackingCode();
  return code;
}

export default async function repairRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/repair-services',
    {
      schema: {
        tags: ['public', 'repairs'],
        summary: 'Repair categories with their extra questions and emergency notices',
        params: SiteKeyParam,
        response: { 200: RepairServiceList },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      const services = await listRepairServices(app.db, request.site.communityId);
      return {
        items: services.map((service) => ({
          id: service.id,
          slug: service.slug,
          names: service.names,
          description: service.description ?? null,
          emergencyNotice: service.emergencyNotice ?? null,
          questions: service.questions,
        })),
      };
    },
  );

  app.get(
    '/open-repairs',
    {
      schema: {
        tags: ['public', 'repairs'],
        summary:
          'What is already reported and open in one building and category (the widget’s "already reported" hint)',
        description:
          'At most 3, newest first: incidents and reports on their own that are not resolved or closed. No description, room, contact or tracking code; `follow` is the path of the public page that shows its progress.',
        params: SiteKeyParam,
        querystring: OpenRepairsQuery,
        response: { 200: OpenRepairList, 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { site } = request;
      const community = await findCommunityById(app.db, site.communityId);
      const rows = await listOpenReports(
        app.db,
        site.communityId,
        request.query.category.toLowerCase(),
        request.query.building.toLowerCase(),
        3,
      );
      // Not cached: a report sent a moment ago must show for the next resident choosing the same place.
      reply.header('cache-control', 'no-store');
      return {
        items: rows.map((row) => ({
          id: row.id,
          category: { slug: row.categorySlug, names: row.categoryNames },
          building: row.building ?? '',
          since: new Date(row.since).toISOString(),
          status: row.status,
          reports: Number(row.reports),
          follow: new URL(`/p/${encodeURIComponent(site.siteKey)}/incidents/${row.id}`, app.config.publicUrl).href,
          text: alreadyReported(row, community?.timeZone ?? 'UTC'),
        })),
      };
    },
  );

  await app.register(async (uploads) => {
    await uploads.register(photoUploads);
    uploads.withTypeProvider<TypeBoxTypeProvider>().post(
      '/repairs',
      {
        config: { ...publicWrite, multipart: true },
        schema: {
          tags: ['public', 'repairs'],
          summary: 'Report a repair (JSON, or multipart/form-data with up to 3 photos in "photos")',
          description:
            'Needs an Idempotency-Key. The multipart form sends the same fields as text, `answers` as a JSON string. Name and phone are seen by staff only. Answers the tracking code, which reads the request, and the resident key, which with it confirms or erases (a retry gets the same key; keep it out of URLs).',
          consumes: ['application/json', 'multipart/form-data'],
          params: SiteKeyParam,
          body: { content: { 'application/json': { schema: NewRepairRequest } } },
          response: { 201: RepairCreated, ...errors },
        },
      },
      async (request, reply) => {
        // Refuse a keyless upload before reading megabytes of it.
        const idempotencyKey = idempotencyKeyOf(request);
        let body: NewRepair;
        let submission: MultipartSubmission | undefined;
        if (isMultipartRequest(request)) {
          submission = await readMultipartSubmission(request);
          if (submission.photos.length > RepairLimits.maxPhotos) throw tooManyPhotos(RepairLimits.maxPhotos);
          body = fromForm(submission.fields);
        } else if (request.body === undefined) {
          // The body schema is per content type, so a request without one reaches here unvalidated.
          throw validation('body must be object.');
        } else {
          body = request.body as NewRepair;
        }
        const { site } = request;
        const keyOf = (code: string) =>
          residentKeyFor(app.secret, { kind: 'repair', siteId: site.id, idempotencyKey, code });
        const created = await withIdempotency(
          request,
          reply,
          async (tx, photos) => {
            const repair = await createRepair(
              tx,
              {
                ...body,
                answers: body.answers ?? {},
                communityId: site.communityId,
                siteId: site.id,
                source: 'widget',
                categoryId: body.category.toLowerCase(),
                buildingId: body.buildingId?.toLowerCase(),
                unitId: body.unitId?.toLowerCase(),
                spam: false,
                residentKeyHash: (code) => hashResidentKey(keyOf(code)),
              },
              photos,
            );
            return {
              statusCode: 201,
              body: {
                trackingCode: repair.trackingCode,
                status: repair.status,
                createdAt: new Date(repair.createdAt).toISOString(),
                photos: photos.length,
              },
            };
          },
          {
            body: submission ?? body,
            prepare: async () => (submission ? processPhotos(submission.photos) : []),
          },
        );
        // Derived again rather than stored with the answer, so a replay gets it and no table holds it.
        return { ...created, residentKey: keyOf(created.trackingCode) };
      },
    );
  });

  app.get(
    '/repairs/:trackingCode',
    {
      schema: {
        tags: ['public', 'repairs'],
        summary: 'The public view of a repair: status, timeline of public updates, public photos',
        params: TrackingCodeParams,
        response: { 200: PublicRepair, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const code = trackingCodeOf(request);
      const repair = await findRepairByCode(app.db, request.site.communityId, code);
      if (!repair) throw notFound('The repair request');
      const [timeline, photos] = await Promise.all([
        publicTimeline(app.db, repair),
        listRepairPhotos(app.db, repair.communityId, repair.id),
      ]);
      reply.header('cache-control', 'no-store');
      return publicRepair(repair, timeline, photos);
    },
  );

  app.post(
    '/repairs/:trackingCode/confirmation',
    {
      config: publicWrite,
      schema: {
        tags: ['public', 'repairs'],
        summary: 'After "resolved": confirm it is fixed (closes it) or reopen it, and rate the service',
        description:
          'Needs an Idempotency-Key and the resident key given with the report (`residentKey` in the body or the `Resident-Key` header): 403 COURTYARD_RESIDENT_KEY_REQUIRED without one, 403 COURTYARD_RESIDENT_KEY_INVALID for a wrong key or an unknown code alike. Requests sent without a key (Open311, or before keys existed) are confirmed by staff.',
        params: TrackingCodeParams,
        body: RepairConfirmation,
        response: { 200: PublicRepair, ...errors },
      },
    },
    async (request, reply) => {
      const code = trackingCodeOf(request);
      const { site } = request;
      const { outcome, rating, comment } = request.body;
      const key = residentKeyOf(request, request.body.residentKey);
      if (!key) throw residentKeyRequired();
      return withIdempotency(request, reply, async (tx) => {
        const found = await findRepairByCode(tx, site.communityId, code);
        if (!found || !residentKeyMatches(found.residentKeyHash, key)) throw residentKeyInvalid();
        const repair = await lockRepair(tx, site.communityId, found.id);
        if (!repair) throw notFound('The repair request');
        if (repair.incidentId) throw conflict('This report follows an incident; it is confirmed with it.');
        if (repair.status !== 'resolved')
          throw invalidStatusTransition(repair.status, outcome === 'fixed' ? 'closed' : 'reopened');
        const status = outcome === 'fixed' ? 'closed' : 'reopened';
        await updateRepair(tx, repair.id, { status, rating: rating ?? repair.rating });
        const entry = await insertRepairUpdate(tx, {
          communityId: repair.communityId,
          repairId: repair.id,
          kind: 'confirmation',
          status,
          note: comment ?? null,
          public: true,
          authorType: 'resident',
        });
        await emit(tx, repairTopic(repair), 'repair.confirmed', {
          status,
          rating: rating ?? null,
          entry: publicEntry(entry),
        });
        await announceToIncident(tx, repair, status);
        const updated = await findRepairByCode(tx, site.communityId, code);
        const [timeline, photos] = [
          await publicTimeline(tx, repair),
          await listRepairPhotos(tx, repair.communityId, repair.id),
        ];
        return { statusCode: 200, body: publicRepair(updated!, timeline, photos) };
      });
    },
  );
}
