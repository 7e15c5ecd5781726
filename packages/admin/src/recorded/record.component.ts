import { PHONE_PATTERN, RECORDED_SOURCES, type RecordedSource } from '@courtyard/protocol';
import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { listScopes, type ScopeBuilding } from '../api/polls.js';
import {
  type RecordedRepair,
  type RecordedSuggestion,
  type RecordRepair,
  recordRepair,
  recordSuggestion,
} from '../api/recorded.js';
import { type RepairChoices, repairChoices } from '../api/repairs.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController, localized } from '../internal/localize.js';
import { baseStyles, formStyles } from '../styles.js';
import { sourceName } from './sources.js';
import { type RecordTranslation, translations } from './translations.js';

type Kind = 'repair' | 'suggestion';
type Question = RepairChoices['services'][number]['questions'][number];
type Invalid = { field: string; message: string };
type Result = { kind: 'repair'; repair: RecordedRepair } | { kind: 'suggestion'; suggestion: RecordedSuggestion };

/**
 * @summary Staff record, on a resident's behalf, a repair request or a suggestion that arrived by phone, in a
 * WeChat group, at the door, on paper or through the 12345 hotline: where it arrived, whether the resident
 * agrees to be contacted, a staff-only note, and then the code to read out or write on the paper.
 * At /admin/record/repair and /admin/record/suggestion (linked from the Repairs and Suggestions screens).
 */
export class CourtyardAdminRecord extends AdminScreen<RecordTranslation> {
  static override styles = [
    baseStyles,
    formStyles,
    css`
      form,
      .result {
        display: grid;
        gap: 1rem;
        max-width: 44rem;
      }
      fieldset {
        border: 1px solid var(--admin-border);
        border-radius: 0.5rem;
        margin: 0;
        display: grid;
        gap: 0.5rem;
      }
      legend,
      label:not(.check) {
        font-weight: 600;
      }
      label:not(.check) {
        display: block;
      }
      .fields {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr));
        gap: 1rem;
      }
      select,
      input:not([type='checkbox'], [type='radio']) {
        width: 100%;
      }
      .hint {
        margin: 0.25rem 0 0;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
      }
      .code {
        font-family: ui-monospace, monospace;
        font-size: 2rem;
        font-weight: 700;
        letter-spacing: 0.05em;
        margin: 0;
      }
      .result a {
        overflow-wrap: anywhere;
        color: var(--admin-text);
      }
    `,
  ];

  @state() private kind: Kind = 'repair';
  @state() private choices?: RepairChoices;
  @state() private places: ScopeBuilding[] = [];
  @state() private serviceId = '';
  @state() private buildingId = '';
  @state() private invalid?: Invalid;
  @state() private error = '';
  @state() private pending = false;
  @state() private result?: Result;

  protected readonly localize = new LocalizeController(this, translations);

  /** One key per filled form, kept across retries: a retry after a lost answer is stored once. */
  private idempotencyKey = crypto.randomUUID();

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('route')) this.kind = this.route[0] === 'suggestion' ? 'suggestion' : 'repair';
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.loadChoices();
  }

  private async loadChoices() {
    try {
      const [choices, places] = await Promise.all([repairChoices(), listScopes()]);
      this.choices = choices;
      this.places = places.items;
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  private get services() {
    return (this.choices?.services ?? []).filter((service) => service.active);
  }

  private get questions(): Question[] {
    return this.services.find((service) => service.id === this.serviceId)?.questions ?? [];
  }

  /** The body to send, or the first field to fix. */
  private read(form: HTMLFormElement): { body: Record<string, unknown> } | Invalid {
    const { t } = this;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const source = text('source') as RecordedSource;
    if (!RECORDED_SOURCES.includes(source)) return { field: 'source', message: t.missingSource };
    const phone = text('phone');
    if (phone && !new RegExp(PHONE_PATTERN).test(phone)) return { field: 'phone', message: t.badPhone };
    const common = {
      source,
      contactConsent: data.get('consent') === 'on',
      ...(text('note') ? { contactNote: text('note') } : {}),
      ...(text('name') ? { name: text('name') } : {}),
      ...(phone ? { phone } : {}),
    };
    if (this.kind === 'suggestion') {
      if (!text('text')) return { field: 'text', message: t.missingText };
      return { body: { ...common, text: text('text') } };
    }
    if (!text('service')) return { field: 'service', message: t.missingService };
    const answers: Record<string, string | number | string[]> = {};
    for (const question of this.questions) {
      const name = `q-${question.code}`;
      const value =
        question.kind === 'multi'
          ? data.getAll(name).map(String)
          : question.kind === 'number' && text(name)
            ? Number(text(name))
            : text(name);
      const empty = value === '' || (Array.isArray(value) && value.length === 0);
      if (empty && question.required) return { field: name, message: t.missingAnswer };
      if (!empty) answers[question.code] = value;
    }
    if (!text('description')) return { field: 'description', message: t.missingDescription };
    const body: RecordRepair = {
      ...common,
      category: text('service'),
      description: text('description'),
      answers,
      ...(text('building') ? { buildingId: text('building') } : {}),
      ...(text('building') && text('unit') ? { unitId: text('unit') } : {}),
      ...(text('room') ? { room: text('room') } : {}),
      language: this.language,
    };
    return { body };
  }

  private onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (this.pending) return;
    const form = event.target as HTMLFormElement;
    const read = this.read(form);
    this.error = '';
    if ('field' in read) {
      this.invalid = read;
      await this.updateComplete;
      form.querySelector<HTMLElement>(`[name="${read.field}"]`)?.focus();
      return;
    }
    this.invalid = undefined;
    this.pending = true;
    try {
      this.result =
        this.kind === 'repair'
          ? { kind: 'repair', repair: await recordRepair(read.body as RecordRepair, this.idempotencyKey) }
          : {
              kind: 'suggestion',
              suggestion: await recordSuggestion(
                read.body as Parameters<typeof recordSuggestion>[0],
                this.idempotencyKey,
              ),
            };
      this.idempotencyKey = crypto.randomUUID();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#result-title')?.focus();
    } catch (error) {
      this.error = this.localize.errorText(error);
    } finally {
      this.pending = false;
    }
  };

  private onAnother = async () => {
    this.result = undefined;
    this.serviceId = '';
    this.buildingId = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[name="source"]')?.focus();
  };

  private invalidFor(field: string) {
    return this.invalid?.field === field ? 'true' : 'false';
  }

  private describedBy(field: string, hint?: string) {
    const ids = [hint, this.invalid?.field === field ? 'record-problem' : undefined].filter(Boolean);
    return ids.length ? ids.join(' ') : nothing;
  }

  private question(question: Question) {
    const { t, language } = this;
    const name = `q-${question.code}`;
    const label = `${localized(question.label, language)}${question.required ? ` ${t.required}` : ''}`;
    if (question.kind === 'multi') {
      return html`<fieldset aria-invalid=${this.invalidFor(name)}>
        <legend>${label}</legend>
        ${(question.options ?? []).map(
          (option) =>
            html`<label class="check"><input type="checkbox" name=${name} value=${option.key} />${localized(option.label, language)}</label>`,
        )}
      </fieldset>`;
    }
    const id = `record-${name}`;
    return html`<div>
      <label for=${id}>${label}</label>
      ${
        question.kind === 'single'
          ? html`<select id=${id} name=${name} aria-invalid=${this.invalidFor(name)} aria-describedby=${this.describedBy(name)}>
              <option value="">${t.choose}</option>
              ${(question.options ?? []).map((option) => html`<option value=${option.key}>${localized(option.label, language)}</option>`)}
            </select>`
          : html`<input id=${id} name=${name} type=${question.kind === 'number' ? 'number' : 'text'}
              inputmode=${question.kind === 'number' ? 'numeric' : nothing} aria-invalid=${this.invalidFor(name)}
              aria-describedby=${this.describedBy(name)} />`
      }
    </div>`;
  }

  private repairFields() {
    const { t } = this;
    const building = this.places.find((place) => place.id === this.buildingId);
    return html`<div>
        <label for="record-service">${t.service}</label>
        <select id="record-service" name="service" aria-invalid=${this.invalidFor('service')}
          aria-describedby=${this.describedBy('service')}
          @change=${(event: Event) => {
            this.serviceId = (event.target as HTMLSelectElement).value;
          }}>
          <option value="" ?selected=${!this.serviceId}>${t.chooseService}</option>
          ${this.services.map((service) => html`<option value=${service.id} ?selected=${service.id === this.serviceId}>${localized(service.names, this.language)}</option>`)}
        </select>
      </div>
      <div class="fields">
        <div>
          <label for="record-building">${t.building}</label>
          <select id="record-building" name="building" @change=${(event: Event) => {
            this.buildingId = (event.target as HTMLSelectElement).value;
          }}>
            <option value="" ?selected=${!this.buildingId}>${t.noBuilding}</option>
            ${this.places.map((place) => html`<option value=${place.id} ?selected=${place.id === this.buildingId}>${place.name}</option>`)}
          </select>
        </div>
        <div>
          <label for="record-unit">${t.unit}</label>
          <select id="record-unit" name="unit" ?disabled=${!building}>
            <option value="">${t.wholeBuilding}</option>
            ${(building?.units ?? []).map((unit) => html`<option value=${unit.id}>${unit.name}</option>`)}
          </select>
        </div>
        <div>
          <label for="record-room">${t.room}</label>
          <input id="record-room" name="room" maxlength="20" autocomplete="off" />
        </div>
      </div>
      ${this.questions.length ? html`<fieldset><legend>${t.questionsLegend}</legend>${this.questions.map((question) => this.question(question))}</fieldset>` : nothing}
      <div>
        <label for="record-description">${t.description}</label>
        <textarea id="record-description" name="description" maxlength="2000" aria-invalid=${this.invalidFor('description')}
          aria-describedby=${this.describedBy('description')}></textarea>
      </div>`;
  }

  private renderForm() {
    const { t } = this;
    return html`<form novalidate @submit=${this.onSubmit} aria-labelledby="record-title">
      <fieldset>
        <legend>${t.kindLegend}</legend>
        ${(['repair', 'suggestion'] as const).map(
          (
            kind,
          ) => html`<label class="check"><input type="radio" name="kind" value=${kind} .checked=${this.kind === kind}
            @change=${() => {
              this.kind = kind;
              this.invalid = undefined;
            }} />${t.kinds[kind]}</label>`,
        )}
      </fieldset>
      <div>
        <label for="record-source">${t.source}</label>
        <select id="record-source" name="source" aria-invalid=${this.invalidFor('source')} aria-describedby=${this.describedBy('source')}>
          <option value="">${t.chooseSource}</option>
          ${RECORDED_SOURCES.map((source) => html`<option value=${source}>${sourceName(this.language, source)}</option>`)}
        </select>
      </div>
      ${
        this.kind === 'repair'
          ? this.repairFields()
          : html`<div>
              <label for="record-text">${t.text}</label>
              <textarea id="record-text" name="text" maxlength="2000" aria-invalid=${this.invalidFor('text')}
                aria-describedby=${this.describedBy('text')}></textarea>
            </div>`
      }
      <div class="fields">
        <div>
          <label for="record-name">${t.name}</label>
          <input id="record-name" name="name" maxlength="60" autocomplete="off" />
        </div>
        <div>
          <label for="record-phone">${t.phone}</label>
          <input id="record-phone" name="phone" type="tel" maxlength="24" autocomplete="off"
            aria-invalid=${this.invalidFor('phone')} aria-describedby=${this.describedBy('phone')} />
        </div>
      </div>
      <div>
        <label class="check"><input type="checkbox" name="consent" aria-describedby="record-consent-hint" />${t.consent}</label>
        <p class="hint muted" id="record-consent-hint">${t.consentHint}</p>
      </div>
      <div>
        <label for="record-note">${t.contactNote}</label>
        <textarea id="record-note" name="note" maxlength="500" aria-describedby="record-note-hint"></textarea>
        <p class="hint muted" id="record-note-hint">${t.contactNoteHint}</p>
      </div>
      <div class="row">
        <button class="primary" type="submit" aria-busy=${this.pending ? 'true' : 'false'}>${this.pending ? t.submitting : t.submit}</button>
        <a class="button secondary" href=${this.kind === 'repair' ? '/admin/repairs' : '/admin/suggestions'}>${t.cancel}</a>
      </div>
    </form>`;
  }

  private renderResult(result: Result) {
    const { t } = this;
    const [code, url, label, detail, open] =
      result.kind === 'repair'
        ? [
            result.repair.trackingCode,
            result.repair.trackUrl,
            t.repairCode,
            `/admin/repairs/${result.repair.id}`,
            t.openRepair,
          ]
        : [
            result.suggestion.followCode,
            result.suggestion.followUrl,
            t.suggestionCode,
            '/admin/suggestions',
            t.openSuggestions,
          ];
    return html`<section class="card result" aria-labelledby="result-title">
      <h3 id="result-title" tabindex="-1">${t.recordedTitle}</h3>
      <p>${label}</p>
      <p class="code" data-code>${code}</p>
      <p>${t.readOut}</p>
      <p>${t.followPage}: <a href=${url}>${url}</a></p>
      <div class="row">
        <button class="primary" type="button" @click=${this.onAnother}>${t.another}</button>
        <a class="button secondary" href=${detail}>${open}</a>
      </div>
    </section>`;
  }

  override render() {
    const { t } = this;
    return html`<h2 id="record-title" tabindex="-1">${t.title}</h2>
      <p class="muted">${t.intro}</p>
      <div role="alert">
        ${this.error ? html`<p class="alert">${this.error}</p>` : nothing}
        ${this.invalid ? html`<p class="alert" id="record-problem">${this.invalid.message}</p>` : nothing}
      </div>
      ${this.result ? this.renderResult(this.result) : this.renderForm()}`;
  }
}
