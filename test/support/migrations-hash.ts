// A short hash of the committed migrations and the PGlite version: migrated test databases are cached under
// it, so a new migration, or a PGlite whose data folders differ, makes a new one instead of reusing a stale one.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/server/drizzle, as the server finds it (packages/server/src/db/database.ts). */
export const migrationsFolder = fileURLToPath(new URL('../../packages/server/drizzle', import.meta.url));

/** PGlite's package.json (its exports do not offer it to import), where npm installs it for this repository. */
const pglitePackage = fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url));

export async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(migrationsFolder)).sort()) {
    if (name.endsWith('.sql')) hash.update(name).update(await readFile(join(migrationsFolder, name)));
  }
  hash.update(await readFile(join(migrationsFolder, 'meta', '_journal.json')));
  hash.update(await readFile(pglitePackage).catch(() => ''));
  return hash.digest('hex').slice(0, 16);
}
