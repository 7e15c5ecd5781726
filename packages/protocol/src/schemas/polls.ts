// Polls: the public ballot and results, and the staff API that creates polls and ballot codes.
import { type Static, Type } from '@sinclair/typebox';
import { Limits } from '../limits.js';
import { Id, IsoDateTime, Page, SiteKeyParam, Text } from './common.js';

export const PollLimits = { title: 200, description: 2000, option: 200, otherText: 200, options: 50 } as const;
/** Ballot codes as printed: 10 Crockford base32 characters (50 bits), dashes and spaces ignored. */
export const BALLOT_CODE_PATTERN = '^[0-9A-Za-z -]{10,16}$';
export const VOTER_TOKEN_PATTERN = '^[A-Za-z0-9_-]{16,64}$';
export const RECEIPT_PATTERN = '^[A-Za-z0-9_-]{16,64}$';

const BallotCode = Type.String({ minLength: 10, maxLength: 16, pattern: BALLOT_CODE_PATTERN });
const Num = Type.Number();

export const PollSelection = Type.Union([Type.Literal('single'), Type.Literal('multiple')]);
export const PollVisibility = Type.Union([
  Type.Literal('always'),
  Type.Literal('after-voting'),
  Type.Literal('after-close'),
  Type.Literal('staff-only'),
]);
export const PollEligibility = Type.Union([Type.Literal('device'), Type.Literal('ballot-code')]);
export const PollDecision = Type.Union([Type.Literal('none'), Type.Literal('owners')]);
export const PollApprovalRule = Type.Union([Type.Literal('majority'), Type.Literal('three-quarters')]);
export const PollState = Type.Union([Type.Literal('scheduled'), Type.Literal('open'), Type.Literal('closed')]);
export const BallotScopeType = Type.Union([Type.Literal('community'), Type.Literal('building'), Type.Literal('unit')]);

export const PollParams = Type.Object(
  { siteKey: SiteKeyParam.properties.siteKey, pollId: Id },
  { additionalProperties: false },
);

export const PublicPollOption = Type.Object({ id: Id, label: Type.String(), isOther: Type.Boolean() });

export const PublicPoll = Type.Object({
  id: Id,
  title: Type.String(),
  description: Type.String(),
  selection: PollSelection,
  maxChoices: Type.Integer(),
  visibility: PollVisibility,
  eligibility: PollEligibility,
  decision: PollDecision,
  approvalRule: PollApprovalRule,
  state: PollState,
  opensAt: IsoDateTime,
  closesAt: Type.Union([IsoDateTime, Type.Null()]),
  /** The database clock when this was read, so a widget can count down without trusting the device's. */
  serverTime: IsoDateTime,
  timeZone: Type.String(),
  options: Type.Array(PublicPollOption),
});

export const VoteRequest = Type.Object(
  {
    optionIds: Type.Array(Id, { minItems: 1, maxItems: PollLimits.options }),
    otherText: Type.Optional(Text(PollLimits.otherText)),
    voterToken: Type.Optional(Type.String({ maxLength: 64, pattern: VOTER_TOKEN_PATTERN })),
    ballotCode: Type.Optional(BallotCode),
  },
  { additionalProperties: false },
);

export const VoteReceipt = Type.Object({
  pollId: Id,
  /** Keep it: it unlocks "after voting" results (`GET …/results?receipt=`). */
  receipt: Type.String(),
  votedAt: IsoDateTime,
});

export const BallotQuery = Type.Object({ code: BallotCode }, { additionalProperties: false });

/** One floor's share of the cost and the households (live ballot codes on that floor) that divide it. */
export const FloorShare = Type.Object({ floor: Type.Integer(), percent: Num, households: Type.Integer() });

/** What the holder of a household's code may see: its label, its cost share and whether it was used. */
export const BallotInfo = Type.Object({
  label: Type.String(),
  used: Type.Boolean(),
  floorArea: Type.Union([Num, Type.Null()]),
  /** The household's floor, when the sheet gave one. */
  floor: Type.Union([Type.Integer(), Type.Null()]),
  /** This household's own share of the cost: its own row, else its floor's share divided among the floor's households. */
  costSharePercent: Type.Union([Num, Type.Null()]),
  /** The poll's per-floor table (empty when the shares are per household or there are none). */
  floorShares: Type.Array(FloorShare),
});

export const ResultsQuery = Type.Object(
  { receipt: Type.Optional(Type.String({ maxLength: 64, pattern: RECEIPT_PATTERN })) },
  { additionalProperties: false },
);

const Dimensions = Type.Object({ households: Type.Integer(), area: Num });
/** Civil Code art. 278: participation and approval counted by households and by floor area (m²). */
export const OwnersTally = Type.Object({
  rule: PollApprovalRule,
  eligible: Dimensions,
  participating: Dimensions,
  approving: Dimensions,
  quorumMet: Type.Boolean(),
  passed: Type.Boolean(),
});

export const PollResults = Type.Object({
  pollId: Id,
  state: PollState,
  ballots: Type.Integer(),
  options: Type.Array(
    Type.Object({ id: Id, label: Type.String(), votes: Type.Integer(), area: Type.Union([Num, Type.Null()]) }),
  ),
  owners: Type.Union([OwnersTally, Type.Null()]),
});

// --- staff ---
const Scope = Type.Object(
  {
    type: BallotScopeType,
    buildingId: Type.Optional(Id),
    unitId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const CostShares = Type.Object(
  {
    basis: Type.Union([Type.Literal('floor'), Type.Literal('household')]),
    rows: Type.Array(
      Type.Object(
        {
          floor: Type.Optional(Type.Integer({ minimum: -5, maximum: 200 })),
          householdId: Type.Optional(Id),
          percent: Type.Number({ minimum: 0, maximum: 100 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

const PageUrl = Type.String({ maxLength: 500, pattern: '^https?://[^\\s]+$' });

export const CreatePollRequest = Type.Object(
  {
    title: Text(PollLimits.title, { minLength: 1 }),
    description: Type.Optional(Text(PollLimits.description)),
    selection: Type.Optional(PollSelection),
    maxChoices: Type.Optional(Type.Integer({ minimum: 1, maximum: PollLimits.options })),
    visibility: Type.Optional(PollVisibility),
    eligibility: Type.Optional(PollEligibility),
    decision: Type.Optional(PollDecision),
    approvalRule: Type.Optional(PollApprovalRule),
    scope: Type.Optional(Scope),
    pageUrl: Type.Optional(Type.Union([PageUrl, Type.Null()])),
    opensAt: Type.Optional(IsoDateTime),
    closesAt: Type.Optional(Type.Union([IsoDateTime, Type.Null()])),
    options: Type.Array(
      Type.Object(
        {
          label: Text(PollLimits.option, { minLength: 1 }),
          isOther: Type.Optional(Type.Boolean()),
          approves: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: PollLimits.options },
    ),
    costShares: Type.Optional(CostShares),
  },
  { additionalProperties: false },
);
export type CreatePollRequest = Static<typeof CreatePollRequest>;

export const PatchPollRequest = Type.Object(
  {
    title: Type.Optional(Text(PollLimits.title, { minLength: 1 })),
    description: Type.Optional(Text(PollLimits.description)),
    visibility: Type.Optional(PollVisibility),
    pageUrl: Type.Optional(Type.Union([PageUrl, Type.Null()])),
    opensAt: Type.Optional(IsoDateTime),
    closesAt: Type.Optional(Type.Union([IsoDateTime, Type.Null()])),
    // The rules of the vote: only while no ballot code was issued and nobody voted (409 after).
    selection: CreatePollRequest.properties.selection,
    maxChoices: CreatePollRequest.properties.maxChoices,
    eligibility: CreatePollRequest.properties.eligibility,
    decision: CreatePollRequest.properties.decision,
    approvalRule: CreatePollRequest.properties.approvalRule,
    scope: CreatePollRequest.properties.scope,
    options: Type.Optional(CreatePollRequest.properties.options),
    costShares: Type.Optional(Type.Union([CostShares, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchPollRequest = Static<typeof PatchPollRequest>;

export const StaffPollParams = Type.Object({ id: Id }, { additionalProperties: false });

export const StaffPoll = Type.Object({
  ...PublicPoll.properties,
  options: Type.Array(Type.Object({ ...PublicPollOption.properties, approves: Type.Boolean() })),
  scope: Type.Object({
    type: BallotScopeType,
    buildingId: Type.Union([Id, Type.Null()]),
    unitId: Type.Union([Id, Type.Null()]),
  }),
  pageUrl: Type.Union([Type.String(), Type.Null()]),
  /** Where the QR codes point. */
  ballotUrl: Type.String(),
  costShares: Type.Union([CostShares, Type.Null()]),
  createdAt: IsoDateTime,
});
export type StaffPoll = Static<typeof StaffPoll>;
export const StaffPollList = Page(StaffPoll);
export type StaffPollList = Static<typeof StaffPollList>;

export const BallotCodesRequest = Type.Object(
  {
    scope: Scope,
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
    households: Type.Optional(
      Type.Array(
        Type.Object(
          {
            label: Text(Limits.shortText, { minLength: 1 }),
            area: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100000 })),
            floor: Type.Optional(Type.Integer({ minimum: -5, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 2000 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type BallotCodesRequest = Static<typeof BallotCodesRequest>;

export const IssuedBallotCode = Type.Object({
  id: Id,
  label: Type.String(),
  /** Shown this once: only an HMAC is stored. */
  code: Type.String(),
  floorArea: Type.Union([Num, Type.Null()]),
  url: Type.String(),
  /** The QR code of `url` as a data:image/svg+xml URL, for the console's print sheet. */
  qrCode: Type.String(),
});
export type IssuedBallotCode = Static<typeof IssuedBallotCode>;
export const IssuedBallotCodes = Type.Object({ items: Type.Array(IssuedBallotCode) });
export type IssuedBallotCodes = Static<typeof IssuedBallotCodes>;

export const BallotCodeParams = Type.Object({ id: Id, codeId: Id }, { additionalProperties: false });

export const StaffBallotCode = Type.Object({
  id: Id,
  label: Type.String(),
  floorArea: Type.Union([Num, Type.Null()]),
  used: Type.Boolean(),
  revoked: Type.Boolean(),
  createdAt: IsoDateTime,
});
export type StaffBallotCode = Static<typeof StaffBallotCode>;
export const StaffBallotCodes = Type.Object({ items: Type.Array(StaffBallotCode) });
export type StaffBallotCodes = Static<typeof StaffBallotCodes>;

export const PaperBallotRequest = Type.Object(
  {
    ballotCode: BallotCode,
    optionIds: Type.Array(Id, { minItems: 1, maxItems: PollLimits.options }),
    otherText: Type.Optional(Text(PollLimits.otherText)),
  },
  { additionalProperties: false },
);
export type PaperBallotRequest = Static<typeof PaperBallotRequest>;
export const PaperBallotResponse = Type.Object({ ballotId: Id, label: Type.String(), votedAt: IsoDateTime });
export type PaperBallotResponse = Static<typeof PaperBallotResponse>;

export const StaffPollResults = Type.Object({
  ...PollResults.properties,
  /** "Other" answers as residents wrote them (staff only: they may name people). */
  otherTexts: Type.Array(Type.String()),
});
export type StaffPollResults = Static<typeof StaffPollResults>;

/** Where a poll or its codes may be scoped: the community's buildings and their units (stairwells). */
export const PollScopes = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      units: Type.Array(
        Type.Object({
          id: Id,
          name: Type.String(),
          /** Households on record, and how many of them have a floor area (owners' decisions need it). */
          households: Type.Integer(),
          householdsWithArea: Type.Integer(),
        }),
      ),
    }),
  ),
});
export type PollScopes = Static<typeof PollScopes>;

/** The `tally` event on a poll's live topic: its state, and its results when they are public. */
export const PollTally = Type.Object({
  pollId: Id,
  state: PollState,
  ballots: Type.Union([Type.Integer(), Type.Null()]),
  results: Type.Union([PollResults, Type.Null()]),
});

// The public wire's types, as the widgets read them.
export type PublicPollOption = Static<typeof PublicPollOption>;
export type PublicPoll = Static<typeof PublicPoll>;
export type VoteReceipt = Static<typeof VoteReceipt>;
export type BallotInfo = Static<typeof BallotInfo>;
export type PollResults = Static<typeof PollResults>;
export type PollTally = Static<typeof PollTally>;
