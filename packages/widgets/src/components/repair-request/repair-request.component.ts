import type {
  OpenRepair,
  RepairQuestion as Question,
  PublicRepair as Repair,
  RepairCreated,
  RepairService as Service,
} from '@courtyard/protocol/schemas';
import { type CSSResultGroup, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { FormField } from '../../api/client.js';
import { kept } from '../../api/device-keeps.js';
import { LiveController } from '../../controllers/live-controller.js';
import type { Lookup, Translations } from '../../controllers/localize-controller.js';
import { SubmissionController } from '../../controllers/submission-controller.js';
import { CourtyardElement } from '../../internal/courtyard-element.js';
import { controls } from '../../styles/controls.js';
import { theme } from '../../styles/theme.js';
import { styles } from './repair-request.styles.js';
import { en, type RepairKey } from './translations/en.js';
import { zhCN } from './translations/zh-CN.js';

const translations: Translations<RepairKey> = { en, 'zh-CN': zhCN };
const EVENTS = ['repair.created', 'repair.updated', 'repair.changed', 'repair.confirmed'];
const MAX_PHOTOS = 3;
const CODE = /^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/**
 * The resident key for a code: the one the report sent here was answered with, else a private link's
 * (`#key=…`), else the one this device kept. '' with a code alone (from paper): progress only. A link's key
 * is kept only where none is, so a forged link cannot replace the right one.
 */
function residentKey(code: string, sent?: string): string {
  const name = `resident-key:${code}`;
  if (sent) return kept(name, sent) ?? '';
  const linked = /[#&]key=([\w-]+)/.exec(location.hash)?.[1];
  const stored = kept(name);
  if (linked && !stored) kept(name, linked);
  return linked ?? stored ?? '';
}

/**
 * @tagname courtyard-repair-request
 * @summary Residents report a repair (category with its questions and emergency notice, building → unit → room or a description of the place, photos, contact for staff only) and follow it on a live timeline; after "resolved" they confirm or reopen it and rate the service.
 *
 * Confirming needs the resident key the report was answered with: the widget keeps it on the device (local
 * storage, by code) and offers it as a private link (`…/track/{code}#key=…`), which it reads back when opened.
 * With the code alone (from paper) it shows progress and says to use the private link or call the staff.
 *
 * @event {CustomEvent<CourtyardSubmitDetail>} courtyard-submit - Before a report or confirmation is sent (cancelable).
 * @event {CustomEvent<CourtyardSubmittedDetail>} courtyard-submitted - The server stored it; for a report `detail.response` has the `trackingCode` and the `residentKey`.
 * @event {CustomEvent<CourtyardQueuedDetail>} courtyard-queued - Offline or busy: kept in the browser and sent once when possible.
 * @event {CustomEvent<CourtyardErrorDetail>} courtyard-error - Refused or not loaded; `detail.code` is the protocol's code.
 *
 * @csspart base - The widget's box.
 * @csspart community - The community's name.
 * @csspart heading - The form's title.
 * @csspart form - The report form.
 * @csspart emergency - The selected category's emergency notice, shown before sending.
 * @csspart reported - "Already reported": an open incident in the chosen building and category, with a link to follow it.
 * @csspart progress - The photo upload progress bar.
 * @csspart status - Messages: sending, saved offline, errors.
 * @csspart tracking - The tracking view of one request.
 * @csspart timeline - The list of public updates.
 * @csspart confirm - The confirm/reopen and rating controls.
 */
export class CourtyardRepairRequest extends CourtyardElement {
  static override styles: CSSResultGroup = [theme, controls, styles];

  static override properties: PropertyDeclarations = {
    ...CourtyardElement.properties,
    code: { reflect: true },
    services: { state: true },
    repair: { state: true },
    categoryId: { state: true },
    buildingId: { state: true },
    position: { state: true },
    reported: { state: true },
  };

  /**
   * A tracking code (R-XXXX-XXXX, any case): shows that request's live timeline instead of the form. The
   * widget sets it itself once a report is sent.
   */
  code = '';

  protected services?: Service[];
  protected repair?: Repair;
  protected categoryId = '';
  protected buildingId = '';
  protected position?: { latitude: number; longitude: number };
  /** The newest open incident in the chosen building and category, shown before a duplicate is sent. */
  protected reported?: OpenRepair;
  /** The resident key for the code shown: confirming, reopening and rating need it ('' when unknown). */
  #key = '';

  readonly #report = new SubmissionController<RepairCreated>(this);
  readonly #confirm = new SubmissionController<Repair>(this);
  /** Follows `repair:<code>` while a code is shown; every event refetches the public view. */
  protected readonly live = new LiveController(this, {
    topic: () => (this.trackingCode ? `repair:${this.trackingCode}` : ''),
    types: EVENTS,
    onEvent: () => void this.#loadRepair(),
    onResync: () => void this.#loadRepair(),
  });

  /** The code in effect, in its canonical upper-case form ('' when it is not one). */
  get trackingCode(): string {
    const code = this.code.trim().toUpperCase();
    return CODE.test(code) ? code : '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!this.hasUpdated || changed.has('site') || changed.has('api')) void this.#loadServices();
    // A report delivered (now, or later from the outbox) turns the form into its tracking view.
    const sent = this.#report.state === 'sent' ? this.#report.response : undefined;
    const follow = !!sent && !this.code;
    if (follow) this.code = sent.trackingCode;
    if (changed.has('code') || follow) {
      this.repair = undefined;
      this.#key = this.trackingCode && residentKey(this.trackingCode, follow ? sent.residentKey : undefined);
      void this.#loadRepair();
    }
    if (this.#confirm.state === 'sent' && this.#confirm.response) {
      this.repair = this.#confirm.response;
      this.#confirm.response = undefined;
    }
  }

  /** A string of this widget's table or the shared one, through the one lookup (overrides first). */
  protected readonly s: Lookup<RepairKey> = this.localize.withTable(translations);

  async #loadServices(): Promise<void> {
    try {
      this.services = (await this.client?.get<{ items: Service[] }>('/repair-services'))?.items;
    } catch {
      this.services = undefined;
    }
  }

  /** A service or building chosen: what is already reported there is looked up again. */
  #choose(choice: 'categoryId' | 'buildingId', event: Event): void {
    this[choice] = (event.target as HTMLSelectElement).value;
    void this.#loadReported();
  }

  async #loadReported(): Promise<void> {
    // The hint needs both choices: asking without one would only be refused (an error in the page's console).
    this.reported =
      this.categoryId && this.buildingId
        ? (
            await this.client
              ?.get<{ items: OpenRepair[] }>(`/open-repairs?category=${this.categoryId}&building=${this.buildingId}`)
              .catch(() => undefined)
          )?.items[0]
        : undefined;
  }

  async #loadRepair(): Promise<void> {
    const code = this.trackingCode;
    if (!code || !this.client) return;
    try {
      const repair = await this.client.get<Repair>(`/repairs/${code}`);
      if (code === this.trackingCode) this.repair = repair;
    } catch (caught) {
      this.reportError(caught);
    }
  }

  #locate(): void {
    navigator.geolocation?.getCurrentPosition(({ coords }) => {
      this.position = { latitude: coords.latitude, longitude: coords.longitude };
    });
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const files = (data.getAll('photos') as File[]).filter((file) => file.size > 0);
    const photoInput = form.querySelector<HTMLInputElement>('[name=photos]')!;
    photoInput.setCustomValidity(files.length > MAX_PHOTOS ? this.t('COURTYARD_TOO_MANY_PHOTOS') : '');
    if (!form.reportValidity()) return;
    const body: Record<string, unknown> = { language: this.language, ...this.position };
    for (const name of 'category buildingId unitId room locationText description name phone preferredTime'.split(' ')) {
      const value = String(data.get(name) ?? '').trim();
      if (value) body[name] = value;
    }
    const answers: Record<string, unknown> = {};
    for (const question of this.#service()?.questions ?? []) {
      const values = data.getAll(`q-${question.code}`).map(String).filter(Boolean);
      if (values.length === 0) continue;
      answers[question.code] =
        question.kind === 'multi' ? values : question.kind === 'number' ? Number(values[0]) : values[0];
    }
    body.answers = answers;
    if (files.length === 0) return this.#report.submit({ path: '/repairs', json: body });
    const fields: FormField[] = Object.entries(body).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]);
    for (const file of files) fields.push(['photos', file, file.name]);
    return this.#report.submit({ path: '/repairs', form: fields });
  }

  #answer(outcome: 'fixed' | 'reopen'): void {
    const rating = Number(
      new FormData(this.renderRoot.querySelector<HTMLFormElement>('[part=confirm]')!).get('rating'),
    );
    void this.#confirm.submit({
      path: `/repairs/${this.trackingCode}/confirmation`,
      json: { outcome, rating: rating || undefined, residentKey: this.#key },
    });
  }

  #another(): void {
    this.#report.reset();
    this.#confirm.reset();
    this.code = '';
  }

  #service(): Service | undefined {
    return this.services?.find((service) => service.id === this.categoryId);
  }

  #question(question: Question) {
    const name = `q-${question.code}`;
    const label = `${this.localized(question.label)}${question.required ? ' *' : ''}`;
    if (question.kind === 'multi') {
      return html`<fieldset>
        <legend>${label}</legend>
        ${question.options?.map(
          (option) =>
            html`<label class="check"><input type="checkbox" name=${name} value=${option.key} />${this.localized(option.label)}</label>`,
        )}
      </fieldset>`;
    }
    if (question.kind === 'single') {
      return html`<label
        >${label}<select name=${name} ?required=${question.required}><option value="">${this.s('choose')}</option>${question.options?.map((option) => html`<option value=${option.key}>${this.localized(option.label)}</option>`)}</select></label
      >`;
    }
    return html`<label
      >${label}<input name=${name} type=${question.kind === 'number' ? 'number' : 'text'} maxlength="500" ?required=${question.required}
    /></label>`;
  }

  #renderForm() {
    const service = this.#service();
    const buildings = this.siteConfig?.buildings ?? [];
    const building = buildings.find((candidate) => candidate.id === this.buildingId);
    const busy = this.#report.state === 'pending';
    const reported = this.reported;
    return html`<form part="form" @submit=${this.#submit}>
      <p part="community" class="muted">${this.localized(this.siteConfig?.community.names)}</p>
      <h2 part="heading" class="heading">${this.s('title')}</h2>
      <label
        >${this.s('category')} *<select name="category" required @change=${(event: Event) => this.#choose('categoryId', event)}>
          <option value="">${this.s('choose')}</option>
          ${this.services?.map((item) => html`<option value=${item.id}>${this.localized(item.names)}</option>`)}
        </select></label
      >
      ${
        service?.emergencyNotice
          ? html`<p part="emergency" class="status error" role="alert">${this.localized(service.emergencyNotice)}</p>`
          : nothing
      }
      ${service?.questions.map((question) => this.#question(question))}
      <fieldset>
        <legend>${this.s('building')} / ${this.s('unit')} / ${this.s('room')}</legend>
        <div class="row">
          <label
            >${this.s('building')}<select name="buildingId" @change=${(event: Event) => this.#choose('buildingId', event)}>
              <option value="">${this.s('choose')}</option>
              ${buildings.map((item) => html`<option value=${item.id}>${item.name}</option>`)}
            </select></label
          >
          <label
            >${this.s('unit')}<select name="unitId" ?disabled=${!building}>
              <option value="">${this.s('choose')}</option>
              ${building?.units.map((unit) => html`<option value=${unit.id}>${unit.name}</option>`)}
            </select></label
          >
          <label>${this.s('room')}<input name="room" maxlength="20" autocomplete="off" /></label>
        </div>
        <label>${this.s('place')}<input name="locationText" maxlength="120" /></label>
        <button type="button" class="secondary" @click=${this.#locate}>
          ${this.position ? this.s('located') : this.s('locate')}
        </button>
      </fieldset>
      ${
        reported
          ? html`<a part="reported" href=${reported.follow} target="_blank"
              >${this.localized(reported.text)}</a
            >`
          : nothing
      }
      <label>${this.s('description')} *<textarea name="description" required maxlength="2000" rows="4"></textarea></label>
      <label>${this.s('photos')}<input name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple /></label>
      <label>${this.s('name')}<input name="name" maxlength="60" autocomplete="name" /></label>
      <label
        >${this.s('phone')}<input name="phone" type="tel" maxlength="24" autocomplete="tel" pattern="\\+?[0-9][0-9 \\(\\)\\-]{4,22}[0-9]"
      /></label>
      <label>${this.s('time')}<input name="preferredTime" maxlength="120" /></label>
      ${this.#report.status()}
      <div class="actions"><button type="submit" ?disabled=${busy}>${this.s('submit')}</button></div>
    </form>`;
  }

  #renderTracking(repair: Repair) {
    // With the key, the link is the private one: the key rides in the fragment, which never reaches a server.
    const key = this.#key;
    const link = `${this.apiOrigin}/p/${encodeURIComponent(this.siteKey)}/track/${repair.trackingCode}${key && `#key=${key}`}`;
    const place = [repair.location.building, repair.location.unit].filter(Boolean).join(' ');
    return html`<section part="tracking" aria-live="polite">
      <h2 class="heading">${this.localized(repair.category.names)} · ${this.s(repair.status as RepairKey)}</h2>
      <p class="muted">${this.s('code', { code: repair.trackingCode })}${place ? ` · ${place}` : ''}</p>
      <p>${repair.description}</p>
      ${repair.photos.map((photo) => html`<img src=${this.client!.url(`/photos/${photo.id}`)} alt="" />`)}
      <ol part="timeline">
        ${repair.timeline.map(
          (entry) => html`<li>
            <time datetime=${entry.at}>${this.formatDate(entry.at, { dateStyle: 'short', timeStyle: 'short' })}</time>
            ${entry.status ? html`<strong>${this.s(entry.status as RepairKey)}</strong>` : nothing}
            ${entry.note ? html`<p>${entry.note}</p>` : nothing}
          </li>`,
        )}
      </ol>
      ${
        repair.canConfirm
          ? key
            ? this.#renderConfirm()
            : html`<p class="status" role="status">${this.t('COURTYARD_RESIDENT_KEY_REQUIRED')}</p>`
          : nothing
      }
      ${repair.rating ? html`<p class="status sent" role="status">${this.s('thanks')}</p>` : nothing}
      <div class="actions">
        <a href=${link} target="_blank" rel="noopener">${this.s(key ? 'private' : 'follow')}</a>
        <button type="button" class="secondary" @click=${this.#another}>${this.s('another')}</button>
      </div>
    </section>`;
  }

  #renderConfirm() {
    const busy = this.#confirm.state === 'pending';
    return html`<form part="confirm" @submit=${(event: Event) => event.preventDefault()}>
      <fieldset><legend>${this.s('rating')}</legend><div class="row">
          ${[1, 2, 3, 4, 5].map(
            (n) =>
              html`<label class="check"><input type="radio" name="rating" value=${n} />${this.s('stars', { n })}</label>`,
          )}
        </div></fieldset>
      <p class="heading">${this.s('ask')}</p>
      <div class="actions">
        <button type="button" ?disabled=${busy} @click=${() => this.#answer('fixed')}>${this.s('fixed')}</button>
        <button type="button" class="secondary" ?disabled=${busy} @click=${() => this.#answer('reopen')}>${this.s('reopen')}</button>
      </div>
      ${this.#confirm.status()}
    </form>`;
  }

  override render() {
    const blocked = this.siteProblem();
    if (blocked) return blocked;
    const body = this.trackingCode
      ? this.repair
        ? this.#renderTracking(this.repair)
        : html`<p class="status" role="status">${this.t('loading')}</p>`
      : this.#renderForm();
    return html`<section part="base" class="base" lang=${this.language}>${body}</section>`;
  }
}
