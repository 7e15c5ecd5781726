// The demo community's repair desk: extra questions and emergency notices on the services, and the burst
// pipe of the story — reported at 8:30 p.m., in progress now, with a public timeline a resident can follow
// under the tracking code R-7K3Q-9X2M (and an internal note residents never see).
import { and, eq, sql } from 'drizzle-orm';
import {
  categories,
  events,
  type LocalizedText,
  type RepairQuestion,
  repairRequests,
  repairUpdates,
} from '../db/schema.js';
import { createRepair } from '../repairs/create-repair.js';
import { findRepairServiceBySlug } from '../repositories/repair-services.js';
import type { DemoSeeder } from './demo.js';

export const DEMO_TRACKING_CODE = 'R-7K3Q-9X2M';

const services: { slug: string; emergencyNotice?: LocalizedText; questions?: RepairQuestion[] }[] = [
  {
    slug: 'water-leak',
    emergencyNotice: {
      'zh-CN': '水流很大时，请先关闭户内总阀，并拨打物业值班电话 6761 2345。',
      en: 'If water is pouring, close your flat’s main valve first and call the duty line 6761 2345.',
    },
    questions: [
      {
        code: 'where',
        kind: 'single',
        required: true,
        label: { 'zh-CN': '漏水位置', en: 'Where is it leaking?' },
        options: [
          { key: 'kitchen', label: { 'zh-CN': '厨房', en: 'Kitchen' } },
          { key: 'bathroom', label: { 'zh-CN': '卫生间', en: 'Bathroom' } },
          { key: 'stairwell', label: { 'zh-CN': '楼道', en: 'Stairwell' } },
          { key: 'ceiling', label: { 'zh-CN': '天花板', en: 'Ceiling' } },
        ],
      },
      {
        code: 'valve_closed',
        kind: 'single',
        required: false,
        label: { 'zh-CN': '总阀已关闭吗？', en: 'Is the main valve closed?' },
        options: [
          { key: 'yes', label: { 'zh-CN': '已关闭', en: 'Yes' } },
          { key: 'no', label: { 'zh-CN': '没有/找不到', en: 'No / cannot find it' } },
        ],
      },
    ],
  },
  {
    slug: 'gas',
    emergencyNotice: {
      'zh-CN': '闻到燃气味：不要开关电器，打开门窗，立即离开并拨打燃气抢修电话 96777。',
      en: 'Smell gas? Do not touch switches, open the windows, leave and call the gas emergency line 96777.',
    },
  },
  {
    slug: 'elevator',
    emergencyNotice: {
      'zh-CN': '有人被困请拨打电梯内的救援电话或 119。',
      en: 'Someone trapped? Call the number in the lift or 119.',
    },
    questions: [
      { code: 'floor', kind: 'number', required: false, label: { 'zh-CN': '停在几层', en: 'Stopped at floor' } },
    ],
  },
];

const minutesAgo = (minutes: number) => sql`now() - make_interval(mins => ${minutes})`;

export const seedDemoRepairs: DemoSeeder = async ({ tx, community, site, admin }) => {
  for (const service of services) {
    await tx
      .update(categories)
      .set({ emergencyNotice: service.emergencyNotice ?? null, questions: service.questions ?? [] })
      .where(
        and(eq(categories.communityId, community.id), eq(categories.kind, 'repair'), eq(categories.slug, service.slug)),
      );
  }
  const leak = await findRepairServiceBySlug(tx, community.id, 'water-leak');
  if (!leak) return;
  const building = await tx.query.buildings.findFirst({
    where: (table, { and: both, eq: equals }) =>
      both(equals(table.communityId, community.id), equals(table.name, '3号楼')),
  });
  const unit = building
    ? await tx.query.units.findFirst({ where: (table, { eq: equals }) => equals(table.buildingId, building.id) })
    : undefined;
  const repair = await createRepair(
    tx,
    {
      communityId: community.id,
      siteId: site.id,
      source: 'widget',
      categoryId: leak.id,
      buildingId: building?.id,
      unitId: unit?.id,
      room: '501',
      description: '厨房水管爆了，水一直往外喷，楼下402也开始渗水。',
      answers: { where: 'kitchen', valve_closed: 'no' },
      name: '王阿姨',
      phone: '138 0013 8000',
      preferredTime: '今晚一直在家',
      language: 'zh-CN',
      spam: false,
    },
    [],
  );
  // The story's times: reported 95 minutes ago, then the grid worker's progress.
  await tx
    .update(repairRequests)
    .set({
      trackingCode: DEMO_TRACKING_CODE,
      status: 'in_progress',
      assigneeId: admin.id,
      createdAt: minutesAgo(95),
      updatedAt: minutesAgo(35),
    })
    .where(eq(repairRequests.id, repair.id));
  await tx
    .update(repairUpdates)
    .set({ createdAt: minutesAgo(95) })
    .where(eq(repairUpdates.repairId, repair.id));
  await tx
    .update(events)
    .set({ topic: `repair:${DEMO_TRACKING_CODE}` })
    .where(and(eq(events.communityId, community.id), eq(events.topic, `repair:${repair.trackingCode}`)));
  const steps: {
    minutes: number;
    status: 'acknowledged' | 'scheduled' | 'in_progress' | null;
    note: string;
    public: boolean;
  }[] = [
    {
      minutes: 88,
      status: 'acknowledged',
      note: '网格员已收到，正在联系物业维修师傅。请先用毛巾堵住漏水处。',
      public: true,
    },
    { minutes: 80, status: null, note: '住户王阿姨腿脚不便，上门前先打电话。', public: false },
    { minutes: 70, status: 'scheduled', note: '维修师傅约 21:30 到达。', public: true },
    {
      minutes: 35,
      status: 'in_progress',
      note: '已关闭3号楼1单元总阀，正在更换爆裂的管段。今晚1单元暂时停水，预计凌晨2点恢复。',
      public: true,
    },
  ];
  for (const step of steps) {
    await tx.insert(repairUpdates).values({
      communityId: community.id,
      repairId: repair.id,
      kind: 'update',
      status: step.status,
      note: step.note,
      public: step.public,
      authorType: 'staff',
      staffId: admin.id,
      createdAt: minutesAgo(step.minutes),
    });
  }
};
