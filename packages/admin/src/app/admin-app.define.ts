// Registers the console's elements. Safe to load twice (a second registration is skipped).

import { CourtyardAdminAudit } from '../audit/audit.component.js';
import { CourtyardAdminChart } from '../dashboard/chart.component.js';
import { CourtyardAdminDashboard } from '../dashboard/dashboard.component.js';
import { CourtyardAdminExportButton } from '../exports/export-button.component.js';
import { CourtyardAdminHome } from '../home/home.component.js';
import { CourtyardAdminInbox } from '../inbox/inbox.component.js';
import { CourtyardAdminNotices } from '../notices/notices.component.js';
import { CourtyardAdminPollCodes } from '../polls/poll-codes.component.js';
import { CourtyardAdminPollDetail } from '../polls/poll-detail.component.js';
import { CourtyardAdminPollForm } from '../polls/poll-form.component.js';
import { CourtyardAdminPolls } from '../polls/polls.component.js';
import { CourtyardAdminEraseButton } from '../privacy/erase-button.component.js';
import { CourtyardAdminRecord } from '../recorded/record.component.js';
import { CourtyardAdminRepairs } from '../repairs/repairs.component.js';
import { CourtyardAdminRotas } from '../rota/rotas.component.js';
import { CourtyardAdminSignIn } from '../sign-in/sign-in.component.js';
import { CourtyardAdminSites } from '../sites/sites.component.js';
import { CourtyardAdminStaff } from '../staff/staff.component.js';
import { CourtyardAdminStaffLink } from '../staff-link/staff-link.component.js';
import { CourtyardAdminSuggestions } from '../suggestions/suggestions.component.js';
import { CourtyardAdminTopics } from '../topics/topics.component.js';
import { CourtyardAdminWebhooks } from '../webhooks/webhooks.component.js';
import { CourtyardAdminApp } from './admin-app.component.js';

const elements = {
  'courtyard-admin-app': CourtyardAdminApp,
  'courtyard-admin-sign-in': CourtyardAdminSignIn,
  'courtyard-admin-home': CourtyardAdminHome,
  'courtyard-admin-repairs': CourtyardAdminRepairs,
  'courtyard-admin-notices': CourtyardAdminNotices,
  'courtyard-admin-dashboard': CourtyardAdminDashboard,
  'courtyard-admin-chart': CourtyardAdminChart,
  'courtyard-admin-export-button': CourtyardAdminExportButton,
  'courtyard-admin-erase-button': CourtyardAdminEraseButton,
  'courtyard-admin-inbox': CourtyardAdminInbox,
  'courtyard-admin-suggestions': CourtyardAdminSuggestions,
  'courtyard-admin-polls': CourtyardAdminPolls,
  'courtyard-admin-poll-form': CourtyardAdminPollForm,
  'courtyard-admin-poll-detail': CourtyardAdminPollDetail,
  'courtyard-admin-poll-codes': CourtyardAdminPollCodes,
  'courtyard-admin-rotas': CourtyardAdminRotas,
  'courtyard-admin-sites': CourtyardAdminSites,
  'courtyard-admin-staff': CourtyardAdminStaff,
  'courtyard-admin-audit': CourtyardAdminAudit,
  'courtyard-admin-staff-link': CourtyardAdminStaffLink,
  'courtyard-admin-webhooks': CourtyardAdminWebhooks,
  'courtyard-admin-topics': CourtyardAdminTopics,
  'courtyard-admin-record': CourtyardAdminRecord,
} as const;

for (const [tag, element] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-admin-app': CourtyardAdminApp;
    'courtyard-admin-sign-in': CourtyardAdminSignIn;
    'courtyard-admin-home': CourtyardAdminHome;
    'courtyard-admin-repairs': CourtyardAdminRepairs;
    'courtyard-admin-notices': CourtyardAdminNotices;
    'courtyard-admin-dashboard': CourtyardAdminDashboard;
    'courtyard-admin-chart': CourtyardAdminChart;
    'courtyard-admin-export-button': CourtyardAdminExportButton;
    'courtyard-admin-erase-button': CourtyardAdminEraseButton;
    'courtyard-admin-inbox': CourtyardAdminInbox;
    'courtyard-admin-suggestions': CourtyardAdminSuggestions;
    'courtyard-admin-polls': CourtyardAdminPolls;
    'courtyard-admin-poll-form': CourtyardAdminPollForm;
    'courtyard-admin-poll-detail': CourtyardAdminPollDetail;
    'courtyard-admin-poll-codes': CourtyardAdminPollCodes;
    'courtyard-admin-rotas': CourtyardAdminRotas;
    'courtyard-admin-sites': CourtyardAdminSites;
    'courtyard-admin-staff': CourtyardAdminStaff;
    'courtyard-admin-audit': CourtyardAdminAudit;
    'courtyard-admin-staff-link': CourtyardAdminStaffLink;
    'courtyard-admin-webhooks': CourtyardAdminWebhooks;
    'courtyard-admin-topics': CourtyardAdminTopics;
  }
}
