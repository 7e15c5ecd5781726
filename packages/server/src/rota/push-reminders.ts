// Web push reminders of a household's duty the evening before: a device that signed up for days on a rota
// hands over its browser's push subscription (or takes it back); the reminder job sends each household one
// message for tomorrow. The message carries only what the device already shows: the rota, the day, its tasks
// and the page to open.

import type { NewRotaPushSubscription } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import { conflict, notFound, rotaNotYours, validation } from '../errors.js';
import { isPushPublicKey } from '../push/encrypt.js';
import { pushEndpointRefusal } from '../push/send.js';
import {
  type DueReminder,
  deleteSubscription,
  deviceHasDutyFrom,
  saveSubscription,
} from '../repositories/rota-push.js';
import { findRota } from '../repositories/rotas.js';
import { todayIn } from './dates.js';
import { rotaDeviceHash } from './device.js';
import { rotaPagePath } from './links.js';
import type { ResidentContext } from './resident-actions.js';

/** Subscribes the device that signed up for days of the rota; 403 for a device with no day ahead. */
export async function subscribeReminders(
  context: ResidentContext,
  input: Static<typeof NewRotaPushSubscription>,
  allowPrivate: boolean,
): Promise<void> {
  const { endpoint, keys } = input.subscription;
  const refusal = pushEndpointRefusal(endpoint, allowPrivate);
  if (refusal) throw validation(`subscription.endpoint cannot be used: ${refusal}.`);
  if (!isPushPublicKey(keys.p256dh)) throw validation('subscription.keys.p256dh is not a P-256 public key.');
  if (Buffer.from(keys.auth, 'base64url').length !== 16) throw validation('subscription.keys.auth must be 16 bytes.');
  const rota = await findRota(context.tx, context.communityId, context.rotaId);
  if (!rota) throw notFound('The rota');
  if (rota.closedAt) throw conflict('This rota is closed.');
  const deviceHash = rotaDeviceHash(context.secret, input.voterToken);
  if (!(await deviceHasDutyFrom(context.tx, rota.id, deviceHash, todayIn(rota.timeZone)))) throw rotaNotYours();
  await saveSubscription(context.tx, {
    communityId: context.communityId,
    rotaId: rota.id,
    siteId: context.siteId,
    deviceHash,
    endpoint,
    p256dh: keys.p256dh,
    auth: keys.auth,
    lang: input.lang,
  });
}

/** Deletes the device's subscription; 404 when this device has none on the rota. */
export async function unsubscribeReminders(context: ResidentContext, voterToken: string): Promise<void> {
  const deleted = await deleteSubscription(context.tx, {
    communityId: context.communityId,
    rotaId: context.rotaId,
    deviceHash: rotaDeviceHash(context.secret, voterToken),
  });
  if (!deleted) throw notFound('A reminder subscription of this device');
}

/** The message of a reminder: what the service worker shows, in the language the device subscribed in. */
export function reminderMessage(reminder: DueReminder, publicUrl: URL) {
  const url = new URL(rotaPagePath(reminder.siteKey, reminder.rotaId), publicUrl);
  url.searchParams.set('lang', reminder.lang);
  return {
    rota: reminder.title,
    date: reminder.day,
    task: reminder.tasks.join(reminder.lang === 'en' ? ', ' : '、'),
    url: url.toString(),
    lang: reminder.lang,
  };
}
