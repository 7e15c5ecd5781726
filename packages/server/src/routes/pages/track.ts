// GET /p/:siteKey/track/:code — a plain page for a tracking link or QR code when a site has no page of its
// own: the community's name and <courtyard-repair-request code="…">, which shows the live timeline and the
// confirm/reopen controls. Served under the same strict CSP as the demo page (no inline script or style).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { malformedTrackingCode, siteNotFound } from '../../errors.js';
import { normalizeTrackingCode } from '../../repairs/tracking-code.js';
import { findCommunityById } from '../../repositories/communities.js';
import { findSiteByKey } from '../../repositories/sites.js';
import { setPageHeaders } from '../page-security.js';
import { escapeHtml } from './hosted-page.js';

const Params = Type.Object(
  {
    siteKey: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    code: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

const titles = { 'zh-CN': '报修进度', en: 'Repair progress' } as const;

export default async function trackPage(app: FastifyInstance) {
  app.get('/p/:siteKey/track/:code', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const { siteKey, code: typed } = request.params as { siteKey: string; code: string };
    const code = normalizeTrackingCode(typed);
    if (!code) throw malformedTrackingCode();
    const site = await findSiteByKey(app.db, siteKey);
    const community = site && (await findCommunityById(app.db, site.communityId));
    if (!site || !community) throw siteNotFound();
    const language = community.defaultLanguage;
    const name = community.names[language] ?? community.names['zh-CN'] ?? community.names.en ?? '';
    const title = `${titles[language]} ${code} · ${name}`;
    // Only the normalised code (A–Z, 0–9, dashes) and escaped names reach the page.
    const html = `<!doctype html>
<html lang="${language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(title)}</title>
  <script src="/embed/v1/courtyard.js" data-site="${escapeHtml(site.siteKey)}" async></script>
</head>
<body>
  <main>
    <h1>${escapeHtml(name)}</h1>
    <courtyard-repair-request code="${code}"></courtyard-repair-request>
  </main>
</body>
</html>
`;
    return setPageHeaders(reply, { referrer: 'no-referrer' })
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(html);
  });
}
