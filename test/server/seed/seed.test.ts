import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { seedIfEmpty } from '../../../packages/server/src/seed/seed-if-empty.js';
import { buildTestApp } from '../../support/app.js';
import { rows } from '../../support/database.js';
import { makeCommunity, signIn } from '../../support/staff-fixtures.js';

async function count(app: FastifyInstance, table: string): Promise<number> {
  const [row] = rows<{ n: number }>(await app.db.execute(sql.raw(`select count(*)::int as n from ${table}`)));
  return Number(row?.n);
}

function capture() {
  const printed: string[] = [];
  return { printed, print: (text: string) => printed.push(text) };
}

describe('the demo seed', () => {
  it('seeds an empty database once with the demo community, site, places and an admin whose printed password works', async () => {
    const harness = await buildTestApp({ env: { PUBLIC_URL: 'https://courtyard.example.org' } });
    try {
      const { app } = harness;
      const first = capture();
      const result = await seedIfEmpty(app, first.print);
      assert.equal(result?.community.slug, 'demo');

      const [community] = rows<{
        slug: string;
        names: Record<string, string>;
        time_zone: string;
        default_language: string;
      }>(await app.db.execute(sql`select slug, names, time_zone, default_language from communities`));
      assert.deepEqual(community, {
        slug: 'demo',
        names: { 'zh-CN': '蒲黄榆社区', en: 'Puhuangyu Community' },
        time_zone: 'Asia/Shanghai',
        default_language: 'zh-CN',
      });
      const [site] = rows<{ site_key: string; allowed_origins: string[]; allow_localhost: boolean }>(
        await app.db.execute(sql`select site_key, allowed_origins, allow_localhost from sites`),
      );
      assert.deepEqual(site, {
        site_key: 'demo',
        allowed_origins: ['https://courtyard.example.org'],
        allow_localhost: true,
      });
      const categories = rows<{ kind: string; slug: string; zh: string; en: string }>(
        await app.db.execute(
          sql`select kind, slug, names->>'zh-CN' as zh, names->>'en' as en from categories order by kind, sort_order`,
        ),
      );
      assert.deepEqual(
        categories.filter((c) => c.kind === 'suggestion').map((c) => c.zh),
        ['环境卫生', '绿化', '停车', '养老服务', '安全', '其他'],
      );
      assert.deepEqual(
        categories.filter((c) => c.kind === 'repair').map((c) => c.zh),
        ['水管漏水', '电梯故障', '供暖', '燃气', '照明', '门禁', '其他'],
      );
      assert.ok(categories.every((c) => c.en && c.zh));
      // Three buildings, and 5号楼 (two units) for the duty-rota demo.
      assert.equal(await count(app, 'buildings'), 4);
      assert.equal(await count(app, 'units'), 10);
      assert.equal(await count(app, 'households'), 10 * 6 * 2);
      const [areas] = rows<{ min: string; max: string }>(
        await app.db.execute(sql`select min(floor_area)::text as min, max(floor_area)::text as max from households`),
      );
      assert.ok(Number(areas?.min) >= 55 && Number(areas?.max) <= 95, JSON.stringify(areas));
      const [room] = rows<{ building: string; unit: string; room: string; floor: number }>(
        await app.db.execute(
          sql`select b.name as building, u.name as unit, h.room, h.floor from households h join units u on u.id = h.unit_id join buildings b on b.id = u.building_id order by b.sort_order, u.sort_order, h.floor desc, h.room desc limit 1`,
        ),
      );
      assert.deepEqual(room, { building: '1号楼', unit: '1单元', room: '602', floor: 6 });

      const text = first.printed.join('');
      const password = /password {2}(\S+) {3}\(shown only now/.exec(text)?.[1];
      assert.ok(password, text);
      assert.match(text, /admin@example\.org/);
      const { response } = await signIn(app, 'admin@example.org', password);
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().staff.role, 'admin');
      assert.equal(response.json().staff.community.slug, 'demo');

      const second = capture();
      assert.equal(await seedIfEmpty(app, second.print), undefined);
      assert.deepEqual(second.printed, []);
      assert.equal(await count(app, 'communities'), 1);
      assert.equal(await count(app, 'staff_users'), 1);
      assert.equal(await count(app, 'households'), 10 * 6 * 2);
    } finally {
      await harness.close();
    }
  });

  it('uses COURTYARD_ADMIN_PASSWORD when set and prints no password', async () => {
    const harness = await buildTestApp({ env: { COURTYARD_ADMIN_PASSWORD: 'chosen admin password' } });
    try {
      const out = capture();
      await seedIfEmpty(harness.app, out.print);
      assert.doesNotMatch(out.printed.join(''), /chosen admin password/);
      assert.match(out.printed.join(''), /COURTYARD_ADMIN_PASSWORD/);
      const { response } = await signIn(harness.app, 'admin@example.org', 'chosen admin password');
      assert.equal(response.statusCode, 200);
    } finally {
      await harness.close();
    }
  });

  it('seeds once when two starts race, and never when a community already exists', async () => {
    const racing = await buildTestApp();
    try {
      const results = await Promise.all([seedIfEmpty(racing.app, () => {}), seedIfEmpty(racing.app, () => {})]);
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await count(racing.app, 'communities'), 1);
      assert.equal(await count(racing.app, 'categories'), 13);
    } finally {
      await racing.close();
    }

    const existing = await buildTestApp();
    try {
      await makeCommunity(existing.app.db, 'already-here');
      assert.equal(await seedIfEmpty(existing.app, () => {}), undefined);
      assert.equal(await count(existing.app, 'communities'), 1);
      assert.equal(await count(existing.app, 'staff_users'), 0);
    } finally {
      await existing.close();
    }
  });
});
