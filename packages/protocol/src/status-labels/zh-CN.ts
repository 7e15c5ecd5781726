// The statuses in Chinese, as residents read them in the widgets; the hosted pages, the chat-group cards and
// the staff console use the same words, so one state has one name wherever a resident or staff member sees it.
import type { RepairStatusLabels, SuggestionStatusLabels, TopicStatusLabels } from './types.js';

export const REPAIR_STATUS_LABELS_ZH_CN: RepairStatusLabels = {
  received: '已受理',
  acknowledged: '已确认',
  scheduled: '已安排',
  in_progress: '维修中',
  resolved: '已修好',
  closed: '已完结',
  reopened: '已重新打开',
};

export const TOPIC_STATUS_LABELS_ZH_CN: TopicStatusLabels = {
  proposed: '已立项',
  scheduled: '待议事',
  deliberated: '已议事',
  decided: '已决定',
  'in-progress': '实施中',
  done: '已完成',
  dropped: '已搁置',
};

export const SUGGESTION_STATUS_LABELS_ZH_CN: SuggestionStatusLabels = {
  received: '已收到',
  under_review: '办理中',
  adopted: '已采纳',
  declined: '未采纳',
  done: '已完成',
};
