// GET /p/:siteKey/track/:code — a plain page for a tracking link or QR code when a site has no page of its
// own: the community's name and <courtyard-repair-request code="…">, which shows the live timeline and the
// confirm/reopen controls. Served under the same strict CSP as the demo page (no inline script or style).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { malformedTrackingCode, siteNotFound } from '../../errors.js';
import { normalizeTrackingCode } from '../../repairs/tracking-code.js';
import { embedScript, escapeHtml, htmlDocument, NO_INDEX, sendDocument, siteWithCommunity } from './hosted-page.js';

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
    const { site, community } = await siteWithCommunity(app, siteKey, siteNotFound);
    const language = community.defaultLanguage;
    const name = community.names[language] ?? community.names['zh-CN'] ?? community.names.en ?? '';
    // Only the normalised code (A–Z, 0–9, dashes) and escaped names reach the page.
    const html = htmlDocument({
      lang: language,
      title: `${titles[language]} ${code} · ${name}`,
      head: [NO_INDEX, embedScript(site.siteKey)],
      main: `<h1>${escapeHtml(name)}</h1>
    <courtyard-repair-request code="${code}"></courtyard-repair-request>`,
    });
    // The URL holds the tracking code: never in a Referer.
    return sendDocument(reply, html, { referrer: 'no-referrer' });
  });
}
