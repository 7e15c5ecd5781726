import { type Static, Type } from '@sinclair/typebox';
import { Id, IsoDateTime, LastEventId, Text } from './common.js';
import { SubmissionSourceSchema } from './recorded.js';

/** Why an item is in the inbox; see docs/admin-guide/inbox.md. */
export const InboxReasons = ['pending', 'unanswered', 'received', 'reopened', 'flagged', 'gap'] as const;

/** One new thing for staff: a suggestion or a repair request, with a short excerpt of what residents wrote. */
export const InboxItem = Type.Object({
  kind: Type.Union([Type.Literal('suggestion'), Type.Literal('repair'), Type.Literal('rota')]),
  id: Id,
  /**
   * `pending` and `unanswered` are suggestions; `received` and `reopened` are repairs; `flagged` (the "to
   * review" section) a suggestion the server set aside as spam that staff have not moderated yet; `gap` a duty
   * rota day that still needs households (its excerpt: the rota's title and the day; `id` is the rota's).
   */
  reason: Type.Union(InboxReasons.map((reason) => Type.Literal(reason))),
  /** The first 200 characters of the text or description. */
  excerpt: Type.String(),
  categoryId: Type.Union([Id, Type.Null()]),
  /** Repairs only. */
  trackingCode: Type.Union([Type.String(), Type.Null()]),
  /** Where a suggestion or repair arrived (the widget, Open311, or recorded by staff); null for rota gaps. */
  source: Type.Union([SubmissionSourceSchema, Type.Null()]),
  createdAt: IsoDateTime,
});
export type InboxItem = Static<typeof InboxItem>;

export const InboxPage = Type.Object({
  items: Type.Array(InboxItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** How many items the whole inbox holds (all pages); `toReview` counts the "to review" section apart. */
  count: Type.Object({
    total: Type.Integer(),
    suggestions: Type.Integer(),
    repairs: Type.Integer(),
    rotaGaps: Type.Integer(),
    toReview: Type.Integer(),
  }),
});
export type InboxPage = Static<typeof InboxPage>;

export const InboxQuery = Type.Object(
  {
    cursor: Type.Optional(Text(200, { minLength: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
    /** `new` (the default): what is new; `review`: what the server set aside as spam, for staff to check. */
    section: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('review')])),
  },
  { additionalProperties: false },
);
export type InboxQuery = Static<typeof InboxQuery>;

export const StaffEventsQuery = Type.Object(
  { lastEventId: Type.Optional(LastEventId) },
  { additionalProperties: false },
);
