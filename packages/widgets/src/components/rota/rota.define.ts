import { CourtyardRota } from './rota.component.js';

export { CourtyardRota };

CourtyardRota.define('courtyard-rota');

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-rota': CourtyardRota;
  }
}
