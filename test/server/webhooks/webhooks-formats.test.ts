// Each group-bot format against the message shape its platform documents, in both languages, with
// resident text kept inert and no personal data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SuggestionStatuses, TOPIC_STATUSES } from '@courtyard/protocol';
import { REPAIR_STATUSES } from '@courtyard/protocol/schemas';
import { type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { DeliveryData, Subject } from '../../../packages/server/src/webhooks/event-data.js';
import { cardOf } from '../../../packages/server/src/webhooks/formats/card.js';
import { botRefusal, renderBody } from '../../../packages/server/src/webhooks/formats/index.js';
import { en as repairEn } from '../../../packages/widgets/src/components/repair-request/translations/en.js';
import { zhCN as repairZhCN } from '../../../packages/widgets/src/components/repair-request/translations/zh-CN.js';
import { boardEn } from '../../../packages/widgets/src/components/suggestion-board/translations/en.js';
import { boardZhCN } from '../../../packages/widgets/src/components/suggestion-board/translations/zh-CN.js';
import { topicsEn } from '../../../packages/widgets/src/components/topics/translations/en.js';
import { topicsZhCN } from '../../../packages/widgets/src/components/topics/translations/zh-CN.js';

const strict = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

// https://developer.work.weixin.qq.com/document/path/91770 (markdown; content up to 4096 bytes)
const WeComMarkdown = strict({
  msgtype: Type.Literal('markdown'),
  markdown: strict({ content: Type.String({ minLength: 1, maxLength: 4096 }) }),
});
// https://open.dingtalk.com/document/robots/custom-robot-access (markdown)
const DingTalkMarkdown = strict({
  msgtype: Type.Literal('markdown'),
  markdown: strict({ title: Type.String({ minLength: 1 }), text: Type.String({ minLength: 1 }) }),
});
// https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot (post: rich text)
const FeishuTag = Type.Union([
  strict({ tag: Type.Literal('text'), text: Type.String() }),
  strict({ tag: Type.Literal('a'), text: Type.String(), href: Type.String({ pattern: '^https?://' }) }),
]);
const FeishuLocale = strict({
  title: Type.String({ minLength: 1 }),
  content: Type.Array(Type.Array(FeishuTag, { minItems: 1 }), { minItems: 1 }),
});
const FeishuPost = strict({
  msg_type: Type.Literal('post'),
  content: strict({
    post: Type.Object(
      { zh_cn: Type.Optional(FeishuLocale), en_us: Type.Optional(FeishuLocale) },
      { additionalProperties: false, minProperties: 1, maxProperties: 1 },
    ),
  }),
});
// https://api.slack.com/messaging/webhooks and Block Kit (header: plain_text up to 150; section: mrkdwn)
const SlackMessage = strict({
  text: Type.String({ minLength: 1 }),
  blocks: Type.Tuple([
    strict({
      type: Type.Literal('header'),
      text: strict({ type: Type.Literal('plain_text'), text: Type.String({ minLength: 1, maxLength: 150 }) }),
    }),
    strict({
      type: Type.Literal('section'),
      text: strict({ type: Type.Literal('mrkdwn'), text: Type.String({ minLength: 1, maxLength: 3000 }) }),
    }),
  ]),
});
// Standard Webhooks' payload structure: { type, timestamp, data }
const GenericJson = strict({
  type: Type.String(),
  timestamp: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' }),
  data: Type.Object({ community: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }) }),
});

const shapes: [string, TSchema][] = [
  ['wecom', WeComMarkdown],
  ['dingtalk', DingTalkMarkdown],
  ['feishu', FeishuPost],
  ['slack', SlackMessage],
  ['json', GenericJson],
];

const community = (language: 'zh-CN' | 'en') => ({
  id: '7d6c1a2e-0000-4000-8000-000000000001',
  slug: 'fengtai-3',
  names: { 'zh-CN': '丰台三号院', en: 'Fengtai Court 3' },
  language,
});
const tricky = '漏水了 [点我领奖](https://evil.example) <@all> *紧急* _急_ #1 `x` & 13800138000';
const subjects: [string, Subject][] = [
  [
    'suggestion.created',
    { kind: 'suggestion', id: 'a1', text: tricky, status: 'received', moderation: 'pending', response: null },
  ],
  [
    'repair.updated',
    {
      kind: 'repair',
      id: 'b2',
      trackingCode: 'R-7K3Q-9X2M',
      status: 'in_progress',
      category: { 'zh-CN': '水管漏水', en: 'Water leak' },
      description: tricky,
      note: '师傅已到',
    },
  ],
  [
    'poll.closed',
    { kind: 'poll', id: 'c3', title: '是否加装电梯？', opensAt: '2026-11-01T00:00:00.000Z', closesAt: null },
  ],
  ['webhook.test', { kind: 'test' }],
];
const render = (format: string, type: string, data: DeliveryData) =>
  JSON.parse(
    renderBody(format as 'json', {
      type,
      createdAt: new Date('2026-11-27T08:00:00Z'),
      data,
      publicUrl: new URL('https://courtyard.example.org'),
    }),
  );

describe('webhook formats', () => {
  for (const [format, shape] of shapes) {
    it(`${format}: every event, in both languages, matches the documented shape`, () => {
      for (const language of ['zh-CN', 'en'] as const) {
        for (const [type, subject] of subjects) {
          const body = render(format, type, { community: community(language), subject });
          const errors = [...Value.Errors(shape, body)].map((error) => `${error.path} ${error.message}`);
          assert.deepEqual(errors, [], `${format} ${language} ${type}: ${JSON.stringify(body)}`);
        }
      }
    });
  }

  it('writes the card in the community’s language with a link into the console', () => {
    const [, repair] = subjects[1]!;
    const zh = render('wecom', 'repair.updated', { community: community('zh-CN'), subject: repair }).markdown.content;
    assert.match(zh, /^\*\*报修进度更新 · 丰台三号院\*\*/);
    assert.match(zh, /状态: 维修中/);
    assert.match(zh, /\(https:\/\/courtyard\.example\.org\/admin\/repairs\/b2\)$/);
    const en = render('feishu', 'repair.updated', { community: community('en'), subject: repair });
    assert.equal(en.content.post.en_us.title, 'Repair request updated · Fengtai Court 3');
    assert.ok(JSON.stringify(en).includes('Status: In progress'));
    const slack = render('slack', 'poll.closed', { community: community('en'), subject: subjects[2]![1] });
    assert.match(
      slack.blocks[1].text.text,
      /<https:\/\/courtyard\.example\.org\/admin\/polls\/c3\|Open in the Courtyard console>$/,
    );
  });

  it('names every status in the words residents read in the widgets, in both languages', () => {
    const statusLine = (language: 'zh-CN' | 'en', subject: Subject) =>
      cardOf({
        type: 'repair.updated',
        createdAt: new Date('2026-11-27T08:00:00Z'),
        data: { community: community(language), subject },
        publicUrl: new URL('https://courtyard.example.org'),
      }).lines.find((line) => /^(状态|Status): /.test(line));
    const widgets = {
      'zh-CN': { repair: repairZhCN, board: boardZhCN, topics: topicsZhCN, status: '状态' },
      en: { repair: repairEn, board: boardEn, topics: topicsEn, status: 'Status' },
    };
    for (const language of ['zh-CN', 'en'] as const) {
      const widget = widgets[language];
      for (const status of REPAIR_STATUSES) {
        const repair = { ...(subjects[1]![1] as Extract<Subject, { kind: 'repair' }>), status };
        assert.equal(statusLine(language, repair), `${widget.status}: ${widget.repair[status]}`, `repair ${status}`);
      }
      for (const status of SuggestionStatuses) {
        const suggestion = { ...(subjects[0]![1] as Extract<Subject, { kind: 'suggestion' }>), status };
        const word = widget.board[`status_${status}`];
        assert.equal(statusLine(language, suggestion), `${widget.status}: ${word}`, `suggestion ${status}`);
      }
      for (const status of TOPIC_STATUSES) {
        const topic: Subject = { kind: 'topic', id: 'd4', title: '加装电梯', status, detail: null, siteKey: null };
        const word = widget.topics[`status_${status}`];
        assert.equal(statusLine(language, topic), `${widget.status}: ${word}`, `topic ${status}`);
      }
    }
    // The words a resident and a chat group read for an acknowledged repair: 已确认, not the old card's 已受理.
    assert.equal(
      statusLine('zh-CN', { ...(subjects[1]![1] as Extract<Subject, { kind: 'repair' }>), status: 'acknowledged' }),
      '状态: 已确认',
    );
  });

  it('keeps resident text from forming links, mentions or emphasis in chat markdown', () => {
    const [, suggestion] = subjects[0]!;
    const data = { community: community('zh-CN'), subject: suggestion };
    for (const body of [
      render('wecom', 'suggestion.created', data).markdown.content as string,
      render('dingtalk', 'suggestion.created', data).markdown.text as string,
    ]) {
      assert.ok(!body.includes('](https://evil.example)'), body);
      assert.ok(!body.includes('<@all>') && !body.includes('*紧急*'), body);
      assert.equal(body.match(/\]\(/g)?.length, 1, 'only the console link is a link');
    }
    const slack = render('slack', 'suggestion.created', data).blocks[1].text.text as string;
    assert.ok(slack.includes('&lt;@all&gt;') && !slack.includes('<@all>'));
  });

  it('masks phone numbers a resident typed into the text of every chat message', () => {
    for (const [type, subject] of subjects.slice(0, 2)) {
      for (const format of ['wecom', 'dingtalk', 'feishu', 'slack']) {
        const body = JSON.stringify(render(format, type, { community: community('zh-CN'), subject }));
        assert.ok(!body.includes('13800138000'), `${format} ${type}`);
        assert.ok(body.includes('138••••8000'), `${format} ${type}: staff still see that a number was left`);
      }
    }
  });

  it('reads a group bot’s refusal from its answer', () => {
    assert.equal(botRefusal('wecom', '{"errcode":0,"errmsg":"ok"}'), null);
    assert.match(botRefusal('wecom', '{"errcode":93000,"errmsg":"invalid webhook url"}') ?? '', /93000/);
    assert.match(botRefusal('dingtalk', '{"errcode":310000,"errmsg":"sign not match"}') ?? '', /310000/);
    assert.equal(botRefusal('feishu', '{"code":0,"msg":"success","data":{}}'), null);
    assert.match(botRefusal('feishu', '{"code":19021,"msg":"sign match fail"}') ?? '', /19021/);
    assert.equal(botRefusal('slack', 'invalid_payload'), null, 'Slack refuses with a 4xx instead');
    assert.equal(botRefusal('json', '{"errcode":1}'), null);
  });
});
