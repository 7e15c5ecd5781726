import type { Language } from '@courtyard/protocol';
import { css, html, LitElement } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { communityName, type StaffMember } from '../api/session.js';
import { baseStyles } from '../styles.js';
import type { Translation } from '../translations/index.js';

/**
 * @summary The signed-in home: who is signed in, for which community, sign out, and what comes next.
 * @event courtyard-admin-sign-out - the staff member asked to sign out.
 */
export class CourtyardAdminHome extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .identity {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
        align-items: center;
        justify-content: space-between;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .coming {
        margin-top: 1.5rem;
      }
      ul {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 16rem), 1fr));
        gap: 0.75rem;
        padding: 0;
        list-style: none;
      }
      li {
        border: 1px dashed var(--admin-border);
        border-radius: 0.5rem;
        padding: 0.75rem 1rem;
      }
      li strong {
        display: block;
      }
    `,
  ];

  @query('h2') private heading!: HTMLHeadingElement;

  @state() private signingOut = false;

  @property({ attribute: false }) t!: Translation;
  @property({ attribute: false }) staff!: StaffMember;
  @property({ attribute: false }) language: Language = 'en';

  /** Moves focus to the heading so a screen reader announces the new view. */
  override focus() {
    this.updateComplete.then(() => this.heading?.focus());
  }

  private onSignOut() {
    this.signingOut = true;
    this.dispatchEvent(new CustomEvent('courtyard-admin-sign-out', { bubbles: true, composed: true }));
  }

  override render() {
    const { t, staff } = this;
    const community = communityName(staff, this.language);
    return html`
      <section class="card" aria-labelledby="home-title">
        <div class="identity">
          <div>
            <h2 id="home-title" tabindex="-1">${t.signedIn} · ${community}</h2>
            <p>${t.signedInAs} <strong>${staff.displayName}</strong> (${staff.email})</p>
          </div>
          <button class="secondary" type="button" aria-busy=${this.signingOut ? 'true' : 'false'} @click=${this.onSignOut}>
            ${this.signingOut ? t.signingOut : t.signOut}
          </button>
        </div>
        <dl>
          <dt>${t.community}</dt>
          <dd>${community}</dd>
          <dt>${t.role}</dt>
          <dd>${t.roles[staff.role] ?? staff.role}</dd>
        </dl>
      </section>
      <section class="coming" aria-labelledby="coming-title">
        <h2 id="coming-title">${t.comingTitle}</h2>
        <p class="muted">${t.comingIntro}</p>
        <ul>
          ${t.sections.map(([name, purpose]) => html`<li><strong>${name}</strong><span class="muted">${purpose}</span></li>`)}
        </ul>
      </section>
    `;
  }
}
