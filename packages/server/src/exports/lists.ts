// What each export holds: its columns (headed in the staff member's language) and how a row becomes cells.
// Contact columns (a resident's name, phone, email) are marked: only admins get them (docs/admin-guide/exports.md).
import type { LocalizedText } from '../db/schema.js';
import type { AuditExportRow, RepairExportRow, SuggestionExportRow } from '../repositories/exports.js';
import type { Cell } from './csv.js';

export type Language = 'zh-CN' | 'en';

export interface Column<Row> {
  header: Record<Language, string>;
  /** A resident's contact details: left out unless the staff member may see them. */
  contact?: boolean;
  value(row: Row, language: Language): Cell;
}

const named = (names: LocalizedText | null, language: Language) =>
  names ? (names[language] ?? names['zh-CN'] ?? names.en ?? '') : '';

export const suggestionColumns: Column<SuggestionExportRow>[] = [
  { header: { en: 'id', 'zh-CN': '编号' }, value: (row) => row.id },
  { header: { en: 'received', 'zh-CN': '提交时间' }, value: (row) => row.createdAt },
  { header: { en: 'category', 'zh-CN': '类别' }, value: (row, language) => named(row.category, language) },
  { header: { en: 'text', 'zh-CN': '内容' }, value: (row) => row.text },
  { header: { en: 'moderation', 'zh-CN': '审核' }, value: (row) => row.moderation },
  { header: { en: 'status', 'zh-CN': '状态' }, value: (row) => row.status },
  { header: { en: 'supports', 'zh-CN': '支持数' }, value: (row) => row.supportCount },
  { header: { en: 'response', 'zh-CN': '官方答复' }, value: (row) => row.response },
  { header: { en: 'responded', 'zh-CN': '答复时间' }, value: (row) => row.respondedAt },
  { header: { en: 'internal note', 'zh-CN': '内部备注' }, value: (row) => row.note },
  { header: { en: 'follow code', 'zh-CN': '查询码' }, value: (row) => row.followCode },
  { header: { en: 'site', 'zh-CN': '站点' }, value: (row) => row.siteKey },
  { header: { en: 'merged into', 'zh-CN': '合并到' }, value: (row) => row.mergedIntoId },
  { header: { en: 'name', 'zh-CN': '姓名' }, contact: true, value: (row) => row.authorName },
  { header: { en: 'phone', 'zh-CN': '电话' }, contact: true, value: (row) => row.phone },
];

export const repairColumns: Column<RepairExportRow>[] = [
  { header: { en: 'id', 'zh-CN': '编号' }, value: (row) => row.id },
  { header: { en: 'tracking code', 'zh-CN': '跟踪码' }, value: (row) => row.trackingCode },
  { header: { en: 'received', 'zh-CN': '报修时间' }, value: (row) => row.createdAt },
  { header: { en: 'updated', 'zh-CN': '更新时间' }, value: (row) => row.updatedAt },
  { header: { en: 'status', 'zh-CN': '状态' }, value: (row) => row.status },
  { header: { en: 'category', 'zh-CN': '类别' }, value: (row, language) => named(row.category, language) },
  { header: { en: 'building', 'zh-CN': '楼栋' }, value: (row) => row.building },
  { header: { en: 'unit', 'zh-CN': '单元' }, value: (row) => row.unit },
  { header: { en: 'room', 'zh-CN': '房号' }, value: (row) => row.room },
  { header: { en: 'location', 'zh-CN': '位置' }, value: (row) => row.locationText },
  { header: { en: 'description', 'zh-CN': '描述' }, value: (row) => row.description },
  { header: { en: 'preferred time', 'zh-CN': '方便时间' }, value: (row) => row.preferredTime },
  { header: { en: 'assignee', 'zh-CN': '负责人' }, value: (row) => row.assignee },
  { header: { en: 'source', 'zh-CN': '来源' }, value: (row) => row.source },
  { header: { en: 'spam', 'zh-CN': '疑似垃圾' }, value: (row) => row.spam },
  { header: { en: 'rating', 'zh-CN': '评分' }, value: (row) => row.rating },
  { header: { en: 'contact name', 'zh-CN': '联系人' }, contact: true, value: (row) => row.contactName },
  { header: { en: 'contact phone', 'zh-CN': '联系电话' }, contact: true, value: (row) => row.contactPhone },
  { header: { en: 'contact email', 'zh-CN': '联系邮箱' }, contact: true, value: (row) => row.contactEmail },
];

export const auditColumns: Column<AuditExportRow>[] = [
  { header: { en: 'id', 'zh-CN': '编号' }, value: (row) => row.id },
  { header: { en: 'when', 'zh-CN': '时间' }, value: (row) => row.createdAt },
  { header: { en: 'actor type', 'zh-CN': '操作者类型' }, value: (row) => row.actorType },
  { header: { en: 'actor email', 'zh-CN': '操作者邮箱' }, value: (row) => row.actorEmail },
  { header: { en: 'actor name', 'zh-CN': '操作者' }, value: (row) => row.actorName },
  { header: { en: 'action', 'zh-CN': '操作' }, value: (row) => row.action },
  { header: { en: 'subject type', 'zh-CN': '对象类型' }, value: (row) => row.subjectType },
  { header: { en: 'subject id', 'zh-CN': '对象编号' }, value: (row) => row.subjectId },
  { header: { en: 'before', 'zh-CN': '修改前' }, value: (row) => row.before },
  { header: { en: 'after', 'zh-CN': '修改后' }, value: (row) => row.after },
];

export interface PollResultRow {
  kind: 'option' | 'ballots' | 'eligible' | 'participating' | 'approving';
  label: string;
  votes: number | null;
  households: number | null;
  area: number | null;
}

export const pollResultColumns: Column<PollResultRow>[] = [
  { header: { en: 'row', 'zh-CN': '行' }, value: (row) => row.kind },
  { header: { en: 'option', 'zh-CN': '选项' }, value: (row) => row.label },
  { header: { en: 'votes', 'zh-CN': '票数' }, value: (row) => row.votes },
  { header: { en: 'households', 'zh-CN': '户数' }, value: (row) => row.households },
  { header: { en: 'area m²', 'zh-CN': '面积（平方米）' }, value: (row) => row.area },
];

/** The columns this staff member may have, and functions to head and fill them. */
export function visibleColumns<Row>(columns: Column<Row>[], withContact: boolean) {
  return columns.filter((column) => withContact || !column.contact);
}

export const headerOf = <Row>(columns: Column<Row>[], language: Language) =>
  columns.map((column) => column.header[language]);

export const cellsOf = <Row>(columns: Column<Row>[], row: Row, language: Language) =>
  columns.map((column) => column.value(row, language));
