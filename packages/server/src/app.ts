// buildApp() assembles the service and never listens: server.ts listens, tests call inject() or listen on
// port 0. One plugin per concern; the order below is the order requests meet them.
import { randomUUID } from 'node:crypto';
import { Limits } from '@courtyard/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import pollChanges from './cache/poll-changes.js';
import { SiteChanges } from './cache/site-changes.js';
import { type Config, loadConfig } from './config.js';
import type { Database } from './db/database.js';
import { notReady } from './errors.js';
import eventHub from './events/hub.js';
import scheduledJobs from './jobs/index.js';
import { loggerOptions } from './logging.js';
import open311 from './open311/index.js';
import databasePlugin from './plugins/database.js';
import errorHandler, { clientErrorHandler, frameworkErrors } from './plugins/error-handler.js';
import openapi from './plugins/openapi.js';
import overload from './plugins/overload.js';
import validation from './plugins/validation.js';
import pollTallies from './polls/live-tallies.js';
import adminApi from './routes/admin/index.js';
import embedRoutes from './routes/embed.js';
import healthRoutes from './routes/health.js';
import hostedPages from './routes/pages/index.js';
import publicApi from './routes/public/index.js';
import webRoutes from './routes/web.js';
import { version } from './version.js';
import webhookWorker from './webhooks/worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** HMAC and session key material (COURTYARD_SECRET or the data folder's generated one). */
    secret: string;
  }
}

export interface BuildAppOptions {
  /** Defaults to loadConfig(process.env). */
  config?: Config;
  /** A database the caller owns and closes; otherwise the app opens the one the config names. */
  database?: Database;
  /** Key material for HMACs and sessions. */
  secret: string;
  /** Pino options, or false for silence (tests). Defaults to the structured logger. */
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const config = options.config ?? loadConfig();
  const serverOptions: FastifyServerOptions = {
    logger: options.logger ?? loggerOptions(config),
    // proxy-addr takes a hop count too; Fastify's types omit it.
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    bodyLimit: Limits.jsonBodyBytes,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // A first start creates the PGlite database (measured 10 s on 2 busy cores); Fastify's default is 10 s.
    pluginTimeout: 120_000,
    // Requests arriving while the server shuts down get Courtyard's 503 (error shape, Retry-After) below.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors,
    clientErrorHandler,
  };
  const app = Fastify(serverOptions).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('secret', options.secret);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.decorate('siteChanges', new SiteChanges());
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) {
      // A keep-alive client's next request during shutdown: send it to another instance, or back soon.
      reply.header('connection', 'close');
      throw notReady('The service is restarting; retry shortly.', 1);
    }
  });
  // Writes are JSON (or multipart where photos are uploaded, registered by those routes); plain text is not a body.
  app.removeContentTypeParser(['text/plain']);

  await app.register(errorHandler);
  await app.register(overload);
  await app.register(validation);
  await app.register(databasePlugin, { config, database: options.database });
  await app.register(eventHub);
  await app.register(pollChanges);
  await app.register(pollTallies);
  await app.register(webhookWorker);
  await app.register(scheduledJobs);
  await app.register(openapi, { version, publicUrl: config.publicUrl.origin });

  await app.register(healthRoutes);
  await app.register(publicApi, { prefix: '/api/v1/sites/:siteKey' });
  await app.register(adminApi, { prefix: '/admin/api' });
  await app.register(open311, { prefix: '/open311/v2' });
  await app.register(webRoutes);
  await app.register(hostedPages);
  await app.register(embedRoutes);

  return app;
}
