import { type Static, Type } from '@sinclair/typebox';
import { Limits } from '../limits.js';
import { Id, IsoDateTime, LanguageSchema, Page, Text } from './common.js';
import { LocalizedText } from './site-config.js';

export const StaffRole = Type.Union([Type.Literal('admin'), Type.Literal('staff')]);
export type StaffRole = Static<typeof StaffRole>;

/** The signed-in staff member and their community, as the console needs them. */
export const StaffMember = Type.Object({
  id: Id,
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRole,
  community: Type.Object({
    id: Id,
    slug: Type.String(),
    names: LocalizedText,
    timeZone: Type.String(),
    defaultLanguage: LanguageSchema,
  }),
});
export type StaffMember = Static<typeof StaffMember>;

export const SessionRequest = Type.Object(
  {
    email: Text(Limits.email, { minLength: 3 }),
    password: Text(Limits.password, { minLength: 1 }),
    /** The community's slug, when the email and password open accounts in more than one (see CommunityChoice). */
    community: Type.Optional(Text(Limits.slug, { minLength: 1, pattern: '^[a-z0-9-]+$' })),
  },
  { additionalProperties: false },
);
export type SessionRequest = Static<typeof SessionRequest>;

export const SessionResponse = Type.Object({ staff: StaffMember });
export type SessionResponse = Static<typeof SessionResponse>;

/**
 * The answer to a sign-in whose email and password open accounts in several communities: no session yet; the
 * person picks one and signs in again with its `slug` as `community`.
 */
export const CommunityChoice = Type.Object({
  communities: Type.Array(Type.Object({ slug: Type.String(), names: LocalizedText }), { minItems: 2 }),
});
export type CommunityChoice = Static<typeof CommunityChoice>;

export const SignInResponse = Type.Union([SessionResponse, CommunityChoice]);
export type SignInResponse = Static<typeof SignInResponse>;

/** A staff account as an admin sees it in the staff list: never the password hash. */
export const StaffAccount = Type.Object({
  id: Id,
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRole,
  active: Type.Boolean(),
  lastLoginAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
});
export type StaffAccount = Static<typeof StaffAccount>;

export const StaffList = Page(StaffAccount);
export type StaffList = Static<typeof StaffList>;

export const StaffListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Text(400, { minLength: 1 })),
  },
  { additionalProperties: false },
);

export const StaffIdParams = Type.Object({ id: Id }, { additionalProperties: false });
