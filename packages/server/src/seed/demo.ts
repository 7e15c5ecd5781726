// The demo community a first start creates, built by a list of seeders run in one transaction. Each feature
// adds its own demo content (an open poll, a repair in progress, …) by appending a seeder to `demoSeeders`.
import { audit } from '../audit/audit.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import type { Config } from '../config.js';
import type { Executor } from '../db/database.js';
import {
  addBuildings,
  addCategories,
  type Community,
  createCommunity,
  createSite,
  type SiteSetup,
} from '../repositories/communities.js';
import { createStaff, type StaffAccount } from '../repositories/staff.js';
import { buildings, repairCategories, suggestionCategories } from './demo-community.js';
import { seedDemoNotices } from './demo-notices.js';
import { seedDemoPolls } from './demo-polls.js';
import { seedDemoRepairs } from './demo-repairs.js';
import { seedDemoRotas } from './demo-rotas.js';
import { seedSuggestions } from './demo-suggestions.js';
import { seedDemoTopics } from './demo-topics.js';

export const DEMO_ADMIN_EMAIL = 'admin@example.org';

/** What every seeder after the first can build on. */
export interface DemoContext {
  tx: Executor;
  config: Config;
  community: Community;
  site: SiteSetup;
  admin: StaffAccount;
}

export type DemoSeeder = (context: DemoContext) => Promise<void>;

const seedPlaces: DemoSeeder = async ({ tx, community }) => {
  await addCategories(tx, community.id, [...suggestionCategories, ...repairCategories]);
  await addBuildings(tx, community.id, buildings);
};

/** Run in order after the community, its site and its admin exist. Append a feature's seeder here. */
export const demoSeeders: DemoSeeder[] = [
  seedPlaces,
  seedSuggestions,
  seedDemoRepairs,
  seedDemoPolls,
  seedDemoNotices,
  seedDemoTopics,
  seedDemoRotas,
];

export interface DemoResult {
  community: Community;
  adminEmail: string;
  /** Set when COURTYARD_ADMIN_PASSWORD was not: the one time it can be shown. */
  generatedPassword: string | undefined;
}

/** Creates the demo community inside the caller's transaction. */
export async function seedDemo(tx: Executor, config: Config): Promise<DemoResult> {
  const community = await createCommunity(tx, {
    slug: 'demo',
    names: { 'zh-CN': '蒲黄榆社区', en: 'Puhuangyu Community' },
    timeZone: 'Asia/Shanghai',
    defaultLanguage: 'zh-CN',
  });
  const site = await createSite(tx, {
    communityId: community.id,
    siteKey: 'demo',
    name: '蒲黄榆社区 demo page',
    allowedOrigins: [config.publicUrl.origin],
    allowLocalhost: true,
  });
  const generatedPassword = config.adminPassword ? undefined : generatePassword();
  const admin = await createStaff(tx, {
    communityId: community.id,
    email: DEMO_ADMIN_EMAIL,
    displayName: '社区管理员',
    role: 'admin',
    passwordHash: await hashPassword(config.adminPassword ?? (generatedPassword as string)),
  });
  const context: DemoContext = { tx, config, community, site, admin };
  for (const seeder of demoSeeders) await seeder(context);
  await audit(tx, { type: 'system', communityId: community.id }, 'community.demo_seeded', {
    type: 'community',
    id: community.id,
  });
  return { community, adminEmail: DEMO_ADMIN_EMAIL, generatedPassword };
}
