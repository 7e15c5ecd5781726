// What every hosted page under /p/{siteKey}/… shares: escaping, the one document shell (htmlDocument), the
// page around a widget (a heading and a widget from the script-tag bundle, on the service's origin under the
// strict CSP), the site lookup, the `?lang=` a page may be asked in, and how a page is sent.
import type { Language } from '@courtyard/protocol';
import { Id, LanguageSchema, SiteKeyParam } from '@courtyard/protocol/schemas';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../../errors.js';
import { findCommunityById } from '../../repositories/communities.js';
import { findSiteByKey } from '../../repositories/sites.js';
import { type PageSecurity, setPageHeaders } from '../page-security.js';

/** `?lang=zh-CN|en`: a page in the other language than the community's. */
export const LangQuery = Type.Object({ lang: Type.Optional(LanguageSchema) }, { additionalProperties: false });

/** `/p/:siteKey/<kind>/:id`: a hosted page of one notice, topic, incident or rota. */
export const SiteItemParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, id: Id },
  { additionalProperties: false },
);

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * Keeps a page out of search engines: for the pages reached only by a link that is not published (a tracking,
 * follow or ballot code in the URL; an incident's id, from the repair widget's hint).
 */
export const NO_INDEX = '<meta name="robots" content="noindex">';

/** The script-tag bundle, which defines the widgets on a page (`siteKey` is escaped here). */
export const embedScript = (siteKey: string) =>
  `<script src="/embed/v1/courtyard.js" data-site="${escapeHtml(siteKey)}" async></script>`;

export interface HtmlDocument {
  lang: Language;
  /** Plain text: escaped here. */
  title: string;
  /** The page's own `<head>` lines after the shared ones (robots, referrer, stylesheet, script), already safe. */
  head?: string[];
  /** What goes in `<main>`, already safe. */
  main: string;
}

/**
 * The document every hosted page is: its language, charset, a phone's viewport, the title, and an empty icon
 * (a browser's request for /favicon.ico would otherwise be refused by the strict CSP and logged), then the
 * page's own head lines and its content in `<main>`.
 */
export function htmlDocument({ lang, title, head = [], main }: HtmlDocument): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="icon" href="data:,">
${head.map((line) => `  ${line}\n`).join('')}</head>
<body>
  <main>
    ${main}
  </main>
</body>
</html>
`;
}

export interface HostedPage {
  lang: Language;
  title: Record<Language, string>;
  community: Partial<Record<Language, string>>;
  siteKey: string;
  /** The widget's markup; every attribute value in it must already be escaped or pattern-checked. */
  widget: string;
  /** A web app manifest's path, for a page residents add to their Home Screen (the rota's, for push on iOS). */
  manifest?: string;
  /** The page's URL holds a code (a follow link): it carries NO_INDEX. */
  privateLink?: boolean;
}

/** The page around a widget; both languages in the heading, the widget follows `lang`. */
export function renderHostedPage(page: HostedPage): string {
  const other: Language = page.lang === 'zh-CN' ? 'en' : 'zh-CN';
  const community = page.community[page.lang] ?? page.community[other] ?? '';
  return htmlDocument({
    lang: page.lang,
    title: `${page.title[page.lang]} · ${community}`,
    head: [
      ...(page.privateLink ? [NO_INDEX] : []),
      ...(page.manifest ? [`<link rel="manifest" href="${escapeHtml(page.manifest)}">`] : []),
      embedScript(page.siteKey),
    ],
    main: `<p>${escapeHtml(community)}</p>
    <h1>${escapeHtml(page.title[page.lang])} <span lang="${other}">${escapeHtml(page.title[other])}</span></h1>
    ${page.widget}`,
  });
}

/**
 * The site and its community for a hosted page, or a 404 that reveals nothing (`unknown`: the tracking page
 * answers an unknown site with the API's COURTYARD_SITE_NOT_FOUND, as it always has).
 */
export async function siteWithCommunity(
  app: FastifyInstance,
  siteKey: string,
  unknown: () => Error = () => notFound('The page'),
) {
  const site = await findSiteByKey(app.db, siteKey);
  const community = site && (await findCommunityById(app.db, site.communityId));
  if (!site || !community) throw unknown();
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
