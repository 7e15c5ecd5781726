import { type SuggestionCreated, SuggestionLimits } from '@courtyard/protocol';
import type { SimilarSuggestions } from '@courtyard/protocol/schemas';
import { type CSSResultGroup, css, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { FormField } from '../../api/client.js';
import { voterToken } from '../../api/voter-token.js';
import type { Lookup, Translations } from '../../controllers/localize-controller.js';
import { SubmissionController } from '../../controllers/submission-controller.js';
import { CourtyardElement } from '../../internal/courtyard-element.js';
import { controls } from '../../styles/controls.js';
import { setSupport } from '../suggestion-board/supports.js';
import { type BoxKey, boxEn } from './translations/en.js';
import { boxZhCN } from './translations/zh-CN.js';

const translations: Translations<BoxKey> = { en: boxEn, 'zh-CN': boxZhCN };
const MAX = SuggestionLimits.text;

/** A published suggestion like the draft, and whether this device supported it here. */
type Similar = SimilarSuggestions['items'][number] & { supported?: boolean };

/**
 * @tagname courtyard-suggestion-box
 * @summary Residents send an opinion or suggestion to the community's committee: text with a character count, a topic, an optional photo, optional name and phone for staff only. While they type, similar published suggestions are offered to support instead. On success it shows a follow code and link. Offline, it keeps the suggestion and sends it once when back online.
 *
 * @event {CustomEvent<CourtyardSubmitDetail>} courtyard-submit - Before sending (cancelable); `detail.body` is what will be sent.
 * @event {CustomEvent<CourtyardSubmittedDetail>} courtyard-submitted - The server stored it; `detail.response` is `{ id, status, followCode, followUrl }`.
 * @event {CustomEvent<CourtyardQueuedDetail>} courtyard-queued - Offline or the server was busy: saved in the browser and sent later.
 * @event {CustomEvent<CourtyardErrorDetail>} courtyard-error - The server refused it or the configuration could not load; `detail.code` is the protocol's code.
 *
 * @csspart base - The widget's box.
 * @csspart community - The community's name.
 * @csspart heading - The title.
 * @csspart form - The form.
 * @csspart text - The suggestion's text area.
 * @csspart count - The character count under it.
 * @csspart similar - The list of similar suggestions.
 * @csspart submit - The send button.
 * @csspart status - Sending, saved or error messages.
 * @csspart progress - The photo upload progress bar.
 * @csspart thanks - The thank-you with the follow code and link.
 */
export class CourtyardSuggestionBox extends CourtyardElement {
  static override styles: CSSResultGroup = [
    CourtyardElement.styles,
    controls,
    css`
      form {
        display: grid;
        gap: var(--_spacing);
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
      }
      textarea {
        min-height: 8rem;
        resize: vertical;
      }
      small,
      .hint {
        font-weight: 400;
        color: var(--_text-muted);
      }
      .invalid {
        color: var(--_danger);
      }
      .similar {
        margin: 0;
        padding: 0.75rem;
        list-style: none;
        background: var(--_surface-muted);
        border-radius: var(--_radius);
      }
      .similar li {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.25rem 0;
      }
      .code {
        font-size: 1.5rem;
        font-weight: 700;
        letter-spacing: 0.1em;
      }
    `,
  ];

  static override properties: PropertyDeclarations = {
    ...CourtyardElement.properties,
    text: { state: true },
    similar: { state: true },
    touched: { state: true },
  };

  protected readonly submission: SubmissionController<SuggestionCreated> = new SubmissionController(this);

  protected text = '';
  protected similar: Similar[] = [];
  protected touched = false;
  #similarTimer?: ReturnType<typeof setTimeout>;
  #similarAbort?: AbortController;

  /** A string of this widget's table or the shared one, through the one lookup (overrides first). */
  protected readonly s: Lookup<BoxKey> = this.localize.withTable(translations);

  get #length(): number {
    return [...this.text].length;
  }

  get #problem(): string | undefined {
    if (this.#length > MAX) return this.s('boxTooLong', { max: MAX });
    if (this.touched && this.text.trim() === '') return this.s('boxEmpty');
    return undefined;
  }

  protected onInput(event: Event): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    clearTimeout(this.#similarTimer);
    this.#similarTimer = setTimeout(() => void this.lookUpSimilar(), 400);
  }

  /** Asks for published suggestions like the draft (pg_trgm on the server; works on Chinese). */
  protected async lookUpSimilar(): Promise<void> {
    const query = this.text.trim().slice(0, SuggestionLimits.similarQueryMax);
    this.#similarAbort?.abort();
    if ([...query].length < 4 || !this.client) {
      this.similar = [];
      return;
    }
    this.#similarAbort = new AbortController();
    try {
      const found = await this.client.get<{ items: Similar[] }>(
        `/suggestions/similar?q=${encodeURIComponent(query)}`,
        this.#similarAbort.signal,
      );
      this.similar = found.items;
    } catch {
      // A hint only: without it the resident simply sends theirs.
    }
  }

  protected async supportSimilar(item: Similar): Promise<void> {
    try {
      await setSupport(this, item.id, true);
      this.similar = this.similar.map((entry) => (entry.id === item.id ? { ...entry, supported: true } : entry));
    } catch (caught) {
      this.reportError(caught);
    }
  }

  protected async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.touched = true;
    if (this.text.trim() === '' || this.#length > MAX) {
      this.renderRoot.querySelector('textarea')?.focus();
      return;
    }
    const form = new FormData(event.target as HTMLFormElement);
    const fields: FormField[] = [];
    const json: Record<string, string> = {};
    for (const [name, value] of form) {
      if (typeof value === 'string' ? value.trim() === '' : value.size === 0) continue;
      if (typeof value === 'string') json[name] = value;
      fields.push(typeof value === 'string' ? [name, value] : [name, value, value.name]);
    }
    // The device's token lets staff trust this device, so its later suggestions are published at once.
    const token = voterToken();
    json.voterToken = token;
    fields.push(['voterToken', token]);
    const hasPhoto = fields.some(([, value]) => typeof value !== 'string');
    await this.submission.submit(hasPhoto ? { path: '/suggestions', form: fields } : { path: '/suggestions', json });
  }

  protected another(): void {
    this.text = '';
    this.similar = [];
    this.touched = false;
    this.submission.reset();
  }

  protected renderThanks(created: SuggestionCreated): TemplateResult {
    return html`<div part="thanks" class="status sent" role="status">
      <p>${this.s('boxThanks')}</p>
      <p>${this.s('boxFollowCode', { code: '' })}<span class="code">${created.followCode}</span></p>
      <p><a href=${created.followUrl} target="_blank" rel="noopener">${this.s('boxFollowLink')}</a></p>
      <button type="button" class="secondary" @click=${this.another}>${this.s('boxAnother')}</button>
    </div>`;
  }

  protected renderSimilar(): TemplateResult | typeof nothing {
    if (this.similar.length === 0) return nothing;
    return html`<div part="similar" role="region" aria-live="polite" aria-label=${this.s('boxSimilar')}>
      <p class="hint">${this.s('boxSimilar')}</p>
      <ul class="similar">
        ${this.similar.map(
          (item) => html`<li>
            <span>${item.text}</span>
            <button type="button" class="secondary" ?disabled=${item.supported} aria-pressed=${item.supported ? 'true' : 'false'} @click=${() => this.supportSimilar(item)}>
              ${item.supported ? this.s('boxSupported') : this.s('boxSupport')}
            </button>
          </li>`,
        )}
      </ul>
    </div>`;
  }

  override render(): TemplateResult {
    const blocked = this.siteProblem();
    if (blocked) return blocked;
    const community = this.localized(this.siteConfig?.community.names);
    if (!this.siteConfig && !this.configError) return html`<p part="base" class="base">${this.t('loading')}</p>`;
    const created = this.submission.state === 'sent' ? this.submission.response : undefined;
    const problem = this.#problem;
    const categories = this.siteConfig?.categories.filter((category) => category.kind === 'suggestion') ?? [];
    const busy = this.submission.state === 'pending';
    return html`<section part="base" class="base" aria-labelledby="title">
      ${community ? html`<p part="community" class="muted">${community}</p>` : nothing}
      <h2 part="heading" class="heading" id="title">${this.s('boxTitle')}</h2>
      ${
        created
          ? this.renderThanks(created)
          : html`<form part="form" @submit=${this.onSubmit} novalidate>
            <label>${this.s('boxText')}
              <textarea part="text" name="text" .value=${this.text} @input=${this.onInput} aria-invalid=${problem ? 'true' : 'false'} aria-describedby="count problem" required></textarea>
              <small part="count" id="count" class=${this.#length > MAX ? 'invalid' : ''}>${this.s('boxCount', { count: this.#length, max: MAX })}</small>
            </label>
            <p id="problem" class="invalid" role="alert">${problem ?? ''}</p>
            ${this.renderSimilar()}
            ${
              categories.length
                ? html`<label>${this.s('boxCategory')}
                  <select name="categoryId">
                    <option value="">${this.s('boxNoCategory')}</option>
                    ${categories.map((category) => html`<option value=${category.id}>${this.localized(category.names)}</option>`)}
                  </select>
                </label>`
                : nothing
            }
            <label>${this.s('boxPhoto')}<input type="file" name="photos" accept="image/jpeg,image/png,image/webp" /></label>
            <label>${this.s('boxName')}<input name="name" autocomplete="name" maxlength="60" aria-describedby="private" /></label>
            <label>${this.s('boxPhone')}<input name="phone" type="tel" autocomplete="tel" maxlength="24" aria-describedby="private" /></label>
            <p id="private" class="hint">${this.s('boxPrivate')}</p>
            <label class="trap" aria-hidden="true">Website<input name="website" tabindex="-1" autocomplete="off" /></label>
            <p class="hint">${this.s('boxConsent')}</p>
            <div class="actions"><button part="submit" type="submit" ?disabled=${busy}>${busy ? this.t(this.submission.pendingText) : this.t('send')}</button></div>
            ${this.submission.status()}
          </form>`
      }
    </section>`;
  }
}
