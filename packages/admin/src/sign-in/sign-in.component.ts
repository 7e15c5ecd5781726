import { css, html } from 'lit';
import { query, state } from 'lit/decorators.js';
import { AdminApiError, type CommunityChoice, type StaffMember, signIn } from '../api/session.js';
import { AdminElement } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles } from '../styles.js';
import { type Translation, translations } from '../translations/index.js';

type Choices = CommunityChoice['communities'];

/**
 * @summary The staff sign-in form: email and password, errors announced, lockouts explained. When the email
 * and password open the console of several communities, it asks which one to sign in to.
 * @event courtyard-admin-signed-in - `detail: StaffMember` once the server has set the session cookie.
 */
export class CourtyardAdminSignIn extends AdminElement<Translation> {
  static override styles = [
    baseStyles,
    formStyles,
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
        width: 100%;
      }
      .alert-empty {
        display: contents;
      }
      .choices {
        display: grid;
        gap: 0.75rem;
        margin: 0 0 1rem;
        padding: 0;
        list-style: none;
      }
      .choices button {
        width: 100%;
        text-align: start;
      }
    `,
  ];

  @query('#email') private emailInput!: HTMLInputElement;
  @query('#password') private passwordInput!: HTMLInputElement;
  @query('#choose-title') private chooseHeading?: HTMLHeadingElement;

  @state() private error = '';
  @state() private invalidField: 'email' | 'password' | 'both' | '' = '';
  @state() private pending = false;
  /** The communities to choose from, while the person picks one. */
  @state() private choices?: Choices;
  /** Kept in memory only while the person picks a community. */
  private credentials?: { email: string; password: string };

  protected readonly localize = new LocalizeController(this, translations);

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
    await this.send(email, password);
  }

  private async send(email: string, password: string, community?: string) {
    this.pending = true;
    this.error = '';
    try {
      const answer = await signIn(email, password, community);
      if ('communities' in answer) {
        this.credentials = { email, password };
        this.choices = answer.communities;
        await this.updateComplete;
        this.chooseHeading?.focus();
        return;
      }
      if (this.passwordInput) this.passwordInput.value = '';
      this.credentials = undefined;
      this.choices = undefined;
      this.invalidField = '';
      this.dispatchEvent(
        new CustomEvent<StaffMember>('courtyard-admin-signed-in', {
          detail: answer.staff,
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      this.showError(error);
    } finally {
      this.pending = false;
    }
  }

  private onChoose(slug: string) {
    if (this.pending || !this.credentials) return;
    void this.send(this.credentials.email, this.credentials.password, slug);
  }

  private async onBack() {
    const email = this.credentials?.email ?? '';
    this.credentials = undefined;
    this.choices = undefined;
    this.error = '';
    await this.updateComplete;
    this.emailInput.value = email;
    this.passwordInput.focus();
  }

  private showError(error: unknown) {
    const code = error instanceof AdminApiError ? error.code : 'unexpected';
    let message = this.localize.errorText(error);
    if (error instanceof AdminApiError && error.retryAfterSeconds && code === 'COURTYARD_LOGIN_LOCKED') {
      message = `${message} ${this.t.retryAfter(Math.ceil(error.retryAfterSeconds / 60))}`;
    }
    this.invalidField = code === 'COURTYARD_INVALID_CREDENTIALS' ? 'both' : '';
    this.error = message;
    if (code === 'COURTYARD_INVALID_CREDENTIALS' && !this.choices) this.passwordInput.select();
  }

  private renderChoices(choices: Choices) {
    const t = this.t;
    return html`
      <section class="card" aria-labelledby="choose-title">
        <h2 id="choose-title" tabindex="-1">${t.chooseCommunityTitle}</h2>
        <p class="muted">${t.chooseCommunityIntro}</p>
        <div id="sign-in-error" role="alert" class=${this.error ? 'alert' : 'alert-empty'}>${this.error}</div>
        <ul class="choices">
          ${choices.map(
            (choice) => html`<li>
              <button
                class="primary"
                type="button"
                aria-busy=${this.pending ? 'true' : 'false'}
                @click=${() => this.onChoose(choice.slug)}
              >
                ${t.signInTo(this.localize.name(choice.names))}
              </button>
            </li>`,
          )}
        </ul>
        <button class="secondary" type="button" @click=${this.onBack}>${t.backToSignIn}</button>
      </section>
    `;
  }

  override render() {
    const t = this.t;
    if (this.choices) return this.renderChoices(this.choices);
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
