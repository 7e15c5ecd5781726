import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { runCli } from '../../../packages/server/src/cli/run.js';
import { sites } from '../../../packages/server/src/db/schema.js';
import { SITE_CACHE_TTL_MS } from '../../../packages/server/src/plugins/tenancy.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { signIn } from '../../support/staff-fixtures.js';

function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

describe('the courtyard CLI', () => {
  let harness: TestApp;
  before(async () => {
    harness = await buildTestApp();
  });
  after(() => harness.close());

  async function originsOf(siteKey: string) {
    const [site] = await harness.app.db.select().from(sites).where(eq(sites.siteKey, siteKey));
    return site?.allowedOrigins;
  }

  async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(args, {
      env,
      stdout: (line) => stdout.push(line),
      stderr: (line) => stderr.push(line),
      database: harness.testDatabase.database,
    });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  it('creates a community, a site and a staff member who can then sign in', async () => {
    const community = await cli([
      'community',
      'create',
      '--slug',
      'fangzhuang',
      '--name-zh',
      '芳庄社区',
      '--name-en',
      'Fangzhuang Community',
    ]);
    assert.equal(community.code, 0, community.stderr);
    assert.match(community.stdout, /^Created community fangzhuang \(/);

    const site = await cli([
      'site',
      'create',
      '--community',
      'fangzhuang',
      '--key',
      'fz-www',
      '--origin',
      'https://www.fangzhuang.example.org',
      '--origin',
      'https://fangzhuang.example.org',
    ]);
    assert.equal(site.code, 0, site.stderr);
    const siteRow = rows<{ allowed_origins: string[]; allow_localhost: boolean }>(
      await harness.app.db.execute(sql`select allowed_origins, allow_localhost from sites where site_key = 'fz-www'`),
    )[0];
    assert.deepEqual(siteRow?.allowed_origins, [
      'https://www.fangzhuang.example.org',
      'https://fangzhuang.example.org',
    ]);
    assert.equal(siteRow?.allow_localhost, false);

    const staff = await cli(
      [
        'staff',
        'create',
        '--community',
        'fangzhuang',
        '--email',
        'Li.Wei@Example.org',
        '--name',
        '李伟',
        '--role',
        'admin',
      ],
      { COURTYARD_STAFF_PASSWORD: 'a long enough password' },
    );
    assert.equal(staff.code, 0, staff.stderr);
    assert.doesNotMatch(staff.stdout, /Password/);

    const { response } = await signIn(harness.app, 'li.wei@example.org', 'a long enough password');
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().staff.role, 'admin');
    assert.equal(response.json().staff.community.slug, 'fangzhuang');

    const audited = rows<{ action: string; actor_type: string }>(
      await harness.app.db.execute(
        sql`select a.action, a.actor_type from audit_log a join communities c on c.id = a.community_id where c.slug = 'fangzhuang' order by a.id`,
      ),
    );
    assert.deepEqual(
      audited.slice(0, 3).map((row) => `${row.actor_type}:${row.action}`),
      ['cli:community.created', 'cli:site.created', 'cli:staff.created'],
    );

    const listed = await cli(['site', 'list', '--community', 'fangzhuang']);
    assert.match(listed.stdout, /^fz-www\tfangzhuang\t/);
    assert.match((await cli(['community', 'list'])).stdout, /fangzhuang\t芳庄社区 \/ Fangzhuang Community/);
  });

  it('generates a password when none is given, prints it once, and a reset replaces it and signs out', async () => {
    await cli(['community', 'create', '--slug', 'majiabao', '--name-zh', '马家堡社区']);
    const created = await cli([
      'staff',
      'create',
      '--community',
      'majiabao',
      '--email',
      'grid@example.org',
      '--name',
      '网格员',
    ]);
    assert.equal(created.code, 0, created.stderr);
    const password = /Password \(shown only now[^)]*\): (\S+)/.exec(created.stdout)?.[1];
    assert.ok(password && password.length >= 20);
    const { response, cookie } = await signIn(harness.app, 'grid@example.org', password);
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().staff.role, 'staff');

    const reset = await cli([
      'staff',
      'reset-password',
      '--email',
      'grid@example.org',
      '--password',
      'the new password 2',
    ]);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /ended 1 session/);
    const session = await harness.app.inject({ method: 'GET', url: '/admin/api/session', headers: { cookie } });
    assert.equal(session.statusCode, 401);
    assert.equal((await signIn(harness.app, 'grid@example.org', password)).response.statusCode, 401);
    assert.equal((await signIn(harness.app, 'grid@example.org', 'the new password 2')).response.statusCode, 200);

    const deactivated = await cli(['staff', 'deactivate', '--email', 'grid@example.org']);
    assert.equal(deactivated.code, 0, deactivated.stderr);
    assert.equal((await signIn(harness.app, 'grid@example.org', 'the new password 2')).response.statusCode, 401);
  });

  it("adds and removes an origin of an existing site, audited, and running servers follow within the site cache's time", async () => {
    const { site } = await createCommunityWithSite(harness.app.db, { allowedOrigins: ['https://www.example.org'] });
    const page = 'https://news.example.org';
    const config = () =>
      harness.app.inject({ method: 'GET', url: `/api/v1/sites/${site.siteKey}/config`, headers: { origin: page } });
    assert.equal((await config()).statusCode, 403);

    const added = await cli(['site', 'origin', 'add', site.siteKey, page]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(
      added.stdout,
      new RegExp(
        `^Allowed ${page} for site ${site.siteKey}; allowed origins: https://www\\.example\\.org ${page}$`,
        'm',
      ),
    );
    assert.match(added.stdout, /within 5 seconds/);
    assert.deepEqual(await originsOf(site.siteKey), ['https://www.example.org', page]);
    await new Promise((resolve) => setTimeout(resolve, SITE_CACHE_TTL_MS + 100));
    assert.equal((await config()).statusCode, 200);

    const removed = await cli(['site', 'origin', 'remove', site.siteKey, page]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, new RegExp(`^Stopped allowing ${page} for site ${site.siteKey}`));
    assert.deepEqual(await originsOf(site.siteKey), ['https://www.example.org']);
    await new Promise((resolve) => setTimeout(resolve, SITE_CACHE_TTL_MS + 100));
    assert.equal((await config()).statusCode, 403);

    const audited = rows<{ action: string; actor_type: string; after: { allowedOrigins: string[] } }>(
      await harness.app.db.execute(
        sql`select action, actor_type, after from audit_log where subject_id = ${site.id} order by id`,
      ),
    );
    assert.deepEqual(
      audited.map((row) => `${row.actor_type}:${row.action}:${row.after.allowedOrigins.length}`),
      ['cli:site.origin_added:2', 'cli:site.origin_removed:1'],
    );
  });

  it('refuses an origin change the staff API would refuse, with one clear line, changing nothing', async () => {
    const { site } = await createCommunityWithSite(harness.app.db, { allowedOrigins: ['https://www.example.org'] });
    const cases: [string[], number, RegExp][] = [
      [
        ['site', 'origin', 'add', site.siteKey, 'https://a.example.org/'],
        1,
        /did you mean https:\/\/a\.example\.org\?/,
      ],
      [['site', 'origin', 'add', site.siteKey, 'https://*.example.org'], 1, /wildcards are not allowed/],
      [['site', 'origin', 'add', site.siteKey, 'https://www.example.org'], 1, /already allowed/],
      [['site', 'origin', 'add', 'no-such-site', 'https://a.example.org'], 1, /no site has the key "no-such-site"/],
      [['site', 'origin', 'remove', site.siteKey, 'https://a.example.org'], 1, /is not an allowed origin of the site/],
      [['site', 'origin', 'add', site.siteKey], 2, /usage: courtyard site origin add <site-key> <origin>/],
      [['site', 'origin', 'remove', site.siteKey, 'https://www.example.org', 'x'], 2, /usage: /],
    ];
    for (const [args, code, message] of cases) {
      const result = await cli(args);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.split('\n').length, 1, result.stderr);
      assert.match(result.stderr, message);
    }
    assert.deepEqual(await originsOf(site.siteKey), ['https://www.example.org']);
  });

  it('refuses bad input with one clear line and changes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['community', 'create', '--slug', 'Bad Slug', '--name-en', 'X'], /--slug "Bad Slug" must be lower-case/],
      [['community', 'create', '--slug', 'noname'], /give the community a name/],
      [
        ['community', 'create', '--slug', 'tz', '--name-en', 'X', '--time-zone', 'Mars/Olympus'],
        /not an IANA time zone/,
      ],
      [['community', 'create', '--slug', 'fangzhuang', '--name-en', 'Again'], /already exists/],
      [
        ['site', 'create', '--community', 'fangzhuang', '--key', 'k1', '--origin', 'https://a.example.org/'],
        /exact origin.*did you mean https:\/\/a\.example\.org\?/,
      ],
      [
        ['site', 'create', '--community', 'fangzhuang', '--key', 'k2', '--origin', 'ftp://a.example.org'],
        /must start with https:\/\//,
      ],
      [['site', 'create', '--community', 'fangzhuang', '--key', 'k3', '--origin', 'www.example.org'], /is not a URL/],
      [['site', 'create', '--community', 'fangzhuang', '--key', 'k4'], /at least one --origin/],
      [
        ['site', 'create', '--community', 'nowhere', '--key', 'k5', '--allow-localhost'],
        /no community has the slug "nowhere"/,
      ],
      [
        ['staff', 'create', '--community', 'fangzhuang', '--email', 'not-an-email', '--name', 'X'],
        /is not an email address/,
      ],
      [
        ['staff', 'create', '--community', 'fangzhuang', '--email', 'x@example.org', '--name', 'X', '--role', 'root'],
        /--role must be admin or staff/,
      ],
      [
        [
          'staff',
          'create',
          '--community',
          'fangzhuang',
          '--email',
          'x@example.org',
          '--name',
          'X',
          '--password',
          'short',
        ],
        /10 to 200 characters/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      assert.equal(result.code, 1, args.join(' '));
      assert.equal(result.stderr.split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^courtyard: /);
      assert.match(result.stderr, message);
    }
    const sites = rows<{ n: number }>(
      await harness.app.db.execute(sql`select count(*)::int as n from sites where site_key like 'k%'`),
    );
    assert.equal(Number(sites[0]?.n), 0);
    const unknown = await cli(['staff', 'create', '--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^courtyard: .*--bogus/);
  });
});
