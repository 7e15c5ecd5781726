import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { type ConfigError, loadConfig } from '../../../packages/server/src/config.js';
import { sendTomorrowReminders } from '../../../packages/server/src/jobs/rota-reminders.js';
import { vapidKeysFor } from '../../../packages/server/src/push/keys.js';
import { pushEndpointRefusal } from '../../../packages/server/src/push/send.js';
import { newVapidKeyPair, vapidAuthorization, vapidKeysOf } from '../../../packages/server/src/push/vapid.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { rows, usingPostgres } from '../../support/database.js';
import { assertError } from '../../support/errors.js';
import { type PushReceiver, startPushReceiver, type TestSubscription } from '../../support/push-receiver.js';
import { dayFromToday, type RotaCommunity, rotaCommunity, voterToken } from '../../support/rota-fixtures.js';

describe(`web push reminders of rota duties (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let harness: TestApp;
  let place: RotaCommunity;
  let receiver: PushReceiver;
  let rotaId: string;

  const subscriptions = async () =>
    rows<{ count: number }>(
      await harness.app.db.execute(sql`select count(*)::int as count from rota_push_subscriptions`),
    )[0]?.count;
  const signUp = async (room: string, token: string, day = dayFromToday(1)) => {
    const response = await place.write('POST', `/rotas/${rotaId}/signups`, { room, dates: [day], voterToken: token });
    assert.equal(response.statusCode, 201, response.body);
  };
  const subscribe = (token: string, subscription: Pick<TestSubscription, 'endpoint' | 'keys'>, lang = 'zh-CN') =>
    place.write('POST', `/rotas/${rotaId}/reminders`, {
      voterToken: token,
      lang,
      subscription: { endpoint: subscription.endpoint, expirationTime: null, keys: subscription.keys },
    });
  const round = (retryAfterSeconds?: number) =>
    sendTomorrowReminders(harness.app.db, harness.app.config, () => vapidKeysFor(harness.app), { retryAfterSeconds });
  const messagesTo = (path: string) => receiver.received.filter((push) => push.path === path);

  before(async () => {
    receiver = await startPushReceiver();
    harness = await buildTestApp({
      // A local http receiver stands in for the push service; any hour counts as the evening before.
      env: { COURTYARD_PUSH_ALLOW_PRIVATE: 'true', COURTYARD_ROTA_REMINDER_HOUR: '0' },
    });
    place = await rotaCommunity(harness.app);
    rotaId = await place.createRota({ perDay: 10 });
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });

  it('sends a household on duty tomorrow one encrypted, VAPID-signed reminder the browser can read', async () => {
    const token = voterToken();
    await signUp('101', token);
    const browser = receiver.subscription('/push/one');
    const response = await subscribe(token, browser);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { subscribed: true });

    const first = await round();
    assert.equal(first.sent, 1);
    const [push, ...more] = messagesTo('/push/one');
    assert.equal(more.length, 0);
    assert.deepEqual(push?.message, {
      rota: '5号楼1单元楼道值日',
      date: dayFromToday(1),
      task: '扫楼梯、擦扶手',
      url: `http://localhost:8080/p/${place.site.siteKey}/rotas/${rotaId}?lang=zh-CN`,
      lang: 'zh-CN',
    });
    assert.equal(push?.headers['content-encoding'], 'aes128gcm');
    assert.equal(push?.headers.urgency, 'normal');
    assert.ok(Number(push?.headers.ttl) > 0);
    assert.equal(push?.vapidKey, (await vapidKeysFor(harness.app)).publicKey);
    assert.equal(push?.claims.sub, 'http://localhost:8080');
    const now = Date.now() / 1000;
    assert.ok(push && push.claims.exp > now && push.claims.exp <= now + 24 * 3600, 'the JWT expires within 24 hours');

    // Once a household and day: the next rounds send nothing more.
    await round(0);
    await round(0);
    assert.equal(messagesTo('/push/one').length, 1);
  });

  it('gives the hosted page the VAPID key, its reminder script and worker, and a Home Screen manifest', async () => {
    const base = `/p/${place.site.siteKey}/rotas/${rotaId}`;
    const page = await harness.app.inject({ url: `${base}?lang=en` });
    assert.equal(page.statusCode, 200);
    const { publicKey } = await vapidKeysFor(harness.app);
    assert.match(page.body, new RegExp(`<button type="button" id="rota-push" hidden data-key="${publicKey}"`));
    assert.match(page.body, /Remind me on this phone/);
    assert.match(page.body, /<script src="\/p\/rota-reminders.js" defer><\/script>/);
    assert.match(page.body, new RegExp(`<link rel="manifest" href="${base}/manifest.webmanifest\\?lang=en">`));
    assert.match((await harness.app.inject({ url: base })).body, /在这部手机上提醒我/);

    const worker = await harness.app.inject({ url: '/p/rota-reminders-sw.js' });
    assert.equal(worker.statusCode, 200);
    assert.match(String(worker.headers['content-type']), /^text\/javascript/);
    assert.equal(worker.headers['content-security-policy'], "default-src 'none'");
    assert.match(worker.body, /addEventListener\('push'/);
    assert.match(worker.body, /明天轮到您值日/);
    assert.match(worker.body, /You are on duty tomorrow/);
    const script = await harness.app.inject({ url: '/p/rota-reminders.js' });
    assert.equal(script.statusCode, 200);
    assert.match(script.body, /requestPermission/);

    const manifest = await harness.app.inject({ url: `${base}/manifest.webmanifest?lang=en` });
    assert.equal(manifest.statusCode, 200);
    assert.match(String(manifest.headers['content-type']), /^application\/manifest\+json/);
    assert.deepEqual(manifest.json(), {
      name: 'Duty rota · 5号楼1单元楼道值日',
      short_name: 'Duty rota',
      lang: 'en',
      start_url: `${base}?lang=en`,
      id: `${base}?lang=en`,
      scope: base,
      display: 'standalone',
    });
    assert.equal(
      (await harness.app.inject({ url: `/p/${place.site.siteKey}/rotas/${randomUUID()}/manifest.webmanifest` }))
        .statusCode,
      404,
    );
  });

  it('keeps the same VAPID key for every sender of the instance: it is stored once', async () => {
    const stored = rows<{ public_key: string; count: number }>(
      await harness.app.db.execute(
        sql`select public_key, (select count(*)::int from vapid_keys) as count from vapid_keys`,
      ),
    )[0];
    assert.equal(stored?.count, 1);
    assert.equal(stored?.public_key, (await vapidKeysFor(harness.app)).publicKey);
  });

  it('tries again later when the push service fails (5xx or 429), and sends once it answers', async () => {
    const token = voterToken();
    await signUp('201', token);
    const browser = receiver.subscription('/push/flaky');
    assert.equal((await subscribe(token, browser, 'en')).statusCode, 200);
    receiver.answer('/push/flaky', 503, 429);

    assert.equal((await round(0)).retrying, 1);
    assert.equal((await round(0)).retrying, 1);
    assert.equal((await round(0)).sent, 1);
    await round(0);
    const pushes = messagesTo('/push/flaky');
    assert.equal(pushes.length, 3);
    assert.deepEqual(pushes[2]?.message, {
      rota: '5号楼1单元楼道值日',
      date: dayFromToday(1),
      task: '扫楼梯, 擦扶手',
      url: `http://localhost:8080/p/${place.site.siteKey}/rotas/${rotaId}?lang=en`,
      lang: 'en',
    });
  });

  it('does not try again before the retry time has come', async () => {
    const token = voterToken();
    await signUp('301', token);
    assert.equal((await subscribe(token, receiver.subscription('/push/later'))).statusCode, 200);
    receiver.answer('/push/later', 500);
    assert.equal((await round()).retrying, 1);
    assert.equal((await round()).retrying, 0);
    assert.equal(messagesTo('/push/later').length, 1);
  });

  it('deletes the subscription when the push service answers 410 Gone (the browser unsubscribed)', async () => {
    const token = voterToken();
    await signUp('401', token);
    assert.equal((await subscribe(token, receiver.subscription('/push/gone'))).statusCode, 200);
    const before = await subscriptions();
    receiver.answer('/push/gone', 410);
    assert.equal((await round(0)).gone, 1);
    assert.equal(await subscriptions(), (before ?? 0) - 1);
    await round(0);
    assert.equal(messagesTo('/push/gone').length, 1);
  });

  it('waits for the evening before: nothing is sent before the configured hour', async (t) => {
    const [hour, minute] = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(new Date())
      .split(':')
      .map(Number) as [number, number];
    if (hour === 23 || minute === 59) return t.skip('too close to the next hour in Asia/Shanghai');
    const token = voterToken();
    await signUp('501', token);
    assert.equal((await subscribe(token, receiver.subscription('/push/evening'))).statusCode, 200);
    const config = { ...harness.app.config, push: { ...harness.app.config.push, reminderHour: hour + 1 } };
    const early = await sendTomorrowReminders(harness.app.db, config, () => vapidKeysFor(harness.app));
    assert.equal(early.sent, 0);
    assert.equal(messagesTo('/push/evening').length, 0);
    assert.equal((await round()).sent, 1);
    assert.equal(messagesTo('/push/evening').length, 1);
  });

  it('sends nothing to a household whose day is not tomorrow', async () => {
    const token = voterToken();
    await signUp('501', token, dayFromToday(3));
    assert.equal((await subscribe(token, receiver.subscription('/push/later-day'))).statusCode, 200);
    await round(0);
    assert.equal(messagesTo('/push/later-day').length, 0);
  });

  it('sends once when two instances run the round together', async () => {
    const token = voterToken();
    await signUp('601', token);
    assert.equal((await subscribe(token, receiver.subscription('/push/race'))).statusCode, 200);
    await Promise.all([round(), round()]);
    assert.equal(messagesTo('/push/race').length, 1);
  });

  it('refuses bad subscriptions with 400 and writes nothing', async () => {
    const token = voterToken();
    await signUp('101', token, dayFromToday(2));
    const good = receiver.subscription('/push/bad');
    const before = await subscriptions();
    const notOnCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 0xff)]).toString('base64url');
    for (const body of [
      { voterToken: token, lang: 'zh-CN', subscription: { endpoint: 'ftp://push.example.org/x', keys: good.keys } },
      { voterToken: token, lang: 'zh-CN', subscription: { endpoint: 'not a url at all', keys: good.keys } },
      {
        voterToken: token,
        lang: 'zh-CN',
        subscription: { endpoint: good.endpoint, keys: { ...good.keys, p256dh: notOnCurve } },
      },
      {
        voterToken: token,
        lang: 'zh-CN',
        subscription: { endpoint: good.endpoint, keys: { ...good.keys, auth: 'short' } },
      },
      { voterToken: token, lang: 'fr', subscription: { endpoint: good.endpoint, keys: good.keys } },
      { voterToken: token, lang: 'zh-CN', subscription: { endpoint: good.endpoint, keys: good.keys }, extra: 1 },
      { lang: 'zh-CN', subscription: { endpoint: good.endpoint, keys: good.keys } },
    ]) {
      const response = await place.write('POST', `/rotas/${rotaId}/reminders`, body);
      assertError(response, 400, 'COURTYARD_VALIDATION');
    }
    assert.equal(await subscriptions(), before);
  });

  it('allows only public https push services outside tests', () => {
    assert.equal(pushEndpointRefusal('https://fcm.googleapis.com/fcm/send/abc', false), null);
    assert.equal(pushEndpointRefusal('https://updates.push.services.mozilla.com/wpush/v2/abc', false), null);
    assert.match(String(pushEndpointRefusal('http://push.example.org/x', false)), /https/);
    assert.match(String(pushEndpointRefusal('https://127.0.0.1/x', false)), /private|loopback/);
    assert.match(String(pushEndpointRefusal('https://10.0.0.8/x', false)), /private/);
    assert.match(String(pushEndpointRefusal('https://localhost/x', false)), /local/);
  });

  it('subscribes only a device that signed up for a day ahead (403), and lets only it unsubscribe (404)', async () => {
    const owner = voterToken();
    await signUp('201', owner, dayFromToday(2));
    const browser = receiver.subscription('/push/owner');
    const before = await subscriptions();
    assertError(await subscribe(voterToken(), browser), 403, 'COURTYARD_ROTA_NOT_YOURS');
    assert.equal(await subscriptions(), before);

    assert.equal((await subscribe(owner, browser)).statusCode, 200);
    // A second subscription of the same device replaces the first.
    assert.equal((await subscribe(owner, receiver.subscription('/push/owner-2'))).statusCode, 200);
    assert.equal(await subscriptions(), (before ?? 0) + 1);

    assertError(
      await place.write('DELETE', `/rotas/${rotaId}/reminders`, { voterToken: voterToken() }),
      404,
      'COURTYARD_NOT_FOUND',
    );
    assert.equal(await subscriptions(), (before ?? 0) + 1);
    const gone = await place.write('DELETE', `/rotas/${rotaId}/reminders`, { voterToken: owner });
    assert.equal(gone.statusCode, 200, gone.body);
    assert.deepEqual(gone.json(), { subscribed: false });
    assert.equal(await subscriptions(), before);
  });

  it('answers 404 for a rota that is not the site’s and 403 for an origin the site does not allow', async () => {
    const token = voterToken();
    const browser = receiver.subscription('/push/elsewhere');
    const body = { voterToken: token, lang: 'zh-CN', subscription: { endpoint: browser.endpoint, keys: browser.keys } };
    assertError(await place.write('POST', `/rotas/${randomUUID()}/reminders`, body), 404, 'COURTYARD_NOT_FOUND');
    const foreign = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${place.site.siteKey}/rotas/${rotaId}/reminders`,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        origin: 'https://elsewhere.example',
      },
      payload: JSON.stringify(body),
    });
    assertError(foreign, 403, 'COURTYARD_ORIGIN_NOT_ALLOWED');
  });
});

describe('web push configuration', () => {
  it('refuses half a VAPID key pair, a malformed one and a subject that is no contact', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ NODE_ENV: 'test', ...env });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    assert.match(problems({ COURTYARD_VAPID_PUBLIC_KEY: 'abc' }).join('\n'), /set together/);
    assert.match(
      problems({ COURTYARD_VAPID_PUBLIC_KEY: 'abc', COURTYARD_VAPID_PRIVATE_KEY: 'def' }).join('\n'),
      /65-byte/,
    );
    assert.match(
      problems({
        COURTYARD_VAPID_PUBLIC_KEY: newVapidKeyPair().publicKey,
        COURTYARD_VAPID_PRIVATE_KEY: newVapidKeyPair().privateKey,
      }).join('\n'),
      /not the private key/,
    );
    assert.match(problems({ COURTYARD_VAPID_SUBJECT: 'ops@example.org' }).join('\n'), /mailto:/);
    assert.match(problems({ COURTYARD_ROTA_REMINDER_HOUR: '24' }).join('\n'), /COURTYARD_ROTA_REMINDER_HOUR/);
    const pair = newVapidKeyPair();
    const config = loadConfig({
      NODE_ENV: 'test',
      COURTYARD_VAPID_PUBLIC_KEY: pair.publicKey,
      COURTYARD_VAPID_PRIVATE_KEY: pair.privateKey,
      COURTYARD_VAPID_SUBJECT: 'mailto:ops@example.org',
    });
    assert.equal(config.push.vapidPublicKey, pair.publicKey);
    assert.equal(config.push.vapidSubject, 'mailto:ops@example.org');
    assert.equal(config.push.reminderHour, 18);
  });

  it('signs with the configured key pair, and refuses a private key that is not the public key’s', () => {
    const pair = newVapidKeyPair();
    const keys = vapidKeysOf(pair.publicKey, pair.privateKey);
    assert.match(
      vapidAuthorization(keys, 'https://fcm.googleapis.com/fcm/send/x', 'mailto:a@b.org'),
      /^vapid t=.+, k=/,
    );
    assert.throws(() => vapidKeysOf(pair.publicKey, newVapidKeyPair().privateKey));
  });
});
