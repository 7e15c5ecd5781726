// The inbox screen's strings. Both languages have the same keys (the type checks it).
import type { Translations } from '../internal/localize.js';

const en = {
  title: 'Inbox',
  intro: 'New suggestions and repair requests, newest first. The list updates by itself.',
  loading: 'Loading the inbox…',
  empty: 'Nothing new. Everything has been looked at.',
  count: (total: number, suggestions: number, repairs: number) =>
    `${total} new: ${suggestions} suggestion${suggestions === 1 ? '' : 's'}, ${repairs} repair request${repairs === 1 ? '' : 's'}.`,
  kinds: { suggestion: 'Suggestion', repair: 'Repair request', rota: 'Duty rota' } as Record<string, string>,
  reasons: {
    pending: 'Waiting for moderation',
    unanswered: 'Published, not answered yet',
    received: 'Not acknowledged or assigned yet',
    reopened: 'Reopened by the resident',
    flagged: 'Set aside as likely spam: check it',
    gap: 'Still needs households for this day',
  } as Record<string, string>,
  sectionsLabel: 'Inbox sections',
  sections: {
    new: (count?: number) => (count === undefined ? 'New' : `New (${count})`),
    review: (count?: number) => (count === undefined ? 'To review' : `To review (${count})`),
  },
  reviewEmpty: 'Nothing to review: nothing was set aside as spam.',
  reviewCount: (count: number) =>
    `${count} suggestion${count === 1 ? '' : 's'} set aside as likely spam. Publish what a resident wrote; reject or mark the rest as spam.`,
  received: 'Received',
  more: 'Show more',
  live: { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', closed: 'Not live: reload the page' },
  liveLabel: 'Live updates',
  errors: {
    network: 'The server could not be reached. Check your connection and try again.',
    COURTYARD_UNAUTHENTICATED: 'Your session has ended. Reload the page and sign in again.',
    unexpected: 'Something went wrong on the server. Try again in a moment.',
  } as Record<string, string>,
  retry: 'Try again',
};

export type InboxText = typeof en;

const zhCN: InboxText = {
  title: '待办',
  intro: '新收到的居民建议和报修，最新的在前。列表会自动更新。',
  loading: '正在加载待办…',
  empty: '没有新事项，都已处理。',
  count: (total, suggestions, repairs) => `共 ${total} 条新事项：建议 ${suggestions} 条，报修 ${repairs} 条。`,
  kinds: { suggestion: '建议', repair: '报修', rota: '值日表' },
  reasons: {
    pending: '等待审核',
    unanswered: '已公示，尚未答复',
    received: '尚未受理或派单',
    reopened: '居民要求重新处理',
    flagged: '疑似垃圾信息，请确认',
    gap: '这一天还缺值日户',
  },
  sectionsLabel: '待办分类',
  sections: {
    new: (count) => (count === undefined ? '新事项' : `新事项（${count}）`),
    review: (count) => (count === undefined ? '待确认' : `待确认（${count}）`),
  },
  reviewEmpty: '没有待确认的内容：没有被暂放为垃圾信息的建议。',
  reviewCount: (count) => `${count} 条建议被暂放为疑似垃圾信息。居民所写的请公示，其余的可设为不通过或标为垃圾信息。`,
  received: '收到时间',
  more: '查看更多',
  live: {
    connecting: '正在连接…',
    live: '实时更新中',
    reconnecting: '正在重新连接…',
    closed: '未实时更新：请刷新页面',
  },
  liveLabel: '实时更新',
  errors: {
    network: '无法连接服务器，请检查网络后重试。',
    COURTYARD_UNAUTHENTICATED: '登录已过期，请刷新页面后重新登录。',
    unexpected: '服务器出了点问题，请稍后再试。',
  },
  retry: '重试',
};

export const translations: Translations<InboxText> = { en, 'zh-CN': zhCN };
