import { Limits } from '@courtyard/protocol';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { AdminApiError } from '../api/request.js';
import { acceptLink, lookUpLink, type StaffLinkLookup } from '../api/staff-links.js';
import { AdminElement } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles } from '../styles.js';
import { type StaffLinkTranslation, translations } from './translations.js';

type Purpose = StaffLinkLookup['purpose'];

/**
 * @summary The page an invitation or password reset link opens (/admin/invite#<token>, /admin/reset#<token>),
 * shown without a session: who the link is for, and a form to choose a password. Then the person signs in.
 */
export class CourtyardAdminStaffLink extends AdminElement<StaffLinkTranslation> {
  static override styles = [
    baseStyles,
    formStyles,
    css`
      :host {
        max-width: 32rem;
        margin: 0 auto;
      }
      form {
        display: grid;
        gap: 0.5rem;
      }
      label {
        font-weight: 600;
      }
      input {
        width: 100%;
      }
      input[readonly] {
        background: var(--admin-page);
      }
      .hint {
        margin: 0;
        font-size: 0.9rem;
      }
      .signin {
        display: inline-flex;
        align-items: center;
        min-height: 2.75rem;
        font-weight: 600;
        color: var(--admin-text);
      }
    `,
  ];

  @query('#new-password') private passwordInput?: HTMLInputElement;
  @query('#confirm-password') private confirmInput?: HTMLInputElement;

  @state() private link?: StaffLinkLookup | null;
  @state() private error = '';
  @state() private invalidField: 'password' | 'confirm' | '' = '';
  @state() private pending = false;
  @state() private done = false;

  protected readonly localize = new LocalizeController(this, translations);
  @property({ attribute: false }) purpose: Purpose = 'invite';
  @property({ attribute: false }) token = '';

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('token') || changed.has('purpose')) {
      this.link = undefined;
      this.done = false;
      this.error = '';
      void this.lookUp();
    }
  }

  private async lookUp() {
    if (!this.token) {
      this.link = null;
      return;
    }
    const token = this.token;
    try {
      const link = await lookUpLink(token);
      if (token !== this.token) return; // another link was opened meanwhile
      // A link is for one purpose: an invitation token under /admin/reset is not shown as a reset.
      this.link = link.purpose === this.purpose ? link : null;
    } catch (error) {
      if (token !== this.token) return;
      if (error instanceof AdminApiError && ['COURTYARD_NOT_FOUND', 'COURTYARD_VALIDATION'].includes(error.code)) {
        this.link = null;
      } else {
        this.error = this.localize.errorText(error);
      }
    }
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this.pending || !this.passwordInput || !this.confirmInput) return;
    const password = this.passwordInput.value;
    const t = this.t;
    if (password.length < Limits.passwordMin) {
      this.invalidField = 'password';
      this.error = t.tooShort(Limits.passwordMin);
      this.passwordInput.focus();
      return;
    }
    if (password !== this.confirmInput.value) {
      this.invalidField = 'confirm';
      this.error = t.mismatch;
      this.confirmInput.focus();
      return;
    }
    this.pending = true;
    this.error = '';
    this.invalidField = '';
    try {
      await acceptLink(this.token, password);
      // The used token leaves the address bar and the history entry.
      history.replaceState(history.state, '', location.pathname);
      this.done = true;
      this.focus();
    } catch (error) {
      const code = error instanceof AdminApiError ? error.code : 'unexpected';
      if (code === 'COURTYARD_NOT_FOUND') this.link = null;
      else this.error = this.localize.errorText(error);
    } finally {
      this.pending = false;
    }
  }

  private renderForm(link: StaffLinkLookup) {
    const t = this.t;
    const expires = this.localize.date(link.expiresAt);
    return html`
      <p>${t.welcome[link.purpose](link.displayName, this.localize.name(link.community.names))}</p>
      <p class="muted">${t.expires(expires)}</p>
      <div id="link-error" role="alert" class=${this.error ? 'alert' : ''}>${this.error}</div>
      <form novalidate @submit=${this.onSubmit}>
        <label for="username">${t.email}</label>
        <input id="username" name="username" type="email" autocomplete="username" readonly .value=${link.email} />
        <label for="new-password">${t.password}</label>
        <p class="hint muted" id="password-hint">${t.passwordHint(Limits.passwordMin)}</p>
        <input
          id="new-password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minlength=${Limits.passwordMin}
          maxlength=${Limits.password}
          aria-invalid=${this.invalidField === 'password' ? 'true' : 'false'}
          aria-describedby="password-hint link-error"
        />
        <label for="confirm-password">${t.confirm}</label>
        <input
          id="confirm-password"
          name="confirm"
          type="password"
          autocomplete="new-password"
          required
          maxlength=${Limits.password}
          aria-invalid=${this.invalidField === 'confirm' ? 'true' : 'false'}
          aria-describedby="link-error"
        />
        <div>
          <button class="primary" type="submit" aria-busy=${this.pending ? 'true' : 'false'}>
            ${this.pending ? t.saving : t.save}
          </button>
        </div>
      </form>
    `;
  }

  private renderBody() {
    const t = this.t;
    if (this.done) {
      return html`<p role="status">${t.done}</p>
        <p><a class="signin" href="/admin">${t.signIn}</a></p>`;
    }
    if (this.link === null) {
      return html`<p role="alert" class="alert">${t.invalid}</p>
        <p><a class="signin" href="/admin">${t.signIn}</a></p>`;
    }
    if (this.link === undefined) {
      return this.error
        ? html`<p role="alert" class="alert">${this.error}</p>`
        : html`<p role="status">${t.checking}</p>`;
    }
    return this.renderForm(this.link);
  }

  override render() {
    return html`<section class="card" aria-labelledby="link-title">
      <h2 id="link-title" tabindex="-1">${this.t.titles[this.purpose]}</h2>
      ${this.renderBody()}
    </section>${nothing}`;
  }
}
