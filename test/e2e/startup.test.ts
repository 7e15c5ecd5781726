// What an operator sees when starting the real server process: configuration problems one per line (and no
// start), and a warning when the embedded database is used in production.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { startServer } from './support/server.js';

const serverEntry = new URL('../../packages/server/dist/server.js', import.meta.url).pathname;

function runServer(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [serverEntry], { env: { PATH: process.env.PATH, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('starting the server', () => {
  it('refuses to start on bad configuration, with one line per problem', async () => {
    const { code, output } = await runServer({
      PORT: 'eighty',
      PUBLIC_URL: 'https://example.org/path',
      NODE_ENV: 'production',
    });
    assert.equal(code, 1);
    const lines = output.trim().split('\n');
    assert.equal(lines.length, 3, output);
    assert.ok(
      lines.every((line) => line.startsWith('courtyard: ')),
      output,
    );
    assert.match(output, /PORT must be a whole number/);
    assert.match(output, /PUBLIC_URL must be an origin without a path/);
    assert.match(output, /COURTYARD_SECRET is required when NODE_ENV=production/);
  });

  it('refuses to start in production on plain http or with a guessable secret, one line each', async () => {
    const { code, output } = await runServer({
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://courtyard.example.org',
      COURTYARD_SECRET: 'CHANGE-ME-openssl-rand-hex-32-now',
    });
    assert.equal(code, 1);
    assert.deepEqual(
      output
        .trim()
        .split('\n')
        .map((line) => line.split(' ').slice(0, 2).join(' ')),
      ['courtyard: PUBLIC_URL', 'courtyard: COURTYARD_SECRET'],
      output,
    );
    assert.match(output, /PUBLIC_URL must start with https:\/\/ when NODE_ENV=production/);
    assert.match(output, /COURTYARD_SECRET is too guessable for NODE_ENV=production/);
    assert.doesNotMatch(output, /CHANGE-ME-openssl-rand-hex-32-now/);
  });

  it('warns when the embedded database runs with NODE_ENV=production, and only then', async () => {
    // Production needs an https PUBLIC_URL (the proxy's) and a generated secret; the test talks to the port.
    const server = await startServer({
      env: {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://courtyard.example.org',
        COURTYARD_SECRET: randomBytes(32).toString('hex'),
        // As a production server runs: compiling its route checks itself, not loading the tests' cache.
        COURTYARD_SCHEMA_CACHE: '',
      },
    });
    try {
      const warned = /Running on embedded PGlite with NODE_ENV=production/.test(server.output());
      assert.equal(warned, !process.env.DATABASE_URL, server.output());
      const refused = await fetch(`${server.url}/api/v1/sites/demo/suggestions?limit=500`);
      assert.equal(refused.status, 400);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'COURTYARD_VALIDATION');
      assert.match(body.error.message, /limit/);
    } finally {
      await server.stop();
      await server.storage.dispose();
    }
  });
});
