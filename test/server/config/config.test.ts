import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  defaultProofOfWork,
  defaultRateLimits,
  loadConfig,
  resolveSecret,
} from '../../../packages/server/src/config.js';
import { configProblems } from '../../support/config-problems.js';

describe('configuration from the environment', () => {
  it('starts with nothing set: port 8080, PGlite in ./.courtyard, default limits', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.publicUrl.origin, 'http://localhost:8080');
    assert.equal(config.databaseUrl, undefined);
    assert.match(config.dataDir, /\.courtyard$/);
    assert.deepEqual(config.rateLimits, defaultRateLimits);
    assert.equal(config.trustProxy, false);
  });

  it('reports every problem on its own line instead of starting', () => {
    const problems = configProblems({
      PORT: 'eighty',
      PUBLIC_URL: 'ftp://example.org',
      DATABASE_URL: 'mysql://x',
      COURTYARD_SECRET: 'short',
      COURTYARD_RATE_IP_HARD: '-1',
      LOG_LEVEL: 'loud',
    });
    assert.equal(problems.length, 6);
    for (const name of [
      'PORT',
      'PUBLIC_URL',
      'DATABASE_URL',
      'COURTYARD_SECRET',
      'COURTYARD_RATE_IP_HARD',
      'LOG_LEVEL',
    ]) {
      assert.ok(
        problems.some((problem) => problem.startsWith(name)),
        `a line names ${name}`,
      );
    }
    assert.ok(problems.every((problem) => !problem.includes('\n')));
  });

  it('refuses a public URL with a path', () => {
    assert.equal(configProblems({ PUBLIC_URL: 'https://example.org/courtyard' }).length, 1);
  });

  it('requires PUBLIC_URL and COURTYARD_SECRET in production', () => {
    assert.deepEqual(
      configProblems({ NODE_ENV: 'production' }).map((p) => p.split(' ')[0]),
      ['PUBLIC_URL', 'COURTYARD_SECRET'],
    );
    const secret = randomBytes(32).toString('hex');
    const env = { NODE_ENV: 'production', PUBLIC_URL: 'https://courtyard.example.org', COURTYARD_SECRET: secret };
    assert.equal(configProblems(env).length, 0);
  });

  it('reads TRUST_PROXY as on/off, a hop count or a list of proxies', () => {
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }).trustProxy, '127.0.0.1,10.0.0.0/8');
  });

  it('takes rate limits from the environment', () => {
    const config = loadConfig({ COURTYARD_RATE_IP_SOFT: '3', COURTYARD_RATE_WINDOW_MS: '1000' });
    assert.equal(config.rateLimits.ipSoft, 3);
    assert.equal(config.rateLimits.windowMs, 1000);
  });

  it('takes the proof of work from the environment, within bounds', () => {
    assert.deepEqual(loadConfig({}).proofOfWork, defaultProofOfWork);
    const config = loadConfig({
      COURTYARD_POW_DIFFICULTY: '50000',
      COURTYARD_POW_COST: '200',
      COURTYARD_POW_TTL_SECONDS: '60',
    });
    assert.deepEqual(config.proofOfWork, { difficulty: 50000, cost: 200, ttlSeconds: 60 });
    assert.deepEqual(
      configProblems({ COURTYARD_POW_DIFFICULTY: '1', COURTYARD_POW_COST: '0', COURTYARD_POW_TTL_SECONDS: '5' }).map(
        (problem) => problem.split(' ')[0],
      ),
      ['COURTYARD_POW_COST', 'COURTYARD_POW_DIFFICULTY', 'COURTYARD_POW_TTL_SECONDS'],
    );
  });

  it('takes the open-stream caps from the environment, 250 per client and 10,000 in all by default', () => {
    assert.deepEqual(loadConfig({}).streams, { perClient: 250, total: 10_000 });
    const config = loadConfig({ COURTYARD_STREAMS_PER_CLIENT: '20', COURTYARD_STREAMS_TOTAL: '500' });
    assert.deepEqual(config.streams, { perClient: 20, total: 500 });
    assert.deepEqual(
      configProblems({ COURTYARD_STREAMS_PER_CLIENT: '0', COURTYARD_STREAMS_TOTAL: 'many' }).map(
        (p) => p.split(' ')[0],
      ),
      ['COURTYARD_STREAMS_PER_CLIENT', 'COURTYARD_STREAMS_TOTAL'],
    );
  });

  it('generates a development secret once into the data folder and keeps it', async (t) => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'courtyard-secret-')), 'a', 'b');
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    const config = loadConfig({ COURTYARD_DATA_DIR: dataDir });
    const first = await resolveSecret(config);
    assert.equal(first.length, 64);
    assert.equal(await resolveSecret(config), first);
    assert.equal((await readFile(join(dataDir, 'secret'), 'utf8')).trim(), first);
    const configured = loadConfig({ COURTYARD_DATA_DIR: dataDir, COURTYARD_SECRET: 'y'.repeat(40) });
    assert.equal(await resolveSecret(configured), 'y'.repeat(40));
  });
});
