// The demo community's suggestion board: a few published suggestions, some answered by the committee,
// with supports, so the board shows badges, answers and counts on a first start. Supports are rows with
// made-up device hashes (never a real voter token).
import type { SuggestionStatus } from '@courtyard/protocol';
import { and, eq } from 'drizzle-orm';
import { categories, suggestionSupports } from '../db/schema.js';
import { insertSuggestion } from '../repositories/suggestions.js';
import { updateSuggestion } from '../repositories/suggestions-staff.js';
import { newFollowCode } from '../suggestions/present.js';
import type { DemoSeeder } from './demo.js';

interface DemoSuggestion {
  category: string;
  text: string;
  status: SuggestionStatus;
  response?: string;
  supports: number;
  daysAgo: number;
}

export const demoSuggestionList: DemoSuggestion[] = [
  {
    category: 'elderly-care',
    text: '希望社区老年食堂增加晚餐供应，很多独居老人晚上不方便做饭。',
    status: 'adopted',
    response: '已与老年食堂协商，自下月1日起每天17:00–18:30供应晚餐，持老年卡可享优惠。',
    supports: 23,
    daysAgo: 12,
  },
  {
    category: 'parking',
    text: '三号楼前晚上经常有车占用消防通道，建议划线并加装提示牌。',
    status: 'done',
    response: '物业已于本周划设消防通道标线并安装提示牌，网格员每晚巡查。',
    supports: 17,
    daysAgo: 20,
  },
  {
    category: 'greenery',
    text: '小区中心花园的长椅坏了两把，建议更换，再多放几把方便老人休息。',
    status: 'under_review',
    supports: 9,
    daysAgo: 5,
  },
  {
    category: 'sanitation',
    text: '垃圾分类投放点晚上没有灯，建议加装照明。',
    status: 'received',
    supports: 4,
    daysAgo: 2,
  },
];

export const seedSuggestions: DemoSeeder = async ({ tx, community, site }) => {
  const day = 24 * 60 * 60 * 1000;
  for (const [index, item] of demoSuggestionList.entries()) {
    const [category] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(
        and(
          eq(categories.communityId, community.id),
          eq(categories.kind, 'suggestion'),
          eq(categories.slug, item.category),
        ),
      );
    const created = await insertSuggestion(tx, {
      communityId: community.id,
      siteId: site.id,
      categoryId: category?.id,
      text: item.text,
      followCode: newFollowCode(),
      spam: false,
    });
    const createdAt = new Date(Date.now() - item.daysAgo * day);
    await updateSuggestion(tx, community.id, created.id, {
      moderation: 'published',
      status: item.status,
      response: item.response ?? null,
      respondedAt: item.response ? new Date(createdAt.getTime() + 2 * day) : null,
      createdAt,
      supportCount: item.supports,
    });
    if (item.supports > 0) {
      await tx.insert(suggestionSupports).values(
        Array.from({ length: item.supports }, (_, voter) => ({
          suggestionId: created.id,
          voterHash: `demo-${index}-${voter}`,
        })),
      );
    }
  }
};
