// Repair fixtures for the widget tests' server: a water-leak service with a required question and an
// emergency notice, a building with units, and a test-only route through which a test posts a staff
// update — sent to the real staff API (signed in as a real staff member) with the app's inject().
import { Type } from '@sinclair/typebox';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../../packages/server/src/db/database.js';
import { categories, repairRequests } from '../../../packages/server/src/db/schema.js';
import { findRepairByCode } from '../../../packages/server/src/repositories/repairs.js';
import { createBuilding, registerPublicTestRoutes } from '../../support/fixtures.js';
import { makeStaff, signIn } from '../../support/staff-fixtures.js';

export async function addRepairPlaces(db: Executor, communityId: string): Promise<void> {
  await db.insert(categories).values({
    communityId,
    kind: 'repair',
    slug: 'water-leak',
    names: { 'zh-CN': '水管漏水', en: 'Water leak' },
    emergencyNotice: { 'zh-CN': '水流很大时请先关闭总阀。', en: 'If water is pouring, close the main valve first.' },
    questions: [
      {
        code: 'where',
        kind: 'single',
        required: true,
        label: { 'zh-CN': '漏水位置', en: 'Where is it leaking?' },
        options: [
          { key: 'kitchen', label: { 'zh-CN': '厨房', en: 'Kitchen' } },
          { key: 'bathroom', label: { 'zh-CN': '卫生间', en: 'Bathroom' } },
        ],
      },
    ],
  });
  await createBuilding(db, { communityId, name: '3号楼', units: [{ name: '1单元' }, { name: '2单元' }] });
}

const UpdateBody = Type.Object(
  {
    code: Type.String({ maxLength: 20 }),
    status: Type.Optional(Type.String({ maxLength: 20 })),
    note: Type.Optional(Type.String({ maxLength: 200 })),
    public: Type.Boolean(),
  },
  { additionalProperties: false },
);

export function registerRepairFixtures(app: FastifyInstance, communityId: string): void {
  let cookie: Promise<string> | undefined;
  const staffCookie = () => {
    cookie ??= (async () => {
      const staff = await makeStaff(app.db, communityId);
      return (await signIn(app, staff.email, staff.password)).cookie;
    })();
    return cookie;
  };
  registerPublicTestRoutes(app, (scope) => {
    scope.get<{ Querystring: { description: string } }>(
      '/widget-fixtures/repair-count',
      {
        schema: {
          querystring: Type.Object({ description: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        },
      },
      async (request) => {
        const rows = await app.db
          .select({ id: repairRequests.id })
          .from(repairRequests)
          .where(
            and(eq(repairRequests.communityId, communityId), eq(repairRequests.description, request.query.description)),
          );
        return { count: rows.length };
      },
    );
    scope.post<{ Body: { code: string; status?: string; note?: string; public: boolean } }>(
      '/widget-fixtures/repair-updates',
      { schema: { body: UpdateBody } },
      async (request, reply) => {
        const { code, ...update } = request.body;
        const repair = await findRepairByCode(app.db, communityId, code);
        if (!repair) return reply.code(404).send({ error: 'no such repair' });
        const response = await app.inject({
          method: 'POST',
          url: `/admin/api/repairs/${repair.id}/updates`,
          headers: { cookie: await staffCookie(), 'content-type': 'application/json' },
          payload: JSON.stringify(update),
        });
        return reply.code(response.statusCode).send(response.json());
      },
    );
  });
}
