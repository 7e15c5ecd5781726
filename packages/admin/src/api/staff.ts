// The community's staff for admins (/admin/api/staff): invitations, reset links, roles, deactivation.
import type {
  InviteStaffRequest,
  ManagedStaffAccount,
  ManagedStaffList,
  StaffLinkResponse,
  UpdateStaffRequest,
} from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type { ManagedStaffAccount, StaffLinkResponse, StaffRole } from '@courtyard/protocol/schemas';

export async function listStaff(): Promise<ManagedStaffAccount[]> {
  const all: ManagedStaffAccount[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `staff?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: ManagedStaffList = await adminRequest('GET', query);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export function inviteStaff(input: InviteStaffRequest) {
  return adminRequest<StaffLinkResponse>('POST', 'staff/invitations', input);
}

export function reissueInvitation(staffId: string) {
  return adminRequest<StaffLinkResponse>('POST', `staff/${encodeURIComponent(staffId)}/invitation`);
}

export function createResetLink(staffId: string) {
  return adminRequest<StaffLinkResponse>('POST', `staff/${encodeURIComponent(staffId)}/password-reset`);
}

export function updateStaff(staffId: string, change: UpdateStaffRequest) {
  return adminRequest<ManagedStaffAccount>('PATCH', `staff/${encodeURIComponent(staffId)}`, change);
}
