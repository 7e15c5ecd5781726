// The community's sites for its admins: the public site key a page embeds and the exact origins allowed to
// use it. Every change is audited and drops the site from this instance's cache at once (others within 5 s).
//   GET    /admin/api/sites                         → { items, nextCursor: null }
//   POST   /admin/api/sites                         { siteKey, name, allowedOrigins? } → 201 site
//   POST   /admin/api/sites/:id/origins             { origin } → 200 site
//   DELETE /admin/api/sites/:id/origins?origin=…    → 200 site
//   PUT    /admin/api/sites/:id/proof-of-work       { always } → 200 site
import {
  AddOriginRequest,
  AdminSite,
  AdminSiteList,
  CreateSiteRequest,
  ErrorResponse,
  ProofOfWorkSetting,
  RemoveOriginQuery,
  SiteIdParams,
} from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { audit } from '../../audit/audit.js';
import { conflict, notFound, validation } from '../../errors.js';
import { currentStaff, requireRole } from '../../plugins/staff-auth.js';
import {
  findCommunitySiteForUpdate,
  insertSite,
  listCommunitySites,
  type ManagedSite,
  setAllowedOrigins,
  setProofOfWorkAlways,
} from '../../repositories/sites.js';
import { addOriginProblem, originProblem } from '../../sites/origins.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

function present(site: ManagedSite) {
  return {
    id: site.id,
    siteKey: site.siteKey,
    name: site.name,
    allowedOrigins: site.allowedOrigins,
    allowLocalhost: site.allowLocalhost,
    proofOfWorkAlways: site.proofOfWorkAlways,
    createdAt: new Date(site.createdAt).toISOString(),
  };
}

function checkedOrigin(value: string, field: string): string {
  const problem = originProblem(value);
  if (problem) throw validation(`${field} "${value}" is not an allowed origin: ${problem}.`);
  return value;
}

export default async function siteRoutes(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const adminOnly = { preHandler: requireRole('admin') };
  const actorOf = (staffId: string, communityId: string) => ({ type: 'staff' as const, id: staffId, communityId });

  app.get(
    '/sites',
    {
      ...adminOnly,
      schema: {
        tags: ['staff'],
        summary: "The community's sites with their keys and allowed origins (admins only)",
        security: [{ staffSession: [] }],
        response: { 200: AdminSiteList, ...errors },
      },
    },
    async (request) => {
      const sites = await listCommunitySites(app.db, currentStaff(request).communityId);
      return { items: sites.map(present), nextCursor: null };
    },
  );

  app.post(
    '/sites',
    {
      ...adminOnly,
      schema: {
        tags: ['staff'],
        summary: 'Create a site for the community (admins only)',
        security: [{ staffSession: [] }],
        body: CreateSiteRequest,
        response: { 201: AdminSite, ...errors },
      },
    },
    async (request, reply) => {
      const staff = currentStaff(request);
      const allowedOrigins = [
        ...new Set(
          (request.body.allowedOrigins ?? []).map((origin, i) => checkedOrigin(origin, `body.allowedOrigins[${i}]`)),
        ),
      ];
      const name = request.body.name.trim();
      if (!name) throw validation('body.name must not be blank.');
      const site = await app.db.transaction(async (tx) => {
        const created = await insertSite(tx, {
          communityId: staff.communityId,
          siteKey: request.body.siteKey,
          name,
          allowedOrigins,
        });
        if (!created) throw conflict('A site with this key already exists; choose another key.');
        await audit(tx, actorOf(staff.id, staff.communityId), 'site.created', { type: 'site', id: created.id }, null, {
          siteKey: created.siteKey,
          name: created.name,
          allowedOrigins: created.allowedOrigins,
        });
        return created;
      });
      app.siteChanges.changed(site.siteKey);
      return reply.status(201).send(present(site));
    },
  );

  async function changeOrigins(
    staff: { id: string; communityId: string },
    siteId: string,
    change: (origins: string[]) => string[],
    action: string,
  ) {
    const site = await app.db.transaction(async (tx) => {
      const current = await findCommunitySiteForUpdate(tx, staff.communityId, siteId);
      if (!current) throw notFound('The site');
      const next = change(current.allowedOrigins);
      const updated = await setAllowedOrigins(tx, current.id, next);
      await audit(
        tx,
        actorOf(staff.id, staff.communityId),
        action,
        { type: 'site', id: current.id },
        { allowedOrigins: current.allowedOrigins },
        { allowedOrigins: updated.allowedOrigins },
      );
      return updated;
    });
    // After the commit: a lookup that starts now reads the new list.
    app.siteChanges.changed(site.siteKey);
    return present(site);
  }

  app.put(
    '/sites/:id/proof-of-work',
    {
      ...adminOnly,
      schema: {
        tags: ['staff'],
        summary: 'Ask every write from the site for a proof of work, or only while busy (admins only)',
        description:
          'With `always`, every suggestion, vote, support or repair request sent through the site proves work (the widgets solve it in about a second on a phone); otherwise only while the site or the sender is past its soft rate limit. Audited.',
        security: [{ staffSession: [] }],
        params: SiteIdParams,
        body: ProofOfWorkSetting,
        response: { 200: AdminSite, ...errors },
      },
    },
    async (request) => {
      const staff = currentStaff(request);
      const always = request.body.always;
      const site = await app.db.transaction(async (tx) => {
        const current = await findCommunitySiteForUpdate(tx, staff.communityId, request.params.id);
        if (!current) throw notFound('The site');
        const updated = await setProofOfWorkAlways(tx, current.id, always);
        await audit(
          tx,
          actorOf(staff.id, staff.communityId),
          'site.proof_of_work_changed',
          { type: 'site', id: current.id },
          { proofOfWorkAlways: current.proofOfWorkAlways },
          { proofOfWorkAlways: always },
        );
        return updated;
      });
      app.siteChanges.changed(site.siteKey);
      return present(site);
    },
  );

  app.post(
    '/sites/:id/origins',
    {
      ...adminOnly,
      schema: {
        tags: ['staff'],
        summary: "Allow one more origin (scheme://host[:port]) to use the site's widgets (admins only)",
        security: [{ staffSession: [] }],
        params: SiteIdParams,
        body: AddOriginRequest,
        response: { 200: AdminSite, ...errors },
      },
    },
    async (request) => {
      const origin = checkedOrigin(request.body.origin, 'body.origin');
      return changeOrigins(
        currentStaff(request),
        request.params.id,
        (origins) => {
          const problem = addOriginProblem(origins, origin);
          if (problem) throw conflict(problem);
          return [...origins, origin];
        },
        'site.origin_added',
      );
    },
  );

  app.delete(
    '/sites/:id/origins',
    {
      ...adminOnly,
      schema: {
        tags: ['staff'],
        summary: 'Stop allowing an origin; pages there stop working within seconds (admins only)',
        security: [{ staffSession: [] }],
        params: SiteIdParams,
        querystring: RemoveOriginQuery,
        response: { 200: AdminSite, ...errors },
      },
    },
    async (request) => {
      const { origin } = request.query;
      return changeOrigins(
        currentStaff(request),
        request.params.id,
        (origins) => {
          if (!origins.includes(origin)) throw notFound('This origin of the site');
          return origins.filter((allowed) => allowed !== origin);
        },
        'site.origin_removed',
      );
    },
  );
}
