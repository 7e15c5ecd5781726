// What arrives elsewhere (a WeChat group, a phone call, a visit, paper, the 12345 hotline): staff record a
// suggestion or a repair request on a resident's behalf. It goes through the same creation code as the
// widget's (same checks, events, live pages, webhooks), idempotent by its Idempotency-Key and audited with
// the staff member's name. Every signed-in role may record: taking what residents bring is daily staff work.
// The widget path's origin allowlist, rate limits and proof of work are not applied to signed-in staff.
import {
  ErrorResponse,
  RecordedRepair,
  RecordedSuggestion,
  RecordRepair,
  RecordSuggestion,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { audit } from '../../audit/audit.js';
import { conflict } from '../../errors.js';
import { withIdempotency } from '../../idempotency/idempotency.js';
import { currentStaff } from '../../plugins/staff-auth.js';
import { createRepair } from '../../repairs/create-repair.js';
import { findFirstSite } from '../../repositories/sites.js';
import { createSuggestion } from '../../suggestions/create-suggestion.js';
import { newFollowCode } from '../../suggestions/present.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
const security = [{ staffSession: [] }];
const idempotency =
  'Needs an Idempotency-Key (a UUID): sending the same recording twice stores it once and answers the first answer again.';

/** The signed-in staff member and the site their recordings are kept under (its key scope and hosted pages). */
async function recorder(request: FastifyRequest) {
  const staff = currentStaff(request);
  const site = await findFirstSite(request.server.db, staff.communityId);
  if (!site) throw conflict('This community has no site yet; an admin adds one under Sites first.');
  return { staff, site, hosted: `${request.server.config.publicUrl.origin}/p/${encodeURIComponent(site.siteKey)}` };
}

export default async function recordedRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/suggestions',
    {
      schema: {
        tags: ['staff'],
        summary: 'Record a suggestion that arrived elsewhere, on a resident’s behalf',
        description: `\`source\` says where it arrived, \`contactConsent\` whether the resident agrees to be contacted (asked every time), \`contactNote\` is seen by staff only. Moderated as the community moderates widget suggestions. ${idempotency}`,
        security,
        body: RecordSuggestion,
        response: { 201: RecordedSuggestion, ...errors },
      },
    },
    async (request, reply) => {
      const { staff, site, hosted } = await recorder(request);
      const body = request.body;
      return withIdempotency(
        request,
        reply,
        async (tx) => {
          const created = await createSuggestion(tx, {
            communityId: staff.communityId,
            siteId: site.id,
            categoryId: body.categoryId?.toLowerCase(),
            text: body.text.trim(),
            authorName: body.name?.trim() || undefined,
            phone: body.phone?.trim() || undefined,
            followCode: newFollowCode(),
            spam: false,
            recorded: {
              source: body.source,
              contactConsent: body.contactConsent,
              contactNote: body.contactNote?.trim(),
            },
          });
          const actor = { type: 'staff', id: staff.id, communityId: staff.communityId } as const;
          await audit(tx, actor, 'suggestion.recorded', { type: 'suggestion', id: created.id }, null, {
            source: body.source,
            contactConsent: body.contactConsent,
          });
          const followCode = created.followCode;
          const followUrl = created.followUrl?.replace('{code}', followCode) ?? `${hosted}/follow/${followCode}`;
          return { statusCode: 201, body: { id: created.id, status: created.status, followCode, followUrl } };
        },
        { siteId: site.id },
      );
    },
  );

  app.post(
    '/repairs',
    {
      schema: {
        tags: ['staff', 'repairs'],
        summary: 'Record a repair request that arrived elsewhere, on a resident’s behalf',
        description: `The widget's fields plus \`source\`, \`contactConsent\` (asked every time) and \`contactNote\` (staff only). Answers the tracking code to read out or write on the paper; the request has no resident key, so staff confirm it once fixed. ${idempotency}`,
        security,
        body: RecordRepair,
        response: { 201: RecordedRepair, ...errors },
      },
    },
    async (request, reply) => {
      const { staff, site, hosted } = await recorder(request);
      const { source, contactConsent, contactNote, ...body } = request.body;
      return withIdempotency(
        request,
        reply,
        async (tx) => {
          const repair = await createRepair(
            tx,
            {
              ...body,
              answers: body.answers ?? {},
              communityId: staff.communityId,
              siteId: site.id,
              source: 'widget',
              recorded: { source, contactConsent, contactNote },
              categoryId: body.category.toLowerCase(),
              buildingId: body.buildingId?.toLowerCase(),
              unitId: body.unitId?.toLowerCase(),
              spam: false,
            },
            [],
          );
          const actor = { type: 'staff', id: staff.id, communityId: staff.communityId } as const;
          await audit(tx, actor, 'repair.recorded', { type: 'repair', id: repair.id }, null, {
            source,
            contactConsent,
          });
          const { id, trackingCode, status } = repair;
          return { statusCode: 201, body: { id, trackingCode, status, trackUrl: `${hosted}/track/${trackingCode}` } };
        },
        { siteId: site.id },
      );
    },
  );
}
