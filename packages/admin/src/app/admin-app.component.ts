import type { Language } from '@courtyard/protocol';
import { css, html, LitElement } from 'lit';
import { query, state } from 'lit/decorators.js';
import { AdminApiError, currentStaff, type StaffMember, signOut } from '../api/session.js';
import type { CourtyardAdminHome } from '../home/home.component.js';
import type { CourtyardAdminSignIn } from '../sign-in/sign-in.component.js';
import { baseStyles } from '../styles.js';
import { initialLanguage, rememberLanguage, translation } from '../translations/index.js';

type View = 'loading' | 'signed-out' | 'signed-in' | 'unreachable';

/**
 * @summary The staff console: checks the session, shows sign-in or the signed-in home, switches language.
 */
export class CourtyardAdminApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        min-height: 100vh;
        background: var(--admin-page);
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.75rem 1rem;
        background: var(--admin-surface);
        border-bottom: 1px solid var(--admin-border);
      }
      header h1 {
        margin: 0;
        font-size: 1.25rem;
      }
      main {
        box-sizing: border-box;
        max-width: 60rem;
        margin: 0 auto;
        padding: 1.5rem 1rem 3rem;
      }
      courtyard-admin-sign-in {
        max-width: 28rem;
        margin: 0 auto;
      }
      .status {
        margin: 0 0 1rem;
      }
    `,
  ];

  @query('courtyard-admin-sign-in') private signInForm?: CourtyardAdminSignIn;
  @query('courtyard-admin-home') private home?: CourtyardAdminHome;

  @state() private language: Language = 'en';
  @state() private view: View = 'loading';
  @state() private staff?: StaffMember;
  @state() private status = '';

  override connectedCallback() {
    super.connectedCallback();
    this.setLanguage(initialLanguage(this.getAttribute('lang')), false);
    void this.loadSession();
  }

  private setLanguage(language: Language, remember: boolean) {
    this.language = language;
    document.documentElement.lang = language;
    document.title = translation(language).productName;
    if (remember) rememberLanguage(language);
  }

  private async loadSession() {
    try {
      this.staff = await currentStaff();
      this.view = this.staff ? 'signed-in' : 'signed-out';
    } catch {
      this.view = 'unreachable';
    }
  }

  private onSwitchLanguage() {
    this.setLanguage(this.language === 'zh-CN' ? 'en' : 'zh-CN', true);
  }

  private async onSignedIn(event: CustomEvent<StaffMember>) {
    this.staff = event.detail;
    this.status = '';
    this.view = 'signed-in';
    await this.updateComplete;
    this.home?.focus();
  }

  private async onSignOut() {
    try {
      await signOut();
    } catch (error) {
      // An expired session is already signed out; anything else keeps the staff member signed in.
      if (!(error instanceof AdminApiError && error.status === 401)) {
        this.view = 'signed-in';
        this.status = translation(this.language).errors.network ?? '';
        this.requestUpdate();
        return;
      }
    }
    this.staff = undefined;
    this.status = translation(this.language).signedOut;
    this.view = 'signed-out';
    await this.updateComplete;
    this.signInForm?.focus();
  }

  private renderView() {
    const t = translation(this.language);
    switch (this.view) {
      case 'loading':
        return html`<p role="status">${t.loading}</p>`;
      case 'unreachable':
        return html`<p role="alert" class="alert">${t.errors.network}</p>`;
      case 'signed-out':
        return html`<courtyard-admin-sign-in .t=${t} @courtyard-admin-signed-in=${this.onSignedIn}></courtyard-admin-sign-in>`;
      case 'signed-in':
        return html`<courtyard-admin-home
          .t=${t}
          .staff=${this.staff}
          .language=${this.language}
          @courtyard-admin-sign-out=${this.onSignOut}
        ></courtyard-admin-home>`;
    }
  }

  override render() {
    const t = translation(this.language);
    const other: Language = this.language === 'zh-CN' ? 'en' : 'zh-CN';
    return html`
      <header>
        <h1>${t.productName}</h1>
        <button
          class="secondary"
          type="button"
          lang=${other}
          aria-label=${t.switchLanguageLabel}
          @click=${this.onSwitchLanguage}
        >
          ${t.switchLanguage}
        </button>
      </header>
      <main lang=${this.language}>
        <p class="status" role="status">${this.status}</p>
        ${this.renderView()}
      </main>
    `;
  }
}
