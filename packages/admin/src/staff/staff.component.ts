import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
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
import { ActionController } from '../internal/actions.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles, tableStyles } from '../styles.js';
import { type StaffTranslation, translations } from './translations.js';

/**
 * @summary The Staff screen (admins): the community's accounts with role and status; invite a colleague,
 * change a role, deactivate or reactivate, and make one-time invitation and password reset links to copy.
 */
export class CourtyardAdminStaff extends AdminScreen<StaffTranslation> {
  static override styles = [
    baseStyles,
    formStyles,
    tableStyles,
    css`
      .table-wrap {
        overflow-x: auto;
        margin: 1rem 0 1.5rem;
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
        width: 100%;
      }
      .link {
        margin-bottom: 1.5rem;
      }
      .link input {
        font-family: ui-monospace, Menlo, Consolas, monospace;
      }
    `,
  ];

  @query('#link-url') private linkInput?: HTMLInputElement;

  @state() private accounts?: ManagedStaffAccount[];
  @state() private link?: StaffLinkResponse;

  protected readonly localize = new LocalizeController(this, translations);
  private readonly actions = new ActionController(this, this.localize);

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.accounts = await listStaff();
    } catch (error) {
      this.actions.fail(error);
    }
  }

  private replace(account: ManagedStaffAccount) {
    const others = (this.accounts ?? []).filter((existing) => existing.id !== account.id);
    this.accounts = [...others, account].sort((a, b) => a.email.localeCompare(b.email));
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
      this.actions.error = this.t.missing;
      field(displayName ? 'email' : 'displayName').focus();
      return;
    }
    const ok = await this.actions.run(async () => this.showLink(await inviteStaff({ email, displayName, role })));
    if (ok) form.reset();
  }

  private onChange(account: ManagedStaffAccount, change: { role?: StaffRole; active?: boolean }) {
    const t = this.t;
    return this.actions.run(async () => {
      const updated = await updateStaff(account.id, change);
      this.replace(updated);
      if (change.role) return t.roleChanged(updated.displayName, t.roles[updated.role] ?? updated.role);
      return change.active ? t.reactivated(updated.displayName) : t.deactivated(updated.displayName);
    });
  }

  private onLink(account: ManagedStaffAccount) {
    return this.actions.run(async () =>
      this.showLink(
        account.invitationPending ? await reissueInvitation(account.id) : await createResetLink(account.id),
      ),
    );
  }

  private async onCopy() {
    if (!this.link) return;
    try {
      await navigator.clipboard.writeText(this.link.link.url);
      this.actions.status = this.t.copied;
    } catch {
      this.linkInput?.select();
      this.actions.status = this.t.copyFailed;
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
      html`<button class="secondary" type="button" aria-label=${label(text)} ?disabled=${this.actions.pending} @click=${onClick}>${text}</button>`;
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
              <td>${account.lastLoginAt ? this.localize.date(account.lastLoginAt) : t.never}</td>
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
      <p id="link-note" class="muted">${t.linkNote(this.localize.date(link.expiresAt))}</p>
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
        <div><button class="primary" type="submit" aria-busy=${this.actions.pending ? 'true' : 'false'}>${t.invite}</button></div>
      </form>
    </section>`;
  }

  override render() {
    const t = this.t;
    return html`
      <section aria-labelledby="staff-title">
        <h2 id="staff-title" tabindex="-1">${t.title}</h2>
        <p>${t.intro}</p>
        <p role="status">${this.actions.status}</p>
        <div role="alert" class=${this.actions.error ? 'alert' : ''}>${this.actions.error}</div>
        ${this.renderLink()}
        ${this.accounts === undefined ? (this.actions.error ? nothing : html`<p>${t.loading}</p>`) : this.renderTable(this.accounts)}
        ${this.renderInvite()}
      </section>
    `;
  }
}
