// Where a suggestion or repair request came in. The widget and Open311 are set by the server; the rest are
// what staff choose when they record, on a resident's behalf, what arrived elsewhere. One list feeds the
// database's `submission_source` enum, the staff API's schemas, the console's select and the dashboard.

/** What staff may record on a resident's behalf, in the order the console offers them. */
export const RECORDED_SOURCES = ['wechat-group', 'phone', 'visit', 'paper', 'hotline-12345'] as const;
export type RecordedSource = (typeof RECORDED_SOURCES)[number];

/** Every source, widget and Open311 first. */
export const SUBMISSION_SOURCES = ['widget', 'open311', ...RECORDED_SOURCES] as const;
export type SubmissionSource = (typeof SUBMISSION_SOURCES)[number];

/** A note staff keep about reaching the resident ("call after 6 pm", a neighbour's number). */
export const CONTACT_NOTE_MAX = 500;
