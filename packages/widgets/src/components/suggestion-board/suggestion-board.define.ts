import { CourtyardSuggestionBoard } from './suggestion-board.component.js';

export { CourtyardSuggestionBoard };

CourtyardSuggestionBoard.define('courtyard-suggestion-board');

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-suggestion-board': CourtyardSuggestionBoard;
  }
}
