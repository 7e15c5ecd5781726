// The source of truth for Courtyard's data. Every row belongs to a community; migrations in
// packages/server/drizzle are generated from this file (`npm run db:generate`) and applied at boot.
import {
  BALLOT_SCOPES,
  CATEGORY_KINDS,
  MEETING_PARTIES,
  NOTICE_KINDS,
  NOTICE_OFFER_MODERATIONS,
  NOTICE_SCOPES,
  POLL_APPROVAL_RULES,
  POLL_DECISIONS,
  POLL_ELIGIBILITIES,
  POLL_SELECTIONS,
  POLL_VISIBILITIES,
  REPRESENTATIVE_ROLES,
  ROTA_SWAP_STATES,
  STAFF_LINK_PURPOSES,
  STAFF_ROLES,
  SUBMISSION_SOURCES,
  SuggestionModerations,
  SuggestionStatuses,
  TOPIC_OPINION_MODERATIONS,
  TOPIC_SCOPES,
  TOPIC_STATUSES,
  WEBHOOK_DELIVERY_STATES,
  WEBHOOK_FORMATS,
} from '@courtyard/protocol';
import { REPAIR_STATUSES } from '@courtyard/protocol/schemas';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export type LocalizedText = { 'zh-CN'?: string; en?: string };

/** An extra question of a repair service (Open311 service definition attribute). */
export interface RepairQuestion {
  code: string;
  kind: 'text' | 'number' | 'single' | 'multi';
  required: boolean;
  label: LocalizedText;
  /** Choices of `single`/`multi` questions. */
  options?: { key: string; label: LocalizedText }[];
}

/** Binary data: Buffer from postgres.js, Uint8Array from PGlite; both accept either on insert. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const communityRef = () =>
  uuid('community_id')
    .notNull()
    .references(() => communities.id, { onDelete: 'cascade' });

export const staffRole = pgEnum('staff_role', STAFF_ROLES);
/** Where a suggestion or repair came in: the widget, Open311, or what staff recorded (sources.ts). */
export const submissionSource = pgEnum('submission_source', SUBMISSION_SOURCES);
export const categoryKind = pgEnum('category_kind', CATEGORY_KINDS);

export const communities = pgTable('communities', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  names: jsonb('names').$type<LocalizedText>().notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  defaultLanguage: text('default_language').$type<'zh-CN' | 'en'>().notNull().default('zh-CN'),
  createdAt: createdAt(),
});

export const sites = pgTable(
  'sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    siteKey: text('site_key').notNull().unique(),
    name: text('name').notNull(),
    /** Exact origins (scheme://host[:port]) allowed to call the public API from a browser. */
    allowedOrigins: text('allowed_origins').array().notNull().default(sql`'{}'::text[]`),
    /** Allows http://localhost:* and http://127.0.0.1:* (development and the demo site). */
    allowLocalhost: boolean('allow_localhost').notNull().default(false),
    /** Ask every public write for a proof of work, not only while the site or the sender is busy. */
    proofOfWorkAlways: boolean('proof_of_work_always').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [index('sites_community_idx').on(table.communityId)],
);

export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    /**
     * Stored lower-cased; sign-in matches case-insensitively. Unique within a community, not across them: a
     * person may serve two communities (two accounts, two passwords), and one community's admin inviting an
     * email learns nothing about the others.
     */
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: staffRole('role').notNull().default('staff'),
    /** scrypt (memory-hard) in a self-describing format; see auth/password.ts. */
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('staff_users_community_email_idx').on(table.communityId, table.email),
    // Sign-in finds every account of an email, in whichever communities it has one.
    index('staff_users_email_idx').on(table.email),
  ],
);

export const staffSessions = pgTable(
  'staff_sessions',
  {
    /** SHA-256 of the cookie's token: a leaked table cannot be replayed as cookies. */
    tokenHash: text('token_hash').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('staff_sessions_staff_idx').on(table.staffId)],
);

export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    kind: categoryKind('kind').notNull(),
    slug: text('slug').notNull(),
    names: jsonb('names').$type<LocalizedText>().notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** Repair services: what the service covers, shown to residents and as the Open311 description. */
    description: jsonb('description').$type<LocalizedText>(),
    /** Repair services: Open311-style extra questions residents answer (see RepairQuestion). */
    questions: jsonb('questions').$type<RepairQuestion[]>().notNull().default(sql`'[]'::jsonb`),
    /** Repair services: shown before submitting, e.g. "Gas smell? Call 96777 first." */
    emergencyNotice: jsonb('emergency_notice').$type<LocalizedText>(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('categories_community_kind_slug_idx').on(table.communityId, table.kind, table.slug)],
);

export const buildings = pgTable(
  'buildings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('buildings_community_name_idx').on(table.communityId, table.name)],
);

/** A unit is a stairwell/entrance (单元) of a building. */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('units_building_name_idx').on(table.buildingId, table.name)],
);

/** A household (户): the unit of owners' decisions, with its floor area in m². */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    /** The room as residents write it, e.g. 501. */
    room: text('room').notNull(),
    floor: smallint('floor'),
    floorArea: numeric('floor_area', { precision: 10, scale: 2 }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('households_unit_room_idx').on(table.unitId, table.room)],
);

/** Every staff action: who, what, when, before/after. Written in the same transaction as the change. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    communityId: communityRef(),
    actorType: text('actor_type').$type<'staff' | 'system' | 'cli' | 'resident'>().notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: createdAt(),
  },
  (table) => [index('audit_log_community_created_idx').on(table.communityId, table.createdAt)],
);

/**
 * Public writes carry an Idempotency-Key; the key, a hash of the request and the first response are
 * stored in the same transaction as the write, so a retry replays instead of writing twice.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    key: uuid('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: smallint('status_code').notNull(),
    responseBody: jsonb('response_body').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.key] }),
    index('idempotency_keys_created_idx').on(table.createdAt),
  ],
);

/**
 * Live updates: every change residents may watch (a poll's tallies, a repair's progress) is a row here,
 * written in the same transaction as the change; the id is the SSE event id, so a reconnecting client
 * replays what it missed. Payloads hold public data only. Also the source for webhooks.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    communityId: communityRef(),
    /** `poll:<id>`, `repair:<trackingCode>`, `suggestion:<id>`. */
    topic: text('topic').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index('events_community_topic_id_idx').on(table.communityId, table.topic, table.id),
    // A fresh stream starts at its community's newest event; the console's stream replays every topic.
    index('events_community_id_idx').on(table.communityId, table.id),
    index('events_created_idx').on(table.createdAt),
  ],
);

/**
 * Uploaded photos, re-encoded with metadata stripped. Kept in the database so both drivers and every
 * instance serve them; only `public` ones are served on the public API.
 */
export const photos = pgTable(
  'photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
    /** What the photo belongs to (e.g. `repair`, `suggestion`), set by the feature that uploads it. */
    ownerKind: text('owner_kind'),
    ownerId: uuid('owner_id'),
    public: boolean('public').notNull().default(false),
    mime: text('mime').$type<'image/webp' | 'image/jpeg'>().notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index('photos_community_idx').on(table.communityId),
    index('photos_owner_idx').on(table.ownerKind, table.ownerId),
  ],
);

// --- suggestions ---

export const suggestionModeration = pgEnum('suggestion_moderation', SuggestionModerations);
export const suggestionStatus = pgEnum('suggestion_status', SuggestionStatuses);

/** Per-community suggestion settings; a community without a row pre-moderates and uses the hosted follow page. */
export const suggestionSettings = pgTable('suggestion_settings', {
  communityId: uuid('community_id')
    .primaryKey()
    .references(() => communities.id, { onDelete: 'cascade' }),
  preModerate: boolean('pre_moderate').notNull().default(true),
  /** The community's own follow page with `{code}` in it; null for /p/{siteKey}/follow/{code}. */
  followUrl: text('follow_url'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Residents' opinions. Name and phone are for staff only; the public API never selects them. */
export const suggestions = pgTable(
  'suggestions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
    categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    authorName: text('author_name'),
    phone: text('phone'),
    /**
     * The sending device, as a keyed hash of the widget's voter token (a secret the browser keeps): what
     * "approve and trust" trusts. Staff-only, never shown; erased with the contact.
     */
    authorDeviceHash: text('author_device_hash'),
    followCode: text('follow_code').notNull(),
    /** SHA-256 of the sender's resident key (erasing needs it with the follow code); null when none was given. */
    residentKeyHash: text('resident_key_hash'),
    moderation: suggestionModeration('moderation').notNull().default('pending'),
    /**
     * Why the server, not staff, set it aside as spam: `honeypot`, or `unreviewed` for those an earlier
     * version marked because of traffic. Listed in the inbox's "to review" until staff moderate it.
     */
    reviewReason: text('review_reason').$type<'honeypot' | 'unreviewed'>(),
    status: suggestionStatus('status').notNull().default('received'),
    response: text('response'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    note: text('note'),
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => suggestions.id, { onDelete: 'set null' }),
    /** Kept with each support row in the same transaction, so the board sorts by it without counting. */
    supportCount: integer('support_count').notNull().default(0),
    source: submissionSource('source').notNull().default('widget'),
    /** Recorded by staff: whether the resident agrees to be contacted (null: sent by the resident). */
    contactConsent: boolean('contact_consent'),
    /** Staff's note on reaching the resident; staff-only, erased with the contact. */
    contactNote: text('contact_note'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('suggestions_follow_code_idx').on(table.followCode),
    index('suggestions_community_moderation_created_idx').on(table.communityId, table.moderation, table.createdAt),
    check('suggestions_support_count_check', sql`${table.supportCount} >= 0`),
  ],
);

/** One support per device: the voter token (as a keyed hash) is unique per suggestion. */
export const suggestionSupports = pgTable(
  'suggestion_supports',
  {
    suggestionId: uuid('suggestion_id')
      .notNull()
      .references(() => suggestions.id, { onDelete: 'cascade' }),
    voterHash: text('voter_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.suggestionId, table.voterHash] })],
);

// --- repairs ---

export const repairStatus = pgEnum('repair_status', REPAIR_STATUSES);

/**
 * A resident's repair request. The tracking code is the resident's handle (40 random bits, Crockford base32):
 * it reads progress; confirming, reopening, rating or erasing also needs the resident key, of which only the
 * SHA-256 is kept (null for requests sent without one: Open311, staff, or before keys existed). Open311 knows
 * the request by its own `service_request_id`, never by the tracking code. Contact details, the room and
 * free-text location are staff-only and never leave through public routes.
 */
export const repairRequests = pgTable(
  'repair_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
    trackingCode: text('tracking_code').notNull(),
    residentKeyHash: text('resident_key_hash'),
    /** Open311's `service_request_id`: opaque, and of no use on the public widget API. */
    serviceRequestId: uuid('service_request_id').notNull().defaultRandom(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'restrict' }),
    buildingId: uuid('building_id').references(() => buildings.id, { onDelete: 'set null' }),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'set null' }),
    room: text('room'),
    locationText: text('location_text'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    description: text('description').notNull(),
    answers: jsonb('answers').$type<Record<string, string | number | string[]>>().notNull().default(sql`'{}'::jsonb`),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    preferredTime: text('preferred_time'),
    language: text('language').$type<'zh-CN' | 'en'>(),
    status: repairStatus('status').notNull().default('received'),
    assigneeId: uuid('assignee_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    /**
     * Hidden from the inbox, public lists, Open311 and webhooks. The public API no longer sets it (a busy
     * site asks for a proof of work instead); requests an earlier version marked because of traffic were
     * released by the migration `release_traffic_spam`.
     */
    spam: boolean('spam').notNull().default(false),
    source: submissionSource('source').notNull().default('widget'),
    /** Recorded by staff: whether the resident agrees to be contacted (null: sent by the resident). */
    contactConsent: boolean('contact_consent'),
    /** Staff's note on reaching the resident; staff-only, erased with the contact. */
    contactNote: text('contact_note'),
    /**
     * The incident this report was merged into: the lead report, whose timeline it follows (its status is
     * kept equal to the lead's). Null for a report on its own and for a lead. Counted once, by the lead.
     */
    incidentId: uuid('incident_id').references((): AnyPgColumn => repairRequests.id, { onDelete: 'set null' }),
    rating: smallint('rating'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('repair_requests_tracking_code_idx').on(table.trackingCode),
    uniqueIndex('repair_requests_service_request_id_idx').on(table.serviceRequestId),
    index('repair_requests_community_created_idx').on(table.communityId, table.createdAt),
    index('repair_requests_community_status_idx').on(table.communityId, table.status),
    index('repair_requests_incident_idx').on(table.incidentId),
    check('repair_requests_rating_check', sql`${table.rating} is null or ${table.rating} between 1 and 5`),
    check(
      'repair_requests_position_check',
      sql`(${table.latitude} is null) = (${table.longitude} is null) and (${table.latitude} is null or (${table.latitude} between -90 and 90 and ${table.longitude} between -180 and 180))`,
    ),
  ],
);

/** The timeline of a repair: status changes, notes (public or internal), assignments, confirmations. */
export const repairUpdates = pgTable(
  'repair_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    repairId: uuid('repair_id')
      .notNull()
      .references(() => repairRequests.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'created' | 'update' | 'assignment' | 'confirmation' | 'merge' | 'unmerge'>().notNull(),
    status: repairStatus('status'),
    note: text('note'),
    /** Shown on the resident's timeline (and Open311 updates); internal notes are false. */
    public: boolean('public').notNull().default(false),
    authorType: text('author_type').$type<'resident' | 'staff' | 'system'>().notNull(),
    staffId: uuid('staff_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('repair_updates_repair_created_idx').on(table.repairId, table.createdAt)],
);

/** Open311 api keys staff issue to clients; only a SHA-256 of the key is kept (it is shown once). */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The key's first characters, so staff can tell keys apart. */
    prefix: text('prefix').notNull(),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('api_keys_key_hash_idx').on(table.keyHash),
    index('api_keys_community_idx').on(table.communityId),
  ],
);

// --- polls ---
export const pollSelection = pgEnum('poll_selection', POLL_SELECTIONS);
export const pollVisibility = pgEnum('poll_visibility', POLL_VISIBILITIES);
export const pollEligibility = pgEnum('poll_eligibility', POLL_ELIGIBILITIES);
/** `owners`: an owners' decision under Civil Code art. 278 (households and floor area both count). */
export const pollDecision = pgEnum('poll_decision', POLL_DECISIONS);
/** art. 278 ¶2: `majority` (more than half of participating area and owners) or `three-quarters` (items 6–8). */
export const pollApprovalRule = pgEnum('poll_approval_rule', POLL_APPROVAL_RULES);
export const ballotScope = pgEnum('ballot_scope', BALLOT_SCOPES);

export const polls = pgTable(
  'polls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    selection: pollSelection('selection').notNull().default('single'),
    /** For `multiple`: at most this many options per ballot. */
    maxChoices: smallint('max_choices').notNull().default(1),
    visibility: pollVisibility('visibility').notNull().default('always'),
    eligibility: pollEligibility('eligibility').notNull().default('device'),
    decision: pollDecision('decision').notNull().default('none'),
    approvalRule: pollApprovalRule('approval_rule').notNull().default('majority'),
    /** Who may vote: the whole community, one building or one unit (stairwell). */
    scope: ballotScope('scope').notNull().default('community'),
    buildingId: uuid('building_id').references(() => buildings.id, { onDelete: 'restrict' }),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    /** Where QR codes point; null means the hosted page /p/{siteKey}/polls/{id}. */
    pageUrl: text('page_url'),
    /** `floor` or `household` when the poll carries a cost-share table. */
    costShareBasis: text('cost_share_basis').$type<'floor' | 'household'>(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull().defaultNow(),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    /** Set when staff close the poll early. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('polls_community_idx').on(table.communityId, table.createdAt),
    check('polls_max_choices_check', sql`${table.maxChoices} between 1 and 50`),
    check('polls_schedule_check', sql`${table.closesAt} is null or ${table.closesAt} > ${table.opensAt}`),
    check('polls_owners_code_check', sql`${table.decision} = 'none' or ${table.eligibility} = 'ballot-code'`),
  ],
);

export const pollOptions = pgTable(
  'poll_options',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    sortOrder: smallint('sort_order').notNull().default(0),
    /** "Other": a ballot choosing it carries its own text (shown to staff only). */
    isOther: boolean('is_other').notNull().default(false),
    /** Owners' decisions: choosing this option is agreeing (同意) to the motion. */
    approves: boolean('approves').notNull().default(false),
  },
  (table) => [index('poll_options_poll_idx').on(table.pollId, table.sortOrder)],
);

/** A cost-share row: the percentage of the cost a floor (or one household) carries. */
export const pollCostShares = pgTable(
  'poll_cost_shares',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    floor: smallint('floor'),
    householdId: uuid('household_id').references(() => households.id, { onDelete: 'cascade' }),
    percent: numeric('percent', { precision: 7, scale: 4 }).notNull(),
  },
  (table) => [
    uniqueIndex('poll_cost_shares_floor_idx').on(table.pollId, table.floor),
    uniqueIndex('poll_cost_shares_household_idx').on(table.pollId, table.householdId),
  ],
);

/** A household's ballot code: only its HMAC is stored; the code itself is shown once, on the sheet. */
export const pollBallotCodes = pgTable(
  'poll_ballot_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    codeHmac: text('code_hmac').notNull(),
    scope: ballotScope('scope').notNull(),
    buildingId: uuid('building_id').references(() => buildings.id, { onDelete: 'set null' }),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'set null' }),
    householdId: uuid('household_id').references(() => households.id, { onDelete: 'set null' }),
    /** What the sheet and the ballot show, e.g. 3单元 501. */
    label: text('label').notNull(),
    floor: smallint('floor'),
    floorArea: numeric('floor_area', { precision: 10, scale: 2 }),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('poll_ballot_codes_hmac_idx').on(table.codeHmac),
    index('poll_ballot_codes_poll_idx').on(table.pollId),
    // One live code per household and poll: a reissue revokes the old one first.
    uniqueIndex('poll_ballot_codes_household_idx')
      .on(table.pollId, table.householdId)
      .where(sql`${table.revokedAt} is null`),
    uniqueIndex('poll_ballot_codes_label_idx').on(table.pollId, table.label).where(sql`${table.revokedAt} is null`),
  ],
);

/** A ballot is a row (never a counter): tallies are computed from these, so they stay exact. */
export const pollBallots = pgTable(
  'poll_ballots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    optionIds: uuid('option_ids').array().notNull(),
    otherText: text('other_text'),
    /** Device polls: HMAC of the widget's voter token. */
    voterHash: text('voter_hash'),
    ballotCodeId: uuid('ballot_code_id').references(() => pollBallotCodes.id, { onDelete: 'restrict' }),
    /** HMAC of the receipt handed to the voter; the receipt unlocks "after voting" results. */
    receiptHash: text('receipt_hash').notNull(),
    source: text('source').$type<'online' | 'paper'>().notNull().default('online'),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('poll_ballots_voter_idx').on(table.pollId, table.voterHash),
    uniqueIndex('poll_ballots_code_idx').on(table.ballotCodeId),
    uniqueIndex('poll_ballots_receipt_idx').on(table.receiptHash),
    check('poll_ballots_one_credential_check', sql`(${table.voterHash} is null) <> (${table.ballotCodeId} is null)`),
  ],
);

// --- suggestion trust ---

/**
 * Devices staff trust ("approve and trust"): a suggestion sent from one of them (the same voter token, as its
 * keyed hash) is published at once. Trust attaches to a secret the resident's browser holds, never to
 * anything typed: a phone number anyone can type proves nothing.
 */
export const suggestionTrustedDevices = pgTable(
  'suggestion_trusted_devices',
  {
    communityId: communityRef(),
    deviceHash: text('device_hash').notNull(),
    trustedBy: uuid('trusted_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.communityId, table.deviceHash] })],
);

// --- console-manage ---

export const staffLinkPurpose = pgEnum('staff_link_purpose', STAFF_LINK_PURPOSES);

/**
 * One-time links an admin copies to a colleague: an invitation (sets the first password and activates the
 * account) or a password reset. Only the token's SHA-256 is stored; a link is used once and expires.
 */
export const staffLinks = pgTable(
  'staff_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    purpose: staffLinkPurpose('purpose').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index('staff_links_staff_idx').on(table.staffId)],
);

// --- webhooks ---

export const webhookFormat = pgEnum('webhook_format', WEBHOOK_FORMATS);
/** `skipped`: nothing to announce by the time it was sent (the item was marked spam or deleted). */
export const webhookDeliveryState = pgEnum('webhook_delivery_state', WEBHOOK_DELIVERY_STATES);

/** Where a community's notifications go: a receiver of signed JSON, or a chat group's bot. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    format: webhookFormat('format').notNull().default('json'),
    /** Webhook event names (`suggestion.created`, …) this endpoint receives. */
    events: text('events').array().notNull(),
    /** Standard Webhooks signing secret (`whsec_…`); shown to staff once, when created. */
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Place-bound events (notices, repairs) of this building or unit only; null for everything. */
    scopeBuildingId: uuid('scope_building_id').references(() => buildings.id, { onDelete: 'restrict' }),
    scopeUnitId: uuid('scope_unit_id').references(() => units.id, { onDelete: 'restrict' }),
    /** DingTalk 加签 / Feishu 签名校验 secret of the bot; null when the bot does not check signatures. */
    botSecret: text('bot_secret'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('webhook_endpoints_community_idx').on(table.communityId, table.createdAt)],
);

/**
 * One event for one endpoint, queued by a trigger on `events` (webhooks/queue-trigger.ts) in the event's own
 * transaction, whichever code path wrote the event. Its id is the `webhook-id` of every attempt, so a
 * receiver can drop repeats. A worker claims a due row with FOR UPDATE SKIP LOCKED and pushes
 * `nextAttemptAt` past its own attempt, so no two instances send the same attempt, and a crash mid-send only
 * delays the retry.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The platform event behind it; null for a test event sent from the console. */
    eventId: bigint('event_id', { mode: 'number' }).references(() => events.id, { onDelete: 'set null' }),
    eventType: text('event_type').notNull(),
    /** The event's data as sent (no personal data), filled at the first attempt; rendered per format at each. */
    data: jsonb('data'),
    state: webhookDeliveryState('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('webhook_deliveries_endpoint_event_idx').on(table.endpointId, table.eventId),
    index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`${table.state} = 'pending'`),
    index('webhook_deliveries_endpoint_created_idx').on(table.endpointId, table.createdAt),
  ],
);

/** The delivery log: one row per attempt, with the response code and the start of the response body. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    /** At most a few hundred characters: response bodies are not stored. */
    responseSnippet: text('response_snippet'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('webhook_attempts_delivery_attempt_idx').on(table.deliveryId, table.attempt)],
);

// --- privacy ---

/**
 * How long a community keeps residents' contact details (and non-public photos) once a submission is
 * finished: days after a repair is closed, or a suggestion answered, declined or done. A community without
 * a row uses the defaults in privacy/retention-settings.ts.
 */
export const retentionSettings = pgTable(
  'retention_settings',
  {
    communityId: uuid('community_id')
      .primaryKey()
      .references(() => communities.id, { onDelete: 'cascade' }),
    contactDays: integer('contact_days').notNull(),
    photoDays: integer('photo_days').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('retention_settings_contact_days_check', sql`${table.contactDays} between 0 and 3650`),
    check('retention_settings_photo_days_check', sql`${table.photoDays} between 0 and 3650`),
  ],
);

// --- abuse ---

/**
 * Proof-of-work solutions already accepted, by their challenge's signature, so each is accepted once on every
 * instance (with COURTYARD_REDIS_URL set, Redis keeps them instead). Kept until the challenge expires.
 */
export const proofOfWorkSpent = pgTable(
  'proof_of_work_spent',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    challengeSignature: text('challenge_signature').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.challengeSignature] }),
    index('proof_of_work_spent_expires_idx').on(table.expiresAt),
  ],
);

// --- notices ---

export const noticeKind = pgEnum('notice_kind', NOTICE_KINDS);
export const noticeScope = pgEnum('notice_scope', NOTICE_SCOPES);
export const noticeOfferModeration = pgEnum('notice_offer_moderation', NOTICE_OFFER_MODERATIONS);

/**
 * What staff announce to the households concerned (an outage, works, a meeting): the whole community, a
 * building, a unit, or floors of either. Open until `closedAt`; may name the repair that caused it.
 */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    kind: noticeKind('kind').notNull(),
    scope: noticeScope('scope').notNull(),
    buildingId: uuid('building_id').references(() => buildings.id, { onDelete: 'restrict' }),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    floorFrom: smallint('floor_from'),
    floorTo: smallint('floor_to'),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    expectedEndAt: timestamp('expected_end_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closingText: text('closing_text'),
    repairId: uuid('repair_id').references(() => repairRequests.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('notices_community_created_idx').on(table.communityId, table.createdAt),
    index('notices_building_idx').on(table.buildingId),
    check(
      'notices_scope_check',
      sql`case ${table.scope}
        when 'community' then ${table.buildingId} is null and ${table.unitId} is null and ${table.floorFrom} is null
        when 'building' then ${table.buildingId} is not null and ${table.unitId} is null and ${table.floorFrom} is null
        when 'unit' then ${table.unitId} is not null and ${table.buildingId} is not null and ${table.floorFrom} is null
        else ${table.buildingId} is not null and ${table.floorFrom} is not null and ${table.floorTo} >= ${table.floorFrom}
      end`,
    ),
    check('notices_schedule_check', sql`${table.expectedEndAt} is null or ${table.expectedEndAt} > ${table.startsAt}`),
    check('notices_closed_check', sql`(${table.closedAt} is null) = (${table.closingText} is null)`),
  ],
);

/** A notice's progress, timestamped, oldest first; every update is public. */
export const noticeUpdates = pgTable(
  'notice_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    staffId: uuid('staff_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('notice_updates_notice_created_idx').on(table.noticeId, table.createdAt)],
);

/** Devices following a notice, as a keyed hash of the widget's voter token (one row per device). */
export const noticeFollowers = pgTable(
  'notice_followers',
  {
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    deviceHash: text('device_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.noticeId, table.deviceHash] })],
);

/** Residents' offers of help ("bottled water at 302"), shown once staff publish them. */
export const noticeOffers = pgTable(
  'notice_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** Keyed hash of the sender's voter token, for staff to tell repeat senders apart; never shown. */
    deviceHash: text('device_hash'),
    moderation: noticeOfferModeration('moderation').notNull().default('pending'),
    moderatedBy: uuid('moderated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('notice_offers_notice_created_idx').on(table.noticeId, table.createdAt)],
);

// --- topics (deliberation: 议事协商) ---

export const topicScope = pgEnum('topic_scope', TOPIC_SCOPES);
export const topicStatus = pgEnum('topic_status', TOPIC_STATUSES);
export const topicOpinionModeration = pgEnum('topic_opinion_moderation', TOPIC_OPINION_MODERATIONS);
export const meetingParty = pgEnum('meeting_party', MEETING_PARTIES);
export const representativeRole = pgEnum('representative_role', REPRESENTATIVE_ROLES);

/** A matter residents raised that staff take to deliberation, followed from proposal to done (or dropped). */
export const topics = pgTable(
  'topics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    scope: topicScope('scope').notNull(),
    buildingId: uuid('building_id').references(() => buildings.id, { onDelete: 'restrict' }),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    status: topicStatus('status').notNull().default('proposed'),
    /** Its oldest suggestion's arrival (else the topic's): where the dashboard's "days to decision" start. */
    firstOpinionAt: timestamp('first_opinion_at', { withTimezone: true }).notNull().defaultNow(),
    /** Kept with each support row in the same transaction, as suggestions do. */
    supportCount: integer('support_count').notNull().default(0),
    pollId: uuid('poll_id').references(() => polls.id, { onDelete: 'set null' }),
    /** The linked poll's outcome, written back when it closes (public figures only). */
    pollOutcome: jsonb('poll_outcome'),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('topics_community_created_idx').on(table.communityId, table.createdAt),
    uniqueIndex('topics_poll_idx').on(table.pollId),
    check('topics_support_count_check', sql`${table.supportCount} >= 0`),
    check(
      'topics_scope_check',
      sql`case ${table.scope}
        when 'community' then ${table.buildingId} is null and ${table.unitId} is null
        when 'building' then ${table.buildingId} is not null and ${table.unitId} is null
        else ${table.buildingId} is not null and ${table.unitId} is not null
      end`,
    ),
  ],
);

/** Every status change with its public reason; the first row (from null) is the topic's creation. */
export const topicStatusChanges = pgTable(
  'topic_status_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    fromStatus: topicStatus('from_status'),
    toStatus: topicStatus('to_status').notNull(),
    reason: text('reason').notNull(),
    staffId: uuid('staff_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('topic_status_changes_topic_idx').on(table.topicId, table.createdAt)],
);

/** The residents' suggestions a topic grew from. */
export const topicSuggestions = pgTable(
  'topic_suggestions',
  {
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    suggestionId: uuid('suggestion_id')
      .notNull()
      .references(() => suggestions.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.topicId, table.suggestionId] }),
    index('topic_suggestions_suggestion_idx').on(table.suggestionId),
  ],
);

/** One support per device, as a keyed hash of the widget's voter token. */
export const topicSupports = pgTable(
  'topic_supports',
  {
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    voterHash: text('voter_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.topicId, table.voterHash] })],
);

/** Residents' short opinions before a meeting, shown once staff publish them. */
export const topicOpinions = pgTable(
  'topic_opinions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** Keyed hash of the sender's voter token, for staff to tell repeat senders apart; never shown. */
    deviceHash: text('device_hash'),
    moderation: topicOpinionModeration('moderation').notNull().default('pending'),
    moderatedBy: uuid('moderated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('topic_opinions_topic_created_idx').on(table.topicId, table.createdAt)],
);

/** A deliberation meeting of the parties concerned, in a room or online; minutes once it was held. */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    place: text('place'),
    online: text('online'),
    parties: meetingParty('parties').array().notNull(),
    /** Counts per party ({ party, count }[]), never names. */
    attendance: jsonb('attendance').$type<{ party: string; count: number }[]>().notNull().default([]),
    minutes: text('minutes'),
    noticeId: uuid('notice_id').references(() => notices.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('meetings_community_starts_idx').on(table.communityId, table.startsAt),
    check('meetings_where_check', sql`${table.place} is not null or ${table.online} is not null`),
  ],
);

/** A meeting's agenda: the topics it deliberates, in order. */
export const meetingTopics = pgTable(
  'meeting_topics',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.meetingId, table.topicId] }),
    index('meeting_topics_topic_idx').on(table.topicId),
  ],
);

/** What was decided on a topic: who does it, by when, what it costs and how the cost is shared. */
export const topicDecisions = pgTable(
  'topic_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    responsibleParty: text('responsible_party').notNull(),
    deadline: date('deadline', { mode: 'string' }),
    cost: numeric('cost', { precision: 14, scale: 2 }),
    costSharing: text('cost_sharing'),
    staffId: uuid('staff_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('topic_decisions_topic_idx').on(table.topicId, table.createdAt)],
);

/** Residents' representatives (no login): shown by role, place and display name, never a phone number. */
export const representatives = pgTable(
  'representatives',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    role: representativeRole('role').notNull(),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('representatives_community_building_idx').on(table.communityId, table.buildingId)],
);

// --- duty rotas ---

export const rotaSwapState = pgEnum('rota_swap_state', ROTA_SWAP_STATES);

/**
 * A duty rota (值日表) for a building, one unit, or a range of floors of either: its tasks, the weekdays it
 * covers and how many households a day. Open until `closedAt`.
 */
export const rotas = pgTable(
  'rotas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    title: text('title').notNull(),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'restrict' }),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    floorFrom: smallint('floor_from'),
    floorTo: smallint('floor_to'),
    tasks: jsonb('tasks').$type<string[]>().notNull(),
    /** ISO weekdays covered, 1 Monday … 7 Sunday. */
    weekdays: smallint('weekdays').array().notNull(),
    perDay: smallint('per_day').notNull(),
    requireCode: boolean('require_code').notNull().default(false),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('rotas_community_idx').on(table.communityId, table.createdAt),
    check(
      'rotas_floors_check',
      sql`(${table.floorFrom} is null) = (${table.floorTo} is null) and ${table.floorTo} >= ${table.floorFrom}`,
    ),
    check('rotas_per_day_check', sql`${table.perDay} between 1 and 20`),
  ],
);

/** A household's code for a rota that asks for one: only its HMAC is kept (the sheet shows the code once). */
export const rotaHouseholdCodes = pgTable(
  'rota_household_codes',
  {
    rotaId: uuid('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    codeHmac: text('code_hmac').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.rotaId, table.householdId] })],
);

/**
 * A household on duty on one day. The device that signed up (keyed hash of its voter token) may give it up,
 * swap it or mark it done; the public table shows `displayName` or the room, never a phone.
 */
export const rotaDuties = pgTable(
  'rota_duties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    rotaId: uuid('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    deviceHash: text('device_hash').notNull(),
    displayName: text('display_name'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    photoId: uuid('photo_id').references(() => photos.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('rota_duties_household_day_idx').on(table.rotaId, table.day, table.householdId),
    index('rota_duties_rota_day_idx').on(table.rotaId, table.day),
    check('rota_duties_day_check', sql`${table.day} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`),
  ],
);

/** One household asks another to exchange days; accepted, the two duties trade days. */
export const rotaSwaps = pgTable(
  'rota_swaps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    rotaId: uuid('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    fromDutyId: uuid('from_duty_id')
      .notNull()
      .references(() => rotaDuties.id, { onDelete: 'cascade' }),
    toDutyId: uuid('to_duty_id')
      .notNull()
      .references(() => rotaDuties.id, { onDelete: 'cascade' }),
    state: rotaSwapState('state').notNull().default('pending'),
    createdAt: createdAt(),
  },
  (table) => [index('rota_swaps_rota_idx').on(table.rotaId)],
);

/** Tomorrow's gaps staff were told of (inbox and bots), once per rota and day. */
export const rotaGapAlerts = pgTable(
  'rota_gap_alerts',
  {
    rotaId: uuid('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    communityId: communityRef(),
    day: text('day').notNull(),
    /** Places open when staff were told. */
    open: smallint('open').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.rotaId, table.day] }),
    index('rota_gap_alerts_community_idx').on(table.communityId),
  ],
);

// --- web push reminders of rota duties ---

/**
 * This instance's VAPID key pair (RFC 8292), made on first need and shared by every instance; one row. Unused
 * when COURTYARD_VAPID_PUBLIC_KEY/PRIVATE_KEY are set.
 */
export const vapidKeys = pgTable(
  'vapid_keys',
  {
    id: smallint('id').primaryKey().default(1),
    /** The uncompressed P-256 point (65 bytes), base64url: what browsers get as applicationServerKey. */
    publicKey: text('public_key').notNull(),
    /** The private scalar (32 bytes), base64url. */
    privateKey: text('private_key').notNull(),
    createdAt: createdAt(),
  },
  (table) => [check('vapid_keys_one_row_check', sql`${table.id} = 1`)],
);

/** A device's push subscription for reminders of its duties on one rota: one per device and rota. */
export const rotaPushSubscriptions = pgTable(
  'rota_push_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: communityRef(),
    rotaId: uuid('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    /** The site whose page subscribed: the reminder opens that site's hosted rota page. */
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The same keyed hash of the voter token as the device's duties (rota/device.ts). */
    deviceHash: text('device_hash').notNull(),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    lang: text('lang').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('rota_push_subscriptions_device_idx').on(table.rotaId, table.deviceHash),
    index('rota_push_subscriptions_community_idx').on(table.communityId),
  ],
);

/** The evening-before reminder of a household's day: sent once; a failed send is tried again later. */
export const rotaReminders = pgTable(
  'rota_reminders',
  {
    rotaId: uuid('rota_id')
      .notNull()
      .references(() => rotas.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    communityId: communityRef(),
    attempts: smallint('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.rotaId, table.day, table.householdId] }),
    index('rota_reminders_community_idx').on(table.communityId),
  ],
);
