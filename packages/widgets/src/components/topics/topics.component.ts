import type { PublicTopic, TopicStatus } from '@courtyard/protocol';
import {
  type CSSResultGroup,
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import type { ApiError } from '../../api/api-error.js';
import { voterToken } from '../../api/voter-token.js';
import { LiveController } from '../../controllers/live-controller.js';
import type { Lookup, Translations } from '../../controllers/localize-controller.js';
import { SubmissionController } from '../../controllers/submission-controller.js';
import { CourtyardElement } from '../../internal/courtyard-element.js';
import { controls } from '../../styles/controls.js';
import { isSupported, rememberSupport } from '../suggestion-board/supports.js';
import { topicsStyles } from './topics.styles.js';
import { type TopicsKey, topicsEn } from './translations/en.js';
import { topicsZhCN } from './translations/zh-CN.js';

const translations: Translations<TopicsKey> = { en: topicsEn, 'zh-CN': topicsZhCN };
const OPEN_FOR_OPINIONS: TopicStatus[] = ['proposed', 'scheduled'];

/**
 * @tagname courtyard-topics
 * @summary The community's topics (议题) for a building or unit: each one's status and why, the next meeting, the decisions with who does what by when and the cost's sharing, the owners' vote, and what residents said; updated live. Residents support a topic (once per device) and leave a short opinion before its meeting; both are kept in the outbox when offline.
 *
 * @event {CustomEvent<CourtyardSubmitDetail>} courtyard-submit - Before a support or an opinion is sent (cancelable).
 * @event {CustomEvent<CourtyardSubmittedDetail>} courtyard-submitted - A support or an opinion was sent.
 * @event {CustomEvent<CourtyardQueuedDetail>} courtyard-queued - Offline: it is kept and sent when the device is back online.
 * @event {CustomEvent<CourtyardErrorDetail>} courtyard-error - Loading, a support or an opinion failed.
 *
 * @csspart base - The widget's box.
 * @csspart heading - The title.
 * @csspart item - One topic.
 * @csspart badge - A topic's status.
 * @csspart meeting - The next meeting.
 * @csspart decision - A decision.
 * @csspart support - The support button with the count.
 * @csspart opinion - The opinion form.
 * @csspart status - Sending, saved-for-later and error messages of a support or an opinion.
 * @csspart progress - The shared status line's upload bar (these writes carry no photos, so it stays hidden).
 */
export class CourtyardTopics extends CourtyardElement {
  static override styles: CSSResultGroup = [CourtyardElement.styles, controls, topicsStyles];

  static override properties: PropertyDeclarations = {
    ...CourtyardElement.properties,
    building: {},
    unit: {},
    items: { state: true },
    loadError: { state: true },
  };

  /** Show the topics of this building (with the community's); an id from the site's places. */
  building = '';
  /** Show the topics of this unit (stairwell), its building's and the community's. */
  unit = '';

  protected items?: PublicTopic[];
  protected loadError?: ApiError;
  protected readonly support: SubmissionController<{ supportCount: number }> = new SubmissionController(this);
  protected readonly opinion: SubmissionController = new SubmissionController(this);
  /** The topic the last support or opinion was for. */
  #supportFor = '';
  #opinionFor = '';
  readonly #live = new Map<string, LiveController>();

  protected readonly s: Lookup<TopicsKey> = this.localize.withTable(translations);

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!this.hasUpdated || ['site', 'api', 'building', 'unit'].some((name) => changed.has(name as never))) {
      void this.load();
    }
  }

  async load(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.loadError = undefined;
    const query = new URLSearchParams();
    if (this.building) query.set('building', this.building);
    if (this.unit) query.set('unit', this.unit);
    try {
      this.items = (await client.get<{ items: PublicTopic[] }>(`/topics?${query}`)).items;
      for (const { id } of this.items) this.#follow(id);
    } catch (caught) {
      this.loadError = this.reportError(caught);
    }
  }

  /** One live subscription per topic shown (the page's one stream carries them all). */
  #follow(id: string): void {
    if (this.#live.has(id)) return;
    this.#live.set(
      id,
      new LiveController(this, {
        topic: () => (this.items?.some((item) => item.id === id) ? `topic:${id}` : ''),
        types: [
          'topic.changed',
          'topic.supports',
          'topic.opinion',
          'meeting.scheduled',
          'meeting.minutes',
          'meeting.agenda',
          'decision.recorded',
        ],
        onEvent: (event) =>
          event.type === 'topic.supports'
            ? this.#patch(id, event.payload as Partial<PublicTopic>)
            : void this.#reload(id),
        onResync: () => void this.load(),
      }),
    );
  }

  #patch(id: string, changes: Partial<PublicTopic>): void {
    this.items = this.items?.map((item) => (item.id === id ? { ...item, ...changes, id } : item));
  }

  async #reload(id: string): Promise<void> {
    try {
      this.#patch(id, (await this.client?.get<PublicTopic>(`/topics/${id}`)) ?? {});
    } catch (caught) {
      this.reportError(caught);
    }
  }

  protected async supportTopic(item: PublicTopic): Promise<void> {
    this.#supportFor = item.id;
    this.support.reset();
    await this.support.submit({ path: `/topics/${item.id}/supports`, json: { voterToken: voterToken() } });
    if (this.support.state === 'sent' || this.support.state === 'queued') rememberSupport(item.id);
    if (this.support.response) this.#patch(item.id, this.support.response);
  }

  protected async sendOpinion(event: SubmitEvent, item: PublicTopic): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = (form.elements.namedItem('text') as HTMLTextAreaElement).value.trim();
    if (!text) return;
    this.#opinionFor = item.id;
    await this.opinion.submit({ path: `/topics/${item.id}/opinions`, json: { text, voterToken: voterToken() } });
    if (this.opinion.state !== 'error') form.reset();
  }

  protected renderItem(item: PublicTopic): TemplateResult {
    const { nextMeeting: meeting, poll } = item;
    const reason = item.history.at(-1)?.reason;
    const outcome = poll?.outcome?.owners && poll.outcome;
    const supported = isSupported(item.id);
    const date = (iso: string) => this.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' });
    return html`<li>
      <article part="item" aria-labelledby=${`t-${item.id}`}>
        <span part="badge" class="badge">${this.s(`status_${item.status}`)}</span>
        <h3 id=${`t-${item.id}`}>${item.title}</h3>
        ${item.summary ? html`<p>${item.summary}</p>` : nothing}
        ${reason ? html`<p class="muted">${reason}</p>` : nothing}
        ${meeting ? html`<p part="meeting">${this.s('topicsNext', { date: date(meeting.startsAt), place: meeting.place ?? meeting.online ?? '' })}</p>` : nothing}
        ${outcome ? html`<p>${this.s(outcome.owners?.passed ? 'topicsPassed' : 'topicsFailed', { ballots: this.formatNumber(outcome.ballots) })}</p>` : nothing}
        ${item.decisions.map(
          (decision) => html`<div part="decision">
            <p>${decision.text}</p>
            <p class="muted">${this.s('topicsDecision', { party: decision.responsibleParty, date: decision.deadline ? this.formatDate(decision.deadline) : '—' })}</p>
            ${decision.cost !== null ? html`<p class="muted">${this.s('topicsCost', { cost: this.formatNumber(decision.cost), sharing: decision.costSharing ?? '' })}</p>` : nothing}
          </div>`,
        )}
        ${item.opinions.length ? html`<p><strong>${this.s('topicsSaid')}</strong></p><ul>${item.opinions.map((opinion) => html`<li>${opinion.text}</li>`)}</ul>` : nothing}
        <button part="support" type="button" class="secondary" aria-pressed=${supported ? 'true' : 'false'} ?disabled=${supported} @click=${() => this.supportTopic(item)}>
          ${this.s('topicsSupport')} · ${this.s('topicsSupports', { count: this.formatNumber(item.supportCount) })}
        </button>
        ${this.#supportFor === item.id ? this.support.status() : nothing}
        ${OPEN_FOR_OPINIONS.includes(item.status) ? this.renderOpinion(item) : nothing}
      </article>
    </li>`;
  }

  protected renderOpinion(item: PublicTopic): TemplateResult {
    const mine = this.#opinionFor === item.id;
    return html`<form part="opinion" @submit=${(event: SubmitEvent) => this.sendOpinion(event, item)}>
      <label>${this.s('topicsOpinion')}<textarea name="text" maxlength="500" required></textarea></label>
      <div class="actions"><button type="submit" ?disabled=${mine && this.opinion.state === 'pending'}>${this.s('topicsSend')}</button></div>
      ${mine ? this.opinion.status() : nothing}
      ${mine && this.opinion.state === 'sent' ? html`<p role="status">${this.s('topicsThanks')}</p>` : nothing}
    </form>`;
  }

  override render(): TemplateResult {
    const blocked = this.siteProblem();
    if (blocked) return blocked;
    const error = this.loadError ?? this.configError;
    return html`<section part="base" class="base" aria-labelledby="title" aria-busy=${this.items ? 'false' : 'true'}>
      <h2 part="heading" class="heading" id="title">${this.s('topicsTitle')}</h2>
      ${
        error
          ? html`<p class="status error" role="alert">${this.errorText(error.code)}</p>
            <button type="button" @click=${() => this.load()}>${this.t('retry')}</button>`
          : !this.items
            ? html`<p role="status">${this.t('loading')}</p>`
            : this.items.length
              ? html`<ol class="topics">${this.items.map((item) => this.renderItem(item))}</ol>`
              : html`<p>${this.s('topicsEmpty')}</p>`
      }
    </section>`;
  }
}
