import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../packages/server/src/config.js';
import { configProblems } from '../../support/config-problems.js';

const strongSecret = () => randomBytes(32).toString('hex');
const production = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://courtyard.example.org',
  COURTYARD_SECRET: strongSecret(),
  ...env,
});

/** The variables of an env file (`NAME=value` lines; comments and blank lines skipped). */
async function envFile(path: string): Promise<NodeJS.ProcessEnv> {
  const text = await readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');
  const entries = text
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return Object.fromEntries(entries);
}

describe('configuration refused in production', () => {
  it('starts with an https PUBLIC_URL and a generated secret', () => {
    const config = loadConfig(production());
    assert.equal(config.publicUrl.origin, 'https://courtyard.example.org');
  });

  it('keeps staff password hashes at scrypt N = 2^15 or above: a test-cheap cost is refused', () => {
    assert.equal(loadConfig(production()).passwordHashCost, 15);
    assert.equal(loadConfig(production({ COURTYARD_PASSWORD_HASH_COST: '16' })).passwordHashCost, 16);
    const problems = configProblems(production({ COURTYARD_PASSWORD_HASH_COST: '10' }));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] as string, /^COURTYARD_PASSWORD_HASH_COST must be a whole number from 15 to 20/);
  });

  it('requires PUBLIC_URL, in one line naming it', () => {
    const problems = configProblems(production({ PUBLIC_URL: undefined }));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] as string, /^PUBLIC_URL is required when NODE_ENV=production/);
  });

  it('refuses an http PUBLIC_URL, even on localhost', () => {
    for (const url of ['http://courtyard.example.org', 'http://localhost:8080', 'http://127.0.0.1:8080']) {
      const problems = configProblems(production({ PUBLIC_URL: url }));
      assert.equal(problems.length, 1, `${url}: ${problems.join('\n')}`);
      assert.match(problems[0] as string, /^PUBLIC_URL must start with https:\/\/ when NODE_ENV=production/);
    }
  });

  it('reports a malformed PUBLIC_URL once, not also as missing https', () => {
    assert.deepEqual(configProblems(production({ PUBLIC_URL: 'not a url' })), ['PUBLIC_URL is not a URL: "not a url"']);
  });

  it('refuses guessable secrets of the allowed length, without printing them', () => {
    for (const secret of [
      'x'.repeat(32),
      '0123456789abcdef0123456789abcdef',
      'abcdefghijklmnopqrstuvwxyz012345',
      'abc123abc123abc123abc123abc123abc123',
      'CHANGE-ME-openssl-rand-hex-32-please',
      'our-courtyard-secret-for-the-community',
      `${'a1b2'.repeat(10)}`,
    ]) {
      const problems = configProblems(production({ COURTYARD_SECRET: secret }));
      assert.equal(problems.length, 1, `${secret}: ${problems.join('\n')}`);
      assert.match(
        problems[0] as string,
        /^COURTYARD_SECRET is too guessable for NODE_ENV=production \(.+\): generate/,
      );
      assert.equal((problems[0] as string).includes(secret), false, 'the secret is not echoed');
      assert.equal((problems[0] as string).includes('\n'), false);
    }
  });

  it('accepts secrets made by the usual generators', () => {
    for (let round = 0; round < 200; round++) {
      for (const secret of [
        randomBytes(32).toString('hex'),
        randomBytes(16).toString('hex'),
        randomBytes(32).toString('base64'),
        randomBytes(24).toString('base64url'),
        `${randomUUID()}`,
      ]) {
        assert.deepEqual(configProblems(production({ COURTYARD_SECRET: secret })), [], secret);
      }
    }
  });

  it('lists every production problem together, one line each', () => {
    const problems = configProblems({
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://example.org',
      COURTYARD_SECRET: 'z'.repeat(40),
    });
    assert.deepEqual(
      problems.map((problem) => problem.split(' ')[0]),
      ['PUBLIC_URL', 'COURTYARD_SECRET'],
    );
  });

  it('leaves development and tests as they were: http and any secret of 32 characters', () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      assert.deepEqual(
        configProblems({ NODE_ENV, PUBLIC_URL: 'http://localhost:8080', COURTYARD_SECRET: 'x'.repeat(32) }),
        [],
      );
    }
  });

  it('refuses the deployment example until its secret is generated, and then starts', async () => {
    const example = await envFile('examples/deploy/courtyard.env.example');
    const asShipped = configProblems({ ...example, NODE_ENV: 'production' });
    assert.equal(asShipped.length, 1, asShipped.join('\n'));
    assert.match(asShipped[0] as string, /^COURTYARD_SECRET /);
    const config = loadConfig({ ...example, NODE_ENV: 'production', COURTYARD_SECRET: strongSecret() });
    assert.equal(config.publicUrl.protocol, 'https:');
  });
});
