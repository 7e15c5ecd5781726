import { type CSSResultGroup, html } from 'lit';
import { controls } from '../styles/controls.js';
import { theme } from '../styles/theme.js';
import type { StringKey } from '../translations/index.js';
import { CourtyardElement } from './courtyard-element.js';

/**
 * A widget whose feature has not shipped yet: it shows the community's name and says plainly, in the
 * page's language, that the feature is coming. No made-up content. Each feature replaces its subclass.
 */
export abstract class ComingSoonElement extends CourtyardElement {
  static override styles: CSSResultGroup = [theme, controls];

  /** The translated name of the feature, e.g. `featurePoll`. */
  protected abstract readonly feature: StringKey;

  override render() {
    const community = this.localized(this.siteConfig?.community.names);
    return (
      this.siteProblem() ??
      html`
      <section part="base" class="base" aria-label=${this.t(this.feature)}>
        ${community ? html`<p part="community" class="muted community">${community}</p>` : null}
        <p part="message" class="heading" role="status">${this.t('comingSoon', { feature: this.t(this.feature) })}</p>
        ${community ? html`<p part="detail">${this.t('comingSoonDetail', { community })}</p>` : null}
      </section>
    `
    );
  }
}
