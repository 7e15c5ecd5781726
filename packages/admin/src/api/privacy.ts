// Erasing a submission's personal data on the resident's request (/admin/api/{repairs,suggestions}/{id}/personal-data).
import type { StaffErasure } from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type { StaffErasure };
export type ErasedKind = 'repairs' | 'suggestions';

/** Any staff member may; the server records who did it in the audit log. */
export const erasePersonalData = (kind: ErasedKind, id: string) =>
  adminRequest<StaffErasure>('DELETE', `${kind}/${encodeURIComponent(id)}/personal-data`);
