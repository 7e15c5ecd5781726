// Demo notices: the seed's night in the demo community. At 20:30 a kitchen pipe burst on the ground floor of
// 3号楼; the valve was shut and floors 1–5 had no water until 02:00. The notice, its progress and a neighbour's
// offer of bottled water are there, closed; a works notice for 1号楼 and a residents' meeting are open.
import { and, eq } from 'drizzle-orm';
import { audit } from '../audit/audit.js';
import { buildings, noticeOffers, notices, noticeUpdates, repairRequests } from '../db/schema.js';
import type { DemoSeeder } from './demo.js';
import { DEMO_TRACKING_CODE } from './demo-repairs.js';

const HOUR = 3_600_000;

export const seedDemoNotices: DemoSeeder = async ({ tx, community, admin }) => {
  const buildingNamed = async (name: string) => {
    const [row] = await tx
      .select({ id: buildings.id })
      .from(buildings)
      .where(and(eq(buildings.communityId, community.id), eq(buildings.name, name)));
    return row?.id;
  };
  const building3 = await buildingNamed('3号楼');
  const building1 = await buildingNamed('1号楼');
  // The demo's burst-pipe repair caused it.
  const [repair] = await tx
    .select({ id: repairRequests.id })
    .from(repairRequests)
    .where(and(eq(repairRequests.communityId, community.id), eq(repairRequests.trackingCode, DEMO_TRACKING_CODE)));
  const actor = { type: 'system' as const, communityId: community.id };
  // Last night, whenever the demo starts: the burst 8 hours ago, water back 2.5 hours ago.
  const burst = Date.now() - 8 * HOUR;
  const at = (hours: number) => new Date(burst + hours * HOUR);
  const base = { communityId: community.id, createdBy: admin.id };
  const created: string[] = [];
  if (building3) {
    const [outage] = await tx
      .insert(notices)
      .values({
        ...base,
        kind: 'outage',
        scope: 'floors',
        buildingId: building3,
        floorFrom: 1,
        floorTo: 5,
        title: '3号楼1–5层临时停水',
        body: '一层住户厨房水管爆裂，为防止漫水已关闭本楼总阀，1–5层暂时停水。维修师傅正在赶来，请大家提前储水。',
        startsAt: at(0.25),
        expectedEndAt: at(4),
        closedAt: at(5.5),
        closingText: '02:00 管道已更换，供水恢复。感谢大家的理解和互助！',
        repairId: repair?.id ?? null,
        createdAt: at(0.25),
      })
      .returning({ id: notices.id });
    if (outage) {
      created.push(outage.id);
      const updates: [number, string][] = [
        [0.75, '维修师傅已到场，正在排查爆裂位置。'],
        [2, '已找到破损管段，正在更换新管。'],
        [4.5, '新管已接好，正在试压，预计半小时内恢复供水。'],
      ];
      await tx.insert(noticeUpdates).values(
        updates.map(([hours, text]) => ({
          communityId: community.id,
          noticeId: outage.id,
          text,
          staffId: admin.id,
          createdAt: at(hours),
        })),
      );
      await tx.insert(noticeOffers).values({
        communityId: community.id,
        noticeId: outage.id,
        text: '302有桶装水，家里有老人孩子的邻居随时敲门来取。',
        moderation: 'published',
        moderatedBy: admin.id,
        createdAt: at(1),
      });
    }
  }
  if (building1) {
    const [works] = await tx
      .insert(notices)
      .values({
        ...base,
        kind: 'works',
        scope: 'building',
        buildingId: building1,
        title: '1号楼外墙保温施工',
        body: '本周一至周五 8:00–18:00 施工，期间请勿在楼下停放车辆，注意头顶安全。',
        expectedEndAt: new Date(Date.now() + 5 * 24 * HOUR),
      })
      .returning({ id: notices.id });
    if (works) created.push(works.id);
  }
  const [meeting] = await tx
    .insert(notices)
    .values({
      ...base,
      kind: 'meeting',
      scope: 'community',
      title: '居民议事会：停水应急预案',
      body: '周六上午9:30在社区活动室，讨论停水时的储水点和互助名单，欢迎居民参加。',
      startsAt: new Date(Date.now() + 3 * 24 * HOUR),
    })
    .returning({ id: notices.id });
  if (meeting) created.push(meeting.id);
  for (const id of created) await audit(tx, actor, 'notice.created', { type: 'notice', id });
};
