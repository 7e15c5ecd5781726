// The demo community's places and categories: 蒲黄榆社区 (Puhuangyu, Fengtai/Dongcheng, Beijing), a 1980s
// estate of six-storey walk-ups, two flats per landing.
import type { NewBuilding, NewCategory } from '../repositories/communities.js';

export const suggestionCategories: NewCategory[] = [
  { kind: 'suggestion', slug: 'sanitation', names: { 'zh-CN': '环境卫生', en: 'Sanitation' } },
  { kind: 'suggestion', slug: 'greenery', names: { 'zh-CN': '绿化', en: 'Greenery' } },
  { kind: 'suggestion', slug: 'parking', names: { 'zh-CN': '停车', en: 'Parking' } },
  { kind: 'suggestion', slug: 'elderly-care', names: { 'zh-CN': '养老服务', en: 'Elderly care' } },
  { kind: 'suggestion', slug: 'safety', names: { 'zh-CN': '安全', en: 'Safety' } },
  { kind: 'suggestion', slug: 'other', names: { 'zh-CN': '其他', en: 'Other' } },
];

export const repairCategories: NewCategory[] = [
  { kind: 'repair', slug: 'water-leak', names: { 'zh-CN': '水管漏水', en: 'Water leak' } },
  { kind: 'repair', slug: 'elevator', names: { 'zh-CN': '电梯故障', en: 'Elevator fault' } },
  { kind: 'repair', slug: 'heating', names: { 'zh-CN': '供暖', en: 'Heating' } },
  { kind: 'repair', slug: 'gas', names: { 'zh-CN': '燃气', en: 'Gas' } },
  { kind: 'repair', slug: 'lighting', names: { 'zh-CN': '照明', en: 'Lighting' } },
  { kind: 'repair', slug: 'door-entry', names: { 'zh-CN': '门禁', en: 'Door entry' } },
  { kind: 'repair', slug: 'other', names: { 'zh-CN': '其他', en: 'Other' } },
];

const FLOORS = 6;

/** Each building stacks one layout: the floor areas (m²) of the two flats on every landing. */
const layouts: { name: string; units: number; areas: [number, number] }[] = [
  { name: '1号楼', units: 3, areas: [88.6, 62.3] },
  { name: '2号楼', units: 2, areas: [94.2, 71.5] },
  { name: '3号楼', units: 3, areas: [55.8, 78.9] },
];

export const buildings: NewBuilding[] = layouts.map((layout) => ({
  name: layout.name,
  units: Array.from({ length: layout.units }, (_, unitIndex) => ({
    name: `${unitIndex + 1}单元`,
    households: Array.from({ length: FLOORS }, (_, floorIndex) =>
      layout.areas.map((area, flatIndex) => ({
        room: `${floorIndex + 1}0${flatIndex + 1}`,
        floor: floorIndex + 1,
        floorArea: area.toFixed(2),
      })),
    ).flat(),
  })),
}));
