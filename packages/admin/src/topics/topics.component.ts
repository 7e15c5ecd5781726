import { MEETING_PARTIES, REPRESENTATIVE_ROLES, TOPIC_TRANSITIONS, TopicLimits } from '@courtyard/protocol';
import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { listScopes, type ScopeBuilding } from '../api/polls.js';
import { getSuggestion, type StaffSuggestion } from '../api/suggestions.js';
import {
  addRepresentative,
  changeAgenda,
  changeStatus,
  createTopic,
  getTopic,
  listRepresentatives,
  listTopics,
  type Meeting,
  moderateOpinion,
  openPoll,
  type Representative,
  recordDecision,
  recordMinutes,
  removeRepresentative,
  scheduleMeeting,
  type Topic,
} from '../api/topics.js';
import { AdminScreen } from '../internal/admin-element.js';
import { LocalizeController } from '../internal/localize.js';
import { baseStyles, formStyles, tableStyles } from '../styles.js';
import { type AgendaEntry, type AgendaItem, type AgendaView, agendaScope, renderAgenda } from './agenda.js';
import { renderTopicForm, suggestionIdsOf } from './topic-form.js';
import { type TopicsTranslation, translations } from './translations.js';

type Fields = Record<string, string>;
/** Topics no meeting takes any more. */
const CLOSED: Topic['status'][] = ['done', 'dropped'];

const fieldsOf = (event: SubmitEvent): Fields => {
  event.preventDefault();
  return Object.fromEntries(
    [...new FormData(event.target as HTMLFormElement)].map(([name, value]) => [name, String(value).trim()]),
  );
};
/** A place choice (`b:<id>` or `u:<buildingId>:<unitId>`) as a scope. */
const scopeOf = (value: string) => {
  const [kind, buildingId, unitId] = value.split(':');
  if (kind === 'u') return { type: 'unit' as const, buildingId, unitId };
  if (kind === 'b') return { type: 'building' as const, buildingId };
  return { type: 'community' as const };
};

/** Where a decision's photo is shown: under the site of the topic's public page, as residents see it. */
const photoUrl = (topic: Topic, photoId: string) => {
  const siteKey = topic.publicUrl ? /\/p\/([^/]+)\/topics\//.exec(new URL(topic.publicUrl).pathname)?.[1] : null;
  return siteKey ? `/api/v1/sites/${siteKey}/photos/${encodeURIComponent(photoId)}` : null;
};

/**
 * @summary The Topics screen: topics (议题) with their status and reasons, the meeting that deliberates them
 * with its agenda (its notice goes out with it), minutes and attendance, decisions with photos, residents'
 * opinions to moderate, and the residents' representatives. `/admin/topics/<id>` opens one topic;
 * `/admin/topics/new?suggestions=<id>,<id>` starts one from the suggestions chosen on the Suggestions screen.
 */
export class CourtyardAdminTopics extends AdminScreen<TopicsTranslation> {
  static override styles = [
    baseStyles,
    formStyles,
    tableStyles,
    css`
      form {
        display: grid;
        gap: 0.5rem;
        margin: 0 0 1.5rem;
      }
      fieldset {
        border: 1px solid var(--admin-border);
        border-radius: 0.75rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .agenda li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        padding: 0.25rem 0;
      }
      img {
        max-width: 12rem;
        height: auto;
      }
    `,
  ];

  protected readonly localize = new LocalizeController(this, translations);
  @state() private topics?: Topic[];
  @state() private topic?: Topic;
  @state() private places: ScopeBuilding[] = [];
  @state() private people: Representative[] = [];
  @state() private message = '';
  /** At /admin/topics/new: the suggestions chosen on the Suggestions screen. */
  @state() private chosen: StaffSuggestion[] = [];
  /** The next meeting's agenda on a topic's page (that topic first), and the open topics it may add. */
  @state() private agenda: AgendaItem[] = [];
  @state() private openTopics: AgendaItem[] = [];
  @state() private agendaStatus = '';
  /** A scheduled meeting whose agenda is being changed, with the new list so far. */
  @state() private editing?: { meetingId: string; agenda: AgendaEntry[]; status: string };

  protected override willUpdate(changed: PropertyValues<this>) {
    // The shell hands a new route array on every render (a language switch too): reload, and so reset the
    // forms' agenda, only when the address changed.
    const before = changed.get('route') as string[] | undefined;
    if (changed.has('route') && before?.join('/') !== this.route.join('/')) void this.load();
  }

  private async load() {
    await this.run(async () => {
      const id = this.route[0];
      // A suggestion deleted or of another community since it was chosen is left out.
      const chosen =
        id === 'new' ? suggestionIdsOf(location.search).map((one) => getSuggestion(one).catch(() => null)) : [];
      this.chosen = (await Promise.all(chosen)).filter((item): item is StaffSuggestion => item !== null);
      if (id === 'new') {
        this.places = (await listScopes()).items;
        return;
      }
      this.topic = id ? await getTopic(id) : undefined;
      if (this.topic) {
        this.agenda = [this.topic];
        this.agendaStatus = '';
        this.editing = undefined;
        const open = (await listTopics()).items.filter((item) => !CLOSED.includes(item.status));
        this.openTopics = open.filter((item) => item.id !== id);
      }
      if (!id) {
        this.topics = (await listTopics()).items;
        this.people = (await listRepresentatives()).items;
        this.places = (await listScopes()).items;
      }
    }, false);
  }

  /** Runs a call, showing its error (or "saved") in the status line. */
  private async run(call: () => Promise<unknown>, report = true) {
    this.message = '';
    try {
      await call();
      if (report) this.message = this.t.saved;
    } catch (error) {
      this.message = this.localize.errorText(error);
    }
  }

  private placeOptions(): TemplateResult {
    return html`<option value="c">${this.t.community}</option>
      ${this.places.map(
        (building) => html`<option value=${`b:${building.id}`}>${building.name}</option>
          ${building.units.map((unit) => html`<option value=${`u:${building.id}:${unit.id}`}>${building.name} ${unit.name}</option>`)}`,
      )}`;
  }

  /** Creates the topic (from the suggestions still ticked) and opens its page. */
  private readonly onCreate = (event: SubmitEvent) => {
    const suggestionIds = new FormData(event.target as HTMLFormElement).getAll('suggestion').map(String);
    const fields = fieldsOf(event);
    void this.run(async () => {
      const created = await createTopic({
        title: fields.title ?? '',
        summary: fields.summary,
        scope: scopeOf(fields.place ?? 'c'),
        ...(suggestionIds.length ? { suggestionIds } : {}),
      });
      history.pushState(null, '', `/admin/topics/${created.id}`);
      dispatchEvent(new PopStateEvent('popstate'));
    });
  };

  /** Focuses an agenda button after a change, so keyboard users stay where they were. */
  private async focusAgenda(selector: string, fallback = '#agenda-candidate') {
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLButtonElement>(selector);
    (target && !target.disabled ? target : this.renderRoot.querySelector<HTMLElement>(fallback))?.focus();
  }

  /**
   * The agenda editor's view for a list kept by the caller (`save` stores the new list and what changed, for
   * the live region): add an open topic, move one, take one off, focus kept where the keyboard was.
   */
  private agendaView(
    key: string,
    agenda: AgendaEntry[],
    status: string,
    save: (agenda: AgendaEntry[], status: string) => void,
  ): AgendaView {
    const t = this.t;
    const open = [...(this.topic && !CLOSED.includes(this.topic.status) ? [this.topic] : []), ...this.openTopics];
    const candidates = open.filter((item) => !agenda.some((entry) => entry.id === item.id));
    const focus = (selector: string, fallback = `#${key}agenda-candidate`) => void this.focusAgenda(selector, fallback);
    return {
      t,
      key,
      agenda,
      candidates,
      status,
      onAdd: (id) => {
        const item = candidates.find((entry) => entry.id === id);
        if (!item) return;
        save([...agenda, item], t.agendaAdded(item.title, agenda.length + 1));
        focus(`[data-agenda="${key}up-${item.id}"]`);
      },
      onMove: (index, by) => {
        const moved = [...agenda];
        const [item] = moved.splice(index, 1);
        if (!item) return;
        moved.splice(index + by, 0, item);
        save(moved, t.agendaMoved(item.title, index + by + 1, moved.length));
        const [same, other] = by < 0 ? ['up', 'down'] : ['down', 'up'];
        focus(`[data-agenda="${key}${same}-${item.id}"]`, `[data-agenda="${key}${other}-${item.id}"]`);
      },
      onRemove: (index) => {
        const item = agenda[index];
        save(
          agenda.filter((_, at) => at !== index),
          t.agendaRemoved(item?.title ?? ''),
        );
        focus(`#${key}agenda-candidate`);
      },
    };
  }

  private renderTopicForm(): TemplateResult {
    return renderTopicForm({
      t: this.t,
      chosen: this.chosen,
      placeOptions: this.placeOptions(),
      onSubmit: this.onCreate,
    });
  }

  private renderList(): TemplateResult {
    const t = this.t;
    return html`
      <table>
        <thead><tr><th scope="col">${t.topicTitle}</th><th scope="col">${t.status}</th><th scope="col">${t.supports}</th></tr></thead>
        <tbody>
          ${(this.topics ?? []).map(
            (topic) => html`<tr>
              <td><a href=${`/admin/topics/${topic.id}`}>${topic.title}</a></td>
              <td>${t.statuses[topic.status]}</td>
              <td>${topic.supportCount}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${this.topics?.length === 0 ? html`<p>${t.none}</p>` : nothing}
      <h3>${t.newTopic}</h3>
      ${this.renderTopicForm()}
      <h3>${t.representatives}</h3>
      <ul>
        ${this.people.map(
          (
            person,
          ) => html`<li>${t.roles[person.role]} · ${person.buildingName} ${person.unitName ?? ''} · ${person.displayName}
            <button type="button" class="secondary" @click=${() =>
              this.run(async () => {
                await removeRepresentative(person.id);
                this.people = this.people.filter((entry) => entry.id !== person.id);
              })}>${t.remove}</button></li>`,
        )}
      </ul>
      <form @submit=${(event: SubmitEvent) => {
        const fields = fieldsOf(event);
        const scope = scopeOf(fields.place ?? '');
        void this.run(async () => {
          const added = await addRepresentative({
            role: fields.role as Representative['role'],
            buildingId: scope.buildingId ?? '',
            ...(scope.type === 'unit' ? { unitId: scope.unitId } : {}),
            displayName: fields.name ?? '',
          });
          this.people = [...this.people, added];
        });
      }}>
        <div class="row">
          <label>${t.role}<select name="role">${REPRESENTATIVE_ROLES.map((role) => html`<option value=${role}>${t.roles[role]}</option>`)}</select></label>
          <label>${t.building}<select name="place">${this.placeOptions()}</select></label>
          <label>${t.displayName}<input name="name" required maxlength="40"></label>
        </div>
        <button type="submit">${t.add}</button>
      </form>`;
  }

  private renderMeeting(meeting: Meeting): TemplateResult {
    const t = this.t;
    return html`<li>
      <strong>${meeting.title}</strong> · ${this.localize.date(meeting.startsAt)} · ${[meeting.place, meeting.online].filter(Boolean).join(' · ')}
      <p>${meeting.parties.map((party) => t.partyNames[party]).join('、')}</p>
      <p>${t.onAgenda}: ${meeting.agenda.map((item) => item.title).join('、')}</p>
      ${meeting.minutes ? html`<p>${meeting.minutes}</p>` : this.renderAgendaChange(meeting)}
      <form @submit=${(event: SubmitEvent) => {
        const fields = fieldsOf(event);
        const attendance = meeting.parties
          .filter((party) => fields[party])
          .map((party) => ({ party, count: Number(fields[party]) }));
        void this.run(async () => {
          await recordMinutes(meeting.id, { minutes: fields.minutes ?? '', attendance });
          this.topic = await getTopic(this.route[0] ?? '');
        });
      }}>
        <label>${t.minutes}<textarea name="minutes" required maxlength="8000">${meeting.minutes ?? ''}</textarea></label>
        <fieldset><legend>${t.attended}</legend><div class="row">
          ${meeting.parties.map(
            (party) => html`<label>${t.partyNames[party]}<input name=${party} type="number" min="0" inputmode="numeric"
              .value=${String(meeting.attendance.find((entry) => entry.party === party)?.count ?? '')}></label>`,
          )}
        </div></fieldset>
        <button type="submit">${t.saveMinutes}</button>
      </form>
    </li>`;
  }

  /** Until a meeting is held its agenda can change: the notice then posts the new one. */
  private renderAgendaChange(meeting: Meeting): TemplateResult {
    const t = this.t;
    const editing = this.editing?.meetingId === meeting.id ? this.editing : undefined;
    if (!editing) {
      return html`<button type="button" class="secondary" data-change-agenda=${meeting.id}
        @click=${async () => {
          this.editing = { meetingId: meeting.id, agenda: meeting.agenda, status: '' };
          await this.focusAgenda(`[data-agenda="edit-down-${meeting.agenda[0]?.id}"]`, '#edit-agenda-candidate');
        }}>${t.changeAgenda}</button>`;
    }
    const close = async () => {
      this.editing = undefined;
      await this.updateComplete;
      // Back to its button; when this topic was taken off, the meeting left this page: the new meeting's form.
      const button = this.renderRoot.querySelector<HTMLElement>(`[data-change-agenda="${meeting.id}"]`);
      (button ?? this.renderRoot.querySelector<HTMLElement>('input[name="title"]'))?.focus();
    };
    return html`<div class="agenda-change">
      ${renderAgenda(
        this.agendaView('edit-', editing.agenda, editing.status, (agenda, status) => {
          this.editing = { meetingId: meeting.id, agenda, status };
        }),
      )}
      <p class="muted">${t.agendaNoticeHint}</p>
      <div class="row">
        <button type="button" @click=${() =>
          this.run(async () => {
            await changeAgenda(meeting.id, { topicIds: editing.agenda.map((item) => item.id) });
            this.topic = await getTopic(this.route[0] ?? '');
            await close();
          })}>${t.saveAgenda}</button>
        <button type="button" class="secondary" @click=${close}>${t.cancel}</button>
      </div>
    </div>`;
  }

  private renderTopic(topic: Topic): TemplateResult {
    const t = this.t;
    const update = (call: () => Promise<Topic>) =>
      this.run(async () => {
        this.topic = await call();
      });
    const next = TOPIC_TRANSITIONS[topic.status];
    return html`
      <p><a href="/admin/topics">${t.back}</a>${topic.publicUrl ? html` · <a href=${topic.publicUrl} target="_blank" rel="noopener">${t.printable}</a>` : nothing}</p>
      <h3>${topic.title}</h3>
      <p>${t.statuses[topic.status]} · ${t.supports} ${topic.supportCount}</p>
      ${topic.summary ? html`<p>${topic.summary}</p>` : nothing}
      <h4>${t.history}</h4>
      <ol>${topic.history.map((change) => html`<li>${this.localize.date(change.at)} ${t.statuses[change.to]} ${change.reason}</li>`)}</ol>
      ${
        next.length
          ? html`<form @submit=${(event: SubmitEvent) => {
              const fields = fieldsOf(event);
              void update(() =>
                changeStatus(topic.id, { status: fields.status as Topic['status'], reason: fields.reason ?? '' }),
              );
            }}>
              <div class="row">
                <label>${t.moveTo}<select name="status">${next.map((status) => html`<option value=${status}>${t.statuses[status]}</option>`)}</select></label>
                <label>${t.reason}<input name="reason" required maxlength="500"></label>
              </div>
              <button type="submit">${t.move}</button>
            </form>`
          : nothing
      }
      <h4>${t.meetings}</h4>
      <ul>${topic.meetings.map((meeting) => this.renderMeeting(meeting as Meeting))}</ul>
      <form @submit=${(event: SubmitEvent) => {
        const fields = fieldsOf(event);
        const parties = MEETING_PARTIES.filter((party) => fields[`party-${party}`]);
        void this.run(async () => {
          await scheduleMeeting({
            title: fields.title ?? '',
            startsAt: new Date(fields.startsAt ?? '').toISOString(),
            ...(fields.place ? { place: fields.place } : {}),
            ...(fields.online ? { online: fields.online } : {}),
            parties,
            topicIds: this.agenda.map((item) => item.id),
            scope: agendaScope(this.agenda),
          });
          this.topic = await getTopic(topic.id);
          this.agenda = [this.topic];
          this.agendaStatus = '';
        });
      }}>
        <h4>${t.newMeeting}</h4>
        <label>${t.meetingTitle}<input name="title" required maxlength="120"></label>
        <label>${t.startsAt}<input name="startsAt" type="datetime-local" required></label>
        <label>${t.room}<input name="place" maxlength="200"></label>
        <label>${t.online}<input name="online" maxlength="300"></label>
        <fieldset><legend>${t.parties}</legend>
          ${MEETING_PARTIES.map((party) => html`<label><input type="checkbox" name=${`party-${party}`} checked> ${t.partyNames[party]}</label>`)}
        </fieldset>
        ${renderAgenda(
          this.agendaView('', this.agenda, this.agendaStatus, (agenda, status) => {
            // A new meeting's candidates are this community's open topics, each with its scope.
            this.agenda = agenda as AgendaItem[];
            this.agendaStatus = status;
          }),
        )}
        <button type="submit">${t.schedule}</button>
      </form>
      <h4>${t.poll}</h4>
      ${
        topic.poll
          ? html`<p><a href=${`/admin/polls/${topic.poll.id}`}>${topic.poll.title}</a> · ${t.openInPolls}</p>
            ${topic.poll.outcome?.owners ? html`<p>${topic.poll.outcome.owners.passed ? t.passed : t.notPassed} (${topic.poll.outcome.ballots})</p>` : nothing}`
          : html`<p>${t.pollHint}</p>
            <form @submit=${(event: SubmitEvent) => {
              const fields = fieldsOf(event);
              const scope = topic.scope;
              void update(() =>
                openPoll(topic.id, {
                  title: fields.question ?? '',
                  decision: 'owners',
                  approvalRule: fields.rule === 'three-quarters' ? 'three-quarters' : 'majority',
                  scope: {
                    type: scope.type,
                    ...(scope.buildingId ? { buildingId: scope.buildingId } : {}),
                    ...(scope.unitId ? { unitId: scope.unitId } : {}),
                  },
                  options: [{ label: '同意', approves: true }, { label: '不同意' }],
                }),
              );
            }}>
              <label>${t.question}<input name="question" required maxlength="200" .value=${topic.title}></label>
              <label>${t.rule}<select name="rule"><option value="majority">${t.majority}</option><option value="three-quarters">${t.threeQuarters}</option></select></label>
              <button type="submit">${t.openPoll}</button>
            </form>`
      }
      <h4>${t.decisions}</h4>
      <ul>${topic.decisions.map(
        (decision) => html`<li>${decision.text} · ${decision.responsibleParty} ${decision.deadline ?? ''}
          ${decision.photos.map((photo, index) => {
            const src = photoUrl(topic, photo.id);
            return src
              ? html`<img src=${src} width=${photo.width} height=${photo.height} loading="lazy" alt=${t.decisionPhotoAlt(index + 1, decision.photos.length)} />`
              : nothing;
          })}</li>`,
      )}</ul>
      <form @submit=${(event: SubmitEvent) => {
        const form = event.target as HTMLFormElement;
        const photos = Array.from((form.elements.namedItem('photos') as HTMLInputElement).files ?? []);
        const fields = fieldsOf(event);
        if (photos.length > TopicLimits.decisionPhotos) {
          this.message = t.tooManyPhotos;
          return;
        }
        void update(async () => {
          const after = await recordDecision(
            topic.id,
            {
              text: fields.text ?? '',
              responsibleParty: fields.responsible ?? '',
              ...(fields.deadline ? { deadline: fields.deadline } : {}),
              ...(fields.cost ? { cost: Number(fields.cost) } : {}),
              ...(fields.sharing ? { costSharing: fields.sharing } : {}),
            },
            photos,
          );
          form.reset();
          return after;
        });
      }}>
        <h4>${t.newDecision}</h4>
        <label>${t.decision}<textarea name="text" required maxlength="4000"></textarea></label>
        <label>${t.responsible}<input name="responsible" required maxlength="120"></label>
        <label>${t.deadline}<input name="deadline" type="date"></label>
        <label>${t.cost}<input name="cost" type="number" min="0" step="0.01"></label>
        <label>${t.costSharing}<textarea name="sharing" maxlength="1000"></textarea></label>
        <label>${t.photos}<input name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="decision-photos-hint"></label>
        <p class="muted" id="decision-photos-hint">${t.photosHint}</p>
        <button type="submit">${t.record}</button>
      </form>
      <h4>${t.opinions}</h4>
      <ul>
        ${topic.opinions.map(
          (opinion) => html`<li>${opinion.text} (${opinion.moderation})
            ${(['publish', 'reject', 'spam'] as const).map(
              (action) =>
                html`<button type="button" class="secondary" @click=${() => update(() => moderateOpinion(topic.id, opinion.id, action))}>${t[action]}</button>`,
            )}</li>`,
        )}
      </ul>`;
  }

  override render() {
    const t = this.t;
    return html`<h2 tabindex="-1">${t.title}</h2>
      <p>${t.intro}</p>
      <p role="status">${this.message}</p>
      ${this.renderRoute()}`;
  }

  private renderRoute(): TemplateResult {
    const t = this.t;
    const id = this.route[0];
    if (id === 'new') {
      return html`<p><a href="/admin/topics">${t.back}</a></p><h3>${t.newTopicFromSuggestions}</h3>${this.renderTopicForm()}`;
    }
    if (id) return this.topic ? this.renderTopic(this.topic) : html`<p>${t.loading}</p>`;
    return this.topics ? this.renderList() : html`<p>${t.loading}</p>`;
  }
}
