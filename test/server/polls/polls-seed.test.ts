import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedIfEmpty } from '../../../packages/server/src/seed/seed-if-empty.js';
import { buildTestApp } from '../../support/app.js';
import { signIn } from '../../support/staff-fixtures.js';

describe('the demo seed: polls', () => {
  it("opens a device poll for the demo page and an owners' decision for one stairwell whose codes staff can issue", async () => {
    const harness = await buildTestApp({ env: { COURTYARD_ADMIN_PASSWORD: 'demo-password-123' } });
    try {
      const { app } = harness;
      await seedIfEmpty(app, () => {});
      const open = (await app.inject({ method: 'GET', url: '/api/v1/sites/demo/polls' })).json().items;
      assert.equal(open.length, 2);
      // The widget without a poll attribute shows the newest open poll: the device poll.
      assert.equal(open[0].eligibility, 'device');
      assert.equal(open[0].selection, 'multiple');
      assert.equal(open[1].decision, 'owners');
      assert.equal(open[1].approvalRule, 'three-quarters');

      const { cookie } = await signIn(app, 'admin@example.org', 'demo-password-123');
      const staffPoll = (
        await app.inject({ method: 'GET', url: `/admin/api/polls/${open[1].id}`, headers: { cookie } })
      ).json();
      assert.equal(staffPoll.scope.type, 'unit');
      assert.equal(staffPoll.costShares.rows.length, 6);
      const issued = await app.inject({
        method: 'POST',
        url: `/admin/api/polls/${open[1].id}/ballot-codes`,
        headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ scope: { type: 'unit', unitId: staffPoll.scope.unitId } }),
      });
      assert.equal(issued.statusCode, 201, issued.body);
      const codes = issued.json().items;
      assert.equal(codes.length, 12, 'six floors, two flats a landing');
      const top = codes.find((code: { label: string }) => code.label.endsWith('601'));
      const ballot = (
        await app.inject({ method: 'GET', url: `/api/v1/sites/demo/polls/${open[1].id}/ballot?code=${top.code}` })
      ).json();
      assert.equal(ballot.costSharePercent, 16, "floor 6's 32 %, divided between its two flats");
      assert.deepEqual(ballot.floorShares[5], { floor: 6, percent: 32, households: 2 });
      assert.equal(ballot.floorArea, 88.6);
      const page = await app.inject({ method: 'GET', url: `/p/demo/polls/${open[0].id}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`<courtyard-poll poll="${open[0].id}">`));
      assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
      assert.equal((await app.inject({ method: 'GET', url: `/p/demo/polls/${crypto.randomUUID()}` })).statusCode, 404);
    } finally {
      await harness.close();
    }
  });
});
