// DingTalk (钉钉) custom robot: https://open.dingtalk.com/document/robots/custom-robot-access — markdown
// message, `{ "msgtype": "markdown", "markdown": { "title": "…", "text": "…" } }`.
import { cardOf, inertMarkdown } from './card.js';
import type { RenderInput } from './index.js';

export function dingtalkMessage(input: RenderInput) {
  const card = cardOf(input);
  const text = [
    `#### ${inertMarkdown(card.title)}`,
    ...card.lines.map((line) => `> ${inertMarkdown(line)}`),
    `[${inertMarkdown(card.link.label)}](${card.link.url})`,
  ].join('\n\n');
  return { msgtype: 'markdown', markdown: { title: inertMarkdown(card.title), text } };
}
