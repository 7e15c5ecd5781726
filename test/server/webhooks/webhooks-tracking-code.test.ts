// A chat group is wider than the resident a tracking code was given to: bot messages name the repair by its
// category and a console link, never by its code. The signed JSON for the community's own systems keeps it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryData } from '../../../packages/server/src/webhooks/event-data.js';
import { renderBody } from '../../../packages/server/src/webhooks/formats/index.js';

const repair = (language: 'zh-CN' | 'en', category: DeliveryData['subject'] | null = null): DeliveryData => ({
  community: {
    id: '7d6c1a2e-0000-4000-8000-000000000001',
    slug: 'fengtai-3',
    names: { 'zh-CN': '丰台三号院' },
    language,
  },
  subject: category ?? {
    kind: 'repair',
    id: 'b2b2b2b2-0000-4000-8000-000000000002',
    trackingCode: 'R-7K3Q-9X2M',
    status: 'received',
    category: { 'zh-CN': '水管漏水', en: 'Water leak' },
    description: '厨房水管爆了',
    note: null,
  },
});
const render = (format: 'json' | 'wecom' | 'dingtalk' | 'feishu' | 'slack', data: DeliveryData, type: string) =>
  renderBody(format, {
    type,
    createdAt: new Date('2026-11-27T08:00:00Z'),
    data,
    publicUrl: new URL('https://cy.example'),
  });

describe('repair notifications and the tracking code', () => {
  it('keeps the tracking code out of every chat format, in both languages, for every repair event', () => {
    for (const format of ['wecom', 'dingtalk', 'feishu', 'slack'] as const) {
      for (const language of ['zh-CN', 'en'] as const) {
        for (const type of ['repair.created', 'repair.updated', 'repair.confirmed']) {
          const body = render(format, repair(language), type);
          assert.doesNotMatch(body, /R-7K3Q-9X2M/, `${format} ${language} ${type}`);
          assert.match(body, language === 'en' ? /Water leak/ : /水管漏水/, 'the category names the repair');
          assert.match(body, /cy\.example\/admin\/repairs\/b2b2b2b2/, 'the console link finds it');
        }
      }
    }
  });

  it('keeps it in the signed JSON for the community’s own systems', () => {
    const body = JSON.parse(render('json', repair('zh-CN'), 'repair.created'));
    assert.equal(body.data.repair.trackingCode, 'R-7K3Q-9X2M');
  });
});
