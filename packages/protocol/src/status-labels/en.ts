// The statuses in English, as residents read them in the widgets; the hosted pages, the chat-group cards and
// the staff console use the same words, so one state has one name wherever a resident or staff member sees it.
import type { RepairStatusLabels, SuggestionStatusLabels, TopicStatusLabels } from './types.js';

export const REPAIR_STATUS_LABELS_EN: RepairStatusLabels = {
  received: 'Received',
  acknowledged: 'Acknowledged',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  resolved: 'Resolved',
  closed: 'Closed',
  reopened: 'Reopened',
};

export const TOPIC_STATUS_LABELS_EN: TopicStatusLabels = {
  proposed: 'Proposed',
  scheduled: 'Meeting scheduled',
  deliberated: 'Deliberated',
  decided: 'Decided',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

export const SUGGESTION_STATUS_LABELS_EN: SuggestionStatusLabels = {
  received: 'Received',
  under_review: 'Under review',
  adopted: 'Adopted',
  declined: 'Declined',
  done: 'Done',
};
