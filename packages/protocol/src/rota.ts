// Duty rotas (值日表): households of a building, unit or range of floors take turns keeping the stairwell
// clean. Shared by the server's schema, its pgEnums and the widgets.

/**
 * A swap asked by one household of another; it takes effect when the other accepts. The asking household may
 * withdraw it and the asked one decline it while it waits.
 */
export const ROTA_SWAP_STATES = ['pending', 'accepted', 'withdrawn', 'declined'] as const;
export type RotaSwapState = (typeof ROTA_SWAP_STATES)[number];

/** Live event types on the `rota:{id}` topic; `rota.gap` (tomorrow still needs households) is also a webhook event. */
export const ROTA_EVENTS = {
  /** A day's sign-ups changed (a sign-up, a give-up, an accepted swap, a done mark, staff removing one). */
  day: 'rota.day',
  /** Staff changed or closed the rota itself. */
  changed: 'rota.changed',
  gap: 'rota.gap',
} as const;

export const RotaLimits = {
  title: 120,
  task: 60,
  tasks: 8,
  /** Households a day. */
  perDay: 20,
  /** What a household chooses to be shown as instead of its room (e.g. 王阿姨). */
  displayName: 20,
  room: 20,
  /** Days one sign-up names at most (a week). */
  daysPerSignup: 7,
  /** How far ahead a household may sign up, in days. */
  aheadDays: 62,
  floorMin: -5,
  floorMax: 200,
} as const;

/** ISO weekdays: 1 is Monday, 7 Sunday. */
export const ROTA_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
