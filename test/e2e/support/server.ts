// Starts the REAL server (node packages/server/dist/server.js, built by `npm test`) as a child process on a
// free port, with its own data folder, or its own database on the PostgreSQL server when DATABASE_URL is set.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { copyMigratedPglite, scratchRoot } from '../../support/pglite-folder.js';
import { createPostgresDatabase } from '../../support/postgres-database.js';
import { signInOverHttp } from '../../support/sign-in.js';

const serverEntry = new URL('../../../packages/server/dist/server.js', import.meta.url);
const repoRoot = new URL('../../../', import.meta.url);

export const ADMIN_EMAIL = 'admin@example.org';
export const ADMIN_PASSWORD = 'e2e-admin-password-7351';

/** Where a server keeps its data: reused by a second start to prove the first one closed it cleanly. */
export interface ServerStorage {
  dataDir: string;
  databaseUrl: string | undefined;
  /** Removes the data folder and drops the PostgreSQL database. */
  dispose(): Promise<void>;
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  storage: ServerStorage;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * A data folder, and a database of its own on the PostgreSQL server when DATABASE_URL is set. Either holds a
 * migrated database unless `firstStart` asks for an empty one, which the server then creates (PGlite) and
 * migrates as on a new install.
 */
export async function createStorage(options: { firstStart?: boolean } = {}): Promise<ServerStorage> {
  const dataDir = await mkdtemp(join(scratchRoot, 'courtyard-e2e-'));
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    if (!options.firstStart) await copyMigratedPglite(dataDir);
    return { dataDir, databaseUrl: undefined, dispose: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const throwaway = await createPostgresDatabase(serverUrl, 'e2e', { migrated: !options.firstStart });
  return {
    dataDir,
    databaseUrl: throwaway.url,
    dispose: async () => {
      await rm(dataDir, { recursive: true, force: true });
      await throwaway.drop();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServer(
  options: {
    storage?: ServerStorage;
    /** Without `storage`: start on an empty data folder, as `npm start` does the first time. */
    firstStart?: boolean;
    env?: NodeJS.ProcessEnv;
    /** Reuse a port (a restart at the same address). */
    port?: number;
  } = {},
) {
  const storage = options.storage ?? (await createStorage({ firstStart: options.firstStart }));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    COURTYARD_DATA_DIR: storage.dataDir,
    COURTYARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    COURTYARD_SECRET: 'e2e-secret-0123456789abcdef0123456789abcdef',
    LOG_LEVEL: 'warn',
    // The test machine runs several servers and browsers at once; the overload guard has its own test.
    COURTYARD_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
    ...(process.env.COURTYARD_SCHEMA_CACHE ? { COURTYARD_SCHEMA_CACHE: process.env.COURTYARD_SCHEMA_CACHE } : {}),
    ...options.env,
  };
  // The tests' own V8 flags for WebAssembly (test/run.mjs: --liftoff-only) reach the server's PGlite too.
  const wasmFlags = process.execArgv.filter((flag) => flag.startsWith('--liftoff'));
  const child = spawn(process.execPath, [...wasmFlags, serverEntry.pathname], { cwd: repoRoot.pathname, env });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const server: RunningServer = {
    url,
    process: child,
    storage,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  await waitUntilReady(server);
  return server;
}

async function waitUntilReady(server: RunningServer, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  server.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`the server exited with ${exitCode} before it was ready:\n${server.output()}`);
    }
    try {
      const response = await fetch(`${server.url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${server.output()}`);
}

/** Stops the server, removes its data, and fails unless it exited cleanly (code 0). */
export async function stopCleanly(server: RunningServer | undefined): Promise<void> {
  if (!server) return;
  const code = await server.stop();
  await server.storage.dispose();
  assert.equal(code, 0, `the server did not exit cleanly:\n${server.output()}`);
}

/** Signs the seeded admin in through the staff API and answers the session cookie (`name=value`). */
export function signInAsAdmin(url: string): Promise<string> {
  return signInOverHttp(url, ADMIN_EMAIL, ADMIN_PASSWORD);
}

/** The staff API as the console calls it (session cookie, same-origin JSON); fails unless it answers 2xx. */
export async function staffApi(url: string, cookie: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}/admin/api${path}`, {
    method,
    headers: { cookie, origin: url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return response.json();
}
