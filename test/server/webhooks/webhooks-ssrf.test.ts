// The SSRF guard: only public http(s) targets, checked when saved, at each attempt and at connect time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { webhookEndpoints } from '../../../packages/server/src/db/schema.js';
import { sendAttempt } from '../../../packages/server/src/webhooks/send.js';
import { guardedLookup, isPrivateAddress, refusalOf } from '../../../packages/server/src/webhooks/ssrf.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createCommunityWithSite } from '../../support/fixtures.js';
import { makeStaff, signIn } from '../../support/staff-fixtures.js';
import { type Receiver, startReceiver } from '../../support/webhook-receiver.js';

describe('the webhook SSRF guard', () => {
  it('knows private, loopback, link-local and reserved addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      '::7f00:1',
      '64:ff9b::7f00:1',
    ]) {
      assert.equal(isPrivateAddress(address), true, address);
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2400:3200::1', '::ffff:8.8.8.8', '::ffff:808:808']) {
      assert.equal(isPrivateAddress(address), false, address);
    }
  });

  it('refuses URLs that are not public http(s), unless private targets are allowed', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost/hook',
      'http://api.localhost/hook',
      'http://intranet/hook',
      'http://0x7f000001/hook',
      'http://2130706433/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::127.0.0.1]/hook',
      'http://[fd12::1]:8080/hook',
    ]) {
      assert.ok(refusalOf(url, false), url);
      assert.equal(refusalOf(url, true), null, `${url} when allowed`);
    }
    for (const url of ['file:///etc/passwd', 'gopher://example.org', 'https://a:b@example.org/', 'not a url']) {
      assert.ok(refusalOf(url, true), `${url} is refused even when private targets are allowed`);
    }
    assert.equal(refusalOf('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', false), null);
    assert.equal(refusalOf('https://8.8.8.8/hook', false), null);
  });

  it('refuses at connect time a name that resolves to a private address (DNS rebinding)', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      lookup('localhost', { all: true }, (err) => resolve(err)),
    );
    assert.equal(error?.code, 'EREFUSED');
    const allowed = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup(true)('localhost', { all: true }, (err) => resolve(err)),
    );
    assert.equal(allowed, null);
  });

  describe('in a production-like configuration (private targets not allowed)', () => {
    let harness: TestApp;
    let receiver: Receiver;
    let cookie: string;
    let communityId: string;

    before(async () => {
      receiver = await startReceiver();
      harness = await buildTestApp();
      const { community } = await createCommunityWithSite(harness.app.db);
      communityId = community.id;
      const admin = await makeStaff(harness.app.db, communityId, { role: 'admin' });
      cookie = (await signIn(harness.app, admin.email, admin.password)).cookie;
    });
    after(async () => {
      await harness.close();
      await receiver.close();
    });

    it('refuses to save a private target with a 400 saying why, and saves nothing', async () => {
      for (const url of [receiver.url(), 'http://169.254.169.254/latest', 'http://localhost:9/x']) {
        for (const [method, path] of [
          ['POST', '/admin/api/webhooks'],
          ['PATCH', null],
        ] as const) {
          let target: string | null = path;
          if (method === 'PATCH') {
            const [row] = await harness.app.db
              .insert(webhookEndpoints)
              .values({
                communityId,
                name: 'ok',
                url: 'https://example.org/hook',
                events: ['poll.closed'],
                secret: 'whsec_x',
              })
              .returning();
            target = `/admin/api/webhooks/${row!.id}`;
          }
          const response = await harness.app.inject({
            method,
            url: target as string,
            headers: { cookie, 'content-type': 'application/json' },
            payload: JSON.stringify(method === 'POST' ? { name: 'x', url, events: ['suggestion.created'] } : { url }),
          });
          assert.equal(response.statusCode, 400, `${method} ${url}`);
          assert.equal(response.json().error.code, 'COURTYARD_VALIDATION');
          assert.match(response.json().error.message, /body\.url is refused: it points to/);
        }
      }
      const saved = await harness.app.db
        .select()
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.communityId, communityId));
      assert.ok(
        saved.every((row) => row.url === 'https://example.org/hook'),
        'nothing private was saved',
      );
    });

    it('refuses at send time too, without a request leaving the server', async () => {
      const result = await sendAttempt({
        url: receiver.url(),
        body: '{}',
        headers: {},
        timeoutMs: 1000,
        allowPrivate: false,
      });
      assert.equal(result.statusCode, null);
      assert.match(result.error ?? '', /^refused: it points to a private/);
      assert.equal(receiver.received.length, 0);
    });
  });
});
