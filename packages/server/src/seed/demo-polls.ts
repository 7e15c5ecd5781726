// Demo polls: an open device poll on the demo page, and an owners' decision for one stairwell (1号楼 1单元)
// on adding a lift, with each floor's share of the cost. Staff issue that stairwell's codes from the console.
import { and, eq } from 'drizzle-orm';
import { audit } from '../audit/audit.js';
import { buildings, units } from '../db/schema.js';
import { insertPoll } from '../repositories/polls.js';
import type { DemoSeeder } from './demo.js';

const DAY = 86_400_000;

export const seedDemoPolls: DemoSeeder = async ({ tx, community, admin }) => {
  const [stairwell] = await tx
    .select({ unitId: units.id })
    .from(units)
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .where(and(eq(buildings.communityId, community.id), eq(buildings.name, '1号楼'), eq(units.name, '1单元')));
  const actor = { type: 'system' as const, communityId: community.id };
  const now = Date.now();
  if (stairwell) {
    const id = await insertPoll(tx, community.id, admin.id, {
      title: '1号楼1单元加装电梯表决',
      description:
        '依据《民法典》第二百七十八条，由本单元业主共同决定是否加装电梯；费用按楼层分摊（一层不分摊）。表决码由居委会逐户发放。',
      decision: 'owners',
      approvalRule: 'three-quarters',
      visibility: 'after-voting',
      scope: { type: 'unit', unitId: stairwell.unitId },
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 30 * DAY).toISOString(),
      options: [{ label: '同意', approves: true }, { label: '不同意' }, { label: '弃权' }],
      costShares: {
        basis: 'floor',
        rows: [0, 8, 14, 20, 26, 32].map((percent, index) => ({ floor: index + 1, percent })),
      },
    });
    await audit(tx, actor, 'poll.created', { type: 'poll', id });
  }
  const id = await insertPoll(tx, community.id, admin.id, {
    title: '周末便民服务，您最希望增加哪些项目？',
    description: '可选两项。结果实时更新。',
    selection: 'multiple',
    maxChoices: 2,
    visibility: 'always',
    eligibility: 'device',
    opensAt: new Date(now).toISOString(),
    closesAt: new Date(now + 14 * DAY).toISOString(),
    options: [
      { label: '义诊与量血压' },
      { label: '家电维修' },
      { label: '理发' },
      { label: '法律咨询' },
      { label: '其他', isOther: true },
    ],
  });
  await audit(tx, actor, 'poll.created', { type: 'poll', id });
};
