// Demo duty rotas: 蒲黄榆五巷5号楼, where each floor group of 1单元 keeps its stairwell clean seven days a
// week. This week's table is partly filled: some days done (已完成), one household shown by the name it chose,
// and gaps left open for a visitor to take.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { audit } from '../audit/audit.js';
import { buildings as buildingTable, households, rotaDuties, rotas, units } from '../db/schema.js';
import { addBuildings } from '../repositories/communities.js';
import { addDays, mondayOf, todayIn } from '../rota/dates.js';
import type { DemoSeeder } from './demo.js';

const FLOORS = 6;

export const DEMO_ROTA_BUILDING = '5号楼';

export const seedDemoRotas: DemoSeeder = async ({ tx, community, admin }) => {
  await addBuildings(tx, community.id, [
    {
      name: DEMO_ROTA_BUILDING,
      units: [1, 2].map((unit) => ({
        name: `${unit}单元`,
        households: Array.from({ length: FLOORS }, (_, floor) =>
          [1, 2].map((flat) => ({ room: `${floor + 1}0${flat}`, floor: floor + 1, floorArea: '68.40' })),
        ).flat(),
      })),
    },
  ]);
  const [building] = await tx
    .select({ id: buildingTable.id })
    .from(buildingTable)
    .where(and(eq(buildingTable.communityId, community.id), eq(buildingTable.name, DEMO_ROTA_BUILDING)));
  const [unit] = await tx
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.buildingId, building!.id), eq(units.name, '1单元')));
  const rooms = await tx
    .select({ id: households.id, room: households.room })
    .from(households)
    .where(eq(households.unitId, unit!.id));
  const room = (name: string) => rooms.find((row) => row.room === name)?.id as string;
  const today = todayIn(community.timeZone);
  const monday = mondayOf(today);
  const tasks = ['扫楼梯', '擦扶手', '清运可回收物'];
  // Households of each floor group, Monday to Sunday; null leaves the day open.
  const groups = [
    {
      floors: [1, 3],
      title: '蒲黄榆五巷5号楼1单元 1–3层值日表',
      week: ['101', '102', '201', null, '301', '302', null],
    },
    {
      floors: [4, 6],
      title: '蒲黄榆五巷5号楼1单元 4–6层值日表',
      week: ['401', '402', null, '501', '502', null, '601'],
    },
  ];
  for (const group of groups) {
    const [rota] = await tx
      .insert(rotas)
      .values({
        communityId: community.id,
        title: group.title,
        buildingId: building!.id,
        unitId: unit!.id,
        floorFrom: group.floors[0],
        floorTo: group.floors[1],
        tasks,
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        perDay: 1,
        createdBy: admin.id,
        // Set up two weeks ago, so the dashboard has weeks to show.
        createdAt: new Date(Date.now() - 14 * 86_400_000),
      })
      .returning({ id: rotas.id });
    const duties = group.week.flatMap((name, index) => {
      if (!name) return [];
      const day = addDays(monday, index);
      return [
        {
          communityId: community.id,
          rotaId: rota!.id,
          day,
          householdId: room(name),
          // Signed up on paper and entered by staff: no resident's device can change these.
          deviceHash: randomBytes(24).toString('base64url'),
          displayName: name === '301' ? '王阿姨' : null,
          doneAt: day < today ? new Date(`${day}T09:00:00+08:00`) : null,
        },
      ];
    });
    if (duties.length > 0) await tx.insert(rotaDuties).values(duties);
    await audit(tx, { type: 'system', communityId: community.id }, 'rota.created', { type: 'rota', id: rota!.id });
  }
};
