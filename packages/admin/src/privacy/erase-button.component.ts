import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { type ErasedKind, erasePersonalData, type StaffErasure } from '../api/privacy.js';
import { AdminElement } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles } from '../styles.js';
import { type EraseTranslation, translations } from './translations.js';

/**
 * @summary Erases a repair's or suggestion's personal data when the resident asks staff (a resident without
 * the private link of their receipt cannot do it themselves): a button, then a confirmation, then the call.
 * `<courtyard-admin-erase-button .language=${language} kind="repairs" item-id=${id} ?empty=${nothingLeft}>`.
 * @event courtyard-admin-erased - `detail: { contact, photos }` once erased; the screen reloads the item.
 */
export class CourtyardAdminEraseButton extends AdminElement<EraseTranslation> {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .hint {
        margin: 0 0 0.5rem;
        font-size: 0.9rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .status:empty {
        margin: 0;
      }
      .status.error {
        color: var(--admin-error);
      }
    `,
  ];

  @property() kind: ErasedKind = 'repairs';
  @property({ attribute: 'item-id' }) itemId = '';
  protected readonly localize = new LocalizeController(this, translations);
  /** Nothing personal is held any more: the button goes, its last message stays (so it is still announced). */
  @property({ type: Boolean }) empty = false;

  @state() private confirming = false;
  @state() private running = false;
  @state() private message = '';
  @state() private failed = false;

  private ask() {
    this.confirming = true;
    this.message = '';
    // The question and its buttons replace the button that had focus: focus follows to the safe choice.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('button.cancel')?.focus());
  }

  private cancel() {
    this.confirming = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus());
  }

  private async erase() {
    if (this.running || !this.itemId) return;
    this.running = true;
    this.failed = false;
    this.message = this.t.erasing;
    try {
      const result: StaffErasure = await erasePersonalData(this.kind, this.itemId);
      this.message = result.contact || result.photos > 0 ? this.t.erased(result.photos) : this.t.nothingLeft;
      this.confirming = false;
      this.dispatchEvent(new CustomEvent('courtyard-admin-erased', { detail: result, bubbles: true, composed: true }));
    } catch (error) {
      this.failed = true;
      this.message = this.localize.errorText(error);
    } finally {
      this.running = false;
    }
  }

  override render() {
    const { t } = this;
    return html`
      ${this.empty ? nothing : html`<p class="hint muted" id="erase-help">${t.help}</p>`}
      ${
        this.empty
          ? nothing
          : this.confirming
            ? html`<p id="erase-confirm"><strong>${t.confirmHint}</strong></p>
              <div class="row">
                <button type="button" class="primary" aria-describedby="erase-confirm" aria-busy=${this.running ? 'true' : 'false'} @click=${this.erase}>
                  ${t.confirm}
                </button>
                <button type="button" class="secondary cancel" @click=${this.cancel}>${t.cancel}</button>
              </div>`
            : html`<button type="button" class="secondary" aria-describedby="erase-help" @click=${this.ask}>${t.erase}</button>`
      }
      <p class="status" role="status">${this.failed ? nothing : this.message}</p>
      <p class="status error" role="alert">${this.failed ? this.message : nothing}</p>
    `;
  }
}
