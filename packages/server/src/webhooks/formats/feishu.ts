// Feishu (飞书) / Lark custom bot: https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot — rich
// text, `{ "msg_type": "post", "content": { "post": { "zh_cn": { "title", "content": [[tags…]] } } } }`.
// Tags carry plain text, so resident text needs no escaping here.
import { cardOf } from './card.js';
import type { RenderInput } from './index.js';

export function feishuMessage(input: RenderInput) {
  const card = cardOf(input);
  const locale = card.language === 'zh-CN' ? 'zh_cn' : 'en_us';
  return {
    msg_type: 'post',
    content: {
      post: {
        [locale]: {
          title: card.title,
          content: [
            ...card.lines.map((line) => [{ tag: 'text', text: line }]),
            [{ tag: 'a', text: card.link.label, href: card.link.url }],
          ],
        },
      },
    },
  };
}
