// Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests (GET and
// form-encoded POST with a staff-issued api_key), tokens and mySociety's servicerequestupdates, each as
// .json and .xml, with the spec's error lists. jurisdiction_id is the community's slug.
// Spec: http://wiki.open311.org/GeoReport_v2 — field names here are the spec's, to the letter.

import { Limits } from '@courtyard/protocol';
import type { FastifyInstance } from 'fastify';
import discoveryRoutes from './discovery.js';
import { notFound311, sendOpen311Error } from './errors.js';
import requestRoutes from './requests.js';

/** `a=1&b=2&b=3` → { a: '1', b: ['2', '3'] }: a repeated name (multivaluelist attributes) becomes a list. */
export function parseForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    const earlier = fields[name];
    if (earlier === undefined) fields[name] = name.endsWith('[]') ? [value] : value;
    else fields[name] = Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
  }
  return { ...fields };
}

export default async function open311(app: FastifyInstance) {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: Limits.jsonBodyBytes },
    (_request, body, done) => done(null, parseForm(body as string)),
  );
  app.setErrorHandler((error, request, reply) => sendOpen311Error(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    sendOpen311Error(request, reply, notFound311('No such Open311 endpoint.')),
  );
  await app.register(discoveryRoutes);
  await app.register(requestRoutes);
}
