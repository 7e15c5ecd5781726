// Types of the admin console's management API (sites, staff links, audit log): the Static types exported
// beside their schemas, offered from the browser-safe entry too.
export type {
  AdminSite,
  AuditEntry,
  ManagedStaffAccount,
  StaffLink,
  StaffLinkLookupResponse as StaffLinkLookup,
  StaffLinkResponse,
} from './schemas/admin-manage.js';
