// Every error a route throws is created here, with its code from @courtyard/protocol. One handler
// (plugins/error-handler.ts) turns them into `{ error: { code, message } }`.
import { type ErrorCode, ErrorCodes, type ProofOfWorkChallenge } from '@courtyard/protocol';

export class CourtyardError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
    /** Extra fields of the error object, declared by the route's response schema (e.g. a proof-of-work challenge). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CourtyardError';
  }
}

export const validation = (message: string) => new CourtyardError(400, ErrorCodes.VALIDATION, message);
export const badJson = () => new CourtyardError(400, ErrorCodes.BAD_JSON, 'The request body is not valid JSON.');
export const controlCharacters = (field: string) =>
  new CourtyardError(400, ErrorCodes.CONTROL_CHARACTERS, `${field} contains control characters.`);
export const notText = (field: string) =>
  new CourtyardError(
    400,
    ErrorCodes.CONTROL_CHARACTERS,
    `${field} contains characters that are not text (a noncharacter such as U+FFFE, or a lone surrogate).`,
  );
export const nestedTooDeep = (field: string, depth: number) =>
  new CourtyardError(400, ErrorCodes.VALIDATION, `${field} is nested more than ${depth} levels deep.`);
export const payloadTooLarge = () =>
  new CourtyardError(413, ErrorCodes.PAYLOAD_TOO_LARGE, 'The request body is too large.');
export const unsupportedMediaType = (allowed: string) =>
  new CourtyardError(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, `This route accepts ${allowed} only.`);
export const notFound = (what = 'The resource') =>
  new CourtyardError(404, ErrorCodes.NOT_FOUND, `${what} was not found.`);
export const siteNotFound = () => new CourtyardError(404, ErrorCodes.SITE_NOT_FOUND, 'No site has this key.');
export const originNotAllowed = () =>
  new CourtyardError(403, ErrorCodes.ORIGIN_NOT_ALLOWED, "This page's origin is not allowed for this site.");
export const rateLimited = (retryAfterSeconds: number) =>
  new CourtyardError(429, ErrorCodes.RATE_LIMITED, 'Too many requests; try again later.', {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
/** 428: solve `challenge` and send the same request again with its solution (plugins/rate-limits.ts). */
export const proofOfWorkRequired = (challenge: ProofOfWorkChallenge, message: string) =>
  new CourtyardError(428, ErrorCodes.PROOF_OF_WORK_REQUIRED, message, {}, { challenge });
export const tooManyStreams = (past: 'client' | 'total', retryAfterSeconds: number) =>
  new CourtyardError(
    429,
    ErrorCodes.RATE_LIMITED,
    past === 'client'
      ? 'Too many live-update streams are open from this address; try again later.'
      : 'The server holds as many live-update streams as it can; try again later.',
    { 'retry-after': String(retryAfterSeconds) },
  );
export const unauthenticated = () =>
  new CourtyardError(401, ErrorCodes.UNAUTHENTICATED, 'Sign in to use the staff API.');
export const forbidden = () => new CourtyardError(403, ErrorCodes.FORBIDDEN, 'Your role may not do this.');
export const invalidCredentials = () =>
  new CourtyardError(401, ErrorCodes.INVALID_CREDENTIALS, 'The email or password is not right.');
export const loginLocked = (retryAfterSeconds: number) =>
  new CourtyardError(429, ErrorCodes.LOGIN_LOCKED, 'Too many failed sign-ins; try again later.', {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
export const crossSiteRequest = () =>
  new CourtyardError(403, ErrorCodes.CROSS_SITE_REQUEST, 'Staff changes must come from the console itself as JSON.');
export const idempotencyKeyRequired = () =>
  new CourtyardError(400, ErrorCodes.IDEMPOTENCY_KEY_REQUIRED, 'Send an Idempotency-Key header holding a UUID.');
export const idempotencyKeyReused = () =>
  new CourtyardError(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used for a different request.');
export const idempotencyInFlight = () =>
  new CourtyardError(
    409,
    ErrorCodes.IDEMPOTENCY_IN_FLIGHT,
    'A request with this Idempotency-Key is still in progress.',
    // The retry gets the first request's answer once it is done.
    { 'retry-after': '1' },
  );
export const conflict = (message: string) => new CourtyardError(409, ErrorCodes.CONFLICT, message);
/** 503 with Retry-After: the database is out of reach, or the instance is shutting down. */
export const notReady = (message = 'The database is not reachable.', retryAfterSeconds = 2) =>
  new CourtyardError(503, ErrorCodes.NOT_READY, message, { 'retry-after': String(retryAfterSeconds) });
export const photoUnsupportedType = () =>
  new CourtyardError(415, ErrorCodes.PHOTO_UNSUPPORTED_TYPE, 'Photos must be JPEG, PNG or WebP images.');
export const photoUnreadable = () =>
  new CourtyardError(400, ErrorCodes.PHOTO_UNREADABLE, 'The photo could not be read; it may be damaged.');
export const photoTooManyPixels = (maxMegapixels: number) =>
  new CourtyardError(400, ErrorCodes.PHOTO_TOO_MANY_PIXELS, `Photos may have at most ${maxMegapixels} megapixels.`);
export const unknownCategory = () =>
  new CourtyardError(400, ErrorCodes.UNKNOWN_CATEGORY, 'The category is unknown or not open for requests.');
export const unknownLocation = () =>
  new CourtyardError(400, ErrorCodes.UNKNOWN_LOCATION, 'The building or unit is unknown (or the unit is not in it).');
export const invalidAnswer = (message: string) => new CourtyardError(400, ErrorCodes.INVALID_ANSWER, message);
export const tooManyPhotos = (max: number) =>
  new CourtyardError(400, ErrorCodes.TOO_MANY_PHOTOS, `At most ${max} photos may be sent.`);
export const malformedTrackingCode = () =>
  new CourtyardError(400, ErrorCodes.MALFORMED_TRACKING_CODE, 'A tracking code looks like R-7K3Q-9X2M.');
export const residentKeyRequired = () =>
  new CourtyardError(
    403,
    ErrorCodes.RESIDENT_KEY_REQUIRED,
    'This needs the resident key from the private link given when it was sent (Resident-Key header). Without it, community staff can do it on request.',
  );
/** Also for a code that does not exist: the answer never tells whether a code is in use. */
export const residentKeyInvalid = () =>
  new CourtyardError(403, ErrorCodes.RESIDENT_KEY_INVALID, 'The resident key does not belong to this code.');
export const invalidStatusTransition = (from: string, to: string, what = 'A repair') =>
  new CourtyardError(409, ErrorCodes.INVALID_STATUS_TRANSITION, `${what} cannot go from ${from} to ${to}.`);
export const pollNotOpen = () => new CourtyardError(409, ErrorCodes.POLL_NOT_OPEN, 'This poll has not opened yet.');
export const pollClosed = () => new CourtyardError(409, ErrorCodes.POLL_CLOSED, 'This poll is closed.');
export const pollAlreadyVoted = () =>
  new CourtyardError(409, ErrorCodes.POLL_ALREADY_VOTED, 'A vote from this device or household is already recorded.');
export const pollInvalidChoice = (message: string) => new CourtyardError(400, ErrorCodes.POLL_INVALID_CHOICE, message);
export const pollCredentialRequired = (message: string) =>
  new CourtyardError(400, ErrorCodes.POLL_CREDENTIAL_REQUIRED, message);
export const ballotCodeInvalid = () =>
  new CourtyardError(404, ErrorCodes.BALLOT_CODE_INVALID, 'This ballot code is not valid for this poll.');
export const ballotCodeUsed = () =>
  new CourtyardError(409, ErrorCodes.BALLOT_CODE_USED, 'This ballot code has already been used to vote.');
export const pollResultsHidden = (message: string) => new CourtyardError(403, ErrorCodes.POLL_RESULTS_HIDDEN, message);
/** A webhook URL the SSRF guard refuses: a validation error of `body.url`, with the reason. */
export const webhookTargetRefused = (reason: string) =>
  new CourtyardError(400, ErrorCodes.VALIDATION, `body.url is refused: ${reason}.`);
export const rotaUnknownRoom = () =>
  new CourtyardError(
    400,
    ErrorCodes.ROTA_UNKNOWN_ROOM,
    "No household with this room is on this rota's building, unit or floors.",
  );
export const rotaAlreadySignedUp = (day: string) =>
  new CourtyardError(409, ErrorCodes.ROTA_ALREADY_SIGNED_UP, `This household is already on duty on ${day}.`);
export const rotaDayFull = (day: string) =>
  new CourtyardError(409, ErrorCodes.ROTA_DAY_FULL, `${day} already has as many households as the rota asks for.`);
export const rotaCodeInvalid = () =>
  new CourtyardError(
    403,
    ErrorCodes.ROTA_CODE_INVALID,
    "This rota asks for the household's code from its sheet; it is missing or not right.",
  );
export const rotaNotYours = () =>
  new CourtyardError(403, ErrorCodes.ROTA_NOT_YOURS, 'Only the device that signed up for this duty may change it.');
