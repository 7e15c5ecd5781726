// A resident erases their own submission's personal data with the code they were given: the follow code
// of a suggestion or the tracking code of a repair. The submission stays for the community's record (its
// text, status and timeline); name, phone, email, room and non-public photos go. Idempotent by nature (a
// second erase finds nothing left) and through the Idempotency-Key every public write carries.
import { ErrorResponse, FollowParams, TrackingCodeParams } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { audit } from '../../audit/audit.js';
import { repairRequests, suggestions } from '../../db/schema.js';
import { malformedTrackingCode, notFound } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { topic } from '../../events/topics.js';
import { withIdempotency } from '../../idempotency/idempotency.js';
import { publicWrite } from '../../plugins/rate-limits.js';
import { deletePrivatePhotos, eraseRepairContacts, eraseSuggestionContacts } from '../../privacy/erase.js';
import { normalizeTrackingCode } from '../../repairs/tracking-code.js';
import { findRepairByCode } from '../../repositories/repairs.js';
import { findByFollowCode } from '../../repositories/suggestions.js';

export const ERASED_EVENT = 'personal_data.erased';

const errors = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};
const description =
  'Needs an Idempotency-Key. Erases the name, phone, email, room and non-public photos held with the submission; its text, status and timeline stay. Answers 204 also when nothing was left to erase. The erasure is audited and announced without the data.';

export default async function privacyRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.delete(
    '/suggestions/follow/:followCode/personal-data',
    {
      config: publicWrite,
      schema: {
        tags: ['public', 'privacy'],
        summary: 'Erase the personal data of your suggestion (by its follow code)',
        description,
        params: FollowParams,
        response: { 204: { type: 'null', description: 'Erased (or nothing was left to erase)' }, ...errors },
      },
    },
    async (request, reply) => {
      const { site } = request;
      return withIdempotency(request, reply, async (tx) => {
        const found = await findByFollowCode(tx, site.communityId, request.params.followCode);
        if (!found) throw notFound('The suggestion');
        const erased = await eraseSuggestionContacts(tx, eq(suggestions.id, found.id));
        const photos = await deletePrivatePhotos(tx, site.communityId, 'suggestion', [found.id]);
        if (erased.length > 0 || photos > 0) {
          const actor = { type: 'resident', communityId: site.communityId } as const;
          await audit(tx, actor, 'privacy.erased_by_resident', { type: 'suggestion', id: found.id }, null, {
            contact: erased.length > 0,
            photos,
          });
          await emit(tx, topic(site.communityId, 'suggestion', found.id), ERASED_EVENT, { id: found.id });
        }
        return { statusCode: 204, body: {} };
      });
    },
  );

  app.delete(
    '/repairs/:trackingCode/personal-data',
    {
      config: publicWrite,
      schema: {
        tags: ['public', 'privacy'],
        summary: 'Erase the personal data of your repair request (by its tracking code)',
        description,
        params: TrackingCodeParams,
        response: { 204: { type: 'null', description: 'Erased (or nothing was left to erase)' }, ...errors },
      },
    },
    async (request, reply) => {
      const { site } = request;
      const code = normalizeTrackingCode(request.params.trackingCode);
      if (!code) throw malformedTrackingCode();
      return withIdempotency(request, reply, async (tx) => {
        const found = await findRepairByCode(tx, site.communityId, code);
        if (!found) throw notFound('The repair request');
        const erased = await eraseRepairContacts(tx, eq(repairRequests.id, found.id));
        const photos = await deletePrivatePhotos(tx, site.communityId, 'repair', [found.id]);
        if (erased.length > 0 || photos > 0) {
          const actor = { type: 'resident', communityId: site.communityId } as const;
          await audit(tx, actor, 'privacy.erased_by_resident', { type: 'repair', id: found.id }, null, {
            contact: erased.length > 0,
            photos,
          });
          await emit(tx, topic(site.communityId, 'repair', found.trackingCode), ERASED_EVENT, {});
        }
        return { statusCode: 204, body: {} };
      });
    },
  );
}
