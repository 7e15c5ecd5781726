// A migrated PGlite data folder for e2e servers, made once per migration set (cached in the temp folder, as
// the server tests' template is) and copied for each server: the server then opens a database with nothing
// to apply, as after an upgrade, instead of creating and migrating one (about 4 s of CPU) in every test file.
// A test of the first start itself asks for an empty folder (startServer's `firstStart`).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsHash } from './migrations-hash.js';

let folder: Promise<string> | undefined;

function migratedFolder(): Promise<string> {
  folder ??= (async () => {
    const cached = join(tmpdir(), `courtyard-pglite-folder-${await migrationsHash()}`);
    if (existsSync(cached)) return cached;
    const partial = `${cached}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const { openDatabase } = await import('../../packages/server/src/db/database.js');
    const database = await openDatabase({ driver: 'pglite', dataDir: partial });
    await database.migrate();
    await database.close();
    // Another test process may have finished first: then its folder stays and this one goes.
    await rename(partial, cached).catch(() => rm(partial, { recursive: true, force: true }));
    return cached;
  })();
  return folder;
}

/** Fills `dataDir` (empty) with a migrated PGlite database. */
export async function copyMigratedPglite(dataDir: string): Promise<void> {
  await cp(await migratedFolder(), dataDir, { recursive: true });
}
