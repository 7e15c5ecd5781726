// CSV exports of the community's lists, streamed batch by batch (docs/admin-guide/exports.md). Every export
// is audited before its first byte leaves: who exported which list, with which filters, how many rows and
// whether contact columns were in it. `X-Courtyard-Rows` announces the row count so the console can show
// progress. Contact columns and the audit log are for admins only.
import {
  AuditExportQuery,
  ErrorResponse,
  PollResultsExportQuery,
  RepairExportQuery,
  SuggestionExportQuery,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../audit/audit.js';
import { notFound } from '../../errors.js';
import { type Cell, csvStream } from '../../exports/csv.js';
import {
  auditColumns,
  type Column,
  cellsOf,
  headerOf,
  type Language,
  type PollResultRow,
  pollResultColumns,
  repairColumns,
  suggestionColumns,
  visibleColumns,
} from '../../exports/lists.js';
import { currentStaff, requireRole } from '../../plugins/staff-auth.js';
import { computeResults } from '../../polls/results.js';
import { findCommunityById } from '../../repositories/communities.js';
import {
  auditBatch,
  countAudit,
  countRepairs,
  countSuggestions,
  type Keyset,
  repairBatch,
  suggestionBatch,
} from '../../repositories/exports.js';
import { findPoll } from '../../repositories/polls.js';

const BATCH = 500;
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const csv = Type.String({ description: 'text/csv; charset=utf-8, with a byte-order mark' });

function schema<Query extends TSchema>(summary: string, description: string, querystring: Query) {
  return {
    tags: ['staff'],
    summary,
    description,
    security: [{ staffSession: [] }],
    produces: ['text/csv'],
    querystring,
    response: { 200: csv, ...errors },
  };
}

/** Reads batches until one comes back short, handing each on as CSV rows. */
async function* batches<Row>(
  fetch: (after: Keyset | undefined) => Promise<Row[]>,
  keysetOf: (row: Row) => Keyset,
  toCells: (row: Row) => Cell[],
) {
  let after: Keyset | undefined;
  for (;;) {
    const rows = await fetch(after);
    yield rows.map(toCells);
    const last = rows.at(-1);
    if (rows.length < BATCH || !last) return;
    after = keysetOf(last);
  }
}

export default async function exportRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  /** The community's time zone and the CSV language (asked for, else the community's own). */
  async function context(request: FastifyRequest, lang: Language | undefined) {
    const staff = currentStaff(request);
    const community = await findCommunityById(app.db, staff.communityId);
    if (!community) throw notFound('The community');
    return {
      staff,
      timeZone: community.timeZone,
      language: lang ?? community.defaultLanguage,
      withContact: staff.role === 'admin',
    };
  }

  /** Audits the export (committed first), then streams it. */
  async function send<Row>(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      list: string;
      filters: Record<string, unknown>;
      rows: number;
      columns: Column<Row>[];
      language: Language;
      withContact: boolean;
      body: AsyncIterable<Cell[][]>;
    },
  ) {
    const staff = currentStaff(request);
    const contactColumns = options.withContact && options.columns.some((column) => column.contact);
    await app.db.transaction((tx) =>
      audit(
        tx,
        { type: 'staff', id: staff.id, communityId: staff.communityId },
        'export.downloaded',
        { type: 'export', id: options.list },
        null,
        { list: options.list, filters: options.filters, rows: options.rows, contactColumns },
      ),
    );
    const date = new Date().toISOString().slice(0, 10);
    const filename = `courtyard-${options.list}-${date}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .header('x-courtyard-rows', String(options.rows))
      .send(csvStream(headerOf(options.columns, options.language), options.body));
  }

  app.get(
    '/exports/suggestions.csv',
    {
      schema: schema(
        "The community's suggestions as CSV, oldest first",
        'Filter by `moderation` and `status`. Name and phone columns for admins only. Audited.',
        SuggestionExportQuery,
      ),
    },
    async (request, reply) => {
      const { lang, ...filters } = request.query;
      const { staff, timeZone, language, withContact } = await context(request, lang);
      const columns = visibleColumns(suggestionColumns, withContact);
      const rows = await countSuggestions(app.db, staff.communityId, filters);
      return send(request, reply, {
        list: 'suggestions',
        filters,
        rows,
        columns,
        language,
        withContact,
        body: batches(
          (after) => suggestionBatch(app.db, staff.communityId, timeZone, filters, after, BATCH),
          (row) => ({ at: row.keyset, id: row.id }),
          (row) => cellsOf(columns, row, language),
        ),
      });
    },
  );

  app.get(
    '/exports/repairs.csv',
    {
      schema: schema(
        "The community's repair requests as CSV, oldest first",
        'Filter by `status` and `spam`. Contact name, phone and email columns for admins only. Audited.',
        RepairExportQuery,
      ),
    },
    async (request, reply) => {
      const { lang, status, spam } = request.query;
      const filters = { status, spam: spam === undefined ? undefined : spam === 'true' };
      const { staff, timeZone, language, withContact } = await context(request, lang);
      const columns = visibleColumns(repairColumns, withContact);
      const rows = await countRepairs(app.db, staff.communityId, filters);
      return send(request, reply, {
        list: 'repairs',
        filters: request.query,
        rows,
        columns,
        language,
        withContact,
        body: batches(
          (after) => repairBatch(app.db, staff.communityId, timeZone, filters, after, BATCH),
          (row) => ({ at: row.keyset, id: row.id }),
          (row) => cellsOf(columns, row, language),
        ),
      });
    },
  );

  app.get(
    '/exports/poll-results.csv',
    {
      schema: schema(
        "One poll's results as CSV",
        'One row per option (votes; floor area for owners’ decisions), then for owners’ decisions the eligible, participating and approving households and area. Audited.',
        PollResultsExportQuery,
      ),
    },
    async (request, reply) => {
      const { lang, poll: pollId } = request.query;
      const { staff, language } = await context(request, lang);
      const poll = await findPoll(app.db, staff.communityId, pollId);
      if (!poll) throw notFound('The poll');
      const results = await computeResults(app.db, poll);
      const rows: PollResultRow[] = [
        ...results.options.map((option) => ({
          kind: 'option' as const,
          label: option.label,
          votes: option.votes,
          households: null,
          area: option.area,
        })),
        { kind: 'ballots', label: '', votes: results.ballots, households: null, area: null },
      ];
      if (results.owners) {
        for (const kind of ['eligible', 'participating', 'approving'] as const) {
          const tally = results.owners[kind];
          rows.push({ kind, label: '', votes: null, households: tally.households, area: tally.area });
        }
      }
      async function* body() {
        yield rows.map((row) => cellsOf(pollResultColumns, row, language));
      }
      return send(request, reply, {
        list: `poll-results-${poll.id}`,
        filters: { poll: poll.id },
        rows: rows.length,
        columns: pollResultColumns,
        language,
        withContact: false,
        body: body(),
      });
    },
  );

  app.get(
    '/exports/audit-log.csv',
    {
      preHandler: requireRole('admin'),
      schema: schema(
        "The community's audit log as CSV (admins only)",
        'Every staff action, oldest first, optionally `from`/`to` (ISO 8601; `to` excluded). Audited.',
        AuditExportQuery,
      ),
    },
    async (request, reply) => {
      const { lang, ...filters } = request.query;
      const { staff, timeZone, language } = await context(request, lang);
      const rows = await countAudit(app.db, staff.communityId, filters);
      return send(request, reply, {
        list: 'audit-log',
        filters,
        rows,
        columns: auditColumns,
        language,
        withContact: true,
        body: batches(
          (after) => auditBatch(app.db, staff.communityId, timeZone, filters, after, BATCH),
          (row) => ({ at: row.createdAt, id: row.id }),
          (row) => cellsOf(auditColumns, row, language),
        ),
      });
    },
  );
}
