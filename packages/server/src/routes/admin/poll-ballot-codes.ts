// Staff: ballot codes (issue for a scope, as JSON or as the printable sheet; list; revoke; reissue for a
// household) and paper ballots entered against a code. Codes appear only in the response that issues them.
import {
  BallotCodeParams,
  BallotCodesRequest,
  ErrorResponse,
  IssuedBallotCodes,
  PaperBallotRequest,
  PaperBallotResponse,
  StaffBallotCodes,
  StaffPollParams,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../audit/audit.js';
import { ballotCodeInvalid, conflict, notFound } from '../../errors.js';
import { currentStaff, staffActor } from '../../plugins/staff-auth.js';
import { castVote, findBallotCode, WrongBallotCode } from '../../polls/cast-vote.js';
import { renderCodeSheet, withQrCodes } from '../../polls/code-sheet.js';
import { type IssuedCode, issueCodes, withSecrets } from '../../polls/issue-codes.js';
import { findCode, listCodes, revokeCode } from '../../repositories/poll-ballots.js';
import { lockPoll } from '../../repositories/polls.js';
import { setPageHeaders } from '../page-security.js';
import { staffPoll } from './polls.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['polls'];
const security = [{ staffSession: [] }];
const Sheet = {
  description: 'A printable HTML page (print stylesheet, QR codes as data: images); the codes are shown this once.',
  content: { 'text/html': { schema: Type.String() } },
};

const auditIssued = (codes: IssuedCode[]) => ({ count: codes.length, labels: codes.slice(0, 50).map((c) => c.label) });

export default async function ballotCodeRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { publicUrl } = app.config;

  const issue = async (request: FastifyRequest<{ Params: { id: string }; Body: typeof BallotCodesRequest.static }>) => {
    const staff = currentStaff(request);
    return app.db.transaction(async (tx) => {
      // Serialised with a change of the poll's rules (PATCH), which is allowed only while no code exists.
      await lockPoll(tx, staff.communityId, request.params.id.toLowerCase());
      const poll = await staffPoll(tx, staff.communityId, request.params.id);
      const codes = await issueCodes(tx, app.secret, publicUrl, poll, request.body);
      await audit(tx, staffActor(request), 'poll.ballot_codes_issued', { type: 'poll', id: poll.id }, null, {
        scope: request.body.scope,
        ...auditIssued(codes),
      });
      return { title: poll.title, codes };
    });
  };
  const reissue = async (request: FastifyRequest<{ Params: { id: string; codeId: string } }>) => {
    const staff = currentStaff(request);
    return app.db.transaction(async (tx) => {
      const poll = await staffPoll(tx, staff.communityId, request.params.id);
      const old = await findCode(tx, poll.id, request.params.codeId.toLowerCase());
      if (!old) throw notFound('The ballot code');
      if (old.usedAt !== null) throw conflict('This code was already used to vote; it cannot be reissued.');
      if (!(await revokeCode(tx, old.id))) throw conflict('This code was already revoked.');
      const [fresh] = await tx.query.pollBallotCodes.findMany({ where: (c, { eq }) => eq(c.id, old.id), limit: 1 });
      const codes = await withSecrets(tx, app.secret, publicUrl, poll, [
        {
          scope: fresh!.scope,
          buildingId: fresh!.buildingId,
          unitId: fresh!.unitId,
          householdId: fresh!.householdId,
          label: fresh!.label,
          floor: fresh!.floor,
          floorArea: fresh!.floorArea,
        },
      ]);
      await audit(
        tx,
        staffActor(request),
        'poll.ballot_code_reissued',
        { type: 'poll_ballot_code', id: old.id },
        null,
        {
          pollId: poll.id,
          replacedBy: codes[0]!.id,
          label: old.label,
        },
      );
      return { title: poll.title, codes };
    });
  };
  const sendSheet = async (reply: FastifyReply, title: string, codes: IssuedCode[]) =>
    // A sheet to print: no script at all.
    setPageHeaders(reply, { kind: 'document' })
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(await renderCodeSheet(title, codes));

  app.post(
    '/polls/:id/ballot-codes',
    {
      schema: {
        tags,
        security,
        summary: 'Issue ballot codes for a scope: its households (with floor areas), a list, or a count',
        params: StaffPollParams,
        body: BallotCodesRequest,
        response: { 201: IssuedBallotCodes, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send({ items: await withQrCodes((await issue(request)).codes) }),
  );

  app.post(
    '/polls/:id/ballot-codes/sheet',
    {
      schema: {
        tags,
        security,
        summary: 'Issue ballot codes and answer with the printable code sheet (QR codes)',
        params: StaffPollParams,
        body: BallotCodesRequest,
        response: { 201: Sheet, ...errors },
      },
    },
    async (request, reply) => {
      const { title, codes } = await issue(request);
      return sendSheet(reply.code(201), title, codes);
    },
  );

  app.get(
    '/polls/:id/ballot-codes',
    {
      schema: {
        tags,
        security,
        summary: "The poll's codes: labels, used or revoked (never the codes)",
        params: StaffPollParams,
        response: { 200: StaffBallotCodes, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const poll = await staffPoll(app.db, communityId, request.params.id);
      const codes = await listCodes(app.db, poll.id);
      return {
        items: codes.map((code) => ({
          id: code.id,
          label: code.label,
          floorArea: code.floorArea === null ? null : Number(code.floorArea),
          used: code.usedAt !== null,
          revoked: code.revokedAt !== null,
          createdAt: new Date(code.createdAt).toISOString(),
        })),
      };
    },
  );

  app.post(
    '/polls/:id/ballot-codes/:codeId/reissue',
    {
      schema: {
        tags,
        security,
        summary: "Revoke a household's lost (unused) code and issue a new one",
        params: BallotCodeParams,
        response: { 201: IssuedBallotCodes, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send({ items: await withQrCodes((await reissue(request)).codes) }),
  );

  app.post(
    '/polls/:id/ballot-codes/:codeId/reissue/sheet',
    {
      schema: {
        tags,
        security,
        summary: "Reissue a household's code and answer with its printable sheet",
        params: BallotCodeParams,
        response: { 201: Sheet, ...errors },
      },
    },
    async (request, reply) => {
      const { title, codes } = await reissue(request);
      return sendSheet(reply.code(201), title, codes);
    },
  );

  app.post(
    '/polls/:id/paper-ballots',
    {
      schema: {
        tags,
        security,
        summary: 'Enter a paper ballot against a household code (audited)',
        params: StaffPollParams,
        body: PaperBallotRequest,
        response: { 201: PaperBallotResponse, ...errors },
      },
    },
    async (request, reply) => {
      const staff = currentStaff(request);
      const result = await app.db
        .transaction(async (tx) => {
          const poll = await staffPoll(tx, staff.communityId, request.params.id);
          if (poll.eligibility !== 'ballot-code') throw conflict('Paper ballots need a ballot-code poll.');
          const code = await findBallotCode(tx, app.secret, poll, request.body.ballotCode);
          const ballot = await castVote(tx, app.secret, poll, { ...request.body, source: 'paper' });
          await audit(tx, staffActor(request), 'poll.paper_ballot_entered', { type: 'poll', id: poll.id }, null, {
            ballotId: ballot.ballotId,
            ballotCodeId: code.id,
            label: code.label,
            optionIds: request.body.optionIds,
          });
          return {
            pollId: poll.id,
            ballotId: ballot.ballotId,
            label: code.label,
            votedAt: ballot.votedAt.toISOString(),
          };
        })
        .catch((error) => {
          throw error instanceof WrongBallotCode ? ballotCodeInvalid() : error;
        });
      app.pollTallies.touch(staff.communityId, result.pollId);
      return reply.code(201).send({ ballotId: result.ballotId, label: result.label, votedAt: result.votedAt });
    },
  );
}
