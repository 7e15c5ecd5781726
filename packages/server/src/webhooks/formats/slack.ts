// Slack incoming webhook: https://api.slack.com/messaging/webhooks — `{ "text": fallback, "blocks": [...] }`
// with a header and an mrkdwn section. `&`, `<` and `>` are escaped as Slack asks, so text cannot form links
// or mentions.
import { cardOf } from './card.js';
import type { RenderInput } from './index.js';

const escapeSlack = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackMessage(input: RenderInput) {
  const card = cardOf(input);
  const body = [...card.lines.map(escapeSlack), `<${card.link.url}|${escapeSlack(card.link.label)}>`].join('\n');
  return {
    text: escapeSlack(`${card.title}: ${card.lines[0] ?? ''}`.slice(0, 300)),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: card.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: body } },
    ],
  };
}
