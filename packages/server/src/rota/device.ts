// The device that signed up, as a keyed hash of the widget's voter token, labelled apart from poll votes and
// notice follows so the tables cannot be joined on it.
import { createHmac } from 'node:crypto';

export function rotaDeviceHash(secret: string, voterToken: string): string {
  return createHmac('sha256', secret).update(`rota-duty:${voterToken}`).digest('base64url');
}
