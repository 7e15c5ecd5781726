// The push subscriptions of rota devices and the evening-before reminders sent to them: one subscription per
// device and rota, one reminder per household and day (claimed before it is sent, so a crash or a failed send
// is tried again at `next_attempt_at`, and never sent twice once `sent_at` is set).
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rotaDuties, rotaPushSubscriptions, rotaReminders } from '../db/schema.js';
import { rows } from './rows.js';

export interface NewPushSubscription {
  communityId: string;
  rotaId: string;
  siteId: string;
  deviceHash: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  lang: string;
}

/** Saves the device's subscription for the rota, replacing the one it had (a new browser key or endpoint). */
export async function saveSubscription(db: Executor, subscription: NewPushSubscription): Promise<void> {
  const { endpoint, p256dh, auth, lang, siteId } = subscription;
  await db
    .insert(rotaPushSubscriptions)
    .values(subscription)
    .onConflictDoUpdate({
      target: [rotaPushSubscriptions.rotaId, rotaPushSubscriptions.deviceHash],
      set: { endpoint, p256dh, auth, lang, siteId },
    });
}

/** Deletes the device's subscription for the rota; false when it had none. */
export async function deleteSubscription(
  db: Executor,
  where: { communityId: string; rotaId: string; deviceHash: string },
): Promise<boolean> {
  const deleted = await db
    .delete(rotaPushSubscriptions)
    .where(
      and(
        eq(rotaPushSubscriptions.communityId, where.communityId),
        eq(rotaPushSubscriptions.rotaId, where.rotaId),
        eq(rotaPushSubscriptions.deviceHash, where.deviceHash),
      ),
    )
    .returning({ id: rotaPushSubscriptions.id });
  return deleted.length > 0;
}

/** Whether the device signed up for a day of the rota from `today` on. */
export async function deviceHasDutyFrom(db: Executor, rotaId: string, deviceHash: string, today: string) {
  const [duty] = await db
    .select({ id: rotaDuties.id })
    .from(rotaDuties)
    .where(
      and(eq(rotaDuties.rotaId, rotaId), eq(rotaDuties.deviceHash, deviceHash), sql`${rotaDuties.day} >= ${today}`),
    )
    .limit(1);
  return duty !== undefined;
}

export interface DueReminder {
  rotaId: string;
  day: string;
  householdId: string;
  subscriptionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  lang: string;
  title: string;
  tasks: string[];
  siteKey: string;
}

/**
 * Claims the reminders due now: households on duty tomorrow (in their community's time zone) on an open rota,
 * whose device subscribed, from `fromHour` o'clock the evening before; not sent yet, not claimed within
 * `retryAfterSeconds`, tried fewer than `maxAttempts` times. Each claim counts an attempt.
 */
export async function claimDueReminders(
  db: Executor,
  options: { fromHour: number; retryAfterSeconds: number; maxAttempts: number; limit: number },
): Promise<DueReminder[]> {
  const result = await db.execute(sql`
    with due as (
      select d.rota_id, d.day, d.household_id, d.community_id, s.id as subscription_id
      from ${rotaDuties} d
      join rotas r on r.id = d.rota_id and r.closed_at is null
      join communities c on c.id = d.community_id
      join ${rotaPushSubscriptions} s on s.rota_id = d.rota_id and s.device_hash = d.device_hash
      where d.day = to_char((now() at time zone c.time_zone)::date + 1, 'YYYY-MM-DD')
        and extract(hour from now() at time zone c.time_zone) >= ${options.fromHour}
        and not exists (
          select 1 from ${rotaReminders} m
          where m.rota_id = d.rota_id and m.day = d.day and m.household_id = d.household_id
            and (m.sent_at is not null or m.next_attempt_at > now() or m.attempts >= ${options.maxAttempts})
        )
      order by d.rota_id, d.household_id
      limit ${options.limit}
    ), claimed as (
      insert into ${rotaReminders} (rota_id, day, household_id, community_id, attempts, next_attempt_at)
      select rota_id, day, household_id, community_id, 1, now() + make_interval(secs => ${options.retryAfterSeconds})
      from due
      on conflict (rota_id, day, household_id) do update
        set attempts = ${rotaReminders}.attempts + 1, next_attempt_at = excluded.next_attempt_at
      returning rota_id, day, household_id
    )
    select due.rota_id as "rotaId", due.day, due.household_id as "householdId", s.id as "subscriptionId",
      s.endpoint, s.p256dh, s.auth, s.lang, r.title, r.tasks, si.site_key as "siteKey"
    from claimed
    join due on due.rota_id = claimed.rota_id and due.day = claimed.day and due.household_id = claimed.household_id
    join ${rotaPushSubscriptions} s on s.id = due.subscription_id
    join rotas r on r.id = due.rota_id
    join sites si on si.id = s.site_id`);
  return rows<DueReminder>(result).map((row) => ({
    ...row,
    tasks: typeof row.tasks === 'string' ? (JSON.parse(row.tasks) as string[]) : row.tasks,
  }));
}

type ReminderKey = Pick<DueReminder, 'rotaId' | 'day' | 'householdId'>;
const reminderIs = (key: ReminderKey) =>
  and(
    eq(rotaReminders.rotaId, key.rotaId),
    eq(rotaReminders.day, key.day),
    eq(rotaReminders.householdId, key.householdId),
  );

export async function markReminderSent(db: Executor, key: ReminderKey): Promise<void> {
  await db.update(rotaReminders).set({ sentAt: sql`now()` }).where(reminderIs(key));
}

/** A push service answered that the message will never be accepted (4xx): no more attempts today. */
export async function abandonReminder(db: Executor, key: ReminderKey, maxAttempts: number): Promise<void> {
  await db.update(rotaReminders).set({ attempts: maxAttempts }).where(reminderIs(key));
}

/** The push service no longer knows the subscription (404, 410): it is deleted. */
export async function deleteSubscriptionById(db: Executor, id: string): Promise<void> {
  await db.delete(rotaPushSubscriptions).where(eq(rotaPushSubscriptions.id, id));
}
