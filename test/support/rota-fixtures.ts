// Rota fixtures: a community with 5号楼 1单元 (rooms 101–601 on floors 1–6) and a signed-in staff member, and
// the requests a resident's widget sends.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { households, units } from '../../packages/server/src/db/schema.js';
import { addDays, todayIn } from '../../packages/server/src/rota/dates.js';
import { createBuilding } from './fixtures.js';
import { repairCommunity, staffRequest } from './repair-fixtures.js';

export const voterToken = () => randomBytes(18).toString('base64url');
/** A day `offset` days from today in the fixtures' time zone (Asia/Shanghai). */
export const dayFromToday = (offset: number) => addDays(todayIn('Asia/Shanghai'), offset);

export async function rotaCommunity(app: FastifyInstance) {
  const place = await repairCommunity(app);
  const building = await createBuilding(app.db, { communityId: place.community.id, name: '5号楼' });
  const [unit] = await app.db
    .insert(units)
    .values({ communityId: place.community.id, buildingId: building.id, name: '1单元' })
    .returning();
  for (const floor of [1, 2, 3, 4, 5, 6]) {
    await app.db
      .insert(households)
      .values({ communityId: place.community.id, unitId: unit!.id, room: `${floor}01`, floor });
  }
  const staff = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: object) =>
    staffRequest(app, place.workerCookie, method, `/admin/api${url}`, body);
  const read = (url: string) => app.inject({ url: `/api/v1/sites/${place.site.siteKey}${url}` });
  const write = (method: 'POST' | 'DELETE', url: string, body: object) =>
    app.inject({
      method,
      url: `/api/v1/sites/${place.site.siteKey}${url}`,
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      payload: JSON.stringify(body),
    });
  const createRota = async (body: object = {}) => {
    const response = await staff('POST', '/rotas', {
      title: '5号楼1单元楼道值日',
      buildingId: building.id,
      unitId: unit!.id,
      tasks: ['扫楼梯', '擦扶手'],
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      perDay: 2,
      ...body,
    });
    if (response.statusCode !== 201) throw new Error(response.body);
    return response.json().id as string;
  };
  return { ...place, building5: building, unit5: unit!, staff, read, write, createRota };
}

export type RotaCommunity = Awaited<ReturnType<typeof rotaCommunity>>;
