import type { TopicsKey } from './en.js';

export const topicsZhCN: Record<TopicsKey, string> = {
  topicsTitle: '议事协商',
  topicsEmpty: '暂时还没有议题。',
  topicsSupport: '支持',
  topicsSupports: '{count} 人支持',
  topicsNext: '下次议事会：{date}，{place}',
  topicsDecision: '{party}负责，{date}前完成',
  topicsCost: '费用 {cost} 元：{sharing}',
  topicsPassed: '业主表决：通过（共 {ballots} 票）',
  topicsFailed: '业主表决：未通过（共 {ballots} 票）',
  topicsSaid: '居民意见',
  topicsOpinion: '会前说说您的意见',
  topicsSend: '提交意见',
  topicsThanks: '谢谢！工作人员审阅后会公开。',
  status_proposed: '已立项',
  status_scheduled: '待议事',
  status_deliberated: '已议事',
  status_decided: '已决定',
  'status_in-progress': '实施中',
  status_done: '已完成',
  status_dropped: '已搁置',
};
