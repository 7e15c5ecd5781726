// Demo deliberation: the 怡海花园 elevator replacement, told end to end on the demo's 3号楼 2单元. Two residents
// wrote that the 20-year-old lift keeps stopping; staff made it a topic, held a meeting of the owners'
// committee, the property company, residents' representatives and the 楼门长 (in the room and in the group
// chat), the owners voted (art. 278, three quarters), a 3-person owners' representative group was formed, the
// cost was shared by floor, and the new lift runs. A second topic (e-bike charging) waits for its meeting, so
// the demo page can take supports and opinions.
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { audit } from '../audit/audit.js';
import {
  buildings,
  households,
  meetings,
  meetingTopics,
  pollBallotCodes,
  pollBallots,
  representatives,
  suggestionSupports,
  topicDecisions,
  topicOpinions,
  topicStatusChanges,
  topicSuggestions,
  topics,
  units,
} from '../db/schema.js';
import { findPoll, insertPoll } from '../repositories/polls.js';
import { insertSuggestion } from '../repositories/suggestions.js';
import { updateSuggestion } from '../repositories/suggestions-staff.js';
import { newFollowCode } from '../suggestions/present.js';
import { writeBackPollOutcome } from '../topics/poll-outcome.js';
import type { DemoSeeder } from './demo.js';

const DAY = 86_400_000;
const FLOOR_SHARES = [0, 8, 14, 20, 26, 32];

export const seedDemoTopics: DemoSeeder = async ({ tx, community, site, admin }) => {
  const [stairwell] = await tx
    .select({ unitId: units.id, buildingId: units.buildingId })
    .from(units)
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .where(and(eq(buildings.communityId, community.id), eq(buildings.name, '3号楼'), eq(units.name, '2单元')));
  if (!stairwell) return;
  const actor = { type: 'system' as const, communityId: community.id };
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY);
  const base = { communityId: community.id };

  // What residents wrote, published on the board, with their neighbours' support.
  const opinions: [string, number, number][] = [
    ['3号楼2单元的电梯用了二十多年，经常停运，上个月还困过人，希望整体更换。', 210, 19],
    ['电梯一坏，七十多岁的老人只能爬到六楼，能不能换部新电梯？', 205, 12],
  ];
  const suggestionIds: string[] = [];
  for (const [text, daysAgo, supports] of opinions) {
    const created = await insertSuggestion(tx, {
      communityId: community.id,
      siteId: site.id,
      text,
      followCode: newFollowCode(),
      spam: false,
    });
    await updateSuggestion(tx, community.id, created.id, {
      moderation: 'published',
      status: 'adopted',
      response: '已列入议题“3号楼2单元电梯更换”，请关注议事进程。',
      respondedAt: at(daysAgo - 5),
      createdAt: at(daysAgo),
      supportCount: supports,
    });
    await tx.insert(suggestionSupports).values(
      Array.from({ length: supports }, (_, voter) => ({
        suggestionId: created.id,
        voterHash: `demo-topic-${created.id}-${voter}`,
      })),
    );
    suggestionIds.push(created.id);
  }

  const place = { scope: 'unit' as const, buildingId: stairwell.buildingId, unitId: stairwell.unitId };
  const [lift] = await tx
    .insert(topics)
    .values({
      ...base,
      ...place,
      title: '3号楼2单元电梯更换',
      summary:
        '电梯运行超过20年，故障频繁。按怡海花园电梯更新的做法：议事会协商方案，业主共同表决，费用按楼层分摊，业主代表小组全程监督。',
      status: 'done',
      firstOpinionAt: at(210),
      supportCount: 31,
      createdBy: admin.id,
      createdAt: at(200),
      updatedAt: at(12),
    })
    .returning({ id: topics.id });
  if (!lift) return;
  await tx.insert(topicSuggestions).values(suggestionIds.map((suggestionId) => ({ topicId: lift.id, suggestionId })));
  const steps: [number, string | null, string, string][] = [
    [200, null, 'proposed', ''],
    [190, 'proposed', 'scheduled', '列入本月居民议事会。'],
    [180, 'scheduled', 'deliberated', '议事会就更换方案、资金来源和分摊办法形成一致意见。'],
    [150, 'deliberated', 'decided', '业主表决通过（四分之三以上同意）。'],
    [120, 'decided', 'in-progress', '施工单位进场，旧电梯拆除。'],
    [12, 'in-progress', 'done', '新电梯通过特种设备检验，正式投入使用。'],
  ];
  await tx.insert(topicStatusChanges).values(
    steps.map(([daysAgo, fromStatus, toStatus, reason]) => ({
      ...base,
      topicId: lift.id,
      fromStatus: fromStatus as 'proposed' | null,
      toStatus: toStatus as 'proposed',
      reason,
      staffId: admin.id,
      createdAt: at(daysAgo),
    })),
  );
  await tx.insert(topicOpinions).values([
    {
      ...base,
      topicId: lift.id,
      text: '支持更换，希望施工期间安排好老人上下楼。',
      moderation: 'published',
      moderatedBy: admin.id,
      createdAt: at(195),
    },
    {
      ...base,
      topicId: lift.id,
      text: '一楼不用电梯，希望一楼不分摊费用。',
      moderation: 'published',
      moderatedBy: admin.id,
      createdAt: at(193),
    },
  ]);

  const [meeting] = await tx
    .insert(meetings)
    .values({
      ...base,
      title: '3号楼2单元电梯更换议事会',
      startsAt: at(181),
      place: '社区党群服务中心二楼会议室',
      online: '3号楼2单元业主微信群（不便到场的业主线上参加）',
      parties: [
        'residents-committee',
        'owners-committee',
        'property-company',
        'residents-representatives',
        'building-leaders',
      ],
      attendance: [
        { party: 'residents-committee', count: 2 },
        { party: 'owners-committee', count: 3 },
        { party: 'property-company', count: 2 },
        { party: 'residents-representatives', count: 9 },
        { party: 'building-leaders', count: 1 },
      ],
      minutes:
        '一、同意整体更换电梯，使用专项维修资金并由业主按楼层分摊差额；二、推选3名业主组成业主代表小组，参与招标和施工监督；三、一层业主不分摊；四、方案提交本单元业主表决。',
      createdBy: admin.id,
      createdAt: at(190),
    })
    .returning({ id: meetings.id });
  if (meeting) await tx.insert(meetingTopics).values({ meetingId: meeting.id, topicId: lift.id });

  // The owners' vote: the stairwell's twelve households, eleven voted on paper, ten agreed.
  const pollId = await insertPoll(tx, community.id, admin.id, {
    title: '3号楼2单元电梯更换表决',
    description: '依据《民法典》第二百七十八条，由本单元业主共同决定是否更换电梯及费用分摊方案。',
    decision: 'owners',
    approvalRule: 'three-quarters',
    visibility: 'after-close',
    scope: { type: 'unit', unitId: stairwell.unitId },
    opensAt: at(178).toISOString(),
    closesAt: at(151).toISOString(),
    options: [{ label: '同意', approves: true }, { label: '不同意' }, { label: '弃权' }],
    costShares: { basis: 'floor', rows: FLOOR_SHARES.map((percent, index) => ({ floor: index + 1, percent })) },
  });
  const poll = await findPoll(tx, community.id, pollId);
  const homes = await tx
    .select()
    .from(households)
    .where(eq(households.unitId, stairwell.unitId))
    .orderBy(asc(households.room));
  if (poll) {
    const [agree, disagree] = poll.options;
    for (const [index, home] of homes.entries()) {
      const [code] = await tx
        .insert(pollBallotCodes)
        .values({
          ...base,
          pollId,
          codeHmac: randomBytes(24).toString('base64url'),
          scope: 'unit',
          buildingId: stairwell.buildingId,
          unitId: stairwell.unitId,
          householdId: home.id,
          label: `2单元 ${home.room}`,
          floor: home.floor,
          floorArea: home.floorArea,
          usedAt: index < 11 ? at(160) : null,
          createdAt: at(179),
        })
        .returning({ id: pollBallotCodes.id });
      if (index >= 11 || !code || !agree || !disagree) continue;
      await tx.insert(pollBallots).values({
        ...base,
        pollId,
        optionIds: [index === 10 ? disagree.id : agree.id],
        ballotCodeId: code.id,
        receiptHash: randomBytes(24).toString('base64url'),
        source: 'paper',
        createdAt: at(160),
      });
    }
    await tx.update(topics).set({ pollId }).where(eq(topics.id, lift.id));
    await writeBackPollOutcome(tx, actor, poll);
  }

  await tx.insert(topicDecisions).values({
    ...base,
    topicId: lift.id,
    meetingId: meeting?.id ?? null,
    text: '整体更换3号楼2单元电梯；成立3人业主代表小组参与招标、监督施工和验收。',
    responsibleParty: '物业公司负责实施，业主代表小组监督，居委会协调',
    deadline: at(20).toISOString().slice(0, 10),
    cost: '480000.00',
    costSharing: '专项维修资金支付30万元，其余18万元按楼层分摊：一层0%，二层8%，三层14%，四层20%，五层26%，六层32%。',
    staffId: admin.id,
    createdAt: at(150),
  });
  await tx.insert(representatives).values([
    {
      ...base,
      role: 'owners-representative',
      buildingId: stairwell.buildingId,
      unitId: stairwell.unitId,
      displayName: '张师傅',
    },
    {
      ...base,
      role: 'owners-representative',
      buildingId: stairwell.buildingId,
      unitId: stairwell.unitId,
      displayName: '李阿姨',
    },
    {
      ...base,
      role: 'owners-representative',
      buildingId: stairwell.buildingId,
      unitId: stairwell.unitId,
      displayName: '刘老师',
    },
    {
      ...base,
      role: 'building-leader',
      buildingId: stairwell.buildingId,
      unitId: stairwell.unitId,
      displayName: '王阿姨',
    },
  ]);

  // Waiting for its meeting: residents can support it and say what they think on the demo page.
  const [charging] = await tx
    .insert(topics)
    .values({
      ...base,
      scope: 'community',
      title: '增设电动自行车集中充电桩',
      summary: '楼道里充电有火灾隐患。拟在小区东门车棚增设集中充电桩，下次议事会讨论选址和收费办法。',
      firstOpinionAt: at(20),
      createdBy: admin.id,
      createdAt: at(15),
    })
    .returning({ id: topics.id });
  if (charging) {
    await tx.insert(topicStatusChanges).values({
      ...base,
      topicId: charging.id,
      toStatus: 'proposed',
      reason: '',
      staffId: admin.id,
      createdAt: at(15),
    });
  }
  for (const id of [lift.id, charging?.id]) if (id) await audit(tx, actor, 'topic.created', { type: 'topic', id });
};
