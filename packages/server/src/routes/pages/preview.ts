// A preview of one widget of a site, as residents see it, for the console's Sites screen to show in an
// <iframe>: /p/{siteKey}/preview/{widget}?lang=. The widgets are live (what is sent from a preview arrives
// like any other submission), so the page says so. Only this service's own pages may frame it.
import { SiteKeyParam } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { setPageHeaders } from '../page-security.js';
import { LangQuery, renderHostedPage, siteWithCommunity } from './hosted-page.js';

/** Widgets that need nothing but the site (a poll needs a poll: its own hosted page shows it). */
export const PREVIEW_WIDGETS = {
  'suggestion-box': { 'zh-CN': '意见箱预览', en: 'Suggestion box preview' },
  'suggestion-board': { 'zh-CN': '意见公示栏预览', en: 'Suggestion board preview' },
  'repair-request': { 'zh-CN': '报修预览', en: 'Repair request preview' },
} as const;

type PreviewWidget = keyof typeof PREVIEW_WIDGETS;

const Params = Type.Object(
  {
    siteKey: SiteKeyParam.properties.siteKey,
    widget: Type.Union(Object.keys(PREVIEW_WIDGETS).map((name) => Type.Literal(name))),
  },
  { additionalProperties: false },
);

export default async function previewPages(scope: FastifyInstance) {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/p/:siteKey/preview/:widget',
    { schema: { hide: true, params: Params, querystring: LangQuery } },
    async (request, reply) => {
      const { site, community } = await siteWithCommunity(app, request.params.siteKey);
      const widget = request.params.widget as PreviewWidget;
      const lang = request.query.lang ?? community.defaultLanguage;
      const html = renderHostedPage({
        lang,
        title: PREVIEW_WIDGETS[widget],
        community: community.names,
        siteKey: site.siteKey,
        // `widget` is one of PREVIEW_WIDGETS' keys (checked by the schema).
        widget: `<courtyard-${widget}></courtyard-${widget}>`,
      });
      setPageHeaders(reply, { framing: 'self' });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    },
  );
}
