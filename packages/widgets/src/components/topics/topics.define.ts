import { CourtyardTopics } from './topics.component.js';

export { CourtyardTopics };

CourtyardTopics.define('courtyard-topics');

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-topics': CourtyardTopics;
  }
}
