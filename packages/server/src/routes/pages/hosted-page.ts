// What every hosted page under /p/{siteKey}/… shares: escaping, the page around a widget (a heading and a
// widget from the script-tag bundle, on the service's origin under the strict CSP), and the site lookup.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { findCommunityById } from '../../repositories/communities.js';
import { findSiteByKey } from '../../repositories/sites.js';

type Language = 'zh-CN' | 'en';

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
