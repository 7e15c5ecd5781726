// What the invitation and reset pages call without a session: the token from the link proves who it is for.
import type {
  StaffLinkAcceptRequest,
  StaffLinkAcceptResponse,
  StaffLinkLookupRequest,
  StaffLinkLookupResponse,
} from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type StaffLinkLookup = StaffLinkLookupResponse;

export function lookUpLink(token: string): Promise<StaffLinkLookup> {
  return adminRequest<StaffLinkLookup>('POST', 'staff-links/lookup', { token } satisfies StaffLinkLookupRequest);
}

export function acceptLink(token: string, password: string): Promise<StaffLinkAcceptResponse> {
  return adminRequest<StaffLinkAcceptResponse>('POST', 'staff-links/accept', {
    token,
    password,
  } satisfies StaffLinkAcceptRequest);
}
