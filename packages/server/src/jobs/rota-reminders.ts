// Sends the web push reminders of tomorrow's duties, from the configured hour the evening before in each
// community's time zone. Reminders are claimed under the job's advisory lock (one instance claims them), then
// sent outside the transaction: a send that fails with a network error, 429 or 5xx is tried again in the next
// rounds; 404 or 410 means the browser unsubscribed, so the subscription is deleted; any other answer ends
// that day's reminder. Once sent, never again for that household and day.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { vapidKeysFor } from '../push/keys.js';
import { sendPush } from '../push/send.js';
import type { VapidKeys } from '../push/vapid.js';
import {
  abandonReminder,
  claimDueReminders,
  deleteSubscriptionById,
  markReminderSent,
} from '../repositories/rota-push.js';
import { reminderMessage } from '../rota/push-reminders.js';
import { every, JobLocks, runOnce } from './run-once.js';

/** Bounded so a round's claims stay small; the next round takes the rest. */
export const ROTA_REMINDER_BATCH = 100;
export const ROTA_REMINDER_MAX_ATTEMPTS = 5;
/** How long a claimed reminder waits before it may be tried again. */
export const ROTA_REMINDER_RETRY_SECONDS = 15 * 60;

export interface ReminderRound {
  ran: boolean;
  sent: number;
  retrying: number;
  gone: number;
  failed: number;
}

export async function sendTomorrowReminders(
  db: Db,
  config: Pick<Config, 'publicUrl' | 'push'>,
  keys: () => Promise<VapidKeys>,
  options: { retryAfterSeconds?: number } = {},
): Promise<ReminderRound> {
  const round: ReminderRound = { ran: false, sent: 0, retrying: 0, gone: 0, failed: 0 };
  const claim = await runOnce(db, JobLocks.rotaReminders, (tx) =>
    claimDueReminders(tx, {
      fromHour: config.push.reminderHour,
      retryAfterSeconds: options.retryAfterSeconds ?? ROTA_REMINDER_RETRY_SECONDS,
      maxAttempts: ROTA_REMINDER_MAX_ATTEMPTS,
      limit: ROTA_REMINDER_BATCH,
    }),
  );
  if (!claim.ran) return round;
  round.ran = true;
  if (claim.result.length === 0) return round;
  const vapid = await keys();
  for (const reminder of claim.result) {
    const result = await sendPush(reminder, reminderMessage(reminder, config.publicUrl), {
      keys: vapid,
      subject: config.push.vapidSubject,
      allowPrivate: config.push.allowPrivate,
      timeoutMs: config.push.timeoutMs,
      // Kept by the push service until the day itself begins at the latest, then useless.
      ttlSeconds: 12 * 3600,
      urgency: 'normal',
    });
    const status = result.statusCode;
    if (status !== null && status >= 200 && status < 300) {
      await markReminderSent(db, reminder);
      round.sent += 1;
    } else if (status === 404 || status === 410) {
      await deleteSubscriptionById(db, reminder.subscriptionId);
      round.gone += 1;
    } else if (status === null || status === 429 || status >= 500) {
      round.retrying += 1;
    } else {
      await abandonReminder(db, reminder, ROTA_REMINDER_MAX_ATTEMPTS);
      round.failed += 1;
    }
  }
  return round;
}

export default fp(
  async function rotaReminders(app: FastifyInstance) {
    every(app, 'rota-reminders', app.config.jobs.rotaRemindersEveryMs, async () => {
      const round = await sendTomorrowReminders(app.db, app.config, () => vapidKeysFor(app));
      if (round.sent + round.retrying + round.gone + round.failed > 0) {
        app.log.info({ ...round }, 'sent rota reminders');
      }
    });
  },
  { name: 'courtyard-rota-reminders', dependencies: ['courtyard-database'] },
);
