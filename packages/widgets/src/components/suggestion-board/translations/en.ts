/** The suggestion board's own strings (English, the reference language). */
export const boardEn = {
  boardTitle: 'What residents suggested',
  boardSort: 'Order',
  boardNewest: 'Newest',
  boardSupported: 'Most supported',
  boardEmpty: 'No suggestions have been published yet.',
  boardMore: 'Show more',
  boardResponse: 'Official response, {date}',
  boardSupport: 'Support',
  boardSupports: '{count} supports',
  boardSent: 'Sent {date}',
  boardPending: 'Waiting for review by community staff.',
  boardRejected: 'Not published on the board.',
  boardMerged: 'Merged with a similar suggestion; supports now count there.',
  boardTopic: 'Your suggestion is now being discussed:',
  boardDiscussed: 'Being discussed:',
  status_received: 'Received',
  status_under_review: 'Under review',
  status_adopted: 'Adopted',
  status_declined: 'Declined',
  status_done: 'Done',
};

export type BoardKey = keyof typeof boardEn;
