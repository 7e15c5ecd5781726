// What each `courtyard` subcommand does, through the same repositories as the server, audited as 'cli'.
import { audit } from '../audit/audit.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import type { Db } from '../db/database.js';
import type { LocalizedText } from '../db/schema.js';
import {
  createCommunity,
  createSite,
  findCommunityBySlug,
  listCommunities,
  listSites,
} from '../repositories/communities.js';
import { deleteSessionsOfStaff } from '../repositories/sessions.js';
import { findCommunitySiteForUpdate, setAllowedOrigins } from '../repositories/sites.js';
import { createStaff, findStaffByEmail, listStaff, setPasswordHash, setStaffActive } from '../repositories/staff.js';
import { addOriginProblem, originProblem } from '../sites/origins.js';
import * as check from './validate.js';
import { UsageError } from './validate.js';

export interface Flags {
  slug?: string;
  'name-zh'?: string;
  'name-en'?: string;
  'time-zone'?: string;
  language?: string;
  community?: string;
  key?: string;
  name?: string;
  origin?: string[];
  'allow-localhost'?: boolean;
  email?: string;
  role?: string;
  password?: string;
}

export interface CommandContext {
  db: Db;
  flags: Flags;
  /** The words after the command's name, e.g. `<siteKey> <origin>` (see `operands` in run.ts). */
  args: string[];
  env: NodeJS.ProcessEnv;
  print: (line: string) => void;
}

async function communityOf(db: Db, slug: string | undefined) {
  const community = await findCommunityBySlug(db, check.slug(slug, '--community'));
  if (!community) throw new UsageError(`no community has the slug "${slug}" (see: courtyard community list)`);
  return community;
}

/** The password from --password or COURTYARD_STAFF_PASSWORD, else a generated one that is printed once. */
function choosePassword({ flags, env }: CommandContext): { password: string; generated: boolean } {
  const given = flags.password ?? env.COURTYARD_STAFF_PASSWORD;
  if (given !== undefined && given !== '') return { password: check.password(given), generated: false };
  return { password: generatePassword(), generated: true };
}

/**
 * The one account `--email` names: an email may have an account in several communities, and then
 * `--community` says which.
 */
async function staffOf(db: Db, flags: Flags) {
  const email = check.email(flags.email);
  const accounts = await findStaffByEmail(db, email);
  const community = flags.community === undefined ? undefined : check.slug(flags.community, '--community');
  const matching =
    community === undefined ? accounts : accounts.filter((account) => account.communitySlug === community);
  if (matching.length === 0) {
    throw new UsageError(`no staff account has the email ${email}${community ? ` in community ${community}` : ''}`);
  }
  if (matching.length > 1) {
    const slugs = matching.map((account) => account.communitySlug).join(', ');
    throw new UsageError(`${email} has an account in several communities (${slugs}): add --community <slug>`);
  }
  return matching[0] as (typeof matching)[number];
}

/**
 * Adds or removes one origin of a site with the same rules as the staff API, audited as 'cli'. A running
 * server's site cache is another process: it sees the change within SITE_CACHE_TTL_MS (5 s).
 */
async function changeOrigins(
  { db, args, print }: CommandContext,
  change: (origins: string[], origin: string) => string[],
  action: 'site.origin_added' | 'site.origin_removed',
) {
  const [siteKey, origin] = args as [string, string];
  const found = (await listSites(db)).find((site) => site.siteKey === check.siteKey(siteKey));
  if (!found) throw new UsageError(`no site has the key "${siteKey}" (see: courtyard site list)`);
  const site = await db.transaction(async (tx) => {
    const current = await findCommunitySiteForUpdate(tx, found.communityId, found.id);
    if (!current) throw new UsageError(`no site has the key "${siteKey}" (see: courtyard site list)`);
    const updated = await setAllowedOrigins(tx, current.id, change(current.allowedOrigins, origin));
    await audit(
      tx,
      { type: 'cli', communityId: found.communityId },
      action,
      { type: 'site', id: current.id },
      { allowedOrigins: current.allowedOrigins },
      { allowedOrigins: updated.allowedOrigins },
    );
    return updated;
  });
  const verb = action === 'site.origin_added' ? 'Allowed' : 'Stopped allowing';
  print(`${verb} ${origin} for site ${site.siteKey}; allowed origins: ${site.allowedOrigins.join(' ') || '(none)'}`);
  print('Running servers see the change within 5 seconds.');
}

function printPassword(context: CommandContext, chosen: { password: string; generated: boolean }) {
  if (chosen.generated) context.print(`Password (shown only now, store it safely): ${chosen.password}`);
}

export const commands: Record<string, (context: CommandContext) => Promise<void>> = {
  async 'community create'({ db, flags, print }) {
    const slug = check.slug(flags.slug);
    const names: LocalizedText = {};
    const zh = check.name(flags['name-zh'], '--name-zh');
    const en = check.name(flags['name-en'], '--name-en');
    if (zh) names['zh-CN'] = zh;
    if (en) names.en = en;
    if (!names['zh-CN'] && !names.en) throw new UsageError('give the community a name: --name-zh and/or --name-en');
    const timeZone = check.timeZone(flags['time-zone'] ?? 'Asia/Shanghai');
    const defaultLanguage = check.language(flags.language ?? 'zh-CN');
    if (await findCommunityBySlug(db, slug)) throw new UsageError(`a community with the slug "${slug}" already exists`);
    const community = await db.transaction(async (tx) => {
      const created = await createCommunity(tx, {
        slug,
        names,
        timeZone,
        defaultLanguage,
      });
      await audit(
        tx,
        { type: 'cli', communityId: created.id },
        'community.created',
        { type: 'community', id: created.id },
        null,
        created,
      );
      return created;
    });
    print(`Created community ${community.slug} (${community.id}), ${timeZone}, ${defaultLanguage}`);
  },

  async 'community list'({ db, print }) {
    for (const community of await listCommunities(db)) {
      const names = [community.names['zh-CN'], community.names.en].filter(Boolean).join(' / ');
      print([community.slug, names, community.timeZone, community.defaultLanguage, community.id].join('\t'));
    }
  },

  async 'site create'({ db, flags, print }) {
    const community = await communityOf(db, flags.community);
    const siteKey = check.siteKey(flags.key);
    const allowedOrigins = [...new Set((flags.origin ?? []).map(check.origin))];
    const allowLocalhost = flags['allow-localhost'] === true;
    if (allowedOrigins.length === 0 && !allowLocalhost) {
      throw new UsageError('give at least one --origin (e.g. https://www.example.org) or --allow-localhost');
    }
    const name = check.name(flags.name, '--name') ?? siteKey;
    if ((await listSites(db)).some((site) => site.siteKey === siteKey)) {
      throw new UsageError(`a site with the key "${siteKey}" already exists`);
    }
    const site = await db.transaction(async (tx) => {
      const created = await createSite(tx, {
        communityId: community.id,
        siteKey,
        name,
        allowedOrigins,
        allowLocalhost,
      });
      await audit(
        tx,
        { type: 'cli', communityId: community.id },
        'site.created',
        { type: 'site', id: created.id },
        null,
        created,
      );
      return created;
    });
    const origins = [
      ...site.allowedOrigins,
      ...(site.allowLocalhost ? ['http://localhost:*', 'http://127.0.0.1:*'] : []),
    ];
    print(`Created site ${site.siteKey} for community ${community.slug}; allowed origins: ${origins.join(' ')}`);
  },

  async 'site list'({ db, flags, print }) {
    const community = flags.community === undefined ? undefined : await communityOf(db, flags.community);
    for (const site of await listSites(db, community?.id)) {
      const origins = [...site.allowedOrigins, ...(site.allowLocalhost ? ['http://localhost:*'] : [])].join(' ');
      print([site.siteKey, site.communitySlug, site.name, origins || '(none)'].join('\t'));
    }
  },

  async 'site origin add'(context) {
    await changeOrigins(
      context,
      (origins, origin) => {
        const problem = originProblem(origin) ?? addOriginProblem(origins, origin);
        if (problem) throw new UsageError(`"${origin}": ${problem}`);
        return [...origins, origin];
      },
      'site.origin_added',
    );
  },

  async 'site origin remove'(context) {
    await changeOrigins(
      context,
      (origins, origin) => {
        if (!origins.includes(origin)) {
          throw new UsageError(`${origin} is not an allowed origin of the site (see: courtyard site list)`);
        }
        return origins.filter((allowed) => allowed !== origin);
      },
      'site.origin_removed',
    );
  },

  async 'staff create'(context) {
    const { db, flags, print } = context;
    const community = await communityOf(db, flags.community);
    const email = check.email(flags.email);
    const displayName = check.name(flags.name, '--name');
    if (!displayName) throw new UsageError('--name is required (the name colleagues see)');
    const role = check.role(flags.role ?? 'staff');
    const chosen = choosePassword(context);
    if ((await findStaffByEmail(db, email)).some((account) => account.communityId === community.id)) {
      throw new UsageError(`a staff account with the email ${email} already exists in community ${community.slug}`);
    }
    const passwordHash = await hashPassword(chosen.password);
    const staff = await db.transaction(async (tx) => {
      const created = await createStaff(tx, { communityId: community.id, email, displayName, role, passwordHash });
      await audit(
        tx,
        { type: 'cli', communityId: community.id },
        'staff.created',
        { type: 'staff', id: created.id },
        null,
        {
          email,
          displayName,
          role,
        },
      );
      return created;
    });
    print(`Created ${staff.role} ${staff.email} (${staff.displayName}) in community ${community.slug}`);
    printPassword(context, chosen);
  },

  async 'staff reset-password'(context) {
    const { db, flags, print } = context;
    const staff = await staffOf(db, flags);
    const chosen = choosePassword(context);
    const passwordHash = await hashPassword(chosen.password);
    const ended = await db.transaction(async (tx) => {
      await setPasswordHash(tx, staff.id, passwordHash);
      // A reset is often done because a password leaked: sessions made with the old one end too.
      const count = await deleteSessionsOfStaff(tx, staff.id);
      await audit(tx, { type: 'cli', communityId: staff.communityId }, 'staff.password_reset', {
        type: 'staff',
        id: staff.id,
      });
      return count;
    });
    print(`Reset the password of ${staff.email}; ended ${ended} session(s) and lifted any lockout`);
    printPassword(context, chosen);
  },

  async 'staff deactivate'({ db, flags, print }) {
    const staff = await staffOf(db, flags);
    await db.transaction(async (tx) => {
      await setStaffActive(tx, staff.id, false);
      await deleteSessionsOfStaff(tx, staff.id);
      await audit(
        tx,
        { type: 'cli', communityId: staff.communityId },
        'staff.deactivated',
        { type: 'staff', id: staff.id },
        { active: true },
        { active: false },
      );
    });
    print(`Deactivated ${staff.email}; they are signed out and cannot sign in`);
  },

  async 'staff list'({ db, flags, print }) {
    const community = await communityOf(db, flags.community);
    for (const staff of await listStaff(db, community.id, { limit: 10_000 })) {
      print([staff.email, staff.role, staff.displayName, staff.active ? 'active' : 'deactivated'].join('\t'));
    }
  },
};
