import type { REPAIR_STATUSES } from '../schemas/repairs.js';
import type { SuggestionStatus } from '../suggestions.js';
import type { TopicStatus } from '../topics.js';

/** A word for every repair status (REPAIR_STATUSES). */
export type RepairStatusLabels = Readonly<Record<(typeof REPAIR_STATUSES)[number], string>>;
/** A word for every topic status (TOPIC_STATUSES). */
export type TopicStatusLabels = Readonly<Record<TopicStatus, string>>;
/** A word for every suggestion status (SuggestionStatuses). */
export type SuggestionStatusLabels = Readonly<Record<SuggestionStatus, string>>;
