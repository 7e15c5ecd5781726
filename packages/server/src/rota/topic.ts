import { type Topic, topic } from '../events/topics.js';

/** The live topic of one rota: its days' sign-ups, swaps and done marks, and staff's changes. */
export const rotaTopic = (communityId: string, id: string): Topic => topic(communityId, 'rota', id);
