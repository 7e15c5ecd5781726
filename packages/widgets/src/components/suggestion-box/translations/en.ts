/** The suggestion box's own strings (English, the reference: its keys are the ones every language fills). */
export const boxEn = {
  boxTitle: 'Send a suggestion',
  boxText: 'Your suggestion',
  boxCount: '{count} / {max} characters',
  boxTooLong: 'Please shorten it to {max} characters.',
  boxEmpty: 'Please write your suggestion first.',
  boxCategory: 'Topic (optional)',
  boxNoCategory: 'Choose a topic',
  boxPhoto: 'Photo (optional)',
  boxName: 'Your name (optional)',
  boxPhone: 'Phone (optional)',
  boxPrivate: 'Only community staff can see this.',
  boxConsent:
    'Anonymous unless you leave your name. Staff may publish your suggestion on the board, never your name or phone.',
  boxSimilar: 'Similar suggestions — support one instead?',
  boxSupport: 'Support',
  boxSupported: 'Supported',
  boxThanks: 'Thank you! Your suggestion was received.',
  boxFollowCode: 'Your follow code: {code}',
  boxFollowLink: 'See its progress',
  boxAnother: 'Send another suggestion',
};

export type BoxKey = keyof typeof boxEn;
