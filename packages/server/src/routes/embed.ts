// The script tag: `/embed/<version>/courtyard.js` never changes (a year, immutable, matching the SRI hash in
// the docs), `/embed/v<major>/courtyard.js` is a short-cached alias of the newest build for sites that want
// updates. It is a small loader that imports the module files it needs from `/embed/<version>/<file>` (exact
// versions only, immutable, each pinned by the loader's SRI hash). CORS `*`: the snippet uses
// crossorigin="anonymous" so SRI can check it, modules are fetched with CORS, and the scripts are public.
// Sent gzipped (compressed once, when read) to every browser that accepts it: residents load these over
// mobile data, and a host without a compressing proxy would otherwise send three times the bytes the size
// budgets count. `/embed/<version>/manifest.json` publishes the SRI hash for the snippet (docs/embedding.md).
// All of it comes from `npm run build` (packages/widgets/dist/embed).
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
  chunks: { file: string; integrity: string }[];
  sizes: Record<string, { gzipBytes: number; budget: number }>;
  /** Every file served by name: the loader and its module files, as built and gzipped once. */
  files: Map<string, EmbedFile>;
}

interface EmbedFile {
  integrity: string;
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
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Omit<EmbedBundle, 'major' | 'files'>;
      const files = new Map<string, EmbedFile>();
      for (const { file, integrity } of [manifest, ...manifest.chunks]) {
        const code = await readFile(fileURLToPath(new URL(file, folder)));
        files.set(file, { integrity, code, gzipped: gzipSync(code, { level: 9 }) });
      }
      const bundle = { ...manifest, major: `v${manifest.version.split('.')[0]}`, files };
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

const FileParams = Type.Object(
  {
    version: Params.properties.version,
    file: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-][A-Za-z0-9_.-]*\\.js$' }),
  },
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
function etagFor(request: FastifyRequest, file: EmbedFile) {
  return acceptsGzip(request) ? `"${file.integrity}-gzip"` : `"${file.integrity}"`;
}

function sendScript(request: FastifyRequest, reply: FastifyReply, file: EmbedFile, cacheControl: string) {
  reply
    .type('text/javascript; charset=utf-8')
    .header('cache-control', cacheControl)
    .header('vary', 'accept-encoding')
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('x-content-type-options', 'nosniff')
    .header('etag', etagFor(request, file));
  if (!acceptsGzip(request)) return reply.send(file.code);
  return reply.header('content-encoding', 'gzip').send(file.gzipped);
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

  app.get<{ Params: { version: string; file: string } }>(
    '/embed/:version/:file',
    {
      schema: {
        tags: ['embed'],
        summary:
          'The script tag (courtyard.js: an exact version, immutable with an SRI hash, or the v1 alias) and the module files it loads (exact versions only)',
        params: FileParams,
        response: {
          200: {
            description: 'JavaScript: the classic loader script, or one of the ES modules it imports',
            content: { 'text/javascript': { schema: Type.String() } },
          },
        },
      },
    },
    async (request, reply) => {
      const bundle = await loadBundle();
      const { version, file: name } = request.params;
      const exact = version === bundle?.version;
      // The alias serves only the loader, which imports its files from its exact version's folder.
      const file = bundle && (exact || (version === bundle.major && name === bundle.file)) && bundle.files.get(name);
      if (!file) throw notFound('This embed file');
      const etag = etagFor(request, file);
      if (request.headers['if-none-match'] === etag) {
        return reply.code(304).header('etag', etag).header('vary', 'accept-encoding').send();
      }
      return sendScript(request, reply, file, exact ? IMMUTABLE : `public, max-age=${ALIAS_MAX_AGE_SECONDS}`);
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
