import type { Language } from '@courtyard/protocol';
import { css, html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { AdminApiError } from '../api/request.js';
import type { StaffMember } from '../api/session.js';
import {
  createResetLink,
  inviteStaff,
  listStaff,
  type ManagedStaffAccount,
  reissueInvitation,
  type StaffLinkResponse,
  type StaffRole,
  updateStaff,
} from '../api/staff.js';
import { baseStyles } from '../styles.js';
import { type StaffTranslation, translations } from './translations.js';

/**
 * @summary The Staff screen (admins): the community's accounts with role and status; invite a colleague,
 * change a role, deactivate or reactivate, and make one-time invitation and password reset links to copy.
 */
export class CourtyardAdminStaff extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .table-wrap {
        overflow-x: auto;
        margin: 1rem 0 1.5rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        background: var(--admin-surface);
      }
      caption {
        text-align: start;
        font-weight: 600;
        padding-bottom: 0.5rem;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: 0.5rem;
        border-bottom: 1px solid var(--admin-border);
      }
      td.email {
        overflow-wrap: anywhere;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      form {
        display: grid;
        gap: 0.5rem;
        max-width: 32rem;
      }
      label {
        font-weight: 600;
      }
      input,
      select {
        box-sizing: border-box;
        min-height: 2.75rem;
        width: 100%;
        padding: 0.5rem 0.75rem;
        font: inherit;
        color: var(--admin-text);
        background: var(--admin-surface);
        border: 2px solid var(--admin-border);
        border-radius: 0.5rem;
      }
      .link {
        margin-bottom: 1.5rem;
      }
      .link input {
        font-family: ui-monospace, Menlo, Consolas, monospace;
      }
    `,
  ];

  @query('h2') private heading!: HTMLHeadingElement;
  @query('#link-url') private linkInput?: HTMLInputElement;

  @state() private accounts?: ManagedStaffAccount[];
  @state() private status = '';
  @state() private error = '';
  @state() private pending = false;
  @state() private link?: StaffLinkResponse;

  @property({ attribute: false }) staff!: StaffMember;
  @property({ attribute: false }) language: Language = 'en';
  @property({ attribute: false }) route: string[] = [];

  private get t(): StaffTranslation {
    return translations[this.language];
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  /** Moves focus to the heading so a screen reader announces the screen. */
  override focus() {
    this.updateComplete.then(() => this.heading?.focus());
  }

  private async load() {
    try {
      this.accounts = await listStaff();
    } catch (error) {
      this.showError(error);
    }
  }

  private showError(error: unknown) {
    const code = error instanceof AdminApiError ? error.code : 'unexpected';
    this.status = '';
    this.error = this.t.errors[code] ?? this.t.errors.unexpected ?? '';
  }

  private formatDate(iso: string) {
    return new Intl.DateTimeFormat(this.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  private replace(account: ManagedStaffAccount) {
    const others = (this.accounts ?? []).filter((existing) => existing.id !== account.id);
    this.accounts = [...others, account].sort((a, b) => a.email.localeCompare(b.email));
  }

  private async run(action: () => Promise<string>): Promise<boolean> {
    if (this.pending) return false;
    this.pending = true;
    this.error = '';
    try {
      this.status = await action();
      return true;
    } catch (error) {
      this.showError(error);
      return false;
    } finally {
      this.pending = false;
    }
  }

  private async showLink(response: StaffLinkResponse) {
    this.replace(response.staff);
    this.link = response;
    await this.updateComplete;
    this.linkInput?.focus();
    this.linkInput?.select();
    return this.t.linkReady(response.staff.displayName);
  }

  private async onInvite(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    const displayName = field('displayName').value.trim();
    const email = field('email').value.trim();
    const role = field('role').value as StaffRole;
    if (!displayName || !email) {
      this.error = this.t.missing;
      field(displayName ? 'email' : 'displayName').focus();
      return;
    }
    const ok = await this.run(async () => this.showLink(await inviteStaff({ email, displayName, role })));
    if (ok) form.reset();
  }

  private onChange(account: ManagedStaffAccount, change: { role?: StaffRole; active?: boolean }) {
    const t = this.t;
    return this.run(async () => {
      const updated = await updateStaff(account.id, change);
      this.replace(updated);
      if (change.role) return t.roleChanged(updated.displayName, t.roles[updated.role] ?? updated.role);
      return change.active ? t.reactivated(updated.displayName) : t.deactivated(updated.displayName);
    });
  }

  private onLink(account: ManagedStaffAccount) {
    return this.run(async () =>
      this.showLink(
        account.invitationPending ? await reissueInvitation(account.id) : await createResetLink(account.id),
      ),
    );
  }

  private async onCopy() {
    if (!this.link) return;
    try {
      await navigator.clipboard.writeText(this.link.link.url);
      this.status = this.t.copied;
    } catch {
      this.linkInput?.select();
      this.status = this.t.copyFailed;
    }
  }

  private statusOf(account: ManagedStaffAccount) {
    const { statuses } = this.t;
    if (account.invitationPending) return statuses.invited;
    return account.active ? statuses.active : statuses.deactivated;
  }

  private renderActions(account: ManagedStaffAccount) {
    const t = this.t;
    if (account.id === this.staff.id) return html`<span class="muted">${t.you}</span>`;
    const label = (action: string) => t.forPerson(action, account.displayName);
    const button = (text: string, onClick: () => unknown) =>
      html`<button class="secondary" type="button" aria-label=${label(text)} ?disabled=${this.pending} @click=${onClick}>${text}</button>`;
    return html`<div class="buttons">
      ${
        account.active
          ? button(account.role === 'admin' ? t.makeStaff : t.makeAdmin, () =>
              this.onChange(account, { role: account.role === 'admin' ? 'staff' : 'admin' }),
            )
          : nothing
      }
      ${account.active || account.invitationPending ? button(account.invitationPending ? t.newInvitation : t.resetLink, () => this.onLink(account)) : nothing}
      ${
        account.active
          ? button(t.deactivate, () => this.onChange(account, { active: false }))
          : account.invitationPending
            ? nothing
            : button(t.reactivate, () => this.onChange(account, { active: true }))
      }
    </div>`;
  }

  private renderTable(accounts: ManagedStaffAccount[]) {
    const t = this.t;
    return html`<div class="table-wrap">
      <table>
        <caption>${t.caption}</caption>
        <thead>
          <tr>
            <th scope="col">${t.name}</th>
            <th scope="col">${t.email}</th>
            <th scope="col">${t.role}</th>
            <th scope="col">${t.status}</th>
            <th scope="col">${t.lastSignIn}</th>
            <th scope="col">${t.actions}</th>
          </tr>
        </thead>
        <tbody>
          ${accounts.map(
            (account) => html`<tr>
              <th scope="row">${account.displayName}</th>
              <td class="email">${account.email}</td>
              <td>${t.roles[account.role] ?? account.role}</td>
              <td>${this.statusOf(account)}</td>
              <td>${account.lastLoginAt ? this.formatDate(account.lastLoginAt) : t.never}</td>
              <td>${this.renderActions(account)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderLink() {
    const t = this.t;
    if (!this.link) return nothing;
    const { staff, link } = this.link;
    return html`<section class="card link" aria-labelledby="link-title">
      <h3 id="link-title">${t.linkTitle}</h3>
      <label for="link-url">${t.linkFor[link.purpose](staff.displayName)}</label>
      <input id="link-url" readonly .value=${link.url} aria-describedby="link-note" />
      <p id="link-note" class="muted">${t.linkNote(this.formatDate(link.expiresAt))}</p>
      <button class="primary" type="button" @click=${this.onCopy}>${t.copy}</button>
    </section>`;
  }

  private renderInvite() {
    const t = this.t;
    return html`<section class="card" aria-labelledby="invite-title">
      <h3 id="invite-title">${t.inviteTitle}</h3>
      <form novalidate @submit=${this.onInvite}>
        <label for="invite-name">${t.inviteName}</label>
        <input id="invite-name" name="displayName" required maxlength="120" autocomplete="off" />
        <label for="invite-email">${t.inviteEmail}</label>
        <input id="invite-email" name="email" type="email" inputmode="email" required maxlength="254" autocomplete="off" />
        <label for="invite-role">${t.inviteRole}</label>
        <select id="invite-role" name="role">
          <option value="staff">${t.roles.staff}</option>
          <option value="admin">${t.roles.admin}</option>
        </select>
        <div><button class="primary" type="submit" aria-busy=${this.pending ? 'true' : 'false'}>${t.invite}</button></div>
      </form>
    </section>`;
  }

  override render() {
    const t = this.t;
    return html`
      <section aria-labelledby="staff-title">
        <h2 id="staff-title" tabindex="-1">${t.title}</h2>
        <p>${t.intro}</p>
        <p role="status">${this.status}</p>
        <div role="alert" class=${this.error ? 'alert' : ''}>${this.error}</div>
        ${this.renderLink()}
        ${this.accounts === undefined ? (this.error ? nothing : html`<p>${t.loading}</p>`) : this.renderTable(this.accounts)}
        ${this.renderInvite()}
      </section>
    `;
  }
}
