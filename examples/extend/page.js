// The page's module: our own tag, plus Courtyard's original one beside it for comparison.
import { CourtyardSuggestionBox } from '@courtyard/widgets';
import './my-community-suggestion-box.define.js';

CourtyardSuggestionBox.define('courtyard-suggestion-box');
