// A community ready for repair requests: a site, repair services (one with questions and an emergency
// notice), a building with units, and staff — made through the real tables and repositories.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { categories } from '../../packages/server/src/db/schema.js';
import { createBuilding, createCategory, createCommunityWithSite } from './fixtures.js';
import { makeStaff, signIn } from './staff-fixtures.js';

export async function repairCommunity(app: FastifyInstance) {
  const db = app.db;
  const { community, site } = await createCommunityWithSite(db, { allowLocalhost: true });
  const [leak] = await db
    .insert(categories)
    .values({
      communityId: community.id,
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
  const lighting = await createCategory(db, { communityId: community.id, kind: 'repair', slug: 'lighting' });
  const suggestion = await createCategory(db, { communityId: community.id, kind: 'suggestion', slug: 'greenery' });
  const building = await createBuilding(db, {
    communityId: community.id,
    name: '3号楼',
    units: [{ name: '1单元', rooms: ['501'] }, { name: '2单元' }],
  });
  const [unit] = await app.db.query.units.findMany({ where: (units, { eq }) => eq(units.buildingId, building.id) });
  const admin = await makeStaff(db, community.id, { role: 'admin' });
  const worker = await makeStaff(db, community.id, { role: 'staff' });
  const adminCookie = (await signIn(app, admin.email, admin.password)).cookie;
  const workerCookie = (await signIn(app, worker.email, worker.password)).cookie;
  return {
    community,
    site,
    leak: leak!,
    lighting,
    suggestion,
    building,
    unit: unit!,
    admin,
    worker,
    adminCookie,
    workerCookie,
  };
}

export type RepairCommunity = Awaited<ReturnType<typeof repairCommunity>>;

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

export function staffRequest(
  app: FastifyInstance,
  cookie: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: object,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
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
