// The console's dashboard figures and the CSV exports' queries (staff API).
import { type Static, Type } from '@sinclair/typebox';
import { Id, IsoDateTime, LanguageSchema } from './common.js';
import { NoticeKind } from './notices.js';
import { SubmissionSourceSchema } from './recorded.js';
import { RepairStatus } from './repairs.js';
import { LocalizedText } from './site-config.js';
import { SuggestionModeration, SuggestionStatus } from './suggestions.js';
import { TopicStatus } from './topics.js';

export const DashboardQuery = Type.Object(
  { weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 104, default: 12 })) },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

const Count = Type.Integer({ minimum: 0 });
const Seconds = Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
  description: 'Median in seconds; null without data',
});

/** One ISO week (Monday to Sunday in the community's time zone). */
export const DashboardWeek = Type.Object({
  /** e.g. `2026-W48`. */
  week: Type.String(),
  /** The Monday, `YYYY-MM-DD`. */
  startsOn: Type.String(),
  suggestions: Type.Object({ received: Count, answered: Count }),
  repairs: Type.Object({ received: Count, answered: Count, resolved: Count }),
});
export type DashboardWeek = Static<typeof DashboardWeek>;

export const DashboardCategory = Type.Object({
  kind: Type.Union([Type.Literal('suggestion'), Type.Literal('repair')]),
  /** null: suggestions sent without a category. */
  categoryId: Type.Union([Id, Type.Null()]),
  names: Type.Union([LocalizedText, Type.Null()]),
  received: Count,
});
export type DashboardCategory = Static<typeof DashboardCategory>;

export const YouSaidWeDid = Type.Object({
  id: Id,
  text: Type.String(),
  status: SuggestionStatus,
  response: Type.String(),
  respondedAt: IsoDateTime,
  supportCount: Count,
});
export type YouSaidWeDid = Static<typeof YouSaidWeDid>;

/**
 * Notices: the open ones by kind with the households they reach now (a household under two notices counts once
 * in `householdsAffected`); in the period: published, closed, the median seconds from publishing to closing of
 * those closed; and devices following, offers of help on (spam left out), the notices published in the period.
 */
export const DashboardNotices = Type.Object({
  openByKind: Type.Array(Type.Object({ kind: NoticeKind, open: Count, households: Count })),
  householdsAffected: Count,
  published: Count,
  closed: Count,
  medianSecondsToClose: Seconds,
  followers: Count,
  offers: Type.Object({ pending: Count, published: Count, rejected: Count }),
});
export type DashboardNotices = Static<typeof DashboardNotices>;

export const Dashboard = Type.Object({
  weeks: Type.Integer(),
  timeZone: Type.String(),
  perWeek: Type.Array(DashboardWeek),
  byCategory: Type.Array(DashboardCategory),
  medians: Type.Object({
    suggestionFirstResponse: Seconds,
    repairFirstResponse: Seconds,
    repairResolution: Seconds,
  }),
  youSaidWeDid: Type.Array(YouSaidWeDid),
  /** Deliberation: topics by status (every topic), and median days from the first opinion behind a topic. */
  topics: Type.Object({
    byStatus: Type.Array(Type.Object({ status: TopicStatus, count: Count })),
    medianDaysToDecision: Type.Union([Type.Number(), Type.Null()]),
    medianDaysToDone: Type.Union([Type.Number(), Type.Null()]),
  }),
  /** Duty rotas: per week and building, the rota days that needed households and those with every place taken. */
  rotaCoverage: Type.Array(
    Type.Object({
      week: Type.String(),
      startsOn: Type.String(),
      buildingId: Id,
      buildingName: Type.String(),
      daysNeeded: Count,
      daysCovered: Count,
    }),
  ),
  notices: DashboardNotices,
  /** Suggestions and repairs received in the window by where they arrived: every source, zeros included. */
  bySource: Type.Array(Type.Object({ source: SubmissionSourceSchema, suggestions: Count, repairs: Count })),
});
export type Dashboard = Static<typeof Dashboard>;

/** The language of the CSV's header and category names; the community's default when absent. */
const lang = Type.Optional(LanguageSchema);

export const SuggestionExportQuery = Type.Object(
  { lang, moderation: Type.Optional(SuggestionModeration), status: Type.Optional(SuggestionStatus) },
  { additionalProperties: false },
);
export type SuggestionExportQuery = Static<typeof SuggestionExportQuery>;

export const RepairExportQuery = Type.Object(
  {
    lang,
    status: Type.Optional(RepairStatus),
    spam: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  },
  { additionalProperties: false },
);
export type RepairExportQuery = Static<typeof RepairExportQuery>;

export const PollResultsExportQuery = Type.Object({ lang, poll: Id }, { additionalProperties: false });
export type PollResultsExportQuery = Static<typeof PollResultsExportQuery>;

export const AuditExportQuery = Type.Object(
  {
    lang,
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false },
);
export type AuditExportQuery = Static<typeof AuditExportQuery>;
