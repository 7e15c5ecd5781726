/** The topics widget's own strings (English, the reference language). */
export const topicsEn = {
  topicsTitle: 'Topics under deliberation',
  topicsEmpty: 'No topics yet.',
  topicsSupport: 'Support',
  topicsSupports: '{count} support',
  topicsNext: 'Next meeting: {date}, {place}',
  topicsDecision: '{party} · by {date}',
  topicsCost: 'Cost ¥{cost}: {sharing}',
  topicsPassed: "Owners' vote: passed ({ballots} ballots)",
  topicsFailed: "Owners' vote: not passed ({ballots} ballots)",
  topicsSaid: 'Residents said',
  topicsOpinion: 'Your opinion before the meeting',
  topicsSend: 'Send opinion',
  topicsThanks: 'Thank you: it is shown once staff have read it.',
  status_proposed: 'Proposed',
  status_scheduled: 'Meeting scheduled',
  status_deliberated: 'Deliberated',
  status_decided: 'Decided',
  'status_in-progress': 'In progress',
  status_done: 'Done',
  status_dropped: 'Dropped',
};

export type TopicsKey = keyof typeof topicsEn;
