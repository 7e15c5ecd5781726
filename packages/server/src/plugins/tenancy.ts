// Tenancy and CORS for the public API: every request under /api/v1/sites/:siteKey belongs to a known site,
// and a browser may call it only from one of that site's origins. Registered at the top of the public
// scope (routes/public/index.ts), so every public route inherits it.
//
// Route config a public route may set:
//   `config: { multipart: true }` — accept multipart/form-data besides JSON (photo uploads). The route's own
//   scope registers @fastify/multipart; without the flag a multipart body is a 415 even where the parser exists.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ttlCache } from '../cache/ttl-cache.js';
import { originNotAllowed, siteNotFound, unsupportedMediaType } from '../errors.js';
import { findSiteByKey, type PublicSite } from '../repositories/sites.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The site this public request is for; set by tenancy on every route under /api/v1/sites/:siteKey. */
    site: PublicSite;
  }
  interface FastifyContextConfig {
    /** Accept multipart/form-data as well as JSON (the route's scope registers @fastify/multipart). */
    multipart?: boolean;
  }
}

/** A site change (origins, allowLocalhost, removal) is visible to every instance within this time. */
export const SITE_CACHE_TTL_MS = 5_000;
/** Unknown keys are cached too (as misses), so the cache is bounded against made-up keys. */
export const SITE_CACHE_MAX_ENTRIES = 2_000;
/** Browsers cache a preflight this long (Chrome caps it at 2 hours). */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOWED_HEADERS =
  'Content-Type, Idempotency-Key, Courtyard-Proof-Of-Work, Resident-Key, Last-Event-ID, Accept-Language';
const EXPOSED_HEADERS = 'Retry-After, Idempotent-Replayed, X-Request-Id';

const SITE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
// The one pattern: plain-http localhost or 127.0.0.1 on any port, nothing before or after.
const LOCALHOST_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1)(?::\d{1,5})?$/;

/** Exact match against the allowlist; `null` (sandboxed frames, file://) is never allowed. */
export function isOriginAllowed(site: Pick<PublicSite, 'allowedOrigins' | 'allowLocalhost'>, origin: string): boolean {
  if (origin === 'null') return false;
  if (site.allowedOrigins.includes(origin)) return true;
  return site.allowLocalhost && LOCALHOST_ORIGIN.test(origin);
}

function hasBody(request: FastifyRequest) {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

function mediaType(request: FastifyRequest) {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Bodies are JSON, or multipart on routes that opted in; anything else is refused before it is read. */
function requireAcceptedBody(request: FastifyRequest) {
  if (!hasBody(request)) return;
  const type = mediaType(request);
  const multipart = request.routeOptions.config.multipart === true;
  if (type === 'application/json') return;
  if (multipart && type === 'multipart/form-data') return;
  throw unsupportedMediaType(multipart ? 'application/json or multipart/form-data' : 'application/json');
}

function allowOrigin(reply: FastifyReply, origin: string) {
  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-expose-headers', EXPOSED_HEADERS);
}

/**
 * A refused page (an origin the site does not allow, or a site key that does not exist) may read why, so
 * its widget can tell the webmaster instead of "no connection": the error, never data, is readable by that
 * origin, without credentials. A preflight is answered so that a write reaches the same error; it is not
 * cached, so adding the origin takes effect at once. `Origin: null` stays opaque.
 */
function refuse(request: FastifyRequest, reply: FastifyReply, origin: string, error: Error) {
  if (origin === 'null') throw error;
  reply.header('access-control-allow-origin', origin);
  if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
    reply.header('access-control-allow-methods', ALLOWED_METHODS);
    reply.header('access-control-allow-headers', ALLOWED_HEADERS);
    return reply.code(204).send();
  }
  throw error;
}

export default fp(
  async function tenancy(app: FastifyInstance) {
    const lookup = ttlCache((siteKey: string) => findSiteByKey(app.db, siteKey), {
      ttlMs: SITE_CACHE_TTL_MS,
      maxEntries: SITE_CACHE_MAX_ENTRIES,
    });
    const unsubscribe = app.siteChanges.subscribe((siteKey) => lookup.forget(siteKey));
    app.addHook('onClose', async () => unsubscribe());
    app.decorateRequest('site', null as unknown as PublicSite);

    app.addHook('onRequest', async (request, reply) => {
      // Every answer depends on Origin, so shared caches must key on it (even when none was sent).
      reply.header('vary', 'Origin');
      const { siteKey } = request.params as { siteKey?: string };
      const site = siteKey !== undefined && SITE_KEY.test(siteKey) ? await lookup(siteKey) : undefined;
      // No Origin: not a cross-origin browser call (curl, a server, a same-origin GET); served without CORS.
      const origin = request.headers.origin;
      if (!site) {
        if (origin === undefined || origin === app.config.publicUrl.origin) throw siteNotFound();
        return refuse(request, reply, origin, siteNotFound());
      }

      // The service's own hosted pages (/p/…: poll, tracking and follow pages for QR codes and links) use
      // every site's widgets from the service's origin, so that origin is always allowed; it needs no CORS.
      if (origin !== undefined && origin !== app.config.publicUrl.origin) {
        if (!isOriginAllowed(site, origin)) return refuse(request, reply, origin, originNotAllowed());
        allowOrigin(reply, origin);
      }
      request.site = site;
      requireAcceptedBody(request);
    });
  },
  { name: 'courtyard-tenancy', dependencies: ['courtyard-database'] },
);

/**
 * Preflights for every public path. Registered once in the public scope next to the tenancy plugin, whose
 * hook has already refused unknown sites (404) and answered refused origins by the time this answers.
 */
export async function preflightRoutes(app: FastifyInstance) {
  app.options(
    '/*',
    {
      schema: {
        hide: true,
        params: {
          type: 'object',
          properties: {
            siteKey: { type: 'string', maxLength: 64 },
            '*': { type: 'string', maxLength: 2000 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      if (request.headers.origin !== undefined) {
        reply.header('access-control-allow-methods', ALLOWED_METHODS);
        reply.header('access-control-allow-headers', ALLOWED_HEADERS);
        reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
      }
      return reply.code(204).send();
    },
  );
}
