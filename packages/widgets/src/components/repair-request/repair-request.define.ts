import { CourtyardRepairRequest } from './repair-request.component.js';

export { CourtyardRepairRequest };

CourtyardRepairRequest.define('courtyard-repair-request');

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-repair-request': CourtyardRepairRequest;
  }
}
