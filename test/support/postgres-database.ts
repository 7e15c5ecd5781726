// A throwaway database on a PostgreSQL server, for one test file, one e2e server or one benchmark: empty, or
// a copy of a migrated template (CREATE DATABASE … TEMPLATE, about 0.1 s) instead of running every migration
// in every database (about 0.7 s and most of the server's CPU in a test run).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrationsHash } from './migrations-hash.js';

export interface ThrowawayDatabase {
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, statement: string) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// Any number: the key of the session lock under which one test process makes the template.
const TEMPLATE_LOCK = 7_351_020;
const templates = new Map<string, Promise<string>>();

/**
 * The name of a migrated database on this server for the committed migrations, made by the first test process
 * that asks (the others wait on an advisory lock, then find it). Nobody connects to it after: PostgreSQL copies
 * a template only while no session is open on it.
 */
function migratedTemplate(serverUrl: string): Promise<string> {
  let template = templates.get(serverUrl);
  if (!template) {
    template = (async () => {
      const name = `courtyard_template_${await migrationsHash()}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await admin`select pg_advisory_lock(${TEMPLATE_LOCK})`;
        const found = await admin`select 1 from pg_database where datname = ${name}`;
        if (found.length === 0) {
          // Migrated under another name and renamed when done: a template that exists is a whole one.
          const partial = `${name}_${process.pid}_${randomBytes(3).toString('hex')}`;
          await admin.unsafe(`create database ${partial}`);
          const { openDatabase } = await import('../../packages/server/src/db/database.js');
          const database = await openDatabase({ driver: 'postgres', url: databaseUrl(serverUrl, partial) });
          try {
            await database.migrate();
          } finally {
            await database.close();
          }
          await admin.unsafe(`alter database ${partial} rename to ${name}`);
        }
      } finally {
        await admin`select pg_advisory_unlock(${TEMPLATE_LOCK})`.catch(() => {});
        await admin.end();
      }
      return name;
    })();
    templates.set(serverUrl, template);
  }
  return template;
}

/** An empty database, or with `migrated` a copy of the migrated template (the server then has nothing to apply). */
export async function createPostgresDatabase(
  serverUrl: string,
  prefix = 't',
  options: { migrated?: boolean } = {},
): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const template = options.migrated ? ` template ${await migratedTemplate(serverUrl)}` : '';
  await onServer(serverUrl, `create database ${name}${template}`);
  return {
    url: databaseUrl(serverUrl, name),
    drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}
