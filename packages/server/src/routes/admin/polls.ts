// Staff: create, change and close polls, and read full results. Every change is audited in its transaction.
import {
  CreatePollRequest,
  ErrorResponse,
  Page,
  PatchPollRequest,
  StaffPoll,
  StaffPollParams,
  StaffPollResults,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { audit } from '../../audit/audit.js';
import type { Executor } from '../../db/database.js';
import { conflict, notFound } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { topic } from '../../events/topics.js';
import { currentStaff, staffActor } from '../../plugins/staff-auth.js';
import { changeRules } from '../../polls/change-rules.js';
import { computeResults } from '../../polls/results.js';
import { checkSchedule, createPoll, presentStaffPoll } from '../../polls/staff-polls.js';
import { otherTexts } from '../../repositories/poll-ballots.js';
import { closePoll, findPoll, listPolls, lockPoll, updatePoll } from '../../repositories/polls.js';
import { writeBackPollOutcome } from '../../topics/poll-outcome.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['polls'];
const security = [{ staffSession: [] }];

export async function staffPoll(db: Executor, communityId: string, pollId: string) {
  const poll = await findPoll(db, communityId, pollId.toLowerCase());
  if (!poll) throw notFound('The poll');
  return poll;
}

export default async function staffPollRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const publicUrl = app.config.publicUrl;

  app.get(
    '/polls',
    {
      schema: {
        tags,
        security,
        summary: "The community's polls, newest first",
        response: { 200: Page(StaffPoll), ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const ids = await listPolls(app.db, communityId, 100);
      const items = [];
      for (const { id } of ids)
        items.push(await presentStaffPoll(app.db, publicUrl, await staffPoll(app.db, communityId, id)));
      return { items, nextCursor: null };
    },
  );

  app.post(
    '/polls',
    {
      schema: {
        tags,
        security,
        summary: "Create a poll (device or ballot-code eligibility; owners' decisions under art. 278)",
        body: CreatePollRequest,
        response: { 201: StaffPoll, ...errors },
      },
    },
    async (request, reply) => {
      const staff = currentStaff(request);
      const poll = await app.db.transaction((tx) =>
        createPoll(tx, { type: 'staff', id: staff.id, communityId: staff.communityId }, publicUrl, request.body),
      );
      return reply.code(201).send(poll);
    },
  );

  app.get(
    '/polls/:id',
    {
      schema: { tags, security, summary: 'One poll', params: StaffPollParams, response: { 200: StaffPoll, ...errors } },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      return presentStaffPoll(app.db, publicUrl, await staffPoll(app.db, communityId, request.params.id));
    },
  );

  app.patch(
    '/polls/:id',
    {
      schema: {
        tags,
        security,
        summary:
          'Change title, description, visibility, page URL or schedule; the rules (options, eligibility, decision, scope, cost shares) only before any code or vote',
        params: StaffPollParams,
        body: PatchPollRequest,
        response: { 200: StaffPoll, ...errors },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      const result = await app.db.transaction(async (tx) => {
        await lockPoll(tx, staff.communityId, request.params.id.toLowerCase());
        const poll = await staffPoll(tx, staff.communityId, request.params.id);
        const body = request.body;
        const opensAt = body.opensAt ? new Date(body.opensAt) : poll.opensAt;
        const closesAt = body.closesAt === undefined ? poll.closesAt : body.closesAt ? new Date(body.closesAt) : null;
        checkSchedule(opensAt, closesAt);
        const changes = {
          ...(body.title === undefined ? {} : { title: body.title }),
          ...(body.description === undefined ? {} : { description: body.description }),
          ...(body.visibility === undefined ? {} : { visibility: body.visibility }),
          ...(body.pageUrl === undefined ? {} : { pageUrl: body.pageUrl }),
          ...(body.opensAt === undefined ? {} : { opensAt }),
          ...(body.closesAt === undefined ? {} : { closesAt }),
        };
        const before: Record<string, unknown> = Object.fromEntries(
          Object.keys(changes).map((key) => [key, poll[key as keyof typeof poll]]),
        );
        const after: Record<string, unknown> = { ...changes };
        const rules = await changeRules(tx, staff.communityId, publicUrl, poll, body);
        if (rules) {
          Object.assign(before, rules.before);
          Object.assign(after, rules.after);
        }
        await updatePoll(tx, staff.communityId, poll.id, { ...changes, ...rules?.columns });
        await audit(tx, staffActor(request), 'poll.updated', { type: 'poll', id: poll.id }, before, after);
        return presentStaffPoll(tx, publicUrl, await staffPoll(tx, staff.communityId, poll.id));
      });
      app.pollTallies.touch(staff.communityId, result.id);
      return result;
    },
  );

  app.post(
    '/polls/:id/close',
    {
      schema: {
        tags,
        security,
        summary: 'Close the poll now (by the database clock); later votes are refused',
        params: StaffPollParams,
        response: { 200: StaffPoll, ...errors },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      const result = await app.db.transaction(async (tx) => {
        const poll = await staffPoll(tx, staff.communityId, request.params.id);
        if (!(await closePoll(tx, staff.communityId, poll.id))) throw conflict('This poll is already closed.');
        const closed = await staffPoll(tx, staff.communityId, poll.id);
        await emit(tx, topic(staff.communityId, 'poll', poll.id), 'poll.closed', { id: poll.id, state: closed.state });
        await audit(
          tx,
          staffActor(request),
          'poll.closed',
          { type: 'poll', id: poll.id },
          { state: poll.state },
          {
            state: closed.state,
            closesAt: closed.closesAt?.toISOString() ?? null,
          },
        );
        // A poll opened from a topic writes its outcome back to the topic as it closes.
        await writeBackPollOutcome(tx, staffActor(request), closed);
        return presentStaffPoll(tx, publicUrl, closed);
      });
      await app.pollTallies.publish(staff.communityId, result.id);
      return result;
    },
  );

  app.get(
    '/polls/:id/results',
    {
      schema: {
        tags,
        security,
        summary: 'Full results whatever the visibility, with "other" answers',
        params: StaffPollParams,
        response: { 200: StaffPollResults, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const poll = await staffPoll(app.db, communityId, request.params.id);
      return { ...(await computeResults(app.db, poll)), otherTexts: await otherTexts(app.db, poll.id) };
    },
  );
}
