// Under pressure the public API asks for a proof of work instead of burying what residents send: a client
// or site past its soft tier gets 428 with an ALTCHA challenge, and the same request with the solution is
// accepted and stored like any other — in the inbox, announced to webhooks. A solution is good once, for its
// site, until it expires, and only if it was made here.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import sharp from 'sharp';
import { repairRequests, suggestions } from '../../../packages/server/src/db/schema.js';
import { createProofChallenge } from '../../../packages/server/src/proof-of-work/challenges.js';
import { proofHeader, solveChallenge } from '../../../packages/widgets/src/api/proof-of-work.js';
import { buildTestApp, TEST_SECRET, type TestApp } from '../../support/app.js';
import { createCommunityWithSite, createSite } from '../../support/fixtures.js';
import { challengeOf, injectSolving, PROOF_HEADER, solve } from '../../support/proof-of-work.js';
import { multipartBody, type RepairCommunity, repairCommunity } from '../../support/repair-fixtures.js';
import { deliveriesOf, makeEndpoint, settled } from '../../support/webhook-fixtures.js';
import { type Receiver, startReceiver, webhookTestEnv } from '../../support/webhook-receiver.js';

const SITE_SOFT = 3;

describe('proof of work under pressure', () => {
  let harness: TestApp;
  let place: RepairCommunity;
  let receiver: Receiver;
  let nextIp = 1;
  /** A fresh client: the tests' own writes count per IP, so each resident gets an address of their own. */
  const freshIp = () => `192.0.2.${nextIp++}`;

  const suggestion = (
    siteKey: string,
    ip: string,
    text: string,
    headers: Record<string, string> = {},
  ): InjectOptions => ({
    method: 'POST',
    url: `/api/v1/sites/${siteKey}/suggestions`,
    remoteAddress: ip,
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
    payload: JSON.stringify({ text }),
  });
  const repair = (ip: string, body: object): InjectOptions => ({
    method: 'POST',
    url: `/api/v1/sites/${place.site.siteKey}/repairs`,
    remoteAddress: ip,
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    payload: JSON.stringify(body),
  });
  /** Other residents (one write each) bring the site past its soft tier. */
  async function loadSite(siteKey: string) {
    for (let i = 0; i < SITE_SOFT; i++) {
      const { response } = await injectSolving(harness.app, suggestion(siteKey, freshIp(), `第${i + 1}条建议`));
      assert.equal(response.statusCode, 201, response.body);
    }
  }
  const inbox = async () => {
    const response = await harness.app.inject({
      url: '/admin/api/inbox?limit=100',
      headers: { cookie: place.adminCookie },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().items as { kind: string; id: string }[];
  };
  const suggestionCount = async (text: string) => {
    const list = await harness.app.db.select({ text: suggestions.text }).from(suggestions);
    return list.filter((row) => row.text.includes(text)).length;
  };

  before(async () => {
    receiver = await startReceiver();
    harness = await buildTestApp({
      env: {
        ...webhookTestEnv,
        COURTYARD_RATE_IP_SOFT: '2',
        COURTYARD_RATE_IP_HARD: '50',
        COURTYARD_RATE_SITE_SOFT: String(SITE_SOFT),
        COURTYARD_RATE_SITE_HARD: '1000',
        COURTYARD_POW_DIFFICULTY: '40',
      },
    });
    place = await repairCommunity(harness.app);
  });
  after(async () => {
    await harness.close();
    await receiver.close();
  });

  it('does not relabel a well-behaved resident’s suggestion when the site is busy: it is asked to prove work, then stored as any other', async () => {
    const { site } = await createCommunityWithSite(harness.app.db);
    await loadSite(site.siteKey);
    const calm = freshIp();
    const first = await harness.app.inject(suggestion(site.siteKey, calm, '楼下的路灯坏了三天了'));
    challengeOf(first);
    assert.equal(await suggestionCount('楼下的路灯'), 0, 'a 428 writes nothing');
    const { response, asked } = await injectSolving(
      harness.app,
      suggestion(site.siteKey, calm, '楼下的路灯坏了三天了'),
    );
    assert.equal(asked, true);
    assert.equal(response.statusCode, 201, response.body);
    const [row] = await harness.app.db.select().from(suggestions).where(eq(suggestions.id, response.json().id));
    assert.equal(row?.moderation, 'pending', 'stored like any suggestion of a pre-moderating community, not as spam');
  });

  it('accepts a solved challenge on the same Idempotency-Key, and replays it without a second proof', async () => {
    const siteKey = place.site.siteKey;
    const ip = freshIp();
    for (const text of ['一', '二']) {
      assert.equal((await harness.app.inject(suggestion(siteKey, ip, text))).statusCode, 201);
    }
    const key = randomUUID();
    const asked = await harness.app.inject(suggestion(siteKey, ip, '第三条', { 'idempotency-key': key }));
    const proof = await solve(asked);
    const solved = await harness.app.inject(
      suggestion(siteKey, ip, '第三条', { 'idempotency-key': key, [PROOF_HEADER]: proof }),
    );
    assert.equal(solved.statusCode, 201, solved.body);
    assert.ok(
      (await inbox()).some((item) => item.id === solved.json().id),
      'the suggestion is in the inbox',
    );
    // A retry of the stored write (a lost answer) gets the first answer; it writes nothing twice.
    const retried = await injectSolving(harness.app, suggestion(siteKey, ip, '第三条', { 'idempotency-key': key }));
    assert.equal(retried.response.statusCode, 201, retried.response.body);
    assert.equal(retried.response.headers['idempotent-replayed'], 'true');
    assert.equal(retried.response.json().id, solved.json().id);
  });

  it('refuses a solution used a second time, with a fresh challenge, and writes nothing', async () => {
    const siteKey = place.site.siteKey;
    const ip = freshIp();
    for (const text of ['甲', '乙']) await harness.app.inject(suggestion(siteKey, ip, text));
    const proof = await solve(await harness.app.inject(suggestion(siteKey, ip, '丙')));
    const used = await harness.app.inject(suggestion(siteKey, ip, `${siteKey} 丙`, { [PROOF_HEADER]: proof }));
    assert.equal(used.statusCode, 201, used.body);
    const again = await harness.app.inject(suggestion(siteKey, ip, `${siteKey} 丁`, { [PROOF_HEADER]: proof }));
    const fresh = challengeOf(again);
    assert.match(again.json().error.message, /already used/);
    assert.notEqual(fresh.signature, JSON.parse(Buffer.from(proof, 'base64').toString()).challenge.signature);
    assert.equal(await suggestionCount(`${siteKey} 丁`), 0);
  });

  it('refuses forged, mistaken and malformed solutions and another site’s challenge, before reading the body', async () => {
    const siteKey = place.site.siteKey;
    const ip = freshIp();
    for (const text of ['子', '丑']) await harness.app.inject(suggestion(siteKey, ip, text));
    const asked = await harness.app.inject(suggestion(siteKey, ip, '寅'));
    const challenge = challengeOf(asked);
    const solution = await solveChallenge(challenge);
    const other = await createCommunityWithSite(harness.app.db);
    const foreign = await createProofChallenge(TEST_SECRET, harness.app.config.proofOfWork, other.site.siteKey);
    const unsigned = await createProofChallenge(`${TEST_SECRET}-not-ours`, harness.app.config.proofOfWork, siteKey);
    const cases: [string, string, RegExp][] = [
      ['a made-up key', proofHeader(challenge, { ...solution, derivedKey: 'ab'.repeat(32) }), /does not solve/],
      [
        'an easier challenge',
        proofHeader({ ...challenge, parameters: { ...challenge.parameters, cost: 1 } }, solution),
        /not for one of this site/,
      ],
      ['another site’s challenge', proofHeader(foreign, await solveChallenge(foreign)), /not for one of this site/],
      [
        'a challenge signed elsewhere',
        proofHeader(unsigned, await solveChallenge(unsigned)),
        /not for one of this site/,
      ],
      ['garbage', 'bm90IGEgc29sdXRpb24=', /does not hold a solution/],
      ['not base64', '{"challenge":1}', /does not hold a solution/],
    ];
    for (const [what, header, message] of cases) {
      // An invalid body: refused for its proof first, so the body was never looked at.
      const refused = await harness.app.inject({
        ...suggestion(siteKey, ip, '卯', { [PROOF_HEADER]: header }),
        payload: '{"text": 7, "not": "checked"}',
      });
      assert.equal(refused.statusCode, 428, `${what}: ${refused.body}`);
      challengeOf(refused);
      assert.match(refused.json().error.message, message, what);
    }
    // The genuine solution still works after all that.
    const good = await harness.app.inject(
      suggestion(siteKey, ip, '辰', { [PROOF_HEADER]: proofHeader(challenge, solution) }),
    );
    assert.equal(good.statusCode, 201, good.body);
  });

  it('refuses a solution whose challenge has expired', async () => {
    const siteKey = place.site.siteKey;
    const ip = freshIp();
    for (const text of ['东', '南']) await harness.app.inject(suggestion(siteKey, ip, text));
    const anHourAgo = Date.now() - 3_600_000;
    const old = await createProofChallenge(TEST_SECRET, harness.app.config.proofOfWork, siteKey, anHourAgo);
    const refused = await harness.app.inject(
      suggestion(siteKey, ip, '西', { [PROOF_HEADER]: proofHeader(old, await solveChallenge(old)) }),
    );
    challengeOf(refused);
    assert.match(refused.json().error.message, /expired/);
  });

  it('gets an emergency repair into the inbox and out to the webhooks while the site is busy', async () => {
    const endpoint = await makeEndpoint(harness.app.db, {
      communityId: place.community.id,
      url: receiver.url('/repairs'),
      events: ['repair.created'],
    });
    await loadSite(place.site.siteKey);
    const { response, asked } = await injectSolving(
      harness.app,
      repair(freshIp(), {
        category: place.leak.id,
        buildingId: place.building.id,
        description: '厨房燃气味很重，可能漏气',
        answers: { where: 'kitchen' },
      }),
    );
    assert.equal(asked, true);
    assert.equal(response.statusCode, 201, response.body);
    const [row] = await harness.app.db
      .select()
      .from(repairRequests)
      .where(eq(repairRequests.trackingCode, response.json().trackingCode));
    assert.equal(row?.spam, false);
    assert.ok(
      (await inbox()).some((item) => item.id === row?.id),
      'the emergency report is in the inbox',
    );
    const [delivery] = await settled(harness.app, endpoint.id);
    assert.equal(delivery?.state, 'delivered');
    assert.equal((await deliveriesOf(harness.app.db, endpoint.id)).length, 1);
    assert.match(receiver.received.at(-1)?.body ?? '', /燃气/);
  });

  it('asks for the proof before an upload’s photos are read, and accepts the solved upload', async () => {
    const site = await createSite(harness.app.db, { communityId: place.community.id });
    const ip = freshIp();
    const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#cc6633' } })
      .jpeg()
      .toBuffer();
    const upload = async (photo: Uint8Array): Promise<InjectOptions> => {
      const body = await multipartBody(
        { category: place.lighting.id, buildingId: place.building.id, description: '楼道灯不亮' },
        [{ bytes: photo, filename: 'light.jpg', type: 'image/jpeg' }],
      );
      return {
        method: 'POST',
        url: `/api/v1/sites/${site.siteKey}/repairs`,
        remoteAddress: ip,
        headers: { 'content-type': body.contentType, 'idempotency-key': randomUUID() },
        payload: body.payload,
      };
    };
    for (let i = 0; i < 2; i++) assert.equal((await harness.app.inject(await upload(jpeg))).statusCode, 201);
    // Not an image: a route that read the body would say so; the challenge comes first.
    challengeOf(await harness.app.inject(await upload(new TextEncoder().encode('not a photo'))));
    const { response, asked } = await injectSolving(harness.app, await upload(jpeg));
    assert.equal(asked, true);
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().photos, 1);
  });

  it('asks every write for a proof on a site whose admins chose it, busy or not', async () => {
    const site = await createSite(harness.app.db, { communityId: place.community.id });
    const put = (always: boolean, cookie = place.adminCookie) =>
      harness.app.inject({
        method: 'PUT',
        url: `/admin/api/sites/${site.id}/proof-of-work`,
        headers: { cookie, 'content-type': 'application/json' },
        payload: { always },
      });
    assert.equal((await put(true, place.workerCookie)).statusCode, 403, 'admins only');
    const on = await put(true);
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().proofOfWorkAlways, true);
    const calm = freshIp();
    const first = await injectSolving(harness.app, suggestion(site.siteKey, calm, '安静时的第一条建议'));
    assert.equal(first.asked, true, 'asked on the very first write');
    assert.equal(first.response.statusCode, 201, first.response.body);
    assert.equal((await put(false)).json().proofOfWorkAlways, false);
    assert.equal((await harness.app.inject(suggestion(site.siteKey, freshIp(), '关闭后的建议'))).statusCode, 201);
  });

  it('documents the 428 and its challenge on every public write route', async () => {
    const spec = (await harness.app.inject({ url: '/openapi.json' })).json();
    const writes = Object.entries(spec.paths as Record<string, Record<string, { responses: object }>>).flatMap(
      ([path, operations]) =>
        path.startsWith('/api/v1/sites/')
          ? Object.entries(operations)
              .filter(([method]) => ['post', 'delete', 'put', 'patch'].includes(method))
              .map(([method, operation]) => ({ at: `${method} ${path}`, responses: operation.responses }))
          : [],
    );
    assert.ok(writes.length >= 7, writes.map((write) => write.at).join(', '));
    for (const write of writes) assert.ok('428' in write.responses && '429' in write.responses, write.at);
  });
});
