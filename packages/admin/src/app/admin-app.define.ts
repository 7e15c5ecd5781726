// Registers the console's elements. Safe to load twice (a second registration is skipped).
import { CourtyardAdminAudit } from '../audit/audit.component.js';
import { CourtyardAdminHome } from '../home/home.component.js';
import { CourtyardAdminSignIn } from '../sign-in/sign-in.component.js';
import { CourtyardAdminSites } from '../sites/sites.component.js';
import { CourtyardAdminStaff } from '../staff/staff.component.js';
import { CourtyardAdminStaffLink } from '../staff-link/staff-link.component.js';
import { CourtyardAdminApp } from './admin-app.component.js';

const elements = {
  'courtyard-admin-app': CourtyardAdminApp,
  'courtyard-admin-sign-in': CourtyardAdminSignIn,
  'courtyard-admin-home': CourtyardAdminHome,
  'courtyard-admin-sites': CourtyardAdminSites,
  'courtyard-admin-staff': CourtyardAdminStaff,
  'courtyard-admin-audit': CourtyardAdminAudit,
  'courtyard-admin-staff-link': CourtyardAdminStaffLink,
} as const;

for (const [tag, element] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-admin-app': CourtyardAdminApp;
    'courtyard-admin-sign-in': CourtyardAdminSignIn;
    'courtyard-admin-home': CourtyardAdminHome;
    'courtyard-admin-sites': CourtyardAdminSites;
    'courtyard-admin-staff': CourtyardAdminStaff;
    'courtyard-admin-audit': CourtyardAdminAudit;
    'courtyard-admin-staff-link': CourtyardAdminStaffLink;
  }
}
