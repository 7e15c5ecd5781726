/**
 * Every error the Courtyard API can answer with. The wire shape is
 * `{ "error": { "code": ErrorCode, "message": string } }`; `message` is plain English for developers,
 * while widgets and the console show their own translated text per code.
 */
export const ErrorCodes = {
  /** The body, query or params did not match the route's schema (wrong type, unknown field, too long). */
  VALIDATION: 'COURTYARD_VALIDATION',
  /** The body is not valid JSON. */
  BAD_JSON: 'COURTYARD_BAD_JSON',
  /**
   * Text contained NUL or other control characters, a lone surrogate, or a Unicode noncharacter (U+FFFE,
   * U+FFFF, U+FDD0–U+FDEF and the last two code points of every plane).
   */
  CONTROL_CHARACTERS: 'COURTYARD_CONTROL_CHARACTERS',
  /** The body is larger than the route accepts. */
  PAYLOAD_TOO_LARGE: 'COURTYARD_PAYLOAD_TOO_LARGE',
  /** Writes accept application/json (and multipart/form-data where photos are uploaded). */
  UNSUPPORTED_MEDIA_TYPE: 'COURTYARD_UNSUPPORTED_MEDIA_TYPE',
  /** No such route or resource, or one belonging to another community. */
  NOT_FOUND: 'COURTYARD_NOT_FOUND',
  /** The site key in the URL is unknown. */
  SITE_NOT_FOUND: 'COURTYARD_SITE_NOT_FOUND',
  /** The request's Origin is not in the site's allowlist. */
  ORIGIN_NOT_ALLOWED: 'COURTYARD_ORIGIN_NOT_ALLOWED',
  /** Too many requests; retry after the `Retry-After` header's seconds. */
  RATE_LIMITED: 'COURTYARD_RATE_LIMITED',
  /**
   * The site is busy (or asks it of every write): solve `error.challenge` (ALTCHA) and send the same request,
   * with the same Idempotency-Key, again with the solution in the `Courtyard-Proof-Of-Work` header. Also the
   * answer to a solution that is malformed, forged, expired or already used, with a fresh challenge.
   */
  PROOF_OF_WORK_REQUIRED: 'COURTYARD_PROOF_OF_WORK_REQUIRED',
  /** A staff route was called without a valid session. */
  UNAUTHENTICATED: 'COURTYARD_UNAUTHENTICATED',
  /** The signed-in staff member's role may not do this. */
  FORBIDDEN: 'COURTYARD_FORBIDDEN',
  /** Sign-in failed: unknown email or wrong password (never says which). */
  INVALID_CREDENTIALS: 'COURTYARD_INVALID_CREDENTIALS',
  /** Too many failed sign-ins for this account or address; retry later. */
  LOGIN_LOCKED: 'COURTYARD_LOGIN_LOCKED',
  /** A state-changing staff request came from another origin or was not JSON. */
  CROSS_SITE_REQUEST: 'COURTYARD_CROSS_SITE_REQUEST',
  /** Public writes need an `Idempotency-Key` header holding a UUID. */
  IDEMPOTENCY_KEY_REQUIRED: 'COURTYARD_IDEMPOTENCY_KEY_REQUIRED',
  /** The `Idempotency-Key` was already used for a different request. */
  IDEMPOTENCY_KEY_REUSED: 'COURTYARD_IDEMPOTENCY_KEY_REUSED',
  /** A request with this `Idempotency-Key` is still being processed. */
  IDEMPOTENCY_IN_FLIGHT: 'COURTYARD_IDEMPOTENCY_IN_FLIGHT',
  /** The request conflicts with the current state of the resource. */
  CONFLICT: 'COURTYARD_CONFLICT',
  /** An uploaded photo is not a JPEG, PNG or WebP image (judged by its content, not its name or type). */
  PHOTO_UNSUPPORTED_TYPE: 'COURTYARD_PHOTO_UNSUPPORTED_TYPE',
  /** An uploaded photo could not be read (damaged or truncated). */
  PHOTO_UNREADABLE: 'COURTYARD_PHOTO_UNREADABLE',
  /** An uploaded photo has more pixels than the server accepts. */
  PHOTO_TOO_MANY_PIXELS: 'COURTYARD_PHOTO_TOO_MANY_PIXELS',
  /** The repair category (service) is unknown, inactive or of another community. */
  UNKNOWN_CATEGORY: 'COURTYARD_UNKNOWN_CATEGORY',
  /** The building or unit is unknown, or the unit is not in that building. */
  UNKNOWN_LOCATION: 'COURTYARD_UNKNOWN_LOCATION',
  /** An extra question's answer is missing (when required), of the wrong kind, or not one of its choices. */
  INVALID_ANSWER: 'COURTYARD_INVALID_ANSWER',
  /** More photos than the route accepts (repair requests: 3). */
  TOO_MANY_PHOTOS: 'COURTYARD_TOO_MANY_PHOTOS',
  /** A tracking code is not of the form R-XXXX-XXXX. */
  MALFORMED_TRACKING_CODE: 'COURTYARD_MALFORMED_TRACKING_CODE',
  /**
   * Confirming, reopening or rating a repair, or erasing a submission's personal data, needs the resident key
   * of its private link (the `Resident-Key` header, or `residentKey` in a confirmation's body).
   */
  RESIDENT_KEY_REQUIRED: 'COURTYARD_RESIDENT_KEY_REQUIRED',
  /** The resident key is not this code's; a code that does not exist gets the same answer. */
  RESIDENT_KEY_INVALID: 'COURTYARD_RESIDENT_KEY_INVALID',
  /** A repair cannot move from its current status to the one asked for (or be confirmed before it is resolved). */
  INVALID_STATUS_TRANSITION: 'COURTYARD_INVALID_STATUS_TRANSITION',
  /** The poll has not opened yet (by the server's clock). */
  POLL_NOT_OPEN: 'COURTYARD_POLL_NOT_OPEN',
  /** The poll has closed (by the server's clock, or staff closed it). */
  POLL_CLOSED: 'COURTYARD_POLL_CLOSED',
  /** This device or household has already voted in this poll. */
  POLL_ALREADY_VOTED: 'COURTYARD_POLL_ALREADY_VOTED',
  /** Unknown or duplicate option ids, too many choices, or "other" without its text. */
  POLL_INVALID_CHOICE: 'COURTYARD_POLL_INVALID_CHOICE',
  /** The vote lacks the credential the poll asks for (a voter token or a ballot code). */
  POLL_CREDENTIAL_REQUIRED: 'COURTYARD_POLL_CREDENTIAL_REQUIRED',
  /** The ballot code is not a code of this poll (mistyped, another poll's, or revoked). */
  BALLOT_CODE_INVALID: 'COURTYARD_BALLOT_CODE_INVALID',
  /** The ballot code was already used to vote. */
  BALLOT_CODE_USED: 'COURTYARD_BALLOT_CODE_USED',
  /** The poll's results are not visible to this request yet (vote first, wait for the close, or staff only). */
  POLL_RESULTS_HIDDEN: 'COURTYARD_POLL_RESULTS_HIDDEN',
  /** The room is not a household of the rota's building, unit or floors. */
  ROTA_UNKNOWN_ROOM: 'COURTYARD_ROTA_UNKNOWN_ROOM',
  /** The household is already on duty that day. */
  ROTA_ALREADY_SIGNED_UP: 'COURTYARD_ROTA_ALREADY_SIGNED_UP',
  /** That day already has as many households as the rota asks for. */
  ROTA_DAY_FULL: 'COURTYARD_ROTA_DAY_FULL',
  /** The rota asks for the household code from its sheet, and none (or a wrong one) was sent. */
  ROTA_CODE_INVALID: 'COURTYARD_ROTA_CODE_INVALID',
  /** The sign-up (or swap) is another device's: only the device that signed up may change it. */
  ROTA_NOT_YOURS: 'COURTYARD_ROTA_NOT_YOURS',
  /** The database is not reachable (readiness). */
  NOT_READY: 'COURTYARD_NOT_READY',
  /** Something failed on the server; the details are in the server log, never in the response. */
  INTERNAL: 'COURTYARD_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The one error shape every 4xx/5xx response carries. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
  };
}

const knownCodes = new Set<string>(Object.values(ErrorCodes));

/** True when `value` is an error body from a Courtyard server. */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    knownCodes.has((error as { code?: unknown }).code as string) &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
