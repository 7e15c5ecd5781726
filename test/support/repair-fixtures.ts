// Repair fixtures, one set for every test that needs them (server tests, the fuzzer, the widget tests' server):
// repair services (a water leak with questions and an emergency notice, lighting), a building with units, and,
// for the staff API tests, a community with a site and signed-in staff — made through the real tables and
// repositories.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Executor } from '../../packages/server/src/db/database.js';
import { categories, repairRequests } from '../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from './app.js';
import { createBuilding, createCategory, createCommunityWithSite } from './fixtures.js';
import { makeStaff, signIn } from './staff-fixtures.js';

export { staffRequest } from './staff-fixtures.js';

/** What a community offers residents to report: two services and 3号楼 (1单元 with room 501, and 2单元). */
export async function addRepairServices(db: Executor, communityId: string) {
  const [leak] = await db
    .insert(categories)
    .values({
      communityId,
      kind: 'repair',
      slug: 'water-leak',
      names: { 'zh-CN': '水管漏水', en: 'Water leak' },
      emergencyNotice: { 'zh-CN': '水大时先关总阀。', en: 'If water is pouring, close the main valve first.' },
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
        { code: 'floors', kind: 'number', required: false, label: { 'zh-CN': '影响几层', en: 'Floors affected' } },
      ],
    })
    .returning();
  const lighting = await createCategory(db, { communityId, kind: 'repair', slug: 'lighting' });
  const building = await createBuilding(db, {
    communityId,
    name: '3号楼',
    units: [{ name: '1单元', rooms: ['501'] }, { name: '2单元' }],
  });
  const [unit] = await db.query.units.findMany({
    where: (units, { eq }) => eq(units.buildingId, building.id),
    orderBy: (units, { asc }) => asc(units.name),
  });
  return { leak: leak!, lighting, building, unit: unit! };
}

/** A community with a site allowing localhost, the repair services, a suggestion category and two staff. */
export async function repairCommunity(app: FastifyInstance) {
  const db = app.db;
  const { community, site } = await createCommunityWithSite(db, { allowLocalhost: true });
  const services = await addRepairServices(db, community.id);
  const suggestion = await createCategory(db, { communityId: community.id, kind: 'suggestion', slug: 'greenery' });
  const admin = await makeStaff(db, community.id, { role: 'admin' });
  const worker = await makeStaff(db, community.id, { role: 'staff' });
  const adminCookie = (await signIn(app, admin.email, admin.password)).cookie;
  const workerCookie = (await signIn(app, worker.email, worker.password)).cookie;
  return { community, site, ...services, suggestion, admin, worker, adminCookie, workerCookie };
}

export type RepairCommunity = Awaited<ReturnType<typeof repairCommunity>>;

/** A test app with one repair community in it: where most repair tests begin. */
export async function repairTestApp(options: Parameters<typeof buildTestApp>[0] = {}) {
  return withRepairCommunity(await buildTestApp(options));
}

/**
 * A repair community in a test app already built (liveTestApp for event-stream tests), and the app as `harness`:
 * `({ harness, place } = await withRepairCommunity(await liveTestApp()))`.
 */
export async function withRepairCommunity<Harness extends TestApp>(harness: Harness) {
  return { harness, place: await repairCommunity(harness.app) };
}

/** withRepairCommunity and a second community, `other`: for what one community must never see of the other's. */
export async function withTwoRepairCommunities<Harness extends TestApp>(harness: Harness) {
  return { ...(await withRepairCommunity(harness)), other: await repairCommunity(harness.app) };
}

/** How many repair requests the community holds: a refused request must leave it as it was. */
export async function countRepairs(db: Executor, communityId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(repairRequests)
    .where(eq(repairRequests.communityId, communityId));
  return row?.count ?? 0;
}

export function postRepair(
  app: FastifyInstance,
  siteKey: string,
  body: object,
  key: string = randomUUID(),
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/api/v1/sites/${siteKey}/repairs`,
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    payload: JSON.stringify(body),
  });
}

/** A multipart body exactly as a browser's FormData would send it. */
export async function multipartBody(
  fields: Record<string, string>,
  files: { bytes: Uint8Array; filename: string; type: string }[],
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files)
    form.append('photos', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.filename);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') as string,
  };
}
