// Hosted pages: plain pages under /p/… the service serves itself, for follow and tracking links, QR codes
// and the console's previews, when a community has no page of its own. Every one is registered here; a
// feature adds its page as a file in this folder and a line below. Headers come from ../page-security.ts.
import type { FastifyInstance } from 'fastify';
import followPage from './follow.js';
import incidentPage from './incidents.js';
import noticePages from './notices.js';
import pollPages from './polls.js';
import previewPages from './preview.js';
import rotaPages from './rotas.js';
import topicPages from './topics.js';
import trackPage from './track.js';

export default async function hostedPages(app: FastifyInstance) {
  await app.register(followPage);
  await app.register(trackPage);
  await app.register(pollPages);
  await app.register(previewPages);
  await app.register(noticePages);
  await app.register(topicPages);
  await app.register(incidentPage);
  await app.register(rotaPages);
}
