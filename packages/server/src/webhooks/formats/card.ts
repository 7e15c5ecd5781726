// The short message a chat group gets, in the community's language: a title, a few lines, a console link.
// Every bot format is drawn from this one card.
import {
  REPAIR_STATUS_LABELS_EN,
  REPAIR_STATUS_LABELS_ZH_CN,
  SUGGESTION_STATUS_LABELS_EN,
  SUGGESTION_STATUS_LABELS_ZH_CN,
  TOPIC_STATUS_LABELS_EN,
  TOPIC_STATUS_LABELS_ZH_CN,
} from '@courtyard/protocol/status-labels';
import { noticeKindLabel, noticeScopeLabel, placeLabel } from '../../notices/scope-label.js';
import { cardUrl, clip, communityName, type DeliveryData, type Language, type NoticeSubject } from '../event-data.js';
import type { RenderInput } from './index.js';

export interface Card {
  language: Language;
  title: string;
  lines: string[];
  link: { label: string; url: string };
}

const EXCERPT = 120;

/**
 * Resident text in a chat message, shortened, with phone numbers a resident typed into it masked
 * (138••••8000): a chat group is a wider audience than the console.
 */
function excerpt(text: string): string {
  return clip(text, EXCERPT).replace(/(?<!\d)(\d[\d -]{5,}\d)(?!\d)/g, (match) => {
    const digits = match.replace(/\D/g, '');
    const date = /^\d{4}-\d{1,2}-\d{1,2}$/.test(match);
    return digits.length < 7 || date ? match : `${digits.slice(0, 3)}••••${digits.slice(-4)}`;
  });
}

const text = {
  en: {
    titles: {
      'suggestion.created': 'New suggestion',
      'suggestion.published': 'Suggestion published',
      'suggestion.answered': 'Suggestion answered',
      'repair.created': 'New repair request',
      'repair.updated': 'Repair request updated',
      'repair.confirmed': 'Resident confirmed the repair',
      'poll.opened': 'Poll opened',
      'poll.closed': 'Poll closed',
      'notice.published': 'Notice',
      'notice.updated': 'Notice update',
      'notice.closed': 'Notice closed',
      'topic.changed': 'Topic update',
      'meeting.scheduled': 'Meeting scheduled',
      'decision.recorded': 'Decision recorded',
      'rota.gap': 'Duty rota: tomorrow still needs households',
      'webhook.test': 'Test message',
    } as Record<string, string>,
    status: 'Status',
    answer: 'Answer',
    note: 'Note',
    test: 'This is a test message from Courtyard: this group will be notified here.',
    open: 'Open in the Courtyard console',
    openNotice: 'Read the notice',
    openTopic: 'Read the topic',
    topicStatus: TOPIC_STATUS_LABELS_EN as Record<string, string>,
    expectedEnd: 'Expected to end',
    update: 'Update',
    closed: 'Closed',
    suggestionStatus: SUGGESTION_STATUS_LABELS_EN as Record<string, string>,
    repairStatus: REPAIR_STATUS_LABELS_EN as Record<string, string>,
    quote: (value: string) => `“${value}”`,
    rotaOpen: (date: string, open: number) => `${date}: ${open} ${open === 1 ? 'place' : 'places'} open`,
  },
  'zh-CN': {
    titles: {
      'suggestion.created': '收到新建议',
      'suggestion.published': '建议已公开',
      'suggestion.answered': '建议已答复',
      'repair.created': '收到新报修',
      'repair.updated': '报修进度更新',
      'repair.confirmed': '居民已确认修好',
      'poll.opened': '投票已开始',
      'poll.closed': '投票已结束',
      'notice.published': '通知',
      'notice.updated': '通知进展',
      'notice.closed': '通知结束',
      'topic.changed': '议题进展',
      'meeting.scheduled': '议事会已安排',
      'decision.recorded': '议题已有决定',
      'rota.gap': '值日表：明天还缺人',
      'webhook.test': '测试消息',
    } as Record<string, string>,
    status: '状态',
    answer: '答复',
    note: '说明',
    test: '这是一条来自 Courtyard 的测试消息：本群将在这里收到通知。',
    open: '在 Courtyard 管理后台查看',
    openNotice: '查看通知',
    openTopic: '查看议题',
    topicStatus: TOPIC_STATUS_LABELS_ZH_CN as Record<string, string>,
    expectedEnd: '预计结束',
    update: '进展',
    closed: '已结束',
    suggestionStatus: SUGGESTION_STATUS_LABELS_ZH_CN as Record<string, string>,
    repairStatus: REPAIR_STATUS_LABELS_ZH_CN as Record<string, string>,
    quote: (value: string) => `「${value}」`,
    rotaOpen: (date: string, open: number) => `${date}：还缺 ${open} 户`,
  },
} as const;

export function cardOf(input: RenderInput): Card {
  const { data } = input;
  const language = data.community.language;
  const t = text[language];
  const title = `${t.titles[input.type] ?? input.type} · ${communityName(data.community)}`;
  return {
    language,
    title,
    lines: linesOf(data, t),
    link: {
      label:
        data.subject.kind === 'notice' && data.subject.siteKey
          ? t.openNotice
          : data.subject.kind === 'topic' && data.subject.siteKey
            ? t.openTopic
            : t.open,
      url: cardUrl(input.publicUrl, data.subject),
    },
  };
}

function linesOf(data: DeliveryData, t: (typeof text)[Language]): string[] {
  const subject = data.subject;
  switch (subject.kind) {
    case 'suggestion':
      return [
        t.quote(excerpt(subject.text)),
        `${t.status}: ${t.suggestionStatus[subject.status] ?? subject.status}`,
        ...(subject.response ? [`${t.answer}: ${excerpt(subject.response)}`] : []),
      ];
    case 'repair': {
      // Never the tracking code: a chat group is wider than the resident it was given to (the link names it).
      const category = subject.category?.[data.community.language] ?? subject.category?.['zh-CN'];
      return [
        ...(category ? [category] : []),
        t.quote(excerpt(subject.description)),
        `${t.status}: ${t.repairStatus[subject.status] ?? subject.status}`,
        ...(subject.note ? [`${t.note}: ${excerpt(subject.note)}`] : []),
      ];
    }
    case 'poll':
      return [t.quote(clip(subject.title, EXCERPT))];
    case 'notice':
      return noticeLines(subject, data.community.language, t);
    case 'topic':
      return [
        t.quote(excerpt(subject.title)),
        `${t.status}: ${t.topicStatus[subject.status] ?? subject.status}`,
        ...(subject.detail ? [excerpt(subject.detail)] : []),
      ];
    case 'rota':
      return [
        placeLabel([subject.buildingName, subject.unitName], data.community.language),
        t.quote(clip(subject.title, EXCERPT)),
        t.rotaOpen(subject.date, subject.open),
      ];
    case 'test':
      return [t.test];
  }
}

/** Where, what, until when, and the news of this event: the update, or the closing words. */
function noticeLines(subject: NoticeSubject, language: Language, t: (typeof text)[Language]): string[] {
  const time = (iso: string) =>
    new Intl.DateTimeFormat(language, {
      timeZone: subject.timeZone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  return [
    `${noticeKindLabel(subject.noticeKind, language)} · ${noticeScopeLabel(subject.scope, language)}`,
    t.quote(excerpt(subject.title)),
    ...(subject.update
      ? [`${t.update}: ${excerpt(subject.update)}`]
      : subject.closingText
        ? [`${t.closed}: ${excerpt(subject.closingText)}`]
        : subject.body
          ? [excerpt(subject.body)]
          : []),
    ...(subject.expectedEndAt && !subject.closedAt ? [`${t.expectedEnd}: ${time(subject.expectedEndAt)}`] : []),
  ];
}

/**
 * Makes resident text inert in chat markdown (WeCom, DingTalk): the characters that start links, emphasis,
 * headings or HTML become their full-width forms, so a resident cannot plant a link or a mention.
 */
export function inertMarkdown(value: string): string {
  const map: Record<string, string> = {
    '[': '［',
    ']': '］',
    '(': '（',
    ')': '）',
    '<': '＜',
    '>': '＞',
    '*': '＊',
    _: '＿',
    '#': '＃',
    '`': '｀',
    '~': '～',
    '@': '＠',
    '!': '！',
    '|': '｜',
  };
  return value.replace(/[[\]()<>*_#`~@!|]/g, (char) => map[char] ?? char);
}
