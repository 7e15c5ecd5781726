import { CourtyardNotices } from './notices.component.js';

export { CourtyardNotices };

CourtyardNotices.define('courtyard-notices');

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-notices': CourtyardNotices;
  }
}
