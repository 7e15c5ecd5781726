// Types of the admin console's management API (sites, staff links, audit log), from their schemas.
import type { Static } from '@sinclair/typebox';
import type * as Schemas from './schemas/admin-manage.js';

export type AdminSite = Static<typeof Schemas.AdminSite>;
export type ManagedStaffAccount = Static<typeof Schemas.ManagedStaffAccount>;
export type StaffLink = Static<typeof Schemas.StaffLink>;
export type StaffLinkResponse = Static<typeof Schemas.StaffLinkResponse>;
export type StaffLinkLookup = Static<typeof Schemas.StaffLinkLookupResponse>;
export type AuditEntry = Static<typeof Schemas.AuditEntry>;
