// GET discovery and services: what this endpoint offers, the community's repair services (service codes
// are the services' slugs, always strings) and each service's definition (its extra questions).
import type { FastifyInstance } from 'fastify';
import { listRepairServices } from '../repositories/repair-services.js';
import { notFound311 } from './errors.js';
import { send } from './format.js';
import { resolveJurisdiction } from './jurisdiction.js';
import { type Locale, localized, serviceDefinition } from './mapping.js';
import { CommonQuery, FileParams } from './schemas.js';

const FORMATS = ['json', 'xml'] as const;

export default async function discoveryRoutes(app: FastifyInstance) {
  const base = `${app.config.publicUrl.origin}/open311/v2/`;

  for (const format of FORMATS) {
    app.get(
      `/discovery.${format}`,
      { schema: { tags: ['open311'], summary: `Open311 discovery (${format})`, querystring: CommonQuery } },
      async (_request, reply) =>
        send(
          reply,
          format,
          { root: 'discovery', item: 'discovery' },
          {
            changeset: '2026-11-27T00:00:00Z',
            contact: `Community staff through ${app.config.publicUrl.origin}`,
            key_service: `Api keys are issued by community staff in the console (${app.config.publicUrl.origin}/admin).`,
            endpoints: [
              {
                specification: 'http://wiki.open311.org/GeoReport_v2',
                url: base,
                changeset: '2026-11-27T00:00:00Z',
                type: 'production',
                formats: ['text/xml', 'application/json'],
              },
            ],
          },
        ),
    );

    app.get(
      `/services.${format}`,
      { schema: { tags: ['open311'], summary: `Open311 service list (${format})`, querystring: CommonQuery } },
      async (request, reply) => {
        const query = request.query as { jurisdiction_id?: string; locale?: Locale };
        const community = await resolveJurisdiction(app.db, query.jurisdiction_id);
        const locale = query.locale ?? community.defaultLanguage;
        const services = await listRepairServices(app.db, community.id);
        return send(
          reply,
          format,
          { root: 'services', item: 'service' },
          services.map((service) => ({
            service_code: service.slug,
            service_name: localized(service.names, locale),
            description: localized(service.description, locale) ?? localized(service.names, locale),
            metadata: service.questions.length > 0,
            type: 'realtime',
            keywords: null,
            group: 'repairs',
          })),
        );
      },
    );
  }

  app.get(
    '/services/:file',
    {
      schema: {
        tags: ['open311'],
        summary: 'Open311 service definition: /services/{service_code}.json or .xml',
        params: FileParams,
        querystring: CommonQuery,
      },
    },
    async (request, reply) => {
      const { file } = request.params as { file: string };
      const [code, format] = file.split('.') as [string, 'json' | 'xml'];
      const query = request.query as { jurisdiction_id?: string; locale?: Locale };
      const community = await resolveJurisdiction(app.db, query.jurisdiction_id);
      const services = await listRepairServices(app.db, community.id);
      const service = services.find((candidate) => candidate.slug === code);
      if (!service) throw notFound311('service_code not found.');
      const locale = query.locale ?? community.defaultLanguage;
      return send(
        reply,
        format,
        { root: 'service_definition', item: 'service_definition' },
        serviceDefinition(service.slug, service.questions, locale),
      );
    },
  );
}
