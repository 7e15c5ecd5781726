import { ComingSoonElement } from '../../internal/coming-soon-element.js';

/**
 * @tagname courtyard-suggestion-box
 * @summary Residents send an opinion or suggestion to the community's committee. Until its feature ships, it shows the community's name and says the feature is coming soon.
 *
 * @event courtyard-error - The site configuration could not be loaded; `detail.code` is the protocol's code.
 *
 * @csspart base - The widget's box.
 * @csspart community - The community's name.
 * @csspart message - The "coming soon" line.
 * @csspart detail - The sentence under it.
 */
export class CourtyardSuggestionBox extends ComingSoonElement {
  protected readonly feature = 'featureSuggestionBox';
}
