// GET /p/:siteKey/incidents/:id — the public page of an open incident (or a report on its own), where the
// repair widget's "already reported" hint links: what, where, since when, its status and the staff's public
// updates. Rendered on the server as a document that runs no script. It shows no resident's words (no
// description, no comment), no room, contact or tracking code: anyone may reach it from the hint.
import type { Language } from '@courtyard/protocol';
import { REPAIR_STATUS_LABELS_EN, REPAIR_STATUS_LABELS_ZH_CN } from '@courtyard/protocol/status-labels';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { findRepairById, listIncidentReports, listRepairUpdates } from '../../repositories/repairs.js';
import { escapeHtml, htmlDocument, NO_INDEX, SiteItemParams, sendDocument, siteWithCommunity } from './hosted-page.js';

const text = {
  'zh-CN': {
    title: '已有人报修',
    since: '报修时间',
    reports: '报修人数',
    updates: '进展',
    noUpdates: '暂无进展。',
    reload: '刷新本页可看到最新进展。有新情况可以再报修。',
    statuses: REPAIR_STATUS_LABELS_ZH_CN,
  },
  en: {
    title: 'Already reported',
    since: 'Reported',
    reports: 'Residents who reported it',
    updates: 'Updates',
    noUpdates: 'No updates yet.',
    reload: 'Reload this page for the latest updates. Report again if something new happens.',
    statuses: REPAIR_STATUS_LABELS_EN,
  },
} as const;

export default async function incidentPage(app: FastifyInstance) {
  app.get('/p/:siteKey/incidents/:id', { schema: { hide: true, params: SiteItemParams } }, async (request, reply) => {
    const params = request.params as { siteKey: string; id: string };
    const { community } = await siteWithCommunity(app, params.siteKey);
    const repair = await findRepairById(app.db, community.id, params.id.toLowerCase());
    // A merged report is followed through its lead; spam is never shown.
    if (!repair || repair.spam || repair.incidentId) throw notFound('The page');
    const timeline = await listRepairUpdates(app.db, repair.id, { publicOnly: true });
    const merged = await listIncidentReports(app.db, community.id, repair.id);
    const lang: Language = community.defaultLanguage;
    const t = text[lang];
    const time = (at: Date | string) => {
      const iso = new Date(at).toISOString();
      const formatted = new Intl.DateTimeFormat(lang, {
        timeZone: community.timeZone,
        dateStyle: 'short',
        timeStyle: 'short',
        hourCycle: 'h23',
      }).format(new Date(at));
      return `<time datetime="${iso}">${escapeHtml(formatted)}</time>`;
    };
    const name = community.names[lang] ?? community.names['zh-CN'] ?? community.names.en ?? '';
    const category = repair.categoryNames[lang] ?? repair.categoryNames['zh-CN'] ?? repair.categoryNames.en ?? '';
    const where = [repair.buildingName, repair.unitName].filter(Boolean).join(' ');
    // Staff's updates only: a resident's confirmation shows its status, never their comment.
    const updates = timeline
      .filter((entry) => entry.kind !== 'created')
      .map((entry) => {
        const status = entry.status ? `<strong>${t.statuses[entry.status]}</strong> ` : '';
        const note = entry.authorType === 'staff' && entry.note ? escapeHtml(entry.note) : '';
        return `<li>${time(entry.createdAt)} ${status}${note}</li>`;
      });
    // Reached only from the repair widget's hint, by the incident's id: kept out of search engines.
    const html = htmlDocument({
      lang,
      title: `${t.title}: ${category} · ${name}`,
      head: [NO_INDEX],
      main: `<p>${escapeHtml(name)}</p>
    <h1>${t.title}: ${escapeHtml(category)}${where ? ` · ${escapeHtml(where)}` : ''}</h1>
    <p><strong>${t.statuses[repair.status]}</strong></p>
    <dl><dt>${t.since}</dt><dd>${time(repair.createdAt)}</dd><dt>${t.reports}</dt><dd>${1 + merged.length}</dd></dl>
    <section aria-labelledby="updates"><h2 id="updates">${t.updates}</h2>${
      updates.length ? `<ol>${updates.join('')}</ol>` : `<p>${t.noUpdates}</p>`
    }</section>
    <p>${t.reload}</p>`,
    });
    return sendDocument(reply, html);
  });
}
