// WeCom (企业微信) group bot: https://developer.work.weixin.qq.com/document/path/91770 — markdown message,
// `{ "msgtype": "markdown", "markdown": { "content": "…" } }`, content at most 4096 bytes.
import { cardOf, inertMarkdown } from './card.js';
import type { RenderInput } from './index.js';

export function wecomMessage(input: RenderInput) {
  const card = cardOf(input);
  const content = [
    `**${inertMarkdown(card.title)}**`,
    ...card.lines.map((line) => `> ${inertMarkdown(line)}`),
    `[${inertMarkdown(card.link.label)}](${card.link.url})`,
  ].join('\n');
  return { msgtype: 'markdown', markdown: { content } };
}
