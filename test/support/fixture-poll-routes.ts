// Test-only routes for the widget tests, which have no staff session: create a poll (and household codes)
// in the site's community through the real repositories, cast a vote from "another device", close a poll.
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { castVote } from '../../packages/server/src/polls/cast-vote.js';
import { withSecrets } from '../../packages/server/src/polls/issue-codes.js';
import { closePoll, findPoll, insertPoll, type NewPoll } from '../../packages/server/src/repositories/polls.js';
import { registerPublicTestRoutes } from './fixtures.js';

const Any = Type.Object({}, { additionalProperties: true });

export function registerFixturePollRoutes(app: FastifyInstance) {
  registerPublicTestRoutes(app, (scope) => {
    scope.post<{ Body: { poll: NewPoll; households?: { label: string; area: number; floor: number }[] } }>(
      '/widget-fixtures/polls',
      { schema: { body: Any } },
      async (request) => {
        const { communityId } = request.site;
        return app.db.transaction(async (tx) => {
          const id = await insertPoll(tx, communityId, null, request.body.poll);
          const poll = (await findPoll(tx, communityId, id))!;
          const codes = request.body.households
            ? await withSecrets(
                tx,
                app.secret,
                app.config.publicUrl,
                poll,
                request.body.households.map((household) => ({
                  scope: 'community' as const,
                  buildingId: null,
                  unitId: null,
                  householdId: null,
                  label: household.label,
                  floor: household.floor,
                  floorArea: household.area.toFixed(2),
                })),
              )
            : [];
          return { id, options: poll.options, codes };
        });
      },
    );
    scope.post<{ Params: { pollId: string }; Body: { optionIds: string[] } }>(
      '/widget-fixtures/polls/:pollId/votes',
      { schema: { body: Any } },
      async (request) => {
        const { communityId } = request.site;
        await app.db.transaction(async (tx) => {
          const poll = (await findPoll(tx, communityId, request.params.pollId))!;
          await castVote(tx, app.secret, poll, {
            optionIds: request.body.optionIds,
            voterToken: randomBytes(16).toString('base64url'),
            source: 'online',
          });
        });
        app.pollTallies.touch(communityId, request.params.pollId);
        return { ok: true };
      },
    );
    scope.post<{ Params: { pollId: string } }>('/widget-fixtures/polls/:pollId/close', async (request) => {
      await app.db.transaction((tx) => closePoll(tx, request.site.communityId, request.params.pollId));
      await app.pollTallies.publish(request.site.communityId, request.params.pollId);
      return { ok: true };
    });
  });
}
