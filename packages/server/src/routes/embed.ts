// The script-tag bundle: `/embed/<version>/courtyard.js` never changes (a year, immutable, matching the
// SRI hash in the docs), `/embed/v<major>/courtyard.js` is a short-cached alias of the newest build for
// sites that want updates. CORS `*`: the snippet uses crossorigin="anonymous" so SRI can check it, and the
// script is public. `/embed/<version>/manifest.json` publishes the SRI hash for the snippet (docs/embedding.md).
// The bundle and its manifest come from `npm run build` (packages/widgets/dist/embed). It is sent gzipped
// (compressed once, when read) to every browser that accepts it: residents load it over mobile data, and
// a host without a compressing proxy would otherwise send three times the bytes the size budget counts.
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../errors.js';

// This file runs from packages/server/src/routes (tsx) or packages/server/dist/routes (node).
const embedFolder = new URL('../../../widgets/dist/embed/', import.meta.url);
const IMMUTABLE = 'public, max-age=31536000, immutable';
export const ALIAS_MAX_AGE_SECONDS = 300;

interface EmbedBundle {
  version: string;
  major: string;
  file: string;
  integrity: string;
  sizes: Record<string, { gzipBytes: number; budget: number }>;
  code: Buffer;
  gzipped: Buffer;
}

/** The built bundle, reread when the build replaces it (development); undefined before the first build. */
function bundleLoader(folder: URL) {
  let cached: { mtimeMs: number; bundle: EmbedBundle } | undefined;
  return async (): Promise<EmbedBundle | undefined> => {
    const manifestPath = fileURLToPath(new URL('manifest.json', folder));
    try {
      const { mtimeMs } = await stat(manifestPath);
      if (cached?.mtimeMs === mtimeMs) return cached.bundle;
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Omit<
        EmbedBundle,
        'major' | 'code' | 'gzipped'
      >;
      const code = await readFile(fileURLToPath(new URL(manifest.file, folder)));
      const gzipped = gzipSync(code, { level: 9 });
      const bundle = { ...manifest, major: `v${manifest.version.split('.')[0]}`, code, gzipped };
      cached = { mtimeMs, bundle };
      return bundle;
    } catch {
      return undefined;
    }
  };
}

const Params = Type.Object(
  { version: Type.String({ minLength: 1, maxLength: 32, pattern: '^(v[0-9]+|[0-9]+\\.[0-9]+\\.[0-9]+)$' }) },
  { additionalProperties: false },
);

/** Whether Accept-Encoding lists gzip (or *) without q=0. */
function acceptsGzip(request: FastifyRequest) {
  return String(request.headers['accept-encoding'] ?? '')
    .split(',')
    .some((entry) => {
      const [coding, ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
    });
}

/**
 * The ETag of what this request gets: the gzipped and the plain bytes are two representations, and a strong
 * ETag names one (RFC 9110 §8.8.3), or a cache holding the gzipped copy could revalidate a plain one.
 */
function etagFor(request: FastifyRequest, bundle: EmbedBundle) {
  return acceptsGzip(request) ? `"${bundle.integrity}-gzip"` : `"${bundle.integrity}"`;
}

function sendScript(request: FastifyRequest, reply: FastifyReply, bundle: EmbedBundle, cacheControl: string) {
  reply
    .type('text/javascript; charset=utf-8')
    .header('cache-control', cacheControl)
    .header('vary', 'accept-encoding')
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('x-content-type-options', 'nosniff')
    .header('etag', etagFor(request, bundle));
  if (!acceptsGzip(request)) return reply.send(bundle.code);
  return reply.header('content-encoding', 'gzip').send(bundle.gzipped);
}

// What a webmaster copies into the snippet: the exact version, its SRI hash and the measured sizes.
const Manifest = Type.Object(
  {
    version: Type.String(),
    file: Type.String(),
    src: Type.String({ description: 'Path of the immutable bundle on this server' }),
    integrity: Type.String({ description: "SRI hash of the bundle, for the script tag's integrity attribute" }),
    sizes: Type.Record(Type.String(), Type.Object({ gzipBytes: Type.Integer(), budget: Type.Integer() })),
  },
  { additionalProperties: false },
);

export default async function embedRoutes(app: FastifyInstance, options: { folder?: URL } = {}) {
  const loadBundle = bundleLoader(options.folder ?? embedFolder);

  app.get<{ Params: { version: string } }>(
    '/embed/:version/courtyard.js',
    {
      schema: {
        tags: ['embed'],
        summary: 'The script-tag bundle: an exact version (immutable, with an SRI hash) or the v1 alias',
        params: Params,
        response: {
          200: {
            description: 'JavaScript (a classic script registering every Courtyard tag)',
            content: { 'text/javascript': { schema: Type.String() } },
          },
        },
      },
    },
    async (request, reply) => {
      const bundle = await loadBundle();
      const { version } = request.params;
      if (!bundle || (version !== bundle.version && version !== bundle.major)) throw notFound('This embed version');
      const exact = version === bundle.version;
      const etag = etagFor(request, bundle);
      if (request.headers['if-none-match'] === etag) {
        return reply.code(304).header('etag', etag).header('vary', 'accept-encoding').send();
      }
      return sendScript(request, reply, bundle, exact ? IMMUTABLE : `public, max-age=${ALIAS_MAX_AGE_SECONDS}`);
    },
  );

  app.get<{ Params: { version: string } }>(
    '/embed/:version/manifest.json',
    {
      schema: {
        tags: ['embed'],
        summary: "The bundle's version, SRI hash and sizes; v1 names the newest exact version",
        params: Params,
        response: { 200: Manifest },
      },
    },
    async (request, reply) => {
      const bundle = await loadBundle();
      const { version } = request.params;
      if (!bundle || (version !== bundle.version && version !== bundle.major)) throw notFound('This embed version');
      const exact = version === bundle.version;
      return reply
        .header('cache-control', exact ? IMMUTABLE : `public, max-age=${ALIAS_MAX_AGE_SECONDS}`)
        .header('access-control-allow-origin', '*')
        .send({
          version: bundle.version,
          file: bundle.file,
          src: `/embed/${bundle.version}/${bundle.file}`,
          integrity: bundle.integrity,
          sizes: bundle.sizes,
        });
    },
  );
}
