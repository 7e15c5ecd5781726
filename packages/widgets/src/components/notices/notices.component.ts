import { NOTICE_EVENTS } from '@courtyard/protocol';
import type {
  FollowStateBody as FollowState,
  PublicNoticeBody as Notice,
  PublicNoticeListBody as NoticeList,
  NoticeOfferReceivedBody as OfferReceived,
  NoticeUpdateBody as Update,
} from '@courtyard/protocol/schemas';
import { type CSSResultGroup, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { ApiError, NETWORK_ERROR } from '../../api/api-error.js';
import { kept } from '../../api/device-keeps.js';
import { voterToken } from '../../api/voter-token.js';
import { LiveController } from '../../controllers/live-controller.js';
import type { Lookup, Translations } from '../../controllers/localize-controller.js';
import { SubmissionController } from '../../controllers/submission-controller.js';
import { CourtyardElement } from '../../internal/courtyard-element.js';
import { controls } from '../../styles/controls.js';
import { theme } from '../../styles/theme.js';
import { styles } from './notices.styles.js';
import { type NoticesKey, noticesEn } from './translations/en.js';
import { noticesZhCN } from './translations/zh-CN.js';

const translations: Translations<NoticesKey> = { en: noticesEn, 'zh-CN': noticesZhCN };
/** Open notices followed live; the page's one stream carries at most 20 topics for every widget on it. */
const LIVE_MAX = 10;
const followName = (id: string) => `notice-follow:${id}`;

type Writes = { follow: SubmissionController<FollowState>; offer: SubmissionController<OfferReceived> };
type Copy = { at: number; items: Notice[] };
/** What the `notice:<id>` and list events carry (protocol NOTICE_EVENTS, NOTICE_LIST_EVENTS); each type uses its own fields. */
type Change = {
  id: string;
  notice: Notice;
  update: Update;
  closedAt: string;
  closingText: string;
  offer: Notice['offers'][number];
  shown: boolean;
  followerCount: number;
};

/**
 * @tagname courtyard-notices
 * @summary The notices that concern the page's place (a building, a unit, or the whole community), newest first: what, where, from when and until when, progress updates with photos arriving live, and how it ended. Residents follow a notice from their device and offer help; offers are shown once staff publish them. Without a connection it shows the last copy this device kept, and how old it is.
 *
 * @event {CustomEvent<CourtyardSubmitDetail>} courtyard-submit - Before a follow or an offer of help is sent (cancelable).
 * @event {CustomEvent<CourtyardSubmittedDetail>} courtyard-submitted - The server stored the follow or the offer.
 * @event {CustomEvent<CourtyardQueuedDetail>} courtyard-queued - Offline or busy: kept in the browser and sent once when possible.
 * @event {CustomEvent<CourtyardErrorDetail>} courtyard-error - Loading or a write failed; `detail.code` is the protocol's code.
 *
 * @csspart base - The widget's box.
 * @csspart heading - The title.
 * @csspart notice - One notice.
 * @csspart kind - A notice's kind (outage, works, meeting, notice).
 * @csspart updates - A notice's progress updates, oldest first.
 * @csspart closed - How and when a notice ended.
 * @csspart offers - Published offers of help.
 * @csspart follow - The follow button with the number of followers.
 * @csspart offer - The "offer help" form.
 * @csspart status - Messages: offline copy, sending, saved offline, errors.
 * @csspart progress - The shared status line's upload bar (notices send no photos, so it stays unused).
 * @csspart announcer - The polite live region that reads out new updates (visually hidden).
 */
export class CourtyardNotices extends CourtyardElement {
  static override styles: CSSResultGroup = [theme, controls, styles];

  static override properties: PropertyDeclarations = {
    ...CourtyardElement.properties,
    building: {},
    unit: {},
    notices: { state: true },
    savedAt: { state: true },
    loadError: { state: true },
    announcement: { state: true },
  };

  /** A building's name or id (`5号楼`); `all` or empty: the whole community's notices. */
  building = '';
  /** A unit's name (within `building`) or id: that unit's notices and those of its building and community. */
  unit = '';

  protected notices?: Notice[];
  /** When the copy on screen was saved, while the service cannot be reached. */
  protected savedAt?: number;
  protected loadError?: ApiError;
  /** The last live change, read out politely; only events set it, never a reload. */
  protected announcement = '';
  #loads = 0;
  /** The place's list topics and its unit id ('' for none), once resolved from the site's buildings. */
  #at?: [string[], string];
  readonly #writes = new Map<string, Writes>();
  readonly #online = () => void this.load();

  protected readonly live: LiveController = new LiveController(this, {
    // The place's list (protocol NOTICE_LIST_TOPICS: a notice published or closed there) and the open
    // notices' own topics (progress). Nothing is missed: the stream resumes where it dropped.
    topic: () =>
      this.savedAt
        ? []
        : [
            ...(this.#at?.[0] ?? []),
            ...(this.notices ?? [])
              .filter((notice) => !notice.closedAt)
              .slice(0, LIVE_MAX)
              .map((notice) => `notice:${notice.id}`),
          ],
    // A notice added to the list (protocol NOTICE_LIST_EVENTS). Its end comes on its own topic; the list's
    // `notices.closed` is for clients that follow no notice topics.
    types: [...Object.values(NOTICE_EVENTS), 'notices.added'],
    onEvent: (event) => this.#onEvent(event.type, event.payload as Change),
    onResync: () => void this.load(),
  });

  /** A string of this widget's table or the shared one, through the one lookup (overrides first). */
  protected readonly s: Lookup<NoticesKey> = this.localize.withTable(translations);

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.#online);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('online', this.#online);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!this.hasUpdated || ['site', 'api', 'building', 'unit'].some((name) => changed.has(name as never))) {
      this.notices = undefined;
      void this.load();
    }
  }

  /** Fetches the notices again (the widget does so when the device is back online). */
  async load(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const load = ++this.#loads;
    const copyName = `notices:${client.base} ${this.building}/${this.unit}`;
    try {
      const query = this.#place(this.siteConfig ?? (await client.config()));
      const { items } = await client.get<NoticeList>(`/notices?${query}`);
      if (load !== this.#loads) return;
      this.#show(items);
      kept(copyName, JSON.stringify({ at: Date.now(), items } satisfies Copy));
    } catch (caught) {
      if (load !== this.#loads) return;
      const error = this.reportError(caught);
      const copy = error.code === NETWORK_ERROR ? (JSON.parse(kept(copyName) ?? 'null') as Copy | null) : null;
      if (copy) {
        this.notices = copy.items;
        this.savedAt = copy.at;
        this.loadError = undefined;
      } else if (!this.notices || this.savedAt) this.loadError = error;
    }
  }

  #show(items: Notice[]): void {
    this.notices = items;
    this.savedAt = this.loadError = undefined;
  }

  /** The list's query for the `building` and `unit` attributes (names or ids); throws for a place not in the site. */
  #place({ buildings }: NonNullable<CourtyardElement['siteConfig']>): URLSearchParams {
    const find = (places: { id: string; name: string }[], wanted: string) => {
      const place = places.find(({ id, name }) => id === wanted.toLowerCase() || name === wanted);
      if (!place) throw new ApiError(400, 'COURTYARD_UNKNOWN_LOCATION', 'No such place.');
      return place.id;
    };
    const building = this.building.trim().replace(/^all$/, '');
    const unit = this.unit.trim();
    const within = building ? buildings.filter(({ id }) => id === find(buildings, building)) : buildings;
    const u =
      unit &&
      find(
        within.flatMap(({ units }) => units),
        unit,
      );
    const b = u ? within.find(({ units }) => units.some(({ id }) => id === u))!.id : building && within[0]!.id;
    this.#at = [b ? ['notices:community', `notices:${b}`] : ['notices:all'], u];
    return new URLSearchParams(u ? { unit: u } : b ? { building: b } : {});
  }

  #onEvent(type: string, payload: Change): void {
    if (type === 'notices.added') return void this.#added(payload.notice);
    const notice = this.notices?.find((item) => item.id === payload.id);
    if (!notice) return;
    let change: Partial<Notice> = {};
    if (type === NOTICE_EVENTS.updated) {
      const { update } = payload;
      if (notice.updates.some((item) => item.id === update.id)) return;
      change = { updates: [...notice.updates, update] };
      this.announcement = this.s('noticesUpdated', { title: notice.title, text: update.text });
    } else if (type === NOTICE_EVENTS.closed) {
      change = { closedAt: payload.closedAt, closingText: payload.closingText };
      this.announcement = this.s('noticesClosed', { title: notice.title, text: payload.closingText });
    } else if (type === NOTICE_EVENTS.offer) {
      const { offer } = payload;
      const others = notice.offers.filter((item) => item.id !== offer.id);
      change = { offers: payload.shown ? [...others, offer] : others };
    } else if (type === NOTICE_EVENTS.followers) change = { followerCount: payload.followerCount };
    this.#show(this.notices!.map((item) => (item === notice ? { ...item, ...change } : item)));
  }

  /**
   * A notice just published for this place goes on top of the list, and is read out once. A unit's page hears
   * its building's list and keeps what the server's list would (repositories/notices.ts): not another unit's.
   */
  #added(notice: Notice): void {
    const unit = this.#at?.[1];
    const other = notice.scope.unitId;
    if (!this.notices || this.notices.some(({ id }) => id === notice.id) || (unit && other && other !== unit)) return;
    this.announcement = this.s('noticesNew', { title: notice.title });
    this.#show([notice, ...this.notices]);
  }

  #writesFor(id: string): Writes {
    let writes = this.#writes.get(id);
    if (!writes) {
      writes = { follow: new SubmissionController(this), offer: new SubmissionController(this) };
      this.#writes.set(id, writes);
    }
    return writes;
  }

  async #follow(notice: Notice): Promise<void> {
    const following = kept(followName(notice.id)) === 'yes';
    // Shown at once; the outbox sends it when it can, and a refusal puts it back.
    kept(followName(notice.id), following ? 'no' : 'yes');
    const write = this.#writesFor(notice.id).follow;
    await write.submit({
      path: `/notices/${notice.id}/follow`,
      method: following ? 'DELETE' : 'POST',
      json: { voterToken: voterToken() },
    });
    if (write.state === 'error') kept(followName(notice.id), following ? 'yes' : 'no');
    if (write.response) this.#onEvent(NOTICE_EVENTS.followers, { id: notice.id, ...write.response } as never);
  }

  #offer(event: SubmitEvent, notice: Notice): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    // The honeypot goes along even empty: the server keeps a filled one as spam.
    const json = {
      text: (data.get('text') as string).trim(),
      voterToken: voterToken(),
      website: data.get('website') as string,
    };
    void this.#writesFor(notice.id).offer.submit({ path: `/notices/${notice.id}/offers`, json });
  }

  #time(at: string) {
    return html`<time datetime=${at}>${this.formatDate(at, { dateStyle: 'medium', timeStyle: 'short' })}</time>`;
  }

  #age(at: number): string {
    const minutes = (Date.now() - at) / 60_000;
    const [size, unit] = minutes < 60 ? [1, 'minute'] : minutes < 2880 ? [60, 'hour'] : [1440, 'day'];
    return new Intl.RelativeTimeFormat(this.language).format(-Math.round(minutes / (size as number)), unit as 'minute');
  }

  #scope({ scope }: Notice): string {
    const place = [scope.buildingName, scope.unitName].filter(Boolean).join(' ');
    if (scope.type === 'community') return this.s('noticesCommunity');
    if (scope.floorFrom === null) return place;
    const floors = { place, from: scope.floorFrom, to: scope.floorTo ?? scope.floorFrom };
    return this.s(floors.from === floors.to ? 'noticesFloor' : 'noticesFloors', floors);
  }

  #renderNotice(notice: Notice) {
    const { id, updates, offers, closedAt } = notice;
    const writes = this.#writesFor(id);
    const following = kept(followName(id)) === 'yes';
    const offered = writes.offer.state === 'sent';
    return html`<li>
  <article part="notice" aria-labelledby=${`n-${id}`}>
  <p class="muted">
  <span part="kind" class="badge">${this.s(`kind_${notice.kind}`)}</span>
  ${this.s(closedAt ? 'noticesEnded' : 'noticesOngoing')} · ${this.#scope(notice)}
  </p>
  <h3 id=${`n-${id}`}>${notice.title}</h3>
        ${notice.body ? html`<p class="text">${notice.body}</p>` : nothing}
  <dl>
  <dt>${this.s('noticesStarts')}</dt>
  <dd>${this.#time(notice.startsAt)}</dd>
          ${notice.expectedEndAt ? html`<dt>${this.s('noticesEnds')}</dt><dd>${this.#time(notice.expectedEndAt)}</dd>` : nothing}
  </dl>
        ${
          updates.length
            ? html`<h4>${this.s('noticesProgress')}</h4>
  <ol part="updates">
                ${updates.map(
                  (update) => html`<li>
  ${this.#time(update.at)}
  <p class="text">${update.text}</p>
                    ${update.photos.map(
                      (photo, index) =>
                        html`<img src=${this.client!.url(`/photos/${photo.id}`)} width=${photo.width} height=${photo.height} loading="lazy" alt=${this.s('noticesPhoto', { n: index + 1 })} />`,
                    )}
  </li>`,
                )}
  </ol>`
            : nothing
        }
        ${
          closedAt
            ? html`<p part="closed" class="status sent"><strong>${this.s('noticesEnded')}</strong> ${this.#time(closedAt)} · ${notice.closingText}</p>`
            : nothing
        }
        ${
          offers.length
            ? html`<h4>${this.s('noticesOffers')}</h4>
  <ul part="offers">
                ${offers.map((offer) => html`<li><p class="text">${offer.text}</p>${this.#time(offer.at)}</li>`)}
  </ul>`
            : nothing
        }
  <div class="actions">
  <button part="follow" type="button" class="secondary" aria-pressed=${following} @click=${() => this.#follow(notice)}>
  ${this.s('noticesFollow')} · ${this.s('noticesFollowers', { count: this.formatNumber(notice.followerCount) })}
  </button>
  </div>
  ${writes.follow.status()}
        ${
          closedAt
            ? nothing
            : offered
              ? html`<p part="status" class="status sent" role="status">${this.s('noticesOfferThanks')}</p>`
              : html`<details part="offer">
  <summary>${this.s('noticesOffer')}</summary>
  <form @submit=${(event: SubmitEvent) => this.#offer(event, notice)}>
  <label>${this.s('noticesOfferText')}
  <textarea name="text" required maxlength="300" rows="2" aria-describedby=${`h-${id}`}></textarea>
  </label>
  <p class="muted" id=${`h-${id}`}>${this.s('noticesOfferHint')}</p>
  <label class="trap" aria-hidden="true">Website<input name="website" tabindex="-1" autocomplete="off" /></label>
  <button type="submit" ?disabled=${writes.offer.state === 'pending'}>${this.t('send')}</button>
  </form>
  </details>`
        }
  ${writes.offer.status()}
  </article>
    </li>`;
  }

  override render() {
    const blocked = this.siteProblem();
    if (blocked) return blocked;
    const { notices, loadError, savedAt } = this;
    return html`<section part="base" class="base" aria-labelledby="title">
  <h2 part="heading" class="heading" id="title">${this.s('noticesTitle')}</h2>
  <p part="announcer" class="trap" role="status">${this.announcement}</p>
      ${savedAt ? html`<p part="status" class="status" role="status">${this.s('noticesOffline', { age: this.#age(savedAt) })}</p>` : nothing}
      ${
        loadError
          ? html`<p part="status" class="status error" role="alert">${this.errorText(loadError.code)}</p>
  <button type="button" @click=${() => this.load()}>${this.t('retry')}</button>`
          : !notices
            ? html`<p role="status">${this.t('loading')}</p>`
            : notices.length
              ? html`<ol>${notices.map((notice) => this.#renderNotice(notice))}</ol>`
              : html`<p>${this.s('noticesEmpty')}</p>`
      }
    </section>`;
  }
}
