// The form that adds an endpoint: name, URL, format and events. Plain inputs with labels and hints; the
// screen validates on submit and moves focus to the first field that needs attention.
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS, type WebhookEvent, type WebhookFormat } from '@courtyard/protocol';
import type { NewWebhook } from '@courtyard/protocol/schemas';
import { html, type TemplateResult } from 'lit';
import type { WebhooksTranslation } from './translations.js';

/** What the form sends to create an endpoint (it always names the format). */
export type WebhookFormValues = Required<Pick<NewWebhook, 'name' | 'url' | 'format' | 'events'>>;

export function readWebhookForm(form: HTMLFormElement): WebhookFormValues {
  const data = new FormData(form);
  return {
    name: String(data.get('name') ?? '').trim(),
    url: String(data.get('url') ?? '').trim(),
    format: String(data.get('format') ?? 'json') as WebhookFormat,
    events: data.getAll('events').map(String) as WebhookEvent[],
  };
}

export function webhookForm(
  t: WebhooksTranslation,
  options: { pending: boolean; invalid: string; onSubmit: (event: SubmitEvent) => void },
): TemplateResult {
  const invalid = (field: string) => (options.invalid === field ? 'true' : 'false');
  return html`<form novalidate @submit=${options.onSubmit}>
    <div class="field">
      <label for="webhook-name">${t.name}</label>
      <input id="webhook-name" name="name" maxlength="120" autocomplete="off" aria-describedby="webhook-name-hint"
        aria-invalid=${invalid('name')} />
      <p id="webhook-name-hint" class="hint">${t.nameHint}</p>
    </div>
    <div class="field">
      <label for="webhook-url">${t.url}</label>
      <input id="webhook-url" name="url" type="url" inputmode="url" maxlength="2000" autocomplete="off"
        spellcheck="false" aria-describedby="webhook-url-hint" aria-invalid=${invalid('url')} />
      <p id="webhook-url-hint" class="hint">${t.urlHint}</p>
    </div>
    <div class="field">
      <label for="webhook-format">${t.format}</label>
      <select id="webhook-format" name="format">
        ${WEBHOOK_FORMATS.map((format) => html`<option value=${format} ?selected=${format === 'wecom'}>${t.formats[format]}</option>`)}
      </select>
    </div>
    <fieldset aria-invalid=${invalid('events')}>
      <legend>${t.events}</legend>
      ${WEBHOOK_EVENTS.map(
        (event) => html`<label class="check">
          <input type="checkbox" name="events" value=${event} ?checked=${event.endsWith('.created')} />
          <span>${t.eventNames[event]}</span>
        </label>`,
      )}
    </fieldset>
    <div>
      <button class="primary" type="submit" aria-busy=${options.pending ? 'true' : 'false'}>
        ${options.pending ? t.adding : t.add}
      </button>
    </div>
  </form>`;
}
