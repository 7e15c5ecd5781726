// The Polls screen's calls to /admin/api (polls, ballot codes, paper ballots, results, scopes).
import { adminRequest } from './request.js';

export type Visibility = 'always' | 'after-voting' | 'after-close' | 'staff-only';
export type ScopeType = 'community' | 'building' | 'unit';

export interface PollOption {
  id: string;
  label: string;
  isOther: boolean;
  approves: boolean;
}

export interface PollScope {
  type: ScopeType;
  buildingId?: string | null;
  unitId?: string | null;
}

export interface CostShares {
  basis: 'floor' | 'household';
  rows: { floor?: number; householdId?: string; percent: number }[];
}

export interface StaffPoll {
  id: string;
  title: string;
  description: string;
  selection: 'single' | 'multiple';
  maxChoices: number;
  visibility: Visibility;
  eligibility: 'device' | 'ballot-code';
  decision: 'none' | 'owners';
  approvalRule: 'majority' | 'three-quarters';
  state: 'scheduled' | 'open' | 'closed';
  opensAt: string;
  closesAt: string | null;
  timeZone: string;
  options: PollOption[];
  scope: { type: ScopeType; buildingId: string | null; unitId: string | null };
  pageUrl: string | null;
  ballotUrl: string;
  costShares: CostShares | null;
  createdAt: string;
}

/** What the create form sends; a PATCH sends the same fields (the rules only before codes or votes). */
export interface PollInput {
  title: string;
  description: string;
  selection: 'single' | 'multiple';
  maxChoices?: number;
  visibility: Visibility;
  eligibility: 'device' | 'ballot-code';
  decision: 'none' | 'owners';
  approvalRule: 'majority' | 'three-quarters';
  scope: { type: ScopeType; buildingId?: string; unitId?: string };
  pageUrl: string | null;
  opensAt?: string;
  closesAt: string | null;
  options: { label: string; isOther?: boolean; approves?: boolean }[];
  costShares?: CostShares | null;
}

export interface Dimensions {
  households: number;
  area: number;
}

export interface PollResults {
  pollId: string;
  state: StaffPoll['state'];
  ballots: number;
  options: { id: string; label: string; votes: number; area: number | null }[];
  owners: {
    rule: 'majority' | 'three-quarters';
    eligible: Dimensions;
    participating: Dimensions;
    approving: Dimensions;
    quorumMet: boolean;
    passed: boolean;
  } | null;
  otherTexts: string[];
}

export interface IssuedCode {
  id: string;
  label: string;
  code: string;
  floorArea: number | null;
  url: string;
  /** data:image/svg+xml URL rendered by the server. */
  qrCode: string;
}

export interface CodeStatus {
  id: string;
  label: string;
  floorArea: number | null;
  used: boolean;
  revoked: boolean;
  createdAt: string;
}

export interface Building {
  id: string;
  name: string;
  units: { id: string; name: string; households: number; householdsWithArea: number }[];
}

export interface CodesRequest {
  scope: { type: ScopeType; buildingId?: string; unitId?: string };
  count?: number;
  households?: { label: string; area?: number; floor?: number }[];
}

const path = (id: string, rest = '') => `polls/${encodeURIComponent(id)}${rest}`;

export const listPolls = () => adminRequest<{ items: StaffPoll[] }>('GET', 'polls');
export const getPoll = (id: string) => adminRequest<StaffPoll>('GET', path(id));
export const createPoll = (input: PollInput) => adminRequest<StaffPoll>('POST', 'polls', input);
export const updatePoll = (id: string, changes: Partial<PollInput>) =>
  adminRequest<StaffPoll>('PATCH', path(id), changes);
export const closePoll = (id: string) => adminRequest<StaffPoll>('POST', path(id, '/close'));
export const pollResults = (id: string) => adminRequest<PollResults>('GET', path(id, '/results'));
export const listCodes = (id: string) => adminRequest<{ items: CodeStatus[] }>('GET', path(id, '/ballot-codes'));
export const issueCodes = (id: string, request: CodesRequest) =>
  adminRequest<{ items: IssuedCode[] }>('POST', path(id, '/ballot-codes'), request);
export const reissueCode = (id: string, codeId: string) =>
  adminRequest<{ items: IssuedCode[] }>('POST', path(id, `/ballot-codes/${encodeURIComponent(codeId)}/reissue`));
export const enterPaperBallot = (id: string, body: { ballotCode: string; optionIds: string[]; otherText?: string }) =>
  adminRequest<{ ballotId: string; label: string; votedAt: string }>('POST', path(id, '/paper-ballots'), body);
export const listScopes = () => adminRequest<{ items: Building[] }>('GET', 'poll-scopes');
