// A device following a notice or offering help, as a keyed hash of the widget's voter token, labelled apart
// from suggestion supports and poll votes so the tables cannot be joined on it.
import { createHmac } from 'node:crypto';

export function noticeDeviceHash(secret: string, purpose: 'follow' | 'offer', voterToken: string): string {
  return createHmac('sha256', secret).update(`notice-${purpose}:${voterToken}`).digest('base64url');
}
