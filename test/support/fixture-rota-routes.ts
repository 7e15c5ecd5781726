// Test-only routes for the rota widget tests, which have no staff session: a rota for a fresh unit (rooms 101–601
// on floors 1–6) made through the real repository, with other households already signed up from their own
// devices, and one of those devices accepting or asking a swap through the real rules.
import { Type } from '@sinclair/typebox';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildings, households, units } from '../../packages/server/src/db/schema.js';
import { insertDuties, insertRota } from '../../packages/server/src/repositories/rotas.js';
import { addDays, todayIn } from '../../packages/server/src/rota/dates.js';
import { rotaDeviceHash } from '../../packages/server/src/rota/device.js';
import { acceptSwap, askSwap } from '../../packages/server/src/rota/resident-actions.js';
import { registerPublicTestRoutes } from './fixtures.js';

const Any = Type.Object({}, { additionalProperties: true });

interface NewFixtureRota {
  /** A rota for the whole of this existing building (its units' households), instead of a fresh unit. */
  building?: string;
  perDay?: number;
  requireCode?: boolean;
  /** Other households on duty: a room, days from today, and the voter token of their device. */
  others?: { room: string; offset: number; token: string; displayName?: string }[];
}

export function registerFixtureRotaRoutes(app: FastifyInstance) {
  registerPublicTestRoutes(app, (scope) => {
    scope.post<{ Body: NewFixtureRota }>('/widget-fixtures/rotas', { schema: { body: Any } }, async (request) => {
      const { communityId } = request.site;
      if (request.body.building) {
        const [building] = await app.db
          .select({ id: buildings.id })
          .from(buildings)
          .where(and(eq(buildings.communityId, communityId), eq(buildings.name, request.body.building)));
        const rota = await insertRota(app.db, {
          communityId,
          title: '整栋楼值日表',
          buildingId: building!.id,
          unitId: null,
          floorFrom: null,
          floorTo: null,
          tasks: ['扫楼梯'],
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          perDay: 2,
          requireCode: false,
          createdBy: null,
        });
        return { id: rota.id, today: todayIn('Asia/Shanghai'), duties: {} };
      }
      return app.db.transaction(async (tx) => {
        const [building] = await tx
          .insert(buildings)
          .values({ communityId, name: `楼 ${crypto.randomUUID().slice(0, 6)}` })
          .returning();
        const [unit] = await tx
          .insert(units)
          .values({ communityId, buildingId: building!.id, name: '1单元' })
          .returning();
        const rooms = new Map<string, string>();
        for (const floor of [1, 2, 3, 4, 5, 6]) {
          const [row] = await tx
            .insert(households)
            .values({ communityId, unitId: unit!.id, room: `${floor}01`, floor })
            .returning();
          rooms.set(`${floor}01`, row!.id);
        }
        const rota = await insertRota(tx, {
          communityId,
          title: '楼道值日表',
          buildingId: building!.id,
          unitId: unit!.id,
          floorFrom: null,
          floorTo: null,
          tasks: ['扫楼梯', '擦扶手'],
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          perDay: request.body.perDay ?? 2,
          requireCode: request.body.requireCode ?? false,
          createdBy: null,
        });
        const today = todayIn('Asia/Shanghai');
        const duties: Record<string, string> = {};
        for (const other of request.body.others ?? []) {
          const [duty] = await insertDuties(
            tx,
            {
              communityId,
              rotaId: rota.id,
              householdId: rooms.get(other.room) as string,
              deviceHash: rotaDeviceHash(app.secret, other.token),
              displayName: other.displayName ?? null,
            },
            [addDays(today, other.offset)],
          );
          duties[other.room] = duty!.id;
        }
        return { id: rota.id, today, duties };
      });
    });
    scope.post<{ Params: { id: string }; Body: { dutyId: string; withDutyId: string; token: string } }>(
      '/widget-fixtures/rotas/:id/ask',
      { schema: { body: Any } },
      async (request) =>
        app.db.transaction((tx) =>
          askSwap(
            {
              tx,
              secret: app.secret,
              communityId: request.site.communityId,
              siteId: request.site.id,
              rotaId: request.params.id,
            },
            { dutyId: request.body.dutyId, withDutyId: request.body.withDutyId, voterToken: request.body.token },
          ),
        ),
    );
    scope.post<{ Params: { id: string }; Body: { swapId: string; token: string } }>(
      '/widget-fixtures/rotas/:id/accept',
      { schema: { body: Any } },
      async (request) =>
        app.db.transaction((tx) =>
          acceptSwap(
            {
              tx,
              secret: app.secret,
              communityId: request.site.communityId,
              siteId: request.site.id,
              rotaId: request.params.id,
            },
            request.body.swapId,
            request.body.token,
          ),
        ),
    );
  });
}
