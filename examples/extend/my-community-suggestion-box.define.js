// Registers the subclass under the community's own tag. `define()` is Courtyard's safe registration: a
// second import (or a second copy of this script) is ignored instead of throwing.
import { MyCommunitySuggestionBox } from './my-community-suggestion-box.js';

export { MyCommunitySuggestionBox };

MyCommunitySuggestionBox.define('my-community-suggestion-box');
