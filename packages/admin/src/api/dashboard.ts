// The dashboard's figures (GET /admin/api/dashboard).
import { adminRequest } from './request.js';

type Names = { 'zh-CN'?: string; en?: string };

export interface DashboardFigures {
  weeks: number;
  timeZone: string;
  perWeek: {
    week: string;
    startsOn: string;
    suggestions: { received: number; answered: number };
    repairs: { received: number; answered: number; resolved: number };
  }[];
  byCategory: { kind: 'suggestion' | 'repair'; categoryId: string | null; names: Names | null; received: number }[];
  medians: {
    suggestionFirstResponse: number | null;
    repairFirstResponse: number | null;
    repairResolution: number | null;
  };
  youSaidWeDid: {
    id: string;
    text: string;
    status: 'adopted' | 'done';
    response: string;
    respondedAt: string;
    supportCount: number;
  }[];
}

export function fetchDashboard(weeks: number): Promise<DashboardFigures> {
  return adminRequest<DashboardFigures>('GET', `dashboard?weeks=${weeks}`);
}

/** The community's polls, newest first, to pick one whose results to export. */
export async function fetchPollChoices(): Promise<{ id: string; title: string }[]> {
  const page = await adminRequest<{ items: { id: string; title: string }[] }>('GET', 'polls');
  return page.items.map(({ id, title }) => ({ id, title }));
}
