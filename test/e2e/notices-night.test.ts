// The night the pipe burst, end to end: with residents' pages already open, staff open an outage for building 5
// floors 1–5 through the staff API; the page for building 5 shows it, its progress and its end live (real server,
// real Chromium); the page for building 3 does not; building 5's chat-group bots (DingTalk 加签, Feishu 签名校验) receive signed cards linking
// the public notice page, and building 3's bot none. Runs in the PostgreSQL pass: the demo has no building 5,
// so the test adds it to the seeded community before any page reads the site's configuration.
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { type Receiver, startReceiver, webhookTestEnv } from '../support/webhook-receiver.js';
import { accessibilityViolations, serverAndBrowser, watchedPage } from './support/browser.js';
import { signInAsAdmin, staffApi } from './support/server.js';

const DINGTALK_SECRET = 'SECe2e0notices0night0building5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const FEISHU_SECRET = 'feishu-e2e-building-5';

describe('notices on the night the pipe burst', {
  skip: !process.env.DATABASE_URL && 'runs in the PostgreSQL pass',
}, () => {
  const e2e = serverAndBrowser({ env: webhookTestEnv });
  let receiver: Receiver;
  let cookie: string;
  const buildings: Record<string, string> = {};

  const staff = (method: 'GET' | 'POST', path: string, body?: object) =>
    staffApi(e2e.server.url, cookie, method, path, body);

  before(async () => {
    receiver = await startReceiver();
    const sql = postgres(e2e.server.storage.databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      const [demo] = await sql<{ id: string }[]>`select id from communities where slug = 'demo'`;
      // The demo has a 5号楼 since the duty rota's; a demo without it gets one.
      await sql`insert into buildings (community_id, name, sort_order) values (${demo!.id}, '5号楼', 5) on conflict do nothing`;
      for (const row of await sql<{ id: string; name: string }[]>`
        select id, name from buildings where community_id = ${demo!.id}`)
        buildings[row.name] = row.id;
    } finally {
      await sql.end();
    }
    cookie = await signInAsAdmin(e2e.server.url);
  });
  after(() => receiver?.close());

  /** A resident page of one building, served at the Courtyard origin with the webmaster's snippet. */
  async function buildingPage(building: string) {
    const { context, page, problems } = await watchedPage(e2e.browser);
    const url = `${e2e.server.url}/e2e-building-page-${randomUUID()}`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        // The strict policy docs/embedding.md gives webmasters.
        headers: {
          'content-security-policy':
            "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html",
        },
        body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${building}</title>
<script src="/embed/v1/courtyard.js" data-site="demo" async></script></head>
<body><main><h1>${building}</h1><courtyard-notices building="${building}"></courtyard-notices></main></body></html>`,
      }),
    );
    await page.goto(url);
    await page.locator('courtyard-notices h2').waitFor();
    await page.locator('courtyard-notices [part=notice], courtyard-notices section > p:not([part])').first().waitFor();
    return { context, page, problems };
  }
  const noticeText = async (page: Page) => (await page.locator('courtyard-notices').textContent()) ?? '';

  it('building 5 sees the outage and its progress live, building 3 does not; only building 5’s bots get signed cards', async () => {
    const endpoint = (name: string, format: string, building: string, botSecret: string) =>
      staff('POST', '/webhooks', {
        name,
        url: receiver.url(`/${name}`),
        format,
        botSecret,
        scope: { buildingId: buildings[building] },
        events: ['notice.published', 'notice.updated', 'notice.closed'],
      });
    await endpoint('b5-dingtalk', 'dingtalk', '5号楼', DINGTALK_SECRET);
    await endpoint('b5-feishu', 'feishu', '5号楼', FEISHU_SECRET);
    await endpoint('b3-dingtalk', 'dingtalk', '3号楼', DINGTALK_SECRET);

    // The residents' pages are open before the pipe bursts: the outage arrives on them live.
    const five = await buildingPage('5号楼');
    const three = await buildingPage('3号楼');
    const widget = five.page.locator('courtyard-notices');
    await sleep(500); // the live stream opens

    const title = `5号楼1–5层临时停水 ${randomUUID().slice(0, 6)}`;
    const notice = await staff('POST', '/notices', {
      kind: 'outage',
      title,
      body: '一层厨房水管爆裂，已关闭总阀，1–5层暂时停水。',
      scope: { type: 'floors', buildingId: buildings['5号楼'], floorFrom: 1, floorTo: 5 },
      expectedEndAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
    });

    // Well within the minute the widget used to wait before looking again: it no longer looks again.
    await widget.locator('[part=notice]', { hasText: title }).waitFor({ timeout: 15_000 });
    const card = widget.locator('[part=notice]', { hasText: title });
    assert.equal(await widget.locator('[part=announcer]').textContent(), `新通知：${title}`);
    assert.match((await card.textContent()) ?? '', /停水停电[\s\S]*进行中[\s\S]*5号楼 1–5 层/);
    assert.ok(!(await noticeText(three.page)).includes(title), 'building 3’s page does not show building 5’s outage');

    await sleep(500); // the stream reopens with the new notice's own topic
    await staff('POST', `/notices/${notice.id}/updates`, { text: '维修师傅已到场，正在更换水管' });
    await card.locator('[part=updates]', { hasText: '维修师傅已到场' }).waitFor({ timeout: 15_000 });
    assert.equal(
      await widget.locator('[part=announcer]').textContent(),
      `“${title}”有新进展：维修师傅已到场，正在更换水管`,
    );
    await staff('POST', `/notices/${notice.id}/close`, { closingText: '02:00 已恢复供水' });
    await card.locator('[part=closed]', { hasText: '02:00 已恢复供水' }).waitFor({ timeout: 15_000 });
    assert.ok(!(await noticeText(three.page)).includes(title));

    assert.deepEqual(await accessibilityViolations(five.page), []);
    for (const { problems } of [five, three]) {
      const { cspViolations, consoleErrors } = await problems.collect();
      assert.deepEqual(cspViolations, []);
      assert.deepEqual(consoleErrors, []);
    }
    await five.context.close();
    await three.context.close();

    // Building 5's two bots get the publication, the update and the end; building 3's gets nothing.
    const at = (name: string) => receiver.received.filter((request) => request.path.startsWith(`/${name}`));
    const deadline = Date.now() + 20_000;
    while ((at('b5-dingtalk').length < 3 || at('b5-feishu').length < 3) && Date.now() < deadline) await sleep(100);
    await sleep(1000); // time for a wrongly routed card to arrive too
    assert.equal(at('b5-dingtalk').length, 3);
    assert.equal(at('b5-feishu').length, 3);
    assert.deepEqual(at('b3-dingtalk'), []);

    const page = `${e2e.server.url}/p/demo/notices/${notice.id}`;
    for (const request of at('b5-dingtalk')) {
      const query = new URL(request.path, 'http://receiver').searchParams;
      const timestamp = query.get('timestamp')!;
      const sign = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
      assert.equal(query.get('sign'), sign, 'DingTalk 加签 verifies');
      const text = JSON.parse(request.body).markdown.text as string;
      assert.ok(text.includes(`(${page})`), text);
      assert.ok(!text.includes('/admin'), text);
    }
    for (const request of at('b5-feishu')) {
      const body = JSON.parse(request.body);
      const sign = createHmac('sha256', `${body.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64');
      assert.equal(body.sign, sign, 'Feishu 签名校验 verifies');
      const link = body.content.post.zh_cn.content.flat().find((tag: { tag: string }) => tag.tag === 'a');
      assert.equal(link.href, page);
    }
    const publicPage = await fetch(page);
    assert.equal(publicPage.status, 200);
    const html = await publicPage.text();
    assert.ok(html.includes(title) && html.includes('02:00 已恢复供水'));
  });
});
