// An operator's first day with the built command (`npm run courtyard -- …`, packages/server/dist/cli/
// courtyard.js): on a new, empty database the first command migrates it, the next set up a community, a site
// and a staff member, and the server started on that database lets the staff member in. The commands' rules
// (input, refusals, audit) are tested in-process in test/server/cli/cli.test.ts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { signInOverHttp } from '../support/sign-in.js';
import { createStorage, startServer } from './support/server.js';

const cliEntry = new URL('../../packages/server/dist/cli/courtyard.js', import.meta.url).pathname;
const execFileAsync = promisify(execFile);

describe('the courtyard command as a process', () => {
  it('migrates a new database, sets up a community on it, and the server started there lets its staff in', async () => {
    const storage = await createStorage({ firstStart: true });
    const database = storage.databaseUrl
      ? { DATABASE_URL: storage.databaseUrl }
      : { COURTYARD_DATA_DIR: storage.dataDir };
    // The tests' own V8 flags for WebAssembly (test/run.mjs: --liftoff-only) reach the command's PGlite too.
    const wasmFlags = process.execArgv.filter((flag) => flag.startsWith('--liftoff'));
    const run = (...args: string[]) =>
      execFileAsync(process.execPath, [...wasmFlags, cliEntry, ...args], {
        env: { PATH: process.env.PATH, ...database, COURTYARD_STAFF_PASSWORD: 'process password 1' },
        timeout: 60_000,
      });
    try {
      await run('community', 'create', '--slug', 'youanmen', '--name-zh', '右安门社区', '--language', 'zh-CN');
      await run('site', 'create', '--community', 'youanmen', '--key', 'yam', '--allow-localhost');
      const { stdout } = await run(
        'staff',
        'create',
        '--community',
        'youanmen',
        '--email',
        'w@example.org',
        '--name',
        '王',
      );
      assert.match(stdout, /Created staff w@example\.org/);
      const failure = await run('site', 'create', '--community', 'youanmen', '--key', 'yam', '--allow-localhost').then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      assert.equal(failure?.code, 1);
      assert.equal(failure?.stderr.trim(), 'courtyard: a site with the key "yam" already exists');

      const server = await startServer({ storage });
      try {
        const cookie = await signInOverHttp(server.url, 'w@example.org', 'process password 1');
        const session = await fetch(`${server.url}/admin/api/session`, { headers: { cookie } });
        assert.equal(session.status, 200);
        const { staff } = (await session.json()) as { staff: { community: { names: Record<string, string> } } };
        assert.equal(staff.community.names['zh-CN'], '右安门社区');
      } finally {
        await server.stop();
      }
    } finally {
      await storage.dispose();
    }
  });
});
