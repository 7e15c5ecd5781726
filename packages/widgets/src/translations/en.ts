import type { ErrorCode } from '@courtyard/protocol';

/** Codes only the staff API answers with (sign-in, roles, the console's same-origin rule): never a widget's. */
type StaffOnlyCode =
  | 'COURTYARD_UNAUTHENTICATED'
  | 'COURTYARD_FORBIDDEN'
  | 'COURTYARD_INVALID_CREDENTIALS'
  | 'COURTYARD_LOGIN_LOCKED'
  | 'COURTYARD_CROSS_SITE_REQUEST'
  // The duty rota's own codes: its widget's table carries them, so other pages' bundles do not.
  | `COURTYARD_ROTA_${string}`;

/** What a resident reads when the public API answers with a given error code. */
const errors: Record<Exclude<ErrorCode, StaffOnlyCode>, string> = {
  COURTYARD_VALIDATION: 'Some of what you entered is not valid. Please check it and try again.',
  COURTYARD_BAD_JSON: 'The form could not be read. Please try again.',
  COURTYARD_CONTROL_CHARACTERS: 'The text contains characters that cannot be saved. Please remove them.',
  COURTYARD_PAYLOAD_TOO_LARGE: 'This is too large to send. Please shorten the text or use smaller photos.',
  COURTYARD_UNSUPPORTED_MEDIA_TYPE: 'This kind of file cannot be sent.',
  COURTYARD_NOT_FOUND: 'This could not be found. It may have been removed.',
  COURTYARD_SITE_NOT_FOUND: 'This website is not set up for Courtyard yet.',
  COURTYARD_ORIGIN_NOT_ALLOWED: 'This page is not allowed to send to the community yet.',
  COURTYARD_RATE_LIMITED: 'Many people are sending right now. Yours is saved and will be sent shortly.',
  COURTYARD_PROOF_OF_WORK_REQUIRED:
    'The service is very busy and could not check this device. Please try again shortly.',
  COURTYARD_IDEMPOTENCY_KEY_REQUIRED: 'The form could not be sent. Please reload the page and try again.',
  COURTYARD_IDEMPOTENCY_KEY_REUSED: 'This was already sent with different content. Please send it again.',
  COURTYARD_IDEMPOTENCY_IN_FLIGHT: 'This is still being sent. Please wait a moment.',
  COURTYARD_CONFLICT: 'This changed in the meantime. Please reload and try again.',
  COURTYARD_PHOTO_UNSUPPORTED_TYPE: 'Photos must be JPEG, PNG or WebP pictures.',
  COURTYARD_PHOTO_UNREADABLE: 'This photo could not be read. Please choose another one.',
  COURTYARD_PHOTO_TOO_MANY_PIXELS: 'This photo is too large. Please choose a smaller one.',
  COURTYARD_UNKNOWN_CATEGORY: 'Please choose a category from the list.',
  COURTYARD_UNKNOWN_LOCATION: 'Please choose the building and unit again.',
  COURTYARD_INVALID_ANSWER: 'Please answer the questions marked required.',
  COURTYARD_TOO_MANY_PHOTOS: 'Please send at most 3 photos.',
  COURTYARD_MALFORMED_TRACKING_CODE: 'A tracking code looks like R-7K3Q-9X2M.',
  COURTYARD_RESIDENT_KEY_REQUIRED:
    'This needs the private link from your receipt. Without it, please call the community staff.',
  COURTYARD_RESIDENT_KEY_INVALID:
    'This needs the private link from your receipt. Without it, please call the community staff.',
  COURTYARD_INVALID_STATUS_TRANSITION: 'This changed in the meantime. Please reload.',
  COURTYARD_POLL_NOT_OPEN: 'This poll has not opened yet.',
  COURTYARD_POLL_CLOSED: 'This poll is closed.',
  COURTYARD_POLL_ALREADY_VOTED: 'You have already voted.',
  COURTYARD_POLL_INVALID_CHOICE: 'Please check your choices.',
  COURTYARD_POLL_CREDENTIAL_REQUIRED: 'Please enter your ballot code.',
  COURTYARD_BALLOT_CODE_INVALID: 'This ballot code is not right for this poll.',
  COURTYARD_BALLOT_CODE_USED: 'This ballot code has already been used.',
  COURTYARD_POLL_RESULTS_HIDDEN: 'Results are not shown yet.',
  COURTYARD_NOT_READY: 'The service is busy. Yours is saved and will be sent shortly.',
  COURTYARD_INTERNAL: 'Something went wrong on our side. Yours is saved and will be sent shortly.',
};

/** English, the reference language: its keys are the strings every language fills (see translations/types.ts). */
export const en = {
  ...errors,
  $name: 'English',
  loading: 'Loading…',
  loadFailed: 'This could not be loaded. Please check your connection.',
  retry: 'Try again',
  dismiss: 'Dismiss',
  send: 'Send',
  sending: 'Sending…',
  checking: 'Checking…',
  sent: 'Sent. Thank you!',
  queued: 'Saved — will send when you are back online.',
  queuedDelivered: 'Your saved message has now been sent.',
  uploading: 'Uploading {percent}',
  networkError: 'No connection right now. Please try again.',
  unknownError: 'Something went wrong. Please try again.',
  featurePoll: 'The poll',
};
