// The value lists behind the database's enumerations (packages/server/src/db/schema.ts builds its pgEnums
// from these), so a value is added in one place and the server, console and widgets see it together.
// A new value needs a migration too: `npm run db:generate`. Lists defined beside their feature
// (SuggestionStatuses, SuggestionModerations, WEBHOOK_FORMATS, REPAIR_STATUSES) stay there.

/** `admin` manages staff, sites and settings; `staff` handles suggestions, repairs and polls. */
export const STAFF_ROLES = ['admin', 'staff'] as const;
/** Which form a category belongs to. */
export const CATEGORY_KINDS = ['suggestion', 'repair'] as const;
/** What a one-time staff link is for. */
export const STAFF_LINK_PURPOSES = ['invite', 'reset'] as const;

export const POLL_SELECTIONS = ['single', 'multiple'] as const;
/** When residents may see a poll's results. */
export const POLL_VISIBILITIES = ['always', 'after-voting', 'after-close', 'staff-only'] as const;
/** Who may vote: one vote per device, or per household's ballot code. */
export const POLL_ELIGIBILITIES = ['device', 'ballot-code'] as const;
/** `owners`: an owners' decision counted by the double majority (art. 278). */
export const POLL_DECISIONS = ['none', 'owners'] as const;
export const POLL_APPROVAL_RULES = ['majority', 'three-quarters'] as const;
/** Which households a batch of ballot codes covers. */
export const BALLOT_SCOPES = ['community', 'building', 'unit'] as const;

/** `skipped`: nothing to announce by then (the item was marked spam or deleted). */
export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed', 'skipped'] as const;
