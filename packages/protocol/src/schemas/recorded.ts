// What staff record on a resident's behalf (POST /admin/api/suggestions, POST /admin/api/repairs): the
// widget's fields, plus where it arrived, whether the resident agrees to be contacted, and a contact note
// only staff see. The answers give staff the code to read out or write on the paper.
import { type Static, Type } from '@sinclair/typebox';
import { CONTACT_NOTE_MAX, RECORDED_SOURCES, SUBMISSION_SOURCES } from '../sources.js';
import { Text } from './common.js';
import { NewRepairRequest, RepairStatus, TrackingCode } from './repairs.js';
import { CreateSuggestion, FollowCode, SuggestionStatus } from './suggestions.js';

const literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((value) => Type.Literal(value))));

export const SubmissionSourceSchema = literals(SUBMISSION_SOURCES);
export const RecordedSourceSchema = literals(RECORDED_SOURCES);

/** Asked of every recording: the console has no default, so staff ask the resident. */
const recording = {
  source: RecordedSourceSchema,
  contactConsent: Type.Boolean({ description: 'The resident agrees to be contacted about it' }),
  contactNote: Type.Optional(Text(CONTACT_NOTE_MAX, { minLength: 1, pattern: '\\S' })),
};

const { voterToken: _voterToken, website: _website, ...suggestionFields } = CreateSuggestion.properties;
export const RecordSuggestion = Type.Object({ ...suggestionFields, ...recording }, { additionalProperties: false });
export type RecordSuggestion = Static<typeof RecordSuggestion>;

export const RecordRepair = Type.Object(
  { ...NewRepairRequest.properties, ...recording },
  { additionalProperties: false },
);
export type RecordRepair = Static<typeof RecordRepair>;

export const RecordedSuggestion = Type.Object({
  id: Type.String(),
  status: SuggestionStatus,
  followCode: FollowCode,
  /** The page where the resident can follow it. */
  followUrl: Type.String(),
});
export type RecordedSuggestion = Static<typeof RecordedSuggestion>;

export const RecordedRepair = Type.Object({
  id: Type.String(),
  trackingCode: TrackingCode,
  status: RepairStatus,
  /** The page where the resident can follow it. */
  trackUrl: Type.String(),
});
export type RecordedRepair = Static<typeof RecordedRepair>;
