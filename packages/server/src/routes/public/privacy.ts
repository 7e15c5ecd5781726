// A resident erases their own submission's personal data with the code they were given (the follow code of
// a suggestion or the tracking code of a repair) and the resident key that came with it: the code alone is
// shown to others and only reads. The submission stays for the community's record (its text, status and
// timeline); name, phone, email, room and non-public photos go. Idempotent by nature (a second erase finds
// nothing left) and through the Idempotency-Key every public write carries. Without the key, staff erase on
// the resident's request (routes/admin/privacy.ts).
import { ErrorResponse, FollowParams, TrackingCodeParams } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { residentKeyMatches, residentKeyOf } from '../../auth/resident-key.js';
import { malformedTrackingCode, residentKeyInvalid, residentKeyRequired } from '../../errors.js';
import { withIdempotency } from '../../idempotency/idempotency.js';
import { publicWrite } from '../../plugins/rate-limits.js';
import { eraseSubmission } from '../../privacy/erase-submission.js';
import { normalizeTrackingCode } from '../../repairs/tracking-code.js';
import { findRepairByCode } from '../../repositories/repairs.js';
import { findKeyedByFollowCode } from '../../repositories/suggestions.js';

const errors = {
  400: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};
const description =
  'Needs an Idempotency-Key and the resident key given with the submission (`Resident-Key` header): 403 COURTYARD_RESIDENT_KEY_REQUIRED without one, 403 COURTYARD_RESIDENT_KEY_INVALID for a wrong key or an unknown code alike. Erases the name, phone, email, room and non-public photos held with the submission; its text, status and timeline stay. Answers 204 also when nothing was left to erase. The erasure is audited and announced without the data.';

const resident = (communityId: string) => ({ type: 'resident', communityId }) as const;

/** The request's resident key, or 403 before anything is read. */
function requiredKey(request: Parameters<typeof residentKeyOf>[0]): string {
  const key = residentKeyOf(request);
  if (!key) throw residentKeyRequired();
  return key;
}

export default async function privacyRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.delete(
    '/suggestions/follow/:followCode/personal-data',
    {
      config: publicWrite,
      schema: {
        tags: ['public', 'privacy'],
        summary: 'Erase the personal data of your suggestion (by its follow code and resident key)',
        description,
        params: FollowParams,
        response: { 204: { type: 'null', description: 'Erased (or nothing was left to erase)' }, ...errors },
      },
    },
    async (request, reply) => {
      const { site } = request;
      const key = requiredKey(request);
      return withIdempotency(request, reply, async (tx) => {
        const found = await findKeyedByFollowCode(tx, site.communityId, request.params.followCode);
        if (!found || !residentKeyMatches(found.residentKeyHash, key)) throw residentKeyInvalid();
        await eraseSubmission(tx, resident(site.communityId), { kind: 'suggestion', id: found.id });
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
        summary: 'Erase the personal data of your repair request (by its tracking code and resident key)',
        description,
        params: TrackingCodeParams,
        response: { 204: { type: 'null', description: 'Erased (or nothing was left to erase)' }, ...errors },
      },
    },
    async (request, reply) => {
      const { site } = request;
      const code = normalizeTrackingCode(request.params.trackingCode);
      if (!code) throw malformedTrackingCode();
      const key = requiredKey(request);
      return withIdempotency(request, reply, async (tx) => {
        const found = await findRepairByCode(tx, site.communityId, code);
        if (!found || !residentKeyMatches(found.residentKeyHash, key)) throw residentKeyInvalid();
        const submission = { kind: 'repair', id: found.id, trackingCode: found.trackingCode } as const;
        await eraseSubmission(tx, resident(site.communityId), submission);
        return { statusCode: 204, body: {} };
      });
    },
  );
}
