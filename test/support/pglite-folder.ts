// A migrated PGlite data folder, made once per migration set (cached in the temp folder) and copied for each
// test database and e2e server: they open a database with nothing to apply, as after an upgrade, instead of
// creating and migrating one (about 4 s of CPU) each. A test of the first start itself asks for an empty
// folder (startServer's `firstStart`).
//
// Copies go to memory (/dev/shm) where the machine has it: the 42 MB folder copies there in about 0.1 s,
// against 2 s (1.3 s of it system CPU) onto this machine's disk; and PGlite opening a folder reads only what
// it needs, where loading a dump unpacked all of it into its in-memory file system (0.85 s of CPU a database
// against 0.4 s).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { migrationsHash } from './migrations-hash.js';

const run = promisify(execFile);

/** Where data folders for one test go: memory when the machine has a writable /dev/shm, else the temp folder. */
export const scratchRoot = (() => {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
})();

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
  const source = await migratedFolder();
  // cp(1) copies the folder's 1,300 files in a tenth of the CPU node's fs.cp takes.
  if (process.platform === 'win32') await cp(source, dataDir, { recursive: true });
  else await run('cp', ['-R', `${source}/.`, dataDir]);
}

/** A new folder under scratchRoot holding a migrated PGlite database, and how to remove it. */
export async function migratedPgliteFolder(): Promise<{ dataDir: string; remove(): Promise<void> }> {
  const dataDir = await mkdtemp(join(scratchRoot, 'courtyard-pglite-'));
  await copyMigratedPglite(dataDir);
  return { dataDir, remove: () => rm(dataDir, { recursive: true, force: true }) };
}
