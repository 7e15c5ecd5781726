import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedIfEmpty } from '../../../packages/server/src/seed/seed-if-empty.js';
import { buildTestApp } from '../../support/app.js';

describe('the demo suggestion board', () => {
  it('shows published suggestions with official answers, badges and support counts on a first start', async () => {
    const harness = await buildTestApp();
    try {
      await seedIfEmpty(harness.app, () => {});
      const board = (await harness.app.inject({ url: '/api/v1/sites/demo/suggestions' })).json();
      // Four of its own and the two the demo's elevator topic grew from (seed/demo-topics.ts).
      assert.equal(board.items.length, 6);
      const answered = board.items.filter((item: { response: string | null }) => item.response);
      assert.equal(answered.length, 4);
      for (const item of answered) assert.ok(Date.parse(item.respondedAt) > Date.parse(item.createdAt));
      assert.deepEqual(board.items.map((item: { status: string }) => item.status).sort(), [
        'adopted',
        'adopted',
        'adopted',
        'done',
        'received',
        'under_review',
      ]);
      const top = (await harness.app.inject({ url: '/api/v1/sites/demo/suggestions?sort=supported&limit=1' })).json();
      assert.equal(top.items[0].supportCount, 23);
      assert.match(top.items[0].text, /老年食堂/);
      // The demo page's similar-suggestion hint finds them in Chinese.
      const similar = (
        await harness.app.inject({
          url: `/api/v1/sites/demo/suggestions/similar?q=${encodeURIComponent('老年食堂晚餐')}`,
        })
      ).json();
      assert.equal(similar.items[0]?.id, top.items[0].id);
    } finally {
      await harness.close();
    }
  });
});
