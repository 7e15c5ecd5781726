// Registers the console's elements. Safe to load twice (a second registration is skipped).
import { CourtyardAdminHome } from '../home/home.component.js';
import { CourtyardAdminSignIn } from '../sign-in/sign-in.component.js';
import { CourtyardAdminWebhooks } from '../webhooks/webhooks.component.js';
import { CourtyardAdminApp } from './admin-app.component.js';

const elements = {
  'courtyard-admin-app': CourtyardAdminApp,
  'courtyard-admin-sign-in': CourtyardAdminSignIn,
  'courtyard-admin-home': CourtyardAdminHome,
  'courtyard-admin-webhooks': CourtyardAdminWebhooks,
} as const;

for (const [tag, element] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-admin-app': CourtyardAdminApp;
    'courtyard-admin-sign-in': CourtyardAdminSignIn;
    'courtyard-admin-home': CourtyardAdminHome;
    'courtyard-admin-webhooks': CourtyardAdminWebhooks;
  }
}
