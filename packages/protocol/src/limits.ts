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
} as const;
