// Decorates the app with its database. The app opens (and closes) the database named by the config,
// unless the caller hands in one it owns (tests share a migrated database between apps).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    /** Shorthand for `database.db`, the drizzle handle repositories take. */
    db: Database['db'];
  }
}

export interface DatabasePluginOptions {
  config: Config;
  database?: Database;
  /** Apply migrations at boot (default true). */
  migrate?: boolean;
}

export default fp<DatabasePluginOptions>(
  async function databasePlugin(app: FastifyInstance, options) {
    const owned = options.database === undefined;
    const database =
      options.database ??
      (await openDatabase(
        options.config.databaseUrl
          ? { driver: 'postgres', url: options.config.databaseUrl }
          : { driver: 'pglite', dataDir: options.config.dataDir },
      ));
    if (options.migrate !== false) await database.migrate();
    app.decorate('database', database);
    app.decorate('db', database.db);
    if (owned) app.addHook('onClose', () => database.close());
  },
  { name: 'courtyard-database' },
);
