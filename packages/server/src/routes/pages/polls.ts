// The hosted poll page /p/{siteKey}/polls/{pollId}: a plain page with the same widget, for QR codes and links
// when a site has not set a page of its own. A ballot link's ?code= is read by the widget, which fills it in.
// Also serves the printable code sheet's stylesheet (the sheet itself carries no inline style).
import { Id } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { notFound, siteNotFound } from '../../errors.js';
import { CODE_SHEET_CSS, CODE_SHEET_STYLESHEET } from '../../polls/code-sheet.js';
import { findPoll } from '../../repositories/polls.js';
import { findSiteByKey } from '../../repositories/sites.js';
import { setPageHeaders } from '../page-security.js';
import { embedScript, escapeHtml, htmlDocument, NO_INDEX } from './hosted-page.js';

const HOSTED_CSS = `body{margin:0;font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f6f7f9;color:#1b1d21}
main{max-width:40rem;margin:0 auto;padding:1rem}
@media (prefers-color-scheme:dark){body{background:#15171a;color:#e8eaed}}`;

/**
 * The poll's page. Its link may be a ballot link holding a household's code: kept out of search engines, and
 * the referrer policy also in the markup (besides the header), as it has been since the page was made.
 */
function page(siteKey: string, pollId: string, title: string, lang: 'zh-CN' | 'en') {
  return htmlDocument({
    lang,
    title,
    head: [
      NO_INDEX,
      '<meta name="referrer" content="no-referrer">',
      '<link rel="stylesheet" href="/p/hosted.css">',
      embedScript(siteKey),
    ],
    main: `<courtyard-poll poll="${escapeHtml(pollId)}"></courtyard-poll>`,
  });
}

export default async function pollPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/p/:siteKey/polls/:pollId',
    {
      schema: {
        hide: true,
        params: Type.Object(
          { siteKey: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }), pollId: Id },
          { additionalProperties: false },
        ),
        querystring: Type.Object(
          { code: Type.Optional(Type.String({ maxLength: 32 })), lang: Type.Optional(Type.String({ maxLength: 8 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const site = await findSiteByKey(app.db, request.params.siteKey);
      if (!site) throw siteNotFound();
      const poll = await findPoll(app.db, site.communityId, request.params.pollId.toLowerCase());
      if (!poll) throw notFound('The poll');
      const language = request.query.lang === 'en' ? 'en' : 'zh-CN';
      // The URL may carry a household's ballot code: never in a Referer, never in a shared cache.
      return setPageHeaders(reply, { referrer: 'no-referrer' })
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(page(site.siteKey, poll.id, poll.title, language));
    },
  );

  app.get('/p/hosted.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(HOSTED_CSS),
  );
  app.get(CODE_SHEET_STYLESHEET, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CODE_SHEET_CSS),
  );
}
