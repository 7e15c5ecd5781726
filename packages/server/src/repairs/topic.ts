// What a repair's page (and the console) hears it on: `repair:<tracking code>`, every event of its timeline.
import { topic } from '../events/topics.js';
import type { RepairRow } from '../repositories/repairs.js';

export const repairTopic = (repair: Pick<RepairRow, 'communityId' | 'trackingCode'>) =>
  topic(repair.communityId, 'repair', repair.trackingCode);
