import type { BoardKey } from './en.js';

export const boardZhCN: Record<BoardKey, string> = {
  boardTitle: '居民意见公示',
  boardSort: '排序',
  boardNewest: '最新',
  boardSupported: '支持最多',
  boardEmpty: '暂时还没有公示的建议。',
  boardMore: '查看更多',
  boardResponse: '官方答复（{date}）',
  boardSupport: '支持',
  boardSupports: '{count} 人支持',
  boardSent: '提交于 {date}',
  boardPending: '等待社区工作人员审核。',
  boardRejected: '未在公示栏公开。',
  boardMerged: '已与类似建议合并，支持数计入该建议。',
  boardTopic: '您的建议已列入议题：',
  boardDiscussed: '已列入议题：',
  status_received: '已收到',
  status_under_review: '办理中',
  status_adopted: '已采纳',
  status_declined: '未采纳',
  status_done: '已完成',
};
