// Service requests over Open311: search (the spec's filters, 90 days and 1000 results by default), one
// request, tokens, posting a request with a staff-issued api_key, and mySociety's servicerequestupdates.
// A request is known here by its own service_request_id, never by the resident's tracking code (which, with
// nothing else, reads the request on the widget API). Only public fields leave: never names, phones, emails,
// rooms or free-text addresses; a position only rounded to about 100 m.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createRepair } from '../repairs/create-repair.js';
import type { RepairStatus } from '../repairs/status-machine.js';
import { useApiKey } from '../repositories/api-keys.js';
import { findAddress, findByToken, listOpen311Requests, listOpen311Updates } from '../repositories/open311.js';
import { findRepairServiceBySlug } from '../repositories/repair-services.js';
import { badRequest, invalidApiKey, notFound311 } from './errors.js';
import { type Format, isoWithOffset, send } from './format.js';
import { resolveJurisdiction } from './jurisdiction.js';
import { extendedStatus, type Locale, localized, requestRecord } from './mapping.js';
import { FileParams, NewRequestForm, RequestsQuery, UpdatesQuery } from './schemas.js';

const FORMATS = ['json', 'xml'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_RESULTS = 1000;
const MAX_RANGE_DAYS = 90;
// ISO 8601 date or date-time; a time needs an offset (or Z) so it names one instant.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Date() rolls 2026-02-30 over to March; a date that does not exist is refused instead.
  const exists = month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!ISO_DATE.test(value) || !exists || Number.isNaN(date.getTime())) {
    throw badRequest(`${name} must be an ISO 8601 date with offset.`);
  }
  return date;
}

function dateRange(query: { start_date?: string; end_date?: string }) {
  const start = parseDate(query.start_date, 'start_date');
  const end = parseDate(query.end_date, 'end_date');
  if (start && end && start > end) throw badRequest('start_date is after end_date.');
  // The spec's default window: the last 90 days.
  if (!start && !end) return { start: new Date(Date.now() - MAX_RANGE_DAYS * DAY_MS), end: undefined };
  return { start, end };
}

const fileOf = (request: FastifyRequest) => {
  const [name, format] = (request.params as { file: string }).file.split('.') as [string, Format];
  return { name, format };
};

const asList = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A service_request_id as stored (lower case), or undefined: anything else names no request. */
const serviceRequestIdOf = (value: string) => {
  const id = value.trim().toLowerCase();
  return UUID.test(id) ? id : undefined;
};

export default async function requestRoutes(app: FastifyInstance) {
  const agencyOf = (community: { names: { 'zh-CN'?: string; en?: string } }, locale: Locale) =>
    localized(community.names, locale) ?? '';

  for (const format of FORMATS) {
    app.get(
      `/requests.${format}`,
      { schema: { tags: ['open311'], summary: `Open311 service requests (${format})`, querystring: RequestsQuery } },
      async (request, reply) => {
        const query = request.query as typeof RequestsQuery.static;
        const community = await resolveJurisdiction(app.db, query.jurisdiction_id);
        const locale = query.locale ?? community.defaultLanguage;
        let ids: string[] | undefined;
        if (query.service_request_id !== undefined) {
          // The spec: with service_request_id, every other filter is ignored. An id of another shape (a
          // tracking code, say) finds nothing.
          ids = query.service_request_id.split(',').flatMap((id) => serviceRequestIdOf(id) ?? []);
        }
        const range = ids ? { start: undefined, end: undefined } : dateRange(query);
        const statuses = query.status?.split(',') as ('open' | 'closed')[] | undefined;
        const rows =
          ids?.length === 0
            ? []
            : await listOpen311Requests(app.db, community.id, {
                serviceRequestIds: ids,
                serviceCodes: ids ? undefined : query.service_code?.split(','),
                start: range.start,
                end: range.end,
                statuses: ids || !statuses ? undefined : statusesOf(statuses),
                limit: MAX_RESULTS,
              });
        const agency = agencyOf(community, locale);
        return send(
          reply,
          format,
          { root: 'service_requests', item: 'request' },
          rows.map((row) => requestRecord(row, agency, community.timeZone, locale)),
        );
      },
    );

    app.post(
      `/requests.${format}`,
      {
        schema: {
          tags: ['open311'],
          summary: `Open311: post a service request (${format}), form-encoded, with an api_key`,
          consumes: ['application/x-www-form-urlencoded'],
          body: NewRequestForm,
        },
      },
      async (request, reply) => {
        const form = request.body as typeof NewRequestForm.static & {
          [attribute: string]: string | string[] | undefined;
        };
        const created = await app.db.transaction(async (tx) => {
          const key = form.api_key ? await useApiKey(tx, form.api_key) : undefined;
          if (!key) throw invalidApiKey();
          const community = await resolveJurisdiction(tx, form.jurisdiction_id);
          // A key works for its own community only; another's looks like a wrong key.
          if (community.id !== key.communityId) throw invalidApiKey();
          const service = await findRepairServiceBySlug(tx, community.id, form.service_code);
          if (!service) throw notFound311('service_code not found.');
          const latitude = form.lat === undefined ? undefined : Number(form.lat);
          const longitude = form.long === undefined ? undefined : Number(form.long);
          if (
            (latitude !== undefined && !Number.isFinite(latitude)) ||
            (longitude !== undefined && !Number.isFinite(longitude))
          ) {
            throw badRequest('lat and long must be numbers.');
          }
          if ((latitude === undefined) !== (longitude === undefined)) throw badRequest('lat and long come together.');
          if (latitude !== undefined && (Math.abs(latitude) > 90 || Math.abs(longitude as number) > 180)) {
            throw badRequest('lat or long is out of range.');
          }
          const address = form.address_id
            ? await findAddress(tx, community.id, form.address_id.toLowerCase()).catch(() => undefined)
            : undefined;
          if (form.address_id && !address) throw badRequest('address_id is unknown.');
          if (latitude === undefined && !form.address_string && !address) {
            throw badRequest('A location is required: lat and long, address_string or address_id.');
          }
          const answers: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(form)) {
            const match = /^attribute\[([a-z0-9_-]+)\](\[\])?$/.exec(name);
            if (match && value !== undefined)
              answers[match[1] as string] = match[2] ? asList(value) : (value as string);
          }
          const name = [form.first_name, form.last_name].filter(Boolean).join(' ');
          const repair = await createRepair(
            tx,
            {
              communityId: community.id,
              siteId: null,
              source: 'open311',
              categoryId: service.id,
              buildingId: address?.buildingId,
              unitId: address?.unitId,
              locationText: form.address_string || undefined,
              latitude,
              longitude,
              description:
                form.description?.trim() || localized(service.names, community.defaultLanguage) || service.slug,
              answers,
              name: name || undefined,
              phone: form.phone || undefined,
              email: form.email || undefined,
              spam: false,
            },
            [],
          );
          return { repair, notice: localized(service.emergencyNotice, community.defaultLanguage) };
        });
        return send(
          reply,
          format,
          { root: 'service_requests', item: 'request' },
          [
            {
              service_request_id: created.repair.serviceRequestId,
              // The request exists at once; its token is its id (GET tokens answers it all the same).
              token: created.repair.serviceRequestId,
              service_notice: created.notice,
              account_id: null,
              // Extension, to the submitting client only: the reference its user gives staff and follows on
              // the community's pages (read only; the request has no resident key, so staff confirm it).
              tracking_code: created.repair.trackingCode,
            },
          ],
          201,
        );
      },
    );

    app.get(
      `/servicerequestupdates.${format}`,
      {
        schema: {
          tags: ['open311'],
          summary: `mySociety extension: public updates of service requests (${format})`,
          querystring: UpdatesQuery,
        },
      },
      async (request, reply) => {
        const query = request.query as typeof UpdatesQuery.static;
        const community = await resolveJurisdiction(app.db, query.jurisdiction_id);
        const range = dateRange(query);
        const updates = await listOpen311Updates(app.db, community.id, { ...range, limit: MAX_RESULTS });
        return send(
          reply,
          format,
          { root: 'service_requests_updates', item: 'request_update' },
          updates.map((update) => ({
            update_id: update.id,
            service_request_id: update.serviceRequestId,
            status: extendedStatus(update.status),
            updated_datetime: isoWithOffset(update.createdAt, community.timeZone),
            description: update.note ?? '',
            media_url: null,
          })),
        );
      },
    );
  }

  app.get(
    '/requests/:file',
    {
      schema: {
        tags: ['open311'],
        summary: 'Open311: one service request, /requests/{service_request_id}.json or .xml',
        params: FileParams,
        querystring: RequestsQuery,
      },
    },
    async (request, reply) => {
      const { name, format } = fileOf(request);
      const query = request.query as typeof RequestsQuery.static;
      const community = await resolveJurisdiction(app.db, query.jurisdiction_id);
      const id = serviceRequestIdOf(name);
      const rows = id ? await listOpen311Requests(app.db, community.id, { serviceRequestIds: [id], limit: 1 }) : [];
      if (rows.length === 0) throw notFound311('service_request_id not found.');
      const locale = query.locale ?? community.defaultLanguage;
      return send(
        reply,
        format,
        { root: 'service_requests', item: 'request' },
        rows.map((row) => requestRecord(row, agencyOf(community, locale), community.timeZone, locale)),
      );
    },
  );

  app.get(
    '/tokens/:file',
    {
      schema: {
        tags: ['open311'],
        summary: 'Open311: the service_request_id of a token, /tokens/{token}.json or .xml',
        params: FileParams,
        querystring: RequestsQuery,
      },
    },
    async (request, reply) => {
      const { name, format } = fileOf(request);
      const query = request.query as typeof RequestsQuery.static;
      const community = await resolveJurisdiction(app.db, query.jurisdiction_id);
      const token = serviceRequestIdOf(name);
      const found = token ? await findByToken(app.db, community.id, token) : undefined;
      if (!token || !found) throw notFound311('token not found.');
      return send(reply, format, { root: 'service_requests', item: 'request' }, [
        { service_request_id: found.serviceRequestId, token },
      ]);
    },
  );
}

function statusesOf(statuses: ('open' | 'closed')[]): RepairStatus[] {
  const result: RepairStatus[] = [];
  if (statuses.includes('open')) result.push('received', 'acknowledged', 'scheduled', 'in_progress', 'reopened');
  if (statuses.includes('closed')) result.push('resolved', 'closed');
  return result;
}
