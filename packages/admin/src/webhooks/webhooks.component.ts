import { html, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { listScopes, type ScopeBuilding } from '../api/polls.js';
import { AdminApiError } from '../api/request.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  sendTestEvent,
  updateWebhook,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointCreated,
} from '../api/webhooks.js';
import { BusyController } from '../internal/actions.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles, tableStyles } from '../styles.js';
import { deliveryLog } from './delivery-log.js';
import { placeAndSigningFields, placeName, readPlace, SIGNED_FORMATS } from './place-and-signing.js';
import { translations, type WebhooksTranslation } from './translations.js';
import { readWebhookForm, webhookForm } from './webhook-form.js';
import { webhooksStyles } from './webhooks.styles.js';

/**
 * @summary Notifications for admins: the community's chat-group bots and webhooks, adding one (its signing
 * secret shown once), and per endpoint (`/admin/webhooks/<id>`) on/off, a test event and the delivery log.
 */
export class CourtyardAdminWebhooks extends AdminScreen<WebhooksTranslation> {
  static override styles = [baseStyles, formStyles, tableStyles, webhooksStyles];

  @state() private endpoints?: WebhookEndpoint[];
  @state() private endpoint?: WebhookEndpoint;
  @state() private deliveries?: WebhookDelivery[];
  @state() private created?: WebhookEndpointCreated;
  /** Buildings and their units, for the place an endpoint hears. */
  @state() private places: ScopeBuilding[] = [];
  @state() private error = '';
  @state() private status = '';
  @state() private invalid = '';
  @state() private confirmingDelete = false;
  /** Said in the live region of the next view (after deleting, on the list). */
  private noticeForNextView = '';

  protected readonly localize = new LocalizeController(this, translations);
  /** Which action runs now (one at a time): its button shows busy; a failure is said in `error`. */
  private readonly actions = new BusyController<'add' | 'toggle' | 'routing' | 'test' | 'refresh' | 'delete'>(this, {
    clear: () => {
      this.error = '';
      this.status = '';
    },
    fail: (error) => {
      this.error = this.localize.errorText(error);
    },
  });

  private get endpointId(): string | undefined {
    return this.route[0];
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('route')) {
      this.error = '';
      this.status = this.noticeForNextView;
      this.noticeForNextView = '';
      this.confirmingDelete = false;
      void this.load();
    }
  }

  private async load() {
    const id = this.endpointId;
    try {
      if (!this.places.length) this.places = (await listScopes()).items;
      if (id) {
        this.endpoint = undefined;
        this.deliveries = undefined;
        [this.endpoint, this.deliveries] = await Promise.all([getWebhook(id), listDeliveries(id)]);
      } else {
        this.endpoints = await listWebhooks();
      }
    } catch (error) {
      this.error = this.localize.errorText(error);
    }
  }

  private async onAdd(event: SubmitEvent) {
    event.preventDefault();
    if (this.actions.running) return;
    const form = event.target as HTMLFormElement;
    const values = readWebhookForm(form);
    const missing = !values.name
      ? 'name'
      : !values.url
        ? 'url'
        : values.botSecret && !SIGNED_FORMATS.includes(values.format)
          ? 'botSecret'
          : values.events.length === 0
            ? 'events'
            : '';
    this.created = undefined;
    this.status = '';
    if (missing) {
      this.invalid = missing;
      this.error = {
        name: this.t.missingName,
        url: this.t.missingUrl,
        botSecret: this.t.secretNotForFormat,
        events: this.t.missingEvents,
      }[missing];
      await this.updateComplete;
      (
        form.querySelector(missing === 'events' ? 'input[name="events"]' : `[name="${missing}"]`) as HTMLElement
      )?.focus();
      return;
    }
    this.invalid = '';
    const added = await this.actions.run('add', async () => {
      try {
        this.created = await createWebhook(values);
      } catch (error) {
        this.invalid = error instanceof AdminApiError && error.code === 'COURTYARD_VALIDATION' ? 'url' : '';
        throw error;
      }
      form.reset();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#secret-title')?.focus();
      this.endpoints = await listWebhooks();
    });
    if (!added) {
      await this.updateComplete;
      (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
    }
  }

  private async copySecret() {
    try {
      await navigator.clipboard.writeText(this.created?.secret ?? '');
      this.status = this.t.copied;
    } catch {
      this.status = this.t.copyFailed;
    }
  }

  private toggle() {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    void this.actions.run('toggle', async () => {
      this.endpoint = await updateWebhook(endpoint.id, { enabled: !endpoint.enabled });
      this.status = this.endpoint.enabled ? this.t.turnedOn : this.t.turnedOff;
    });
  }

  /** Saves the place the endpoint hears and its bot signing secret (an empty secret field keeps the current one). */
  private onRouting(event: SubmitEvent) {
    event.preventDefault();
    const endpoint = this.endpoint;
    if (!endpoint) return;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const secret = String(data.get('botSecret') ?? '').trim();
    if (secret && !SIGNED_FORMATS.includes(endpoint.format)) {
      this.invalid = 'botSecret';
      this.error = this.t.secretNotForFormat;
      form.querySelector<HTMLElement>('[name="botSecret"]')?.focus();
      return;
    }
    this.invalid = '';
    const botSecret = secret ? { botSecret: secret } : data.get('removeBotSecret') ? { botSecret: null } : {};
    void this.actions.run('routing', async () => {
      this.endpoint = await updateWebhook(endpoint.id, {
        scope: readPlace(String(data.get('place') ?? '')),
        ...botSecret,
      });
      form.reset();
      this.status = this.t.saved;
    });
  }

  private sendTest() {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    void this.actions.run('test', async () => {
      await sendTestEvent(endpoint.id);
      // The worker sends at once; give it a moment so the log shows the answer, not just "waiting".
      await new Promise((resolve) => setTimeout(resolve, 1500));
      this.deliveries = await listDeliveries(endpoint.id);
      this.status = this.t.testSent;
    });
  }

  private refreshLog() {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    void this.actions.run('refresh', async () => {
      this.deliveries = await listDeliveries(endpoint.id);
    });
  }

  private async askDelete() {
    this.confirmingDelete = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#really-delete')?.focus();
  }

  private async cancelDelete() {
    this.confirmingDelete = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#delete')?.focus();
  }

  private confirmDelete() {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    void this.actions.run('delete', async () => {
      await deleteWebhook(endpoint.id);
      this.confirmingDelete = false;
      this.noticeForNextView = this.t.deleted;
      // Back to the list: the shell follows history changes (popstate) and focuses the list's heading.
      history.pushState(null, '', '/admin/webhooks');
      dispatchEvent(new PopStateEvent('popstate'));
    });
  }

  private formatTime = (iso: string) => this.localize.date(iso, { dateStyle: 'medium', timeStyle: 'medium' });

  private renderMessages() {
    return html`<p class="alert" role="alert">${this.error}</p>
      <p class="status" role="status">${this.status}</p>`;
  }

  private renderList() {
    const t = this.t;
    const endpoints = this.endpoints;
    return html`
      <section class="card" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title" tabindex="-1">${t.title}</h2>
        <p>${t.intro}</p>
        ${this.renderMessages()}
        <h3>${t.listTitle}</h3>
        ${
          endpoints === undefined
            ? html`<p>${t.loading}</p>`
            : endpoints.length === 0
              ? html`<p class="muted">${t.none}</p>`
              : html`<ul class="endpoints">
                  ${endpoints.map(
                    (endpoint) => html`<li>
                      <a href="/admin/webhooks/${endpoint.id}" aria-label=${t.details(endpoint.name)}>${endpoint.name}</a>
                      <span>${t.formats[endpoint.format]}</span>
                      <span>${t.hears(placeName(t, this.places, endpoint.scope))}</span>
                      <span class="badge">${endpoint.enabled ? t.on : t.off}</span>
                    </li>`,
                  )}
                </ul>`
        }
      </section>
      ${
        this.created
          ? html`<section class="card secret" aria-labelledby="secret-title">
              <h3 id="secret-title" tabindex="-1">${t.added(this.created.name)} ${t.secretTitle}</h3>
              <p>${t.secretIntro}</p>
              <label for="secret">${t.secretLabel}</label>
              <div class="row">
                <input id="secret" readonly .value=${this.created.secret} spellcheck="false" />
                <button class="secondary" type="button" @click=${this.copySecret}>${t.copy}</button>
              </div>
            </section>`
          : ''
      }
      <section class="card" aria-labelledby="add-title">
        <h3 id="add-title">${t.addTitle}</h3>
        ${webhookForm(t, {
          pending: this.actions.running === 'add',
          invalid: this.invalid,
          places: this.places,
          onSubmit: (event) => this.onAdd(event),
        })}
      </section>
    `;
  }

  private renderDetail() {
    const t = this.t;
    const endpoint = this.endpoint;
    const busy = (name: string) => (this.actions.running === name ? 'true' : 'false');
    return html`
      <a class="back" href="/admin/webhooks">← ${t.back}</a>
      <section class="card" aria-labelledby="webhook-title">
        <h2 id="webhook-title" tabindex="-1">${endpoint?.name ?? t.title}</h2>
        ${this.renderMessages()}
        ${
          endpoint
            ? html`<dl>
                  <dt>${t.url}</dt>
                  <dd><code>${endpoint.url}</code></dd>
                  <dt>${t.format}</dt>
                  <dd>${t.formats[endpoint.format]}</dd>
                  <dt>${t.events}</dt>
                  <dd>${endpoint.events.map((event) => (t.eventNames as Record<string, string>)[event] ?? event).join('；')}</dd>
                  <dt>${t.place}</dt>
                  <dd>${placeName(t, this.places, endpoint.scope)}</dd>
                  <dt>${t.signing}</dt>
                  <dd>${endpoint.botSigned ? t.signed : t.unsigned}</dd>
                  <dt>${t.state}</dt>
                  <dd>${endpoint.enabled ? t.on : t.off}</dd>
                </dl>
                <div class="row">
                  <button class="primary" type="button" aria-busy=${busy('test')} ?disabled=${!endpoint.enabled}
                    @click=${this.sendTest}>${this.actions.running === 'test' ? t.sendingTest : t.sendTest}</button>
                  <button class="secondary" type="button" aria-busy=${busy('toggle')} @click=${this.toggle}>
                    ${endpoint.enabled ? t.turnOff : t.turnOn}
                  </button>
                  ${
                    this.confirmingDelete
                      ? html`<p>${t.confirmDelete}</p>
                          <button id="really-delete" class="primary" type="button" aria-busy=${busy('delete')}
                            @click=${this.confirmDelete}>${t.reallyDelete}</button>
                          <button class="secondary" type="button" @click=${this.cancelDelete}>${t.cancel}</button>`
                      : html`<button id="delete" class="secondary" type="button" @click=${this.askDelete}>${t.delete}</button>`
                  }
                </div>`
            : this.error
              ? ''
              : html`<p>${t.loading}</p>`
        }
      </section>
      ${
        endpoint
          ? html`<section class="card" aria-labelledby="routing-title">
              <h3 id="routing-title">${t.routingTitle}</h3>
              <form novalidate @submit=${this.onRouting}>
                ${placeAndSigningFields(t, {
                  idPrefix: 'endpoint',
                  places: this.places,
                  invalid: this.invalid,
                  current: endpoint,
                })}
                <div>
                  <button class="primary" type="submit" aria-busy=${busy('routing')}>
                    ${this.actions.running === 'routing' ? t.saving : t.save}
                  </button>
                </div>
              </form>
            </section>`
          : ''
      }
      ${
        endpoint
          ? html`<section class="card" aria-labelledby="log-title">
              <div class="row">
                <h3 id="log-title">${t.logTitle}</h3>
                <button class="secondary" type="button" aria-busy=${busy('refresh')} @click=${this.refreshLog}>
                  ${t.refresh}
                </button>
              </div>
              ${this.deliveries ? deliveryLog(t, this.deliveries, this.formatTime) : html`<p>${t.loading}</p>`}
            </section>`
          : ''
      }
    `;
  }

  override render() {
    return this.endpointId ? this.renderDetail() : this.renderList();
  }
}
