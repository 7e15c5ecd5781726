// The public poll API: the poll, a household's ballot by its code, votes, and results. Votes are idempotent
// (Idempotency-Key) and answer with a receipt that unlocks "after voting" results. Another community's
// poll answers 404.
import {
  BallotInfo,
  BallotQuery,
  ErrorResponse,
  Page,
  PollParams,
  PollResults,
  PublicPoll,
  ResultsQuery,
  SiteKeyParam,
  VoteReceipt,
  VoteRequest,
} from '@courtyard/protocol/schemas';
import type { Static, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ttlCache } from '../../cache/ttl-cache.js';
import { ballotCodeInvalid, CourtyardError, notFound, rateLimited } from '../../errors.js';
import { withIdempotency, withIdempotentStatement } from '../../idempotency/idempotency.js';
import { publicWrite } from '../../plugins/rate-limits.js';
import {
  castVote,
  type DeviceVoteValue,
  deviceVote,
  findBallotCode,
  type VoteInput,
  WrongBallotCode,
} from '../../polls/cast-vote.js';
import { hmac } from '../../polls/codes.js';
import { toCents } from '../../polls/owners-rule.js';
import { presentPoll } from '../../polls/present.js';
import { assertResultsVisible, computeResults } from '../../polls/results.js';
import { WrongCodeCounter } from '../../polls/wrong-codes.js';
import { findBallotByReceipt } from '../../repositories/poll-ballots.js';
import { costSharePercent, findPoll, floorShares, listOpenPollIds } from '../../repositories/polls.js';

const errors = {
  400: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};

export default async function pollRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const wrongCodes = new WrongCodeCounter(app.secret);
  // A device vote takes the poll's definition from memory. Staff may still change a scheduled poll's rules and
  // options, so every change drops the copy on every instance (cache/poll-changes.ts), and the vote's
  // statement checks the poll as it is now whatever the copy says.
  const definitions = ttlCache((key: string) => findPoll(app.db, ...(key.split(' ') as [string, string])), {
    ttlMs: 60_000,
    maxEntries: 1_000,
  });
  const stopForgetting = app.pollChanges.subscribe((communityId, pollId) =>
    definitions.forget(`${communityId} ${pollId}`),
  );
  app.addHook('onClose', async () => stopForgetting());

  /**
   * The one-statement device vote, when the poll (as cached) takes device votes. A refusal judged from the copy
   * (an option or credential it does not know) is judged again from the poll read afresh: the copy may predate
   * a change this instance has not heard of yet.
   */
  const preparedDeviceVote = async (key: string, input: VoteInput) => {
    const cached = await definitions(key);
    if (cached?.eligibility !== 'device') return undefined;
    try {
      return deviceVote(app.secret, app.db, cached, input);
    } catch (error) {
      if (!(error instanceof CourtyardError)) throw error;
      definitions.forget(key);
      const current = await definitions(key);
      return current?.eligibility === 'device' ? deviceVote(app.secret, app.db, current, input) : undefined;
    }
  };

  const loadPoll = async (request: FastifyRequest<{ Params: { pollId: string } }>) => {
    const poll = await findPoll(app.db, request.site.communityId, request.params.pollId.toLowerCase());
    if (!poll) throw notFound('The poll');
    return poll;
  };
  /** Runs a step that checks a ballot code; wrong codes count against the sender's address. */
  const checkingCode = async <T>(request: FastifyRequest, step: () => Promise<T>): Promise<T> => {
    const wait = wrongCodes.waitSeconds(request.ip);
    if (wait > 0) throw rateLimited(wait);
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof WrongBallotCode)) throw error;
      wrongCodes.fail(request.ip);
      throw ballotCodeInvalid();
    }
  };

  app.get(
    '/polls',
    {
      schema: {
        tags: ['public'],
        summary: 'Open polls of the community, newest first',
        params: SiteKeyParam,
        response: { 200: Page(PublicPoll), ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-cache');
      const { communityId } = request.site;
      const ids = await listOpenPollIds(app.db, communityId, 20);
      const items = [];
      for (const { id } of ids) {
        const poll = await findPoll(app.db, communityId, id);
        if (poll) items.push(presentPoll(poll));
      }
      return { items, nextCursor: null };
    },
  );

  app.get(
    '/polls/:pollId',
    {
      schema: {
        tags: ['public'],
        summary: 'A poll: question, options, schedule and state (by the server clock)',
        params: PollParams,
        response: { 200: PublicPoll, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-cache');
      return presentPoll(await loadPoll(request));
    },
  );

  app.get(
    '/polls/:pollId/ballot',
    {
      schema: {
        tags: ['public'],
        summary:
          "A household's ballot by its code: label, floor area, its own cost share with the per-floor table, and whether it was used",
        description: 'Wrong codes are counted per address; past the limit the answer is 429 with Retry-After.',
        params: PollParams,
        querystring: BallotQuery,
        response: { 200: BallotInfo, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const poll = await loadPoll(request);
      const code = await checkingCode(request, () => findBallotCode(app.db, app.secret, poll, request.query.code));
      const floors = await floorShares(app.db, poll.id);
      return {
        label: code.label,
        used: code.usedAt !== null,
        floorArea: code.floorArea === null ? null : toCents(code.floorArea) / 100,
        floor: code.floor,
        costSharePercent: await costSharePercent(app.db, poll.id, code, floors),
        floorShares: floors,
      };
    },
  );

  app.post(
    '/polls/:pollId/votes',
    {
      config: publicWrite,
      schema: {
        tags: ['public'],
        summary: 'Vote (needs an Idempotency-Key): with the device voterToken or a household ballotCode',
        params: PollParams,
        body: VoteRequest,
        response: { 201: VoteReceipt, ...errors },
      },
    },
    async (request, reply) => {
      const pollId = request.params.pollId.toLowerCase();
      const communityId = request.site.communityId;
      // Read before the transaction opens: PGlite has one connection, which the transaction holds.
      const vote = await preparedDeviceVote(`${communityId} ${pollId}`, { ...request.body, source: 'online' });
      if (vote) {
        // The common case: one statement writes the ballot and the key (the busiest write of a poll).
        const body = await withIdempotentStatement<Static<typeof VoteReceipt>, DeviceVoteValue>(request, reply, {
          statusCode: 201,
          ...vote,
        });
        app.pollTallies.touch(communityId, pollId);
        return body;
      }
      const body = await checkingCode(request, () =>
        withIdempotency(request, reply, async (tx) => {
          const poll = await findPoll(tx, communityId, pollId);
          if (!poll) throw notFound('The poll');
          const ballot = await castVote(tx, app.secret, poll, { ...request.body, source: 'online' });
          return {
            statusCode: 201,
            body: { pollId, receipt: ballot.receipt, votedAt: ballot.votedAt.toISOString() },
          };
        }),
      );
      app.pollTallies.touch(communityId, pollId);
      return body;
    },
  );

  app.get(
    '/polls/:pollId/results',
    {
      schema: {
        tags: ['public'],
        summary: 'Results, as the poll shows them: always, after voting (send the receipt), after close, or staff only',
        params: PollParams,
        querystring: ResultsQuery,
        response: { 200: PollResults, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const poll = await loadPoll(request);
      const receipt = request.query.receipt;
      const voted =
        receipt !== undefined &&
        (await findBallotByReceipt(app.db, poll.id, hmac(app.secret, 'receipt', receipt))) !== undefined;
      assertResultsVisible(poll, voted);
      return computeResults(app.db, poll);
    },
  );
}
