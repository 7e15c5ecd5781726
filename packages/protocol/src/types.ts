import type { Static } from '@sinclair/typebox';
import type * as Schemas from './schemas/index.js';

export type SiteConfig = Static<typeof Schemas.SiteConfig>;
export type Category = Static<typeof Schemas.Category>;
export type Building = Static<typeof Schemas.Building>;
export type StaffRole = Static<typeof Schemas.StaffRole>;
export type StaffMember = Static<typeof Schemas.StaffMember>;
export type SessionRequest = Static<typeof Schemas.SessionRequest>;
export type SessionResponse = Static<typeof Schemas.SessionResponse>;
export type Health = Static<typeof Schemas.Health>;
export type CreateSuggestion = Static<typeof Schemas.CreateSuggestion>;
export type SuggestionCreated = Static<typeof Schemas.SuggestionCreated>;
export type PublicSuggestion = Static<typeof Schemas.PublicSuggestion>;
export type FollowedSuggestion = Static<typeof Schemas.FollowedSuggestion>;
export type StaffSuggestion = Static<typeof Schemas.StaffSuggestion>;
export type SupportState = Static<typeof Schemas.SupportState>;
export type InboxItem = Static<typeof Schemas.InboxItem>;
export type InboxPage = Static<typeof Schemas.InboxPage>;
