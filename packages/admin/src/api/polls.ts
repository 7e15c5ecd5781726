// The Polls screen's calls to /admin/api (polls, ballot codes, paper ballots, results, scopes). The shapes are
// the server's schemas, so a change on either side is a compile error here.
import type {
  BallotCodesRequest,
  CreatePollRequest,
  IssuedBallotCodes,
  PaperBallotRequest,
  PaperBallotResponse,
  PatchPollRequest,
  PollScopes,
  StaffBallotCodes,
  StaffPoll,
  StaffPollList,
  StaffPollResults,
} from '@courtyard/protocol/schemas';
import { adminRequest } from './request.js';

export type {
  BallotCodesRequest,
  CreatePollRequest,
  IssuedBallotCode,
  PatchPollRequest,
  StaffBallotCode,
  StaffPoll,
  StaffPollResults,
} from '@courtyard/protocol/schemas';
/** A building of the community with its units (stairwells), where a poll or its codes may be scoped. */
export type ScopeBuilding = PollScopes['items'][number];

const path = (id: string, rest = '') => `polls/${encodeURIComponent(id)}${rest}`;

export const listPolls = () => adminRequest<StaffPollList>('GET', 'polls');
export const getPoll = (id: string) => adminRequest<StaffPoll>('GET', path(id));
export const createPoll = (input: CreatePollRequest) => adminRequest<StaffPoll>('POST', 'polls', input);
export const updatePoll = (id: string, changes: PatchPollRequest) =>
  adminRequest<StaffPoll>('PATCH', path(id), changes);
export const closePoll = (id: string) => adminRequest<StaffPoll>('POST', path(id, '/close'));
export const pollResults = (id: string) => adminRequest<StaffPollResults>('GET', path(id, '/results'));
export const listCodes = (id: string) => adminRequest<StaffBallotCodes>('GET', path(id, '/ballot-codes'));
export const issueCodes = (id: string, request: BallotCodesRequest) =>
  adminRequest<IssuedBallotCodes>('POST', path(id, '/ballot-codes'), request);
export const reissueCode = (id: string, codeId: string) =>
  adminRequest<IssuedBallotCodes>('POST', path(id, `/ballot-codes/${encodeURIComponent(codeId)}/reissue`));
export const enterPaperBallot = (id: string, body: PaperBallotRequest) =>
  adminRequest<PaperBallotResponse>('POST', path(id, '/paper-ballots'), body);
export const listScopes = () => adminRequest<PollScopes>('GET', 'poll-scopes');
