import { css, html, LitElement } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { AdminApiError, type StaffMember, signIn } from '../api/session.js';
import { baseStyles } from '../styles.js';
import type { Translation } from '../translations/index.js';

/**
 * @summary The staff sign-in form: email and password, errors announced, lockouts explained.
 * @event courtyard-admin-signed-in - `detail: StaffMember` once the server has set the session cookie.
 */
export class CourtyardAdminSignIn extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        gap: 1rem;
      }
      label {
        display: block;
        font-weight: 600;
        margin-bottom: 0.25rem;
      }
      input {
        box-sizing: border-box;
        width: 100%;
        min-height: 2.75rem;
        padding: 0.5rem 0.75rem;
        font: inherit;
        color: var(--admin-text);
        background: var(--admin-surface);
        border: 2px solid var(--admin-border);
        border-radius: 0.5rem;
      }
      input[aria-invalid='true'] {
        border-color: var(--admin-error);
      }
      .alert-empty {
        display: contents;
      }
    `,
  ];

  @query('#email') private emailInput!: HTMLInputElement;
  @query('#password') private passwordInput!: HTMLInputElement;

  @state() private error = '';
  @state() private invalidField: 'email' | 'password' | 'both' | '' = '';
  @state() private pending = false;

  @property({ attribute: false }) t!: Translation;

  /** Puts the cursor in the first field (after sign-out, for example). */
  override focus() {
    this.updateComplete.then(() => this.emailInput?.focus());
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this.pending) return;
    const email = this.emailInput.value.trim();
    const password = this.passwordInput.value;
    if (!email || !password) {
      this.invalidField = email ? 'password' : 'email';
      this.error = email ? this.t.missingPassword : this.t.missingEmail;
      (email ? this.passwordInput : this.emailInput).focus();
      return;
    }
    this.pending = true;
    this.error = '';
    try {
      const staff: StaffMember = await signIn(email, password);
      this.passwordInput.value = '';
      this.invalidField = '';
      this.dispatchEvent(
        new CustomEvent('courtyard-admin-signed-in', { detail: staff, bubbles: true, composed: true }),
      );
    } catch (error) {
      this.showError(error);
    } finally {
      this.pending = false;
    }
  }

  private showError(error: unknown) {
    const code = error instanceof AdminApiError ? error.code : 'unexpected';
    let message = this.t.errors[code] ?? this.t.errors.unexpected ?? '';
    if (error instanceof AdminApiError && error.retryAfterSeconds && code === 'COURTYARD_LOGIN_LOCKED') {
      message = `${message} ${this.t.retryAfter(Math.ceil(error.retryAfterSeconds / 60))}`;
    }
    this.invalidField = code === 'COURTYARD_INVALID_CREDENTIALS' ? 'both' : '';
    this.error = message;
    if (code === 'COURTYARD_INVALID_CREDENTIALS') this.passwordInput.select();
  }

  override render() {
    const t = this.t;
    const invalid = (field: 'email' | 'password') =>
      this.invalidField === field || this.invalidField === 'both' ? 'true' : 'false';
    return html`
      <section class="card" aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">${t.signInTitle}</h2>
        <p class="muted">${t.signInIntro}</p>
        <div id="sign-in-error" role="alert" class=${this.error ? 'alert' : 'alert-empty'}>${this.error}</div>
        <form novalidate @submit=${this.onSubmit}>
          <div>
            <label for="email">${t.email}</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              inputmode="email"
              maxlength="254"
              required
              aria-invalid=${invalid('email')}
              aria-describedby="sign-in-error"
            />
          </div>
          <div>
            <label for="password">${t.password}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              maxlength="200"
              required
              aria-invalid=${invalid('password')}
              aria-describedby="sign-in-error"
            />
          </div>
          <div>
            <button class="primary" type="submit" aria-busy=${this.pending ? 'true' : 'false'}>
              ${this.pending ? t.signingIn : t.signIn}
            </button>
          </div>
        </form>
      </section>
    `;
  }
}
