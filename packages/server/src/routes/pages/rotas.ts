// A rota's hosted pages: /p/{siteKey}/rotas/{id}, the page its sheet's QR code opens (the same widget, where
// households sign up, swap and mark days done), and /p/{siteKey}/rotas/{id}/sheet, the printable A4 sheet
// of a week or a month for the notice board, in both languages.
import { RotaDate } from '@courtyard/protocol/schemas';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { vapidKeysFor } from '../../push/keys.js';
import { findRota } from '../../repositories/rotas.js';
import { addDays, daysBetween, mondayOf, todayIn } from '../../rota/dates.js';
import { rotaPagePath } from '../../rota/links.js';
import { presentDays } from '../../rota/present.js';
import {
  REMINDER_POLICY,
  REMINDER_SCRIPT,
  REMINDER_SCRIPT_PATH,
  REMINDER_WORKER,
  REMINDER_WORKER_PATH,
  reminderBlock,
} from '../../rota/reminder-page.js';
import { ROTA_SHEET_CSS, ROTA_SHEET_STYLESHEET, renderRotaSheet } from '../../rota/sheet.js';
import { queriedDay, rotaTable } from '../../rota/week.js';
import { LangQuery, renderHostedPage, SiteItemParams, sendDocument, siteWithCommunity } from './hosted-page.js';

export default async function rotaPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  const load = async (siteKey: string, id: string) => {
    const { site, community } = await siteWithCommunity(app, siteKey);
    const rota = await findRota(app.db, community.id, id.toLowerCase());
    if (!rota) throw notFound('The rota');
    return { site, community, rota };
  };

  app.get(
    '/p/:siteKey/rotas/:id',
    {
      schema: {
        hide: true,
        params: SiteItemParams,
        querystring: LangQuery,
      },
    },
    async (request, reply) => {
      const { site, community, rota } = await load(request.params.siteKey, request.params.id);
      const lang = request.query.lang ?? community.defaultLanguage;
      const { publicKey } = await vapidKeysFor(app);
      const reminders = reminderBlock({
        lang,
        api: `/api/v1/sites/${encodeURIComponent(site.siteKey)}/rotas/${rota.id}/reminders`,
        vapidPublicKey: publicKey,
      });
      const html = renderHostedPage({
        lang,
        title: { 'zh-CN': `值日表 · ${rota.title}`, en: `Duty rota · ${rota.title}` },
        community: community.names,
        siteKey: site.siteKey,
        widget: `<courtyard-rota rota="${rota.id}"></courtyard-rota>\n    ${reminders}`,
        manifest: `${rotaPagePath(site.siteKey, rota.id)}/manifest.webmanifest?lang=${lang}`,
      });
      return sendDocument(reply, html, { policies: [REMINDER_POLICY] });
    },
  );

  app.get(
    '/p/:siteKey/rotas/:id/sheet',
    {
      schema: {
        hide: true,
        params: SiteItemParams,
        querystring: Type.Object(
          {
            period: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month')])),
            /** Any day of the week or month to print (default: now). */
            from: Type.Optional(RotaDate),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { site, community, rota } = await load(request.params.siteKey, request.params.id);
      const day = queriedDay('from', request.query.from) ?? todayIn(rota.timeZone);
      let first = mondayOf(day);
      let count = 7;
      if (request.query.period === 'month') {
        first = `${day.slice(0, 8)}01`;
        const next = addDays(`${day.slice(0, 8)}28`, 4);
        count = daysBetween(first, `${next.slice(0, 8)}01`);
      }
      const { days, duties } = await rotaTable(app.db, rota, first, count);
      const signUpUrl = new URL(rotaPagePath(site.siteKey, rota.id), app.config.publicUrl).toString();
      const html = await renderRotaSheet({
        rota,
        community: community.names['zh-CN'] ?? community.names.en ?? '',
        days: presentDays(rota, duties, days),
        signUpUrl,
      });
      return sendDocument(reply, html);
    },
  );

  // Safari on iPhone and iPad delivers web push only to a page added to the Home Screen as a web app.
  app.get(
    '/p/:siteKey/rotas/:id/manifest.webmanifest',
    {
      schema: {
        hide: true,
        params: SiteItemParams,
        querystring: LangQuery,
      },
    },
    async (request, reply) => {
      const { site, community, rota } = await load(request.params.siteKey, request.params.id);
      const lang = request.query.lang ?? community.defaultLanguage;
      const page = `${rotaPagePath(site.siteKey, rota.id)}?lang=${lang}`;
      return reply
        .type('application/manifest+json; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send({
          name: `${lang === 'en' ? 'Duty rota' : '值日表'} · ${rota.title}`,
          short_name: lang === 'en' ? 'Duty rota' : '值日表',
          lang,
          start_url: page,
          id: page,
          scope: rotaPagePath(site.siteKey, rota.id),
          display: 'standalone',
        });
    },
  );

  app.get(REMINDER_SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(REMINDER_SCRIPT),
  );

  // No-cache so a changed worker reaches browsers at their next visit; it fetches nothing, so its own policy
  // allows nothing.
  app.get(REMINDER_WORKER_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'")
      .header('cache-control', 'no-cache')
      .send(REMINDER_WORKER),
  );

  app.get(ROTA_SHEET_STYLESHEET, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ROTA_SHEET_CSS),
  );
}
