// Hosted pages under /p/{siteKey}/…: plain pages the service serves itself, for follow links and QR codes
// when a community has no page of its own. Each is a heading and a widget from the script-tag bundle, on
// the service's origin and under the same strict CSP as the demo page. Features add their page here.
import { FollowCode, SiteKeyParam } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../errors.js';
import { findCommunityById } from '../repositories/communities.js';
import { findSiteByKey } from '../repositories/sites.js';
import { findByFollowCode } from '../repositories/suggestions.js';
import { setPageHeaders } from './page-security.js';

type Language = 'zh-CN' | 'en';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

interface HostedPage {
  lang: Language;
  title: Record<Language, string>;
  community: Partial<Record<Language, string>>;
  siteKey: string;
  /** The widget's markup; every attribute value in it must already be escaped or pattern-checked. */
  widget: string;
}

/** The page around a widget; both languages in the heading, the widget follows `lang`. */
export function renderHostedPage(page: HostedPage): string {
  const other: Language = page.lang === 'zh-CN' ? 'en' : 'zh-CN';
  const community = escapeHtml(page.community[page.lang] ?? page.community[other] ?? '');
  return `<!doctype html>
<html lang="${page.lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(page.title[page.lang])} · ${community}</title>
  <link rel="icon" href="data:,">
  <script src="/embed/v1/courtyard.js" data-site="${escapeHtml(page.siteKey)}" async></script>
</head>
<body>
  <main>
    <p>${community}</p>
    <h1>${escapeHtml(page.title[page.lang])} <span lang="${other}">${escapeHtml(page.title[other])}</span></h1>
    ${page.widget}
  </main>
</body>
</html>
`;
}

/** The site and its community for a hosted page, or a 404 that reveals nothing. */
async function siteWithCommunity(app: FastifyInstance, siteKey: string) {
  const site = await findSiteByKey(app.db, siteKey);
  const community = site && (await findCommunityById(app.db, site.communityId));
  if (!site || !community) throw notFound('The page');
  return { site, community };
}

/** A hosted page; its URL holds a code, so it never leaves in a Referer. */
function sendHtml(reply: FastifyReply, html: string) {
  setPageHeaders(reply, { referrer: 'no-referrer' });
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

const FollowPageParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, code: FollowCode },
  { additionalProperties: false },
);

export default async function hostedPages(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  // A resident's suggestion by its follow code: status, official answer, live.
  app.get('/p/:siteKey/follow/:code', { schema: { hide: true, params: FollowPageParams } }, async (request, reply) => {
    const { site, community } = await siteWithCommunity(app, request.params.siteKey);
    if (!(await findByFollowCode(app.db, community.id, request.params.code))) throw notFound('The suggestion');
    return sendHtml(
      reply,
      renderHostedPage({
        lang: community.defaultLanguage,
        title: { 'zh-CN': '我的建议进展', en: 'Follow your suggestion' },
        community: community.names,
        siteKey: site.siteKey,
        // The code matched FOLLOW_CODE_PATTERN (letters and digits only).
        widget: `<courtyard-suggestion-board follow="${request.params.code}"></courtyard-suggestion-board>`,
      }),
    );
  });
}
