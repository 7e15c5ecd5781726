import { css, html } from 'lit';
import { communityName } from '../api/session.js';
import { screenPath, screens } from '../app/screens.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, pairsStyles } from '../styles.js';
import { type Translation, translations } from '../translations/index.js';

/**
 * @summary The signed-in home: who is signed in, for which community, and the screens they can open.
 */
export class CourtyardAdminHome extends AdminScreen<Translation> {
  static override styles = [
    baseStyles,
    pairsStyles,
    css`
      .screens {
        margin-top: 1.5rem;
      }
      ul {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
        gap: 0.75rem;
        padding: 0;
        list-style: none;
      }
      a {
        display: flex;
        align-items: center;
        min-height: 2.75rem;
        padding: 0.5rem 1rem;
        border: 1px solid var(--admin-border);
        border-radius: 0.5rem;
        background: var(--admin-surface);
        color: var(--admin-text);
        font-weight: 600;
      }
    `,
  ];

  protected readonly localize = new LocalizeController(this, translations);

  override render() {
    const { staff, language } = this;
    const { t } = this;
    const community = communityName(staff, language);
    const others = screens.filter((screen) => screen.area && (!screen.adminOnly || staff.role === 'admin'));
    return html`
      <section class="card" aria-labelledby="home-title">
        <h2 id="home-title" tabindex="-1">${t.signedIn} · ${community}</h2>
        <p>${t.signedInAs} <strong>${staff.displayName}</strong> (${staff.email})</p>
        <dl class="pairs">
          <dt>${t.community}</dt>
          <dd>${community}</dd>
          <dt>${t.role}</dt>
          <dd>${t.roles[staff.role] ?? staff.role}</dd>
        </dl>
      </section>
      ${
        others.length
          ? html`<section class="screens" aria-labelledby="screens-title">
              <h2 id="screens-title">${t.screensTitle}</h2>
              <ul>
                ${others.map((screen) => html`<li><a href=${screenPath(screen)}>${screen.label[language]}</a></li>`)}
              </ul>
            </section>`
          : ''
      }
    `;
  }
}
