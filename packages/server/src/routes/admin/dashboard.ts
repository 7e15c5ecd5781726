// The dashboard's figures for the signed-in staff member's community: work received, answered and resolved
// per ISO week, counts by category, median times, "you said, we did", and topics by status. Read-only, so not audited.

import { SUBMISSION_SOURCES, TOPIC_STATUSES } from '@courtyard/protocol';
import { Dashboard, DashboardQuery, ErrorResponse } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { currentStaff } from '../../plugins/staff-auth.js';
import { findCommunityById } from '../../repositories/communities.js';
import {
  categoryCounts,
  medianTimes,
  sourceCounts,
  topicFigures,
  weeklyFigures,
  youSaidWeDid,
} from '../../repositories/dashboard.js';
import { noticeFigures } from '../../repositories/notice-figures.js';
import { rotaCoverageByWeek } from '../../repositories/rota-coverage.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse };
const YOU_SAID_WE_DID_LIMIT = 20;

export default async function dashboardRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['staff'],
        summary: "The community's figures for the last `weeks` ISO weeks (default 12, at most 104)",
        description:
          'Suggestions: received, answered (got an official response). `bySource`: what arrived in the window by source (the widget, Open311, or recorded by staff). Repairs: received, answered (first public staff update), resolved (resolved or closed now; dated when staff resolved it). Medians in seconds cover what arrived in the window. Spam and merged duplicates are left out. Topics: every topic by status, and the median days from the first opinion behind a topic (its oldest suggestion) to its decision and to done. Notices: the open ones by kind with the households they reach, and of those published in the window the closed, median seconds to close, followers and offers of help.',
        security: [{ staffSession: [] }],
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...errors },
      },
    },
    async (request) => {
      const { communityId } = currentStaff(request);
      const weeks = request.query.weeks ?? 12;
      const community = await findCommunityById(app.db, communityId);
      if (!community) throw notFound('The community');
      const { timeZone } = community;
      const perWeek = await weeklyFigures(app.db, communityId, timeZone, weeks);
      const byCategory = await categoryCounts(app.db, communityId, timeZone, weeks);
      const medians = await medianTimes(app.db, communityId, timeZone, weeks);
      const said = await youSaidWeDid(app.db, communityId, YOU_SAID_WE_DID_LIMIT);
      const topics = await topicFigures(app.db, communityId);
      const rotaCoverage = await rotaCoverageByWeek(app.db, communityId, timeZone, weeks);
      const bySource = await sourceCounts(app.db, communityId, timeZone, weeks);
      return {
        weeks,
        timeZone,
        perWeek: perWeek.map((row) => ({
          week: row.week,
          startsOn: row.startsOn,
          suggestions: { received: row.suggestionsReceived, answered: row.suggestionsAnswered },
          repairs: { received: row.repairsReceived, answered: row.repairsAnswered, resolved: row.repairsResolved },
        })),
        byCategory,
        medians,
        youSaidWeDid: said.map((row) => ({ ...row, respondedAt: new Date(row.respondedAt).toISOString() })),
        topics: {
          byStatus: TOPIC_STATUSES.map((status) => ({
            status,
            count: topics.counts.find((row) => row.status === status)?.count ?? 0,
          })),
          medianDaysToDecision: topics.medianDaysToDecision,
          medianDaysToDone: topics.medianDaysToDone,
        },
        rotaCoverage,
        notices: await noticeFigures(app.db, communityId, timeZone, weeks),
        bySource: SUBMISSION_SOURCES.map((source) => {
          const count = (kind: string) =>
            bySource.find((row) => row.kind === kind && row.source === source)?.received ?? 0;
          return { source, suggestions: count('suggestion'), repairs: count('repair') };
        }),
      };
    },
  );
}
