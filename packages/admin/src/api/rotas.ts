// The Duty rotas screen's calls to /admin/api/rotas. The shapes are the server's schemas, so a change on either
// side is a compile error here.
import type { EditRotaBody, NewRotaBody, RotaCoverageBody, StaffRotaBody } from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type { NewRotaBody, RotaCoverageBody, StaffRotaBody } from '@courtyard/protocol/schemas';

const path = (id: string, rest = '') => `rotas/${encodeURIComponent(id)}${rest}`;

export const listRotas = () => adminRequest<{ items: StaffRotaBody[] }>('GET', 'rotas');
export const createRota = (input: NewRotaBody) => adminRequest<StaffRotaBody>('POST', 'rotas', input);
export const rotaCoverage = (id: string, from?: string) =>
  adminRequest<RotaCoverageBody>('GET', path(id, `/coverage${from ? `?from=${from}` : ''}`));
export const editRota = (id: string, changes: EditRotaBody) => adminRequest<StaffRotaBody>('PATCH', path(id), changes);
export const closeRota = (id: string) => adminRequest<StaffRotaBody>('POST', path(id, '/close'));
export const removeDuty = (id: string, dutyId: string) =>
  adminRequest<{ id: string }>('DELETE', path(id, `/signups/${encodeURIComponent(dutyId)}`));
export const issueRotaCodes = (id: string) =>
  adminRequest<{ items: { room: string; code: string }[] }>('POST', path(id, '/codes'));
