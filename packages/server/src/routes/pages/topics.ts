// GET /p/:siteKey/topics/:id — the printable one-page summary of a topic, for the notice board: what it is,
// where it stands and why, its meetings (who was invited, how many came, the minutes), the poll's outcome and
// the decisions with who does what by when and how the cost is shared. In the community's language, or
// `?lang=zh-CN|en`. A document that runs no script; nothing personal is on it.
import type { Language } from '@courtyard/protocol';
import type { PublicTopicBody } from '@courtyard/protocol/schemas';
import { TOPIC_STATUS_LABELS_EN, TOPIC_STATUS_LABELS_ZH_CN } from '@courtyard/protocol/status-labels';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { withParts } from '../../repositories/topic-parts.js';
import { findTopic } from '../../repositories/topics.js';
import { presentTopic } from '../../topics/present.js';
import { escapeHtml, htmlDocument, LangQuery, SiteItemParams, sendDocument, siteWithCommunity } from './hosted-page.js';

const text = {
  'zh-CN': {
    statuses: TOPIC_STATUS_LABELS_ZH_CN as Record<string, string>,
    parties: {
      'residents-committee': '居委会',
      'owners-committee': '业主委员会',
      'property-company': '物业公司',
      'residents-representatives': '居民代表',
      'building-leaders': '楼门长',
    } as Record<string, string>,
    roles: {
      'residents-representative': '居民代表',
      'building-leader': '楼门长',
      'owners-representative': '业主代表',
    } as Record<string, string>,
    community: '全小区',
    colon: '：',
    status: '状态',
    where: '范围',
    supports: (n: number) => `${n} 人支持`,
    fromSuggestions: (n: number) => `来自 ${n} 条居民建议`,
    history: '进程',
    meetings: '议事会',
    invited: '参加方',
    attended: '到会',
    online: '线上',
    minutes: '会议纪要',
    poll: '业主表决',
    ballots: (n: number) => `共 ${n} 票`,
    passed: '表决通过',
    failed: '表决未通过（未达到法定人数或同意比例）',
    decisions: '决定',
    responsible: '负责方',
    deadline: '完成期限',
    cost: '费用',
    yuan: (n: number) => `${n.toLocaleString('zh-CN')} 元`,
    sharing: '分摊方式',
    representatives: '居民代表',
    none: '暂无。',
  },
  en: {
    statuses: TOPIC_STATUS_LABELS_EN as Record<string, string>,
    parties: {
      'residents-committee': "Residents' committee",
      'owners-committee': "Owners' committee",
      'property-company': 'Property company',
      'residents-representatives': "Residents' representatives",
      'building-leaders': 'Building leaders (楼门长)',
    } as Record<string, string>,
    roles: {
      'residents-representative': "Residents' representative",
      'building-leader': 'Building leader',
      'owners-representative': "Owners' representative",
    } as Record<string, string>,
    community: 'Whole community',
    colon: ': ',
    status: 'Status',
    where: 'Where',
    supports: (n: number) => `${n} ${n === 1 ? 'supporter' : 'supporters'}`,
    fromSuggestions: (n: number) => `From ${n} residents' ${n === 1 ? 'suggestion' : 'suggestions'}`,
    history: 'Progress',
    meetings: 'Meetings',
    invited: 'Invited',
    attended: 'Attended',
    online: 'Online',
    minutes: 'Minutes',
    poll: "Owners' vote",
    ballots: (n: number) => `${n} ${n === 1 ? 'ballot' : 'ballots'}`,
    passed: 'Passed',
    failed: 'Not passed (quorum or approval not reached)',
    decisions: 'Decisions',
    responsible: 'Responsible',
    deadline: 'Deadline',
    cost: 'Cost',
    yuan: (n: number) => `¥${n.toLocaleString('en')}`,
    sharing: 'How it is shared',
    representatives: "Residents' representatives",
    none: 'None yet.',
  },
} as const;

export function renderTopicPage(topic: PublicTopicBody, lang: Language, communityName: string, timeZone: string) {
  const t = text[lang];
  const e = escapeHtml;
  const time = (iso: string, withTime = true) =>
    `<time datetime="${e(iso)}">${e(
      new Intl.DateTimeFormat(lang, {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
      }).format(new Date(iso)),
    )}</time>`;
  const where =
    topic.scope.type === 'community'
      ? t.community
      : [topic.scope.buildingName, topic.scope.unitName].filter(Boolean).join(' ');
  const history = topic.history
    .map(
      (change) =>
        `<li>${time(change.at, false)} ${e(t.statuses[change.to] ?? change.to)}${change.reason ? `${t.colon}${e(change.reason)}` : ''}</li>`,
    )
    .join('');
  const meetings = topic.meetings.length
    ? topic.meetings
        .map(
          (meeting) =>
            `<article><h3>${e(meeting.title)}</h3><p>${time(meeting.startsAt)} · ${e(
              [meeting.place, meeting.online ? `${t.online}: ${meeting.online}` : null].filter(Boolean).join(' · '),
            )}</p><p>${t.invited}: ${e(meeting.parties.map((party) => t.parties[party] ?? party).join('、'))}</p>${
              meeting.attendance.length
                ? `<p>${t.attended}: ${e(meeting.attendance.map((entry) => `${t.parties[entry.party] ?? entry.party} ${entry.count}`).join('、'))}</p>`
                : ''
            }${meeting.minutes ? `<p><strong>${t.minutes}:</strong> ${e(meeting.minutes)}</p>` : ''}</article>`,
        )
        .join('')
    : `<p>${t.none}</p>`;
  const outcome = topic.poll?.outcome;
  const poll = topic.poll
    ? `<section aria-labelledby="poll"><h2 id="poll">${t.poll}</h2><p>${e(topic.poll.title)}</p>${
        outcome
          ? `<p>${t.ballots(outcome.ballots)}: ${e(outcome.options.map((option) => `${option.label} ${option.votes}`).join('、'))}</p>${
              outcome.owners ? `<p><strong>${outcome.owners.passed ? t.passed : t.failed}</strong></p>` : ''
            }`
          : ''
      }</section>`
    : '';
  const decisions = topic.decisions.length
    ? topic.decisions
        .map(
          (decision) =>
            `<article><p>${e(decision.text)}</p><dl><dt>${t.responsible}</dt><dd>${e(decision.responsibleParty)}</dd>${
              decision.deadline ? `<dt>${t.deadline}</dt><dd>${e(decision.deadline)}</dd>` : ''
            }${decision.cost !== null ? `<dt>${t.cost}</dt><dd>${e(t.yuan(decision.cost))}</dd>` : ''}${
              decision.costSharing ? `<dt>${t.sharing}</dt><dd>${e(decision.costSharing)}</dd>` : ''
            }</dl></article>`,
        )
        .join('')
    : `<p>${t.none}</p>`;
  const representatives = topic.representatives.length
    ? `<section aria-labelledby="representatives"><h2 id="representatives">${t.representatives}</h2><ul>${topic.representatives
        .map(
          (person) =>
            `<li>${e(t.roles[person.role] ?? person.role)} · ${e([person.buildingName, person.unitName].filter(Boolean).join(' '))} · ${e(person.displayName)}</li>`,
        )
        .join('')}</ul></section>`
    : '';
  return htmlDocument({
    lang,
    title: `${topic.title} · ${communityName}`,
    main: `<p>${e(communityName)}</p>
    <h1>${e(topic.title)}</h1>
    <dl>
      <dt>${t.status}</dt><dd><strong>${e(t.statuses[topic.status] ?? topic.status)}</strong></dd>
      <dt>${t.where}</dt><dd>${e(where)}</dd>
    </dl>
    <p>${e(t.supports(topic.supportCount))}${topic.suggestionCount ? ` · ${e(t.fromSuggestions(topic.suggestionCount))}` : ''}</p>
    ${topic.summary ? `<p>${e(topic.summary)}</p>` : ''}
    <section aria-labelledby="history"><h2 id="history">${t.history}</h2><ol>${history}</ol></section>
    <section aria-labelledby="meetings"><h2 id="meetings">${t.meetings}</h2>${meetings}</section>
    ${poll}
    <section aria-labelledby="decisions"><h2 id="decisions">${t.decisions}</h2>${decisions}</section>
    ${representatives}`,
  });
}

export default async function hostedTopicPages(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/p/:siteKey/topics/:id',
    { schema: { hide: true, params: SiteItemParams, querystring: LangQuery } },
    async (request, reply) => {
      const { community } = await siteWithCommunity(app, request.params.siteKey);
      const row = await findTopic(app.db, community.id, request.params.id.toLowerCase());
      if (!row) throw notFound('The topic');
      const [full] = await withParts(app.db, [row], 'published');
      const lang: Language = request.query.lang ?? community.defaultLanguage;
      const name = community.names[lang] ?? community.names['zh-CN'] ?? community.names.en ?? '';
      const html = renderTopicPage(presentTopic(full as NonNullable<typeof full>), lang, name, community.timeZone);
      return sendDocument(reply, html);
    },
  );
}
