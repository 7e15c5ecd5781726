// The poll form's fields as staff type them, and how they become the request the server takes (and back).
import type { CreatePollRequest, PatchPollRequest, StaffPoll } from '../api/polls.js';

export interface OptionDraft {
  label: string;
  approves: boolean;
}

export interface CostRowDraft {
  floor: string;
  percent: string;
}

export interface PollDraft {
  question: string;
  description: string;
  options: OptionDraft[];
  allowOther: boolean;
  otherLabel: string;
  selection: StaffPoll['selection'];
  maxChoices: number;
  /** `datetime-local` values, in the device's time. */
  opensAt: string;
  closesAt: string;
  eligibility: StaffPoll['eligibility'];
  visibility: StaffPoll['visibility'];
  /** An owners' decision (Civil Code art. 278): single choice, ballot codes, counted by households and area. */
  owners: boolean;
  approvalRule: StaffPoll['approvalRule'];
  /** `community`, `building:<id>` or `unit:<id>`. */
  scope: string;
  costRows: CostRowDraft[];
  pageUrl: string;
}

/** The form's request: a new poll's, with `costShares: null` meaning "remove them" on an edit. */
export type PollFields = Omit<CreatePollRequest, 'costShares'> & Pick<PatchPollRequest, 'costShares'>;

/** `datetime-local` value (device time) for an ISO time, and back. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

export function emptyDraft(otherLabel: string): PollDraft {
  return {
    question: '',
    description: '',
    options: [
      { label: '', approves: false },
      { label: '', approves: false },
    ],
    allowOther: false,
    otherLabel,
    selection: 'single',
    maxChoices: 2,
    opensAt: '',
    closesAt: '',
    eligibility: 'device',
    visibility: 'always',
    owners: false,
    approvalRule: 'majority',
    scope: 'community',
    costRows: [],
    pageUrl: '',
  };
}

export function draftOf(poll: StaffPoll, otherLabel: string): PollDraft {
  const other = poll.options.find((o) => o.isOther);
  return {
    question: poll.title,
    description: poll.description,
    options: poll.options.filter((o) => !o.isOther).map(({ label, approves }) => ({ label, approves })),
    allowOther: !!other,
    otherLabel: other ? other.label : otherLabel,
    selection: poll.selection,
    maxChoices: poll.maxChoices,
    opensAt: toLocalInput(poll.opensAt),
    closesAt: toLocalInput(poll.closesAt),
    eligibility: poll.eligibility,
    visibility: poll.visibility,
    owners: poll.decision === 'owners',
    approvalRule: poll.approvalRule,
    scope:
      poll.scope.type === 'unit'
        ? `unit:${poll.scope.unitId}`
        : poll.scope.type === 'building'
          ? `building:${poll.scope.buildingId}`
          : 'community',
    costRows:
      poll.costShares?.basis === 'floor'
        ? poll.costShares.rows.map((row) => ({ floor: String(row.floor ?? ''), percent: String(row.percent) }))
        : [],
    pageUrl: poll.pageUrl ?? '',
  };
}

export function fieldsOf(draft: PollDraft): PollFields {
  const [type, id] = draft.scope.split(':') as ['community' | 'building' | 'unit', string | undefined];
  const options: PollFields['options'] = draft.options.map(({ label, approves }) => ({
    label: label.trim(),
    ...(draft.owners && approves ? { approves: true } : {}),
  }));
  if (draft.allowOther) options.push({ label: draft.otherLabel.trim(), isOther: true });
  return {
    title: draft.question.trim(),
    description: draft.description.trim(),
    selection: draft.owners ? 'single' : draft.selection,
    ...(draft.selection === 'multiple' && !draft.owners ? { maxChoices: draft.maxChoices } : {}),
    visibility: draft.visibility,
    eligibility: draft.owners ? 'ballot-code' : draft.eligibility,
    decision: draft.owners ? 'owners' : 'none',
    approvalRule: draft.approvalRule,
    scope: type === 'community' ? { type } : type === 'building' ? { type, buildingId: id } : { type, unitId: id },
    pageUrl: draft.pageUrl.trim() || null,
    ...(draft.opensAt ? { opensAt: fromLocalInput(draft.opensAt) } : {}),
    closesAt: fromLocalInput(draft.closesAt) ?? null,
    options,
    costShares: draft.costRows.length
      ? {
          basis: 'floor',
          rows: draft.costRows.map((row) => ({ floor: Number(row.floor), percent: Number(row.percent) })),
        }
      : null,
  };
}

/** Fields the browser can check before sending: the names of the empty or malformed required ones. */
export function missingFields(draft: PollDraft): Set<string> {
  const missing = new Set<string>();
  if (!draft.question.trim()) missing.add('title');
  draft.options.forEach((option, index) => {
    if (!option.label.trim()) missing.add(`option-${index}`);
  });
  if (draft.allowOther && !draft.otherLabel.trim()) missing.add('other');
  draft.costRows.forEach((row, index) => {
    if (row.floor === '' || !Number.isInteger(Number(row.floor))) missing.add(`floor-${index}`);
    if (row.percent === '' || Number.isNaN(Number(row.percent))) missing.add(`percent-${index}`);
  });
  return missing;
}
