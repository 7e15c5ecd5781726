/** How staff judged a suggestion: only `published` ones are shown to residents. */
export const SuggestionModerations = ['pending', 'published', 'rejected', 'spam'] as const;
export type SuggestionModeration = (typeof SuggestionModerations)[number];

/** Where a suggestion stands in the committee's work; shown as a badge on the board. */
export const SuggestionStatuses = ['received', 'under_review', 'adopted', 'declined', 'done'] as const;
export type SuggestionStatus = (typeof SuggestionStatuses)[number];

/** What staff may do to a suggestion's moderation. */
export const SuggestionModerationActions = ['publish', 'reject', 'spam'] as const;
export type SuggestionModerationAction = (typeof SuggestionModerationActions)[number];

/** The board's orders: newest first, or most supported first. */
export const SuggestionSorts = ['newest', 'supported'] as const;
export type SuggestionSort = (typeof SuggestionSorts)[number];

export const SuggestionLimits = {
  /** Characters of a suggestion (after NFC), counted as the widget shows them. */
  text: 2000,
  /** A name a resident may leave for staff. */
  name: 60,
  phone: 24,
  /** Staff's official response and internal note. */
  response: 4000,
  note: 4000,
  /** The shortest text worth looking up similar suggestions for. */
  similarQueryMin: 2,
  similarQueryMax: 200,
} as const;

/** Follow codes: 10 characters without 0/O/1/I/L, easy to read aloud or type from paper. */
export const FOLLOW_CODE_PATTERN = '^[2-9A-HJKMNP-Z]{10}$';
/** A phone number as residents type it: digits with optional +, spaces, dashes and brackets. */
export const PHONE_PATTERN = '^\\+?[0-9][0-9 ()-]{4,22}$';
/** The device voter token the widgets send (base64url, 128 bits or more). */
export const VOTER_TOKEN_PATTERN = '^[A-Za-z0-9_-]{22,64}$';
