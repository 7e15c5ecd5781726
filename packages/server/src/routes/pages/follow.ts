// GET /p/:siteKey/follow/:code — a resident's suggestion by its follow code: status, official answer, live.
import { FollowCode, SiteKeyParam } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../../errors.js';
import { findByFollowCode } from '../../repositories/suggestions.js';
import { setPageHeaders } from '../page-security.js';
import { renderHostedPage, siteWithCommunity } from './hosted-page.js';

/** A hosted page; its URL holds a code, so it never leaves in a Referer. */
function sendHtml(reply: FastifyReply, html: string) {
  setPageHeaders(reply, { referrer: 'no-referrer' });
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

const FollowPageParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, code: FollowCode },
  { additionalProperties: false },
);

export default async function followPage(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

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
        privateLink: true,
        // The code matched FOLLOW_CODE_PATTERN (letters and digits only).
        widget: `<courtyard-suggestion-board follow="${request.params.code}"></courtyard-suggestion-board>`,
      }),
    );
  });
}
