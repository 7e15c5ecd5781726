// The chat card of a notice, in both languages: where, what, the news of this event, the expected end in the
// community's time zone, the public page as its link, and resident-typed text kept inert.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signForBot } from '../../../packages/server/src/webhooks/bot-signing.js';
import type { DeliveryData, NoticeSubject } from '../../../packages/server/src/webhooks/event-data.js';
import { renderBody } from '../../../packages/server/src/webhooks/formats/index.js';

const publicUrl = new URL('https://courtyard.example.org');
const notice: NoticeSubject = {
  kind: 'notice',
  id: '6f1c2a8e-5b7d-4e0b-9a51-0d4f7c1e2b3a',
  noticeKind: 'outage',
  title: '3号楼1–5层停水 [点我](https://evil.example)',
  body: '一楼厨房水管爆裂。',
  scope: { type: 'floors', buildingName: '3号楼', unitName: '1单元', floorFrom: 1, floorTo: 5 },
  startsAt: '2026-12-06T12:30:00.000Z',
  expectedEndAt: '2026-12-06T18:00:00.000Z',
  closedAt: null,
  closingText: null,
  update: '新管已接好，有事打13800138000',
  siteKey: 'demo',
  timeZone: 'Asia/Shanghai',
};
const data = (language: 'zh-CN' | 'en', subject: NoticeSubject = notice): DeliveryData => ({
  community: { id: 'c', slug: 'demo', names: { 'zh-CN': '蒲黄榆社区', en: 'Puhuangyu Community' }, language },
  subject,
});
const render = (format: 'wecom' | 'json', language: 'zh-CN' | 'en', subject?: NoticeSubject) =>
  JSON.parse(
    renderBody(format, {
      type: 'notice.updated',
      createdAt: new Date(),
      data: data(language, subject),
      publicUrl,
    }),
  );

describe('a notice as a chat card', () => {
  it('says where, what, the update and the expected end in zh-CN, linking the public page', () => {
    const content = render('wecom', 'zh-CN').markdown.content as string;
    assert.match(content, /\*\*通知进展 · 蒲黄榆社区\*\*/);
    assert.ok(content.includes('停水停电 · 3号楼 1单元 1–5层'), content);
    assert.ok(content.includes('进展: 新管已接好，有事打138••••8000'), content);
    assert.ok(content.includes('预计结束: 12/7 02:00'), content);
    assert.ok(content.includes(`[查看通知](https://courtyard.example.org/p/demo/notices/${notice.id})`), content);
    assert.ok(!content.includes('](https://evil'), 'a link typed into the title stays text');
    assert.ok(!content.includes('/admin'));
  });

  it('says the same in English, and the closing words once closed', () => {
    const content = render('wecom', 'en', {
      ...notice,
      update: null,
      closedAt: '2026-12-06T18:00:00.000Z',
      closingText: 'Water back at 02:00',
    }).markdown.content as string;
    assert.ok(content.includes('Outage · 3号楼, 1单元, floors 1–5'), content);
    assert.ok(content.includes('Closed: Water back at 02:00'), content);
    assert.ok(!content.includes('Expected to end'), content);
    assert.ok(content.includes('[Read the notice]'), content);
  });

  it('falls back to the console link when the community has no site', () => {
    const content = render('wecom', 'en', { ...notice, siteKey: null }).markdown.content as string;
    assert.ok(content.includes(`(https://courtyard.example.org/admin/notices/${notice.id})`), content);
  });

  it('carries the public page in the JSON format beside the console link', () => {
    const body = render('json', 'zh-CN');
    assert.equal(body.data.pageUrl, `https://courtyard.example.org/p/demo/notices/${notice.id}`);
    assert.equal(body.data.consoleUrl, `https://courtyard.example.org/admin/notices/${notice.id}`);
  });

  it('signs nothing for a format without signing or an endpoint without a secret', () => {
    const request = { url: 'https://bot.example/hook?key=1', body: '{"a":1}' };
    assert.deepEqual(signForBot('wecom', 'SECx', request, new Date()), request);
    assert.deepEqual(signForBot('dingtalk', null, request, new Date()), request);
    const signed = signForBot('dingtalk', 'SECx', request, new Date(1_765_000_000_000));
    assert.equal(new URL(signed.url).searchParams.get('key'), '1', 'the bot key stays in the URL');
    assert.equal(new URL(signed.url).searchParams.get('timestamp'), '1765000000000');
  });
});
