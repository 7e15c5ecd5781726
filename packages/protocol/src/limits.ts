/** Lengths shared by server validation and widget counters (characters after NFC normalisation). */
export const Limits = {
  shortText: 120,
  email: 254,
  password: 200,
  /** The shortest staff password the server accepts. */
  passwordMin: 10,
  siteKey: 64,
  slug: 64,
  origin: 253,
  longText: 4000,
  /** Largest JSON body a public route accepts, in bytes. */
  jsonBodyBytes: 64 * 1024,
  /**
   * Deepest nesting of objects and arrays in a body (JSON, or a multipart form's `answers`); a body itself is
   * level 1. Real forms use 3; past the limit the answer is 400.
   */
  bodyDepth: 32,
} as const;
