// What the invitation and reset pages call without a session: the token from the link proves who it is for.
import type { StaffLinkLookup } from '@courtyard/protocol';
import { adminRequest } from './request.js';

export type { StaffLinkLookup };

export function lookUpLink(token: string): Promise<StaffLinkLookup> {
  return adminRequest<StaffLinkLookup>('POST', 'staff-links/lookup', { token });
}

export function acceptLink(token: string, password: string): Promise<{ email: string }> {
  return adminRequest<{ email: string }>('POST', 'staff-links/accept', { token, password });
}
