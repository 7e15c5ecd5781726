import { REPAIR_STATUS_LABELS_EN } from '@courtyard/protocol/status-labels';

/** The repair widget's own strings (English, the reference). Host pages override them through `strings`. */
export const en = {
  // The statuses, in the words every other place uses (overridable like any key).
  ...REPAIR_STATUS_LABELS_EN,
  title: 'Report a repair',
  category: 'What needs repair?',
  choose: 'Choose…',
  building: 'Building',
  unit: 'Unit',
  room: 'Room',
  place: 'Or describe the place',
  locate: 'Use my location',
  located: 'Location added',
  description: 'What is wrong?',
  photos: 'Photos (up to 3)',
  name: 'Your name (staff only)',
  phone: 'Phone (staff only)',
  time: 'When can someone come?',
  submit: 'Send report',
  code: 'Tracking code {code}',
  follow: 'Follow this repair',
  private: 'Your private link: keep it to yourself, it confirms the repair',
  another: 'Report another repair',
  ask: 'Staff say this is fixed. Is it?',
  fixed: 'Yes, it is fixed',
  reopen: 'No, still broken',
  rating: 'Rate the service (optional)',
  thanks: 'Thank you for your feedback.',
  stars: '{n} of 5',
};

export type RepairKey = keyof typeof en;
