// The admin console's management API: sites and their origins, staff invitations and reset links, the audit log.
import { type Static, Type } from '@sinclair/typebox';
import { Limits } from '../limits.js';
import { Id, IsoDateTime, Page, Text } from './common.js';
import { StaffAccount, StaffRole } from './staff.js';

export const SiteKeyText = Text(Limits.siteKey, { minLength: 1, pattern: '^[A-Za-z0-9_-]+$' });
export const OriginText = Text(Limits.origin, { minLength: 1, description: 'scheme://host[:port], exactly' });

export const AdminSite = Type.Object({
  id: Id,
  siteKey: Type.String(),
  name: Type.String(),
  allowedOrigins: Type.Array(Type.String()),
  allowLocalhost: Type.Boolean(),
  /** Every write from the site's widgets proves work (about a second on a phone), busy or not. */
  proofOfWorkAlways: Type.Boolean(),
  createdAt: IsoDateTime,
});
export type AdminSite = Static<typeof AdminSite>;

export const AdminSiteList = Page(AdminSite);
export type AdminSiteList = Static<typeof AdminSiteList>;

export const SiteIdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const CreateSiteRequest = Type.Object(
  {
    siteKey: SiteKeyText,
    name: Text(Limits.shortText, { minLength: 1 }),
    allowedOrigins: Type.Optional(Type.Array(OriginText, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type CreateSiteRequest = Static<typeof CreateSiteRequest>;

export const ProofOfWorkSetting = Type.Object({ always: Type.Boolean() }, { additionalProperties: false });
export type ProofOfWorkSetting = Static<typeof ProofOfWorkSetting>;

export const AddOriginRequest = Type.Object({ origin: OriginText }, { additionalProperties: false });
export type AddOriginRequest = Static<typeof AddOriginRequest>;
export const RemoveOriginQuery = Type.Object({ origin: OriginText }, { additionalProperties: false });

/** A staff account with whether its invitation is still waiting to be accepted. */
export const ManagedStaffAccount = Type.Composite([StaffAccount, Type.Object({ invitationPending: Type.Boolean() })]);
export type ManagedStaffAccount = Static<typeof ManagedStaffAccount>;
export const ManagedStaffList = Page(ManagedStaffAccount);
export type ManagedStaffList = Static<typeof ManagedStaffList>;

export const InviteStaffRequest = Type.Object(
  {
    email: Text(Limits.email, { minLength: 3 }),
    displayName: Text(Limits.shortText, { minLength: 1 }),
    role: StaffRole,
  },
  { additionalProperties: false },
);
export type InviteStaffRequest = Static<typeof InviteStaffRequest>;

export const UpdateStaffRequest = Type.Object(
  { role: Type.Optional(StaffRole), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateStaffRequest = Static<typeof UpdateStaffRequest>;

/** A one-time link, shown once: only its hash is stored. */
export const StaffLink = Type.Object({
  purpose: Type.Union([Type.Literal('invite'), Type.Literal('reset')]),
  url: Type.String(),
  expiresAt: IsoDateTime,
});
export type StaffLink = Static<typeof StaffLink>;

export const StaffLinkResponse = Type.Object({ staff: ManagedStaffAccount, link: StaffLink });
export type StaffLinkResponse = Static<typeof StaffLinkResponse>;

const LinkToken = Text(64, { minLength: 43, pattern: '^[A-Za-z0-9_-]+$' });

export const StaffLinkLookupRequest = Type.Object({ token: LinkToken }, { additionalProperties: false });
export type StaffLinkLookupRequest = Static<typeof StaffLinkLookupRequest>;

/** What the invite or reset page shows before the person chooses a password. */
export const StaffLinkLookupResponse = Type.Object({
  purpose: Type.Union([Type.Literal('invite'), Type.Literal('reset')]),
  email: Type.String(),
  displayName: Type.String(),
  community: Type.Object({
    names: Type.Object({ 'zh-CN': Type.Optional(Type.String()), en: Type.Optional(Type.String()) }),
  }),
  expiresAt: IsoDateTime,
});
export type StaffLinkLookupResponse = Static<typeof StaffLinkLookupResponse>;

export const StaffLinkAcceptRequest = Type.Object(
  { token: LinkToken, password: Text(Limits.password, { minLength: Limits.passwordMin }) },
  { additionalProperties: false },
);
export type StaffLinkAcceptRequest = Static<typeof StaffLinkAcceptRequest>;

export const StaffLinkAcceptResponse = Type.Object({ email: Type.String() });
export type StaffLinkAcceptResponse = Static<typeof StaffLinkAcceptResponse>;

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Id),
    action: Type.Optional(Text(80, { minLength: 1, pattern: '^[a-z_]+(\\.[a-z_]+)*$' })),
    subjectType: Type.Optional(Text(40, { minLength: 1, pattern: '^[a-z_-]+$' })),
    subjectId: Type.Optional(Text(200, { minLength: 1 })),
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
    cursor: Type.Optional(Text(40, { minLength: 1, pattern: '^[0-9]+$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntry = Type.Object({
  id: Type.String(),
  createdAt: IsoDateTime,
  actor: Type.Object({
    type: Type.Union([Type.Literal('staff'), Type.Literal('system'), Type.Literal('cli'), Type.Literal('resident')]),
    id: Type.Union([Id, Type.Null()]),
    displayName: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
  }),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPage = Page(AuditEntry);
export type AuditPage = Static<typeof AuditPage>;
