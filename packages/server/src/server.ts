// Reads configuration, builds the app, listens, and shuts down gracefully on SIGTERM/SIGINT:
// stop accepting, let in-flight requests finish, close the database.
import { buildApp } from './app.js';
import { ConfigError, loadConfig, resolveSecret } from './config.js';
import { seedIfEmpty } from './seed/seed-if-empty.js';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(`courtyard: ${problem}`);
      process.exit(1);
    }
    throw error;
  }

  const secret = await resolveSecret(config);
  const app = await buildApp({ config, secret });
  if (config.nodeEnv === 'production' && app.database.driver === 'pglite') {
    app.log.warn(
      'Running on embedded PGlite with NODE_ENV=production: it is one connection in one process, made for trying Courtyard and for development. Set DATABASE_URL to a PostgreSQL database for real use (docs/deployment.md).',
    );
  }

  await seedIfEmpty(app);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // A client that never reads its response would hold shutdown forever: after the grace period its
    // connection is cut, and the database still closes cleanly.
    const cut = setTimeout(() => {
      app.log.warn('in-flight requests did not finish in time; closing their connections');
      app.server.closeAllConnections();
    }, config.shutdownGraceMs);
    const giveUp = setTimeout(() => {
      app.log.error('shutdown did not complete; exiting without closing the database');
      process.exit(1);
    }, config.shutdownGraceMs + 10_000);
    cut.unref();
    giveUp.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base =
    config.publicUrl.port === String(config.port) || config.publicUrl.hostname !== 'localhost'
      ? config.publicUrl.origin
      : `http://localhost:${port}`;
  const database = app.database.driver === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
  // Plain lines a person reads after `npm start`, beside the structured log.
  console.log(
    [
      '',
      `  Courtyard is running (${database})`,
      `  Demo community page  ${base}/`,
      `  Admin console        ${base}/admin`,
      `  API reference        ${base}/docs`,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error('courtyard: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
