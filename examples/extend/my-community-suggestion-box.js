// A community's own suggestion box: Courtyard's class, extended. This module only declares the class (no
// side effects); my-community-suggestion-box.define.js registers it, so others can subclass it in turn.
import { CourtyardSuggestionBox } from '@courtyard/widgets';
import { css, html } from 'lit';

/** The banner's text per language; the widget picks one with its own language rules (`this.language`). */
const banners = {
  'zh-CN': { title: '{building}居民意见箱', note: '楼长每周一汇总，交居委会答复。' },
  en: {
    title: 'Suggestion box for {building}',
    note: 'The building head collects them every Monday for the committee.',
  },
};

/**
 * Courtyard's suggestion box with the building's own banner above it, in the widget's language.
 *
 * @tagname my-community-suggestion-box
 * @csspart banner - The building's banner above the suggestion box.
 */
export class MyCommunitySuggestionBox extends CourtyardSuggestionBox {
  // Keep the parent's styles and add the banner's. `--_accent` and `--_accent-text` are the theme's tokens
  // as resolved for light or dark, so the banner follows the host's `--courtyard-*` settings.
  static styles = [
    CourtyardSuggestionBox.styles,
    css`
      .banner {
        margin-bottom: 0.5rem;
        padding: 0.75rem var(--_spacing);
        border-radius: var(--_radius);
        background: var(--_accent);
        color: var(--_accent-text);
        font-family: var(--_font);
      }
      .banner p {
        margin: 0;
      }
      .title {
        font-size: 1.125rem;
        font-weight: 600;
      }
    `,
  ];

  // Lit merges these with the parent's properties (site, api, lang, theme, strings…).
  static properties = { building: {} };

  constructor() {
    super();
    /** The building this box is for, shown in the banner (attribute `building`). */
    this.building = '';
  }

  render() {
    const banner = banners[this.language] ?? banners.en;
    const building = this.building || (this.language === 'zh-CN' ? '本楼' : 'our building');
    return html`
      <header part="banner" class="banner">
        <p class="title">${banner.title.replace('{building}', building)}</p>
        <p>${banner.note}</p>
      </header>
      ${super.render()}
    `;
  }
}
