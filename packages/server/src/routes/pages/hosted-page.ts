// What every hosted page under /p/{siteKey}/… shares: escaping, the page around a widget (a heading and a
// widget from the script-tag bundle, on the service's origin under the strict CSP), the site lookup, the
// `?lang=` a page may be asked in, and how a page is sent.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../../errors.js';
import { findCommunityById } from '../../repositories/communities.js';
import { findSiteByKey } from '../../repositories/sites.js';
import { type PageSecurity, setPageHeaders } from '../page-security.js';

type Language = 'zh-CN' | 'en';

/** `?lang=zh-CN|en`: a page in the other language than the community's. */
export const LangQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) },
  { additionalProperties: false },
);

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

export interface HostedPage {
  lang: Language;
  title: Record<Language, string>;
  community: Partial<Record<Language, string>>;
  siteKey: string;
  /** The widget's markup; every attribute value in it must already be escaped or pattern-checked. */
  widget: string;
  /** A web app manifest's path, for a page residents add to their Home Screen (the rota's, for push on iOS). */
  manifest?: string;
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
  <link rel="icon" href="data:,">${page.manifest ? `\n  <link rel="manifest" href="${escapeHtml(page.manifest)}">` : ''}
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
export async function siteWithCommunity(app: FastifyInstance, siteKey: string) {
  const site = await findSiteByKey(app.db, siteKey);
  const community = site && (await findCommunityById(app.db, site.communityId));
  if (!site || !community) throw notFound('The page');
  return { site, community };
}

/**
 * Sends a page rendered on the server: its security headers (by default a document that runs no script), and
 * no-cache, so a reload always shows the latest.
 */
export function sendDocument(reply: FastifyReply, html: string, security: PageSecurity = { kind: 'document' }) {
  return setPageHeaders(reply, security)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(html);
}
