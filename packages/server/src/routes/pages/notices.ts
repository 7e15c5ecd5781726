// GET /p/:siteKey/notices/:id — the public page of one notice, where chat-group cards link: what, where,
// until when, every progress update and the closing words, with published offers of help. Rendered on the
// server as a document that runs no script (the strictest CSP of the service): it reads in any chat app's
// browser, on a bad network, and a reload shows the latest. Nothing personal is on it.
import type { Language } from '@courtyard/protocol';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { presentNotice } from '../../notices/present.js';
import { noticeKindLabel, noticeScopeLabel } from '../../notices/scope-label.js';
import { findNotice, withParts } from '../../repositories/notices.js';
import { escapeHtml, htmlDocument, SiteItemParams, sendDocument, siteWithCommunity } from './hosted-page.js';

const text = {
  'zh-CN': {
    where: '范围',
    starts: '开始',
    expectedEnd: '预计结束',
    closed: '已结束',
    open: '进行中',
    updates: '进展',
    noUpdates: '暂无进展。',
    offers: '邻里互助',
    reload: '刷新本页可看到最新进展。',
  },
  en: {
    where: 'Where',
    starts: 'Starts',
    expectedEnd: 'Expected to end',
    closed: 'Closed',
    open: 'Ongoing',
    updates: 'Updates',
    noUpdates: 'No updates yet.',
    offers: 'Neighbours offering help',
    reload: 'Reload this page for the latest updates.',
  },
} as const;

export default async function hostedNoticePages(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/p/:siteKey/notices/:id', { schema: { hide: true, params: SiteItemParams } }, async (request, reply) => {
    const { community } = await siteWithCommunity(app, request.params.siteKey);
    const row = await findNotice(app.db, community.id, request.params.id.toLowerCase());
    if (!row) throw notFound('The notice');
    const [full] = await withParts(app.db, [row], 'published');
    const notice = presentNotice(full as NonNullable<typeof full>);
    const lang: Language = community.defaultLanguage;
    const t = text[lang];
    const time = (iso: string) => {
      const formatted = new Intl.DateTimeFormat(lang, {
        timeZone: community.timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(iso));
      return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatted)}</time>`;
    };
    const where = noticeScopeLabel(notice.scope, lang);
    const name = community.names[lang] ?? community.names['zh-CN'] ?? community.names.en ?? '';
    const updates = notice.updates.length
      ? `<ol>${notice.updates.map((update) => `<li>${time(update.at)} ${escapeHtml(update.text)}</li>`).join('')}</ol>`
      : `<p>${t.noUpdates}</p>`;
    const offers = notice.offers.length
      ? `<section aria-labelledby="offers"><h2 id="offers">${t.offers}</h2><ul>${notice.offers
          .map((offer) => `<li>${escapeHtml(offer.text)}</li>`)
          .join('')}</ul></section>`
      : '';
    const html = htmlDocument({
      lang,
      title: `${notice.title} · ${name}`,
      main: `<p>${escapeHtml(name)}</p>
    <h1>${escapeHtml(notice.title)}</h1>
    <p><strong>${escapeHtml(noticeKindLabel(notice.kind, lang))}</strong> · ${notice.closedAt ? t.closed : t.open}</p>
    <dl>
      <dt>${t.where}</dt><dd>${escapeHtml(where)}</dd>
      <dt>${t.starts}</dt><dd>${time(notice.startsAt)}</dd>
      ${notice.expectedEndAt && !notice.closedAt ? `<dt>${t.expectedEnd}</dt><dd>${time(notice.expectedEndAt)}</dd>` : ''}
      ${notice.closedAt ? `<dt>${t.closed}</dt><dd>${time(notice.closedAt)} ${escapeHtml(notice.closingText ?? '')}</dd>` : ''}
    </dl>
    ${notice.body ? `<p>${escapeHtml(notice.body)}</p>` : ''}
    <section aria-labelledby="updates"><h2 id="updates">${t.updates}</h2>${updates}</section>
    ${offers}
    ${notice.closedAt ? '' : `<p>${t.reload}</p>`}`,
    });
    return sendDocument(reply, html);
  });
}
