import type { BoxKey } from './en.js';

export const boxZhCN: Record<BoxKey, string> = {
  boxTitle: '提意见建议',
  boxText: '您的意见或建议',
  boxCount: '{count} / {max} 字',
  boxTooLong: '请精简到 {max} 字以内。',
  boxEmpty: '请先填写您的意见或建议。',
  boxCategory: '类别（选填）',
  boxNoCategory: '请选择类别',
  boxPhoto: '照片（选填）',
  boxName: '您的称呼（选填）',
  boxPhone: '联系电话（选填）',
  boxPrivate: '仅社区工作人员可见。',
  boxConsent: '默认匿名。工作人员可能会在公示栏公开您的建议，但不会公开您的姓名和电话。',
  boxSimilar: '已有类似建议，要不要直接支持？',
  boxSupport: '支持',
  boxSupported: '已支持',
  boxThanks: '谢谢！您的建议已收到。',
  boxFollowCode: '您的查询码：{code}',
  boxFollowLink: '查看办理进度',
  boxAnother: '再提一条建议',
};
