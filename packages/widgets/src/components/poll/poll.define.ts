import { CourtyardPoll } from './poll.component.js';

export { CourtyardPoll };

CourtyardPoll.define('courtyard-poll');

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-poll': CourtyardPoll;
  }
}
