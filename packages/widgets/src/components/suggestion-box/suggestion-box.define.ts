import { CourtyardSuggestionBox } from './suggestion-box.component.js';

export { CourtyardSuggestionBox };

CourtyardSuggestionBox.define('courtyard-suggestion-box');

declare global {
  interface HTMLElementTagNameMap {
    'courtyard-suggestion-box': CourtyardSuggestionBox;
  }
}
