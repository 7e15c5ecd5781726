import type { RotaDay, RotaDuty, RotaWeek } from '@courtyard/protocol';
import type { PublicRotaBody as Rota } from '@courtyard/protocol/schemas';
import { type CSSResultGroup, html, nothing, type PropertyDeclarations } from 'lit';
import type { ApiError } from '../../api/api-error.js';
import type { FormField } from '../../api/client.js';
import { kept } from '../../api/device-keeps.js';
import { voterToken } from '../../api/voter-token.js';
import { LiveController } from '../../controllers/live-controller.js';
import type { Lookup, Translations } from '../../controllers/localize-controller.js';
import { SubmissionController } from '../../controllers/submission-controller.js';
import { CourtyardElement } from '../../internal/courtyard-element.js';
import { controls } from '../../styles/controls.js';
import { theme } from '../../styles/theme.js';
import { rotaStyles } from './rota.styles.js';
import { type RotaKey, rotaEn } from './translations/en.js';
import { rotaZhCN } from './translations/zh-CN.js';

const translations: Translations<RotaKey> = { en: rotaEn, 'zh-CN': rotaZhCN };
/** A day `n` days after `day` (both YYYY-MM-DD). */
const plus = (day: string, n: number) => new Date(Date.parse(`${day}T12:00Z`) + n * 864e5).toISOString().slice(0, 10);

/**
 * @tagname courtyard-rota
 * @summary A duty rota (值日表): this week's table of who keeps the stairwell clean each day, by room or a
 * chosen name. Households sign up for open days with their room (no account: this device may later give a
 * day up, swap it with another household, which accepts or declines, or mark it done). Updates live.
 * Without `rota`, it shows the site's newest open rota.
 *
 * @event {CustomEvent<CourtyardSubmitDetail>} courtyard-submit - Before a sign-up, give-up, swap or done mark is sent (cancelable).
 * @event {CustomEvent<CourtyardSubmittedDetail>} courtyard-submitted - The server recorded it; a sign-up's `detail.response.duties` are this device's.
 * @event {CustomEvent<CourtyardQueuedDetail>} courtyard-queued - Offline: it is kept and sent when the device is back online.
 * @event {CustomEvent<CourtyardErrorDetail>} courtyard-error - Loading or a write failed; `detail.code` is the protocol's error code.
 *
 * @csspart base - The widget's box.
 * @csspart title - The rota's title.
 * @csspart table - The week's table.
 * @csspart form - The sign-up fields.
 * @csspart status - State and error messages.
 */
export class CourtyardRota extends CourtyardElement {
  static override styles: CSSResultGroup = [theme, controls, rotaStyles];

  static override properties: PropertyDeclarations = {
    ...CourtyardElement.properties,
    rota: {},
    data: { state: true },
    problem: { state: true },
  };

  readonly #write: SubmissionController = new SubmissionController(this);
  protected readonly live = new LiveController(this, {
    topic: () => (this.data ? `rota:${this.data.rota.id}` : ''),
    types: ['rota.day', 'rota.changed'],
    onEvent: () => void this.#load(this.#week),
    onResync: () => void this.#load(this.#week),
  });

  /** The rota's id; empty shows the site's newest open rota. */
  rota = '';

  /** The week shown; null when the site has no open rota. */
  protected data?: RotaWeek | null;
  protected problem?: ApiError;
  #loaded = '';
  #week?: string;
  #picked = new Set<string>();
  #room = kept('rota-room') ?? '';
  #unit = kept('rota-unit') ?? '';
  #name = '';
  #code = '';

  readonly #s: Lookup<RotaKey> = this.localize.withTable(translations);

  constructor() {
    super();
    // A sign-up's duties are this device's, whether sent now or later from the outbox.
    this.addEventListener('courtyard-submitted', (event) => {
      const duties = (event.detail.response as { duties?: RotaDuty[] } | undefined)?.duties;
      if (duties) this.#keep([...this.#mine, ...duties.map((duty) => duty.id)]);
    });
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed as never);
    const key = `${this.client?.base} ${this.rota}`;
    if (this.client && key !== this.#loaded) {
      if (this.#loaded) this.data = undefined;
      this.#loaded = key;
      this.#week = undefined;
      void this.#load();
    }
  }

  get #id(): string {
    return this.data?.rota.id ?? '';
  }

  /** The duties this device signed up for (kept on the device). */
  get #mine(): string[] {
    return JSON.parse(kept(`rota:${this.#id}`) ?? '[]');
  }

  #keep(ids: string[]): void {
    kept(`rota:${this.#id}`, JSON.stringify(ids));
  }

  async #load(week?: string): Promise<void> {
    const client = this.client;
    const loading = this.#loaded;
    if (!client) return;
    this.#week = week;
    try {
      const id = this.rota || (await client.get<{ items: Rota[] }>('/rotas')).items[0]?.id;
      const data = id
        ? await client.get<RotaWeek>(`/rotas/${encodeURIComponent(id)}${week ? `?week=${week}` : ''}`)
        : null;
      if (loading === this.#loaded) this.data = data;
    } catch (caught) {
      if (loading === this.#loaded) this.problem = this.reportError(caught);
    }
  }

  /** With a photo, the write is multipart: the client loads its upload module on first use. */
  async #send(path: string, json: object, method?: 'DELETE', photo?: File): Promise<void> {
    const body = { ...json, voterToken: voterToken() };
    await this.#write.submit({
      path: `/rotas/${this.#id}${path}`,
      ...(photo ? { form: [...(Object.entries(body) as FormField[]), ['photos', photo, photo.name]] } : { json: body }),
      method,
    });
    if (this.#write.state === 'sent') await this.#load(this.#week);
  }

  async #signUp(event: Event): Promise<void> {
    event.preventDefault();
    kept('rota-room', this.#room);
    // A building's rota needs the unit as well as the room; a unit's rota implies it.
    const unitId = this.data?.rota.place.unitId ? '' : this.#unit;
    if (unitId) kept('rota-unit', unitId);
    await this.#send('/signups', {
      ...(unitId ? { unitId } : {}),
      room: this.#room,
      dates: [...this.#picked],
      ...(this.#name ? { displayName: this.#name } : {}),
      ...(this.#code ? { code: this.#code } : {}),
    });
    if (this.#write.state !== 'error') this.#picked.clear();
  }

  #dayName(date: string): string {
    return new Intl.DateTimeFormat(this.language, {
      weekday: 'short',
      month: 'numeric',
      day: 'numeric',
      timeZone: 'UTC',
    }).format(Date.parse(`${date}T12:00Z`));
  }

  #duty(day: RotaDay, duty: RotaDuty, mine: string[], myNext?: RotaDay & { duty: RotaDuty }) {
    const own = mine.includes(duty.id);
    const data = this.data as RotaWeek;
    const swap = data.swaps.find((s) => s.toDutyId === duty.id || s.fromDutyId === duty.id);
    const ahead = day.date >= data.today;
    return html`<li>
      ${duty.name} ${own ? this.#s('yours') : nothing} ${duty.doneAt ? html`<strong>✓ ${this.#s('done')}</strong>` : nothing}
      ${
        own && !duty.doneAt && day.date <= data.today
          ? html`<button class="secondary" @click=${() => this.#send(`/days/${day.date}/done`, { dutyId: duty.id })}>${this.#s('markDone')}</button>
            <label>${this.#s('donePhoto')} <input type="file" accept="image/*" @change=${(e: Event) =>
              this.#send(
                `/days/${day.date}/done`,
                { dutyId: duty.id },
                undefined,
                (e.target as HTMLInputElement).files?.[0],
              )} /></label>`
          : nothing
      }
      ${own && ahead && !duty.doneAt ? html`<button class="secondary" @click=${() => this.#send(`/signups/${duty.id}`, {}, 'DELETE')}>${this.#s('giveUp')}</button>` : nothing}
      ${
        swap
          ? own && swap.toDutyId === duty.id
            ? html`<button @click=${() => this.#send(`/swaps/${swap.id}/accept`, {})}>${this.#s('accept')}</button>${this.#swapButton(swap.id, 'decline')}`
            : html`<span class="muted">${this.#s('asked')}</span>${own ? this.#swapButton(swap.id, 'withdraw') : nothing}`
          : !own && ahead && myNext && myNext.date !== day.date
            ? html`<button class="secondary" @click=${() => this.#send('/swaps', { dutyId: myNext.duty.id, withDutyId: duty.id })}>
                ${this.#s('swap', { day: this.#dayName(myNext.date) })}</button>`
            : nothing
      }
    </li>`;
  }

  /** The asked household declines a waiting swap, the asking one withdraws it. */
  #swapButton(id: string, action: 'decline' | 'withdraw') {
    return html`<button class="secondary" @click=${() => this.#send(`/swaps/${id}/${action}`, {})}>${this.#s(action)}</button>`;
  }

  #table(data: RotaWeek) {
    const mine = this.#mine;
    const own = data.days.flatMap((day) =>
      day.duties.filter((duty) => mine.includes(duty.id)).map((duty) => ({ ...day, duty })),
    );
    const myNext = own.find((entry) => entry.date >= data.today);
    const from = data.days[0]?.date ?? '';
    const to = data.days.at(-1)?.date ?? '';
    return html`<div class="scroll"><table part="table">
      <caption>${this.#s('caption', { title: data.rota.title, from: this.#dayName(from), to: this.#dayName(to) })}</caption>
      <thead><tr><th scope="col">${this.#s('day')}</th><th scope="col">${this.#s('onDuty')}</th><th scope="col">${this.#s('open')}</th></tr></thead>
      <tbody>${data.days.map(
        (day) => html`<tr aria-current=${day.date === data.today ? 'date' : nothing}>
          <th scope="row"><time datetime=${day.date}>${this.#dayName(day.date)}</time></th>
          <td>${day.covered ? html`<ul>${day.duties.map((duty) => this.#duty(day, duty, mine, myNext))}</ul>` : this.#s('notCovered')}</td>
          <td>${
            day.open && day.date >= data.today && !own.some((entry) => entry.date === day.date)
              ? html`<label class="choice"><input type="checkbox" .checked=${this.#picked.has(day.date)}
                  aria-label=${this.#s('take', { day: this.#dayName(day.date) })}
                  @change=${(e: Event) => {
                    (e.target as HTMLInputElement).checked ? this.#picked.add(day.date) : this.#picked.delete(day.date);
                    this.requestUpdate();
                  }} /> ${this.#s('openN', { n: day.open })}</label>`
              : day.open || ''
          }</td>
        </tr>`,
      )}</tbody>
    </table></div>`;
  }

  #form(data: RotaWeek) {
    const field = (id: string, label: RotaKey, value: string, set: (value: string) => void, required = false) =>
      html`<label for=${id}>${this.#s(label)}</label>
        <input id=${id} .value=${value} ?required=${required} maxlength="20" @input=${(e: Event) => set((e.target as HTMLInputElement).value)} />`;
    const units = data.rota.place.unitId
      ? undefined
      : this.siteConfig?.buildings.find((building) => building.id === data.rota.place.buildingId)?.units;
    return html`<form part="form" @submit=${this.#signUp}>
      ${
        units
          ? html`<label for="unit">${this.#s('unit')}</label>
            <select id="unit" required @change=${(e: Event) => (this.#unit = (e.target as HTMLSelectElement).value)}>
              <option value="">${this.#s('pickUnit')}</option>
              ${units.map((unit) => html`<option value=${unit.id} ?selected=${unit.id === this.#unit}>${unit.name}</option>`)}
            </select>`
          : nothing
      }
      ${field('room', 'room', this.#room, (value) => (this.#room = value), true)}
      ${field('name', 'shownAs', this.#name, (value) => (this.#name = value))}
      ${data.rota.requireCode ? field('code', 'code', this.#code, (value) => (this.#code = value), true) : nothing}
      <div class="actions"><button type="submit" ?disabled=${this.#write.state === 'pending' || this.#picked.size === 0}>
        ${this.#s('signUp')}</button></div>
    </form>`;
  }

  override render() {
    const blocked = this.siteProblem();
    if (blocked) return blocked;
    const data = this.data;
    const problem = this.#write.error ?? this.problem ?? this.configError;
    const code = problem?.code ?? '';
    const remind = kept(`rota-remind:${this.#id}`) === '1';
    const soon =
      data && remind
        ? data.days.find(
            (day) =>
              day.date <= plus(data.today, 1) &&
              day.date >= data.today &&
              day.duties.some((d) => this.#mine.includes(d.id) && !d.doneAt),
          )
        : undefined;
    return html`<section part="base" class="base" aria-labelledby="t">
      ${
        data
          ? html`<h2 id="t" part="title" class="heading">${data.rota.title}</h2>
            <p class="muted">${[data.rota.place.buildingName, data.rota.place.unitName].filter(Boolean).join(' ')} ·
              ${this.#s('tasks', { tasks: data.rota.tasks.join(this.language === 'en' ? ', ' : '、') })}</p>
            <div class="actions">
              <button class="secondary" @click=${() => this.#load(plus(data.days[0]?.date ?? data.today, -7))}>${this.#s('earlier')}</button>
              <button class="secondary" @click=${() => this.#load(plus(data.days[0]?.date ?? data.today, 7))}>${this.#s('later')}</button>
            </div>
            ${this.#table(data)}
            ${data.rota.closedAt ? html`<p>${this.#s('closed')}</p>` : this.#form(data)}
            <label class="choice"><input type="checkbox" .checked=${remind}
              @change=${(e: Event) => {
                kept(`rota-remind:${this.#id}`, (e.target as HTMLInputElement).checked ? '1' : '0');
                this.requestUpdate();
              }} /> ${this.#s('remind')}</label>`
          : html`<h2 id="t" class="heading">${data === null ? this.#s('none') : problem ? this.t('loadFailed') : this.t('loading')}</h2>`
      }
      <div part="status" role="status" aria-live="polite">
        ${soon ? html`<p class="status"><strong>${this.#s('reminder', { day: this.#dayName(soon.date) })}</strong></p>` : nothing}
        ${this.#write.state === 'queued' ? html`<p class="status">${this.t('queued')}</p>` : nothing}
        ${problem ? html`<p class="status error">${code.startsWith('COURTYARD_ROTA_') ? this.#s(code as RotaKey) : this.errorText(problem.code)}</p>` : nothing}
      </div>
    </section>`;
  }
}
