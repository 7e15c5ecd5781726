// The delivery worker, one per instance, started and stopped with the app. It claims due deliveries (each
// attempt by one instance only), signs them per Standard Webhooks, sends them, and schedules retries by the
// configured backoff until the schedule runs out and the delivery is marked failed.
import type { WebhookFormat } from '@courtyard/protocol';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Webhook } from 'standardwebhooks';
import type { WebhookConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { EVENTS_CHANNEL } from '../events/emit.js';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  recordAttempt,
} from '../repositories/webhook-deliveries.js';
import { version } from '../version.js';
import { signForBot } from './bot-signing.js';
import { describeEvent } from './enqueue.js';
import type { DeliveryData } from './event-data.js';
import { botRefusal, renderBody } from './formats/index.js';
import { installQueueTrigger } from './queue-trigger.js';
import { sendAttempt } from './send.js';

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhookWorker;
  }
}

/** Deliveries claimed per round; they are sent in parallel. */
const BATCH = 10;
/** Notices arriving within this many milliseconds (a burst of votes) lead to one look, not one each. */
const NUDGE_MS = 25;

export class WebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private nudgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly config: WebhookConfig,
    private readonly publicUrl: URL,
    private readonly log: FastifyInstance['log'],
  ) {}

  /** A claim outlives a slow attempt; past it, a crashed instance's claim is retried elsewhere. */
  get leaseMs(): number {
    return this.config.timeoutMs * 2 + 1000;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** An event committed somewhere: look soon, once for a burst. */
  nudge(): void {
    if (this.nudgeTimer || this.stopped) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = undefined;
      this.wake();
    }, NUDGE_MS);
  }

  /** Looks for due deliveries now (new events, a test event) instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else {
        this.timer = setTimeout(() => this.wake(), this.config.pollIntervalMs);
        this.timer.unref();
      }
    });
  }

  /** Stops claiming and waits for the attempts in flight (each ends within the timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.nudgeTimer);
    this.nudgeTimer = undefined;
    await this.running;
  }

  private async round(): Promise<void> {
    try {
      for (;;) {
        const claimed = await claimDueDeliveries(this.db, BATCH, this.leaseMs);
        if (claimed.length === 0) return;
        await Promise.all(claimed.map((claim) => this.deliver(claim)));
        if (this.stopped) return;
      }
    } catch (error) {
      // The database went away (closing, failover): claimed rows become due again when their lease ends.
      if (!this.stopped) this.log.warn({ err: error }, 'webhook delivery round failed');
    }
  }

  private async deliver({ delivery, endpoint }: ClaimedDelivery): Promise<void> {
    const attempt = delivery.attempts;
    const format = endpoint.format as WebhookFormat;
    let data = delivery.data as DeliveryData | null;
    let result: Awaited<ReturnType<typeof sendAttempt>>;
    try {
      data ??= (await describeEvent(this.db, delivery.eventId)) ?? null;
    } catch (error) {
      // The database is away: the claim's lease runs out and the delivery is tried again.
      this.log.warn({ err: error, deliveryId: delivery.id }, 'could not describe a webhook event');
      return;
    }
    if (!data) {
      result = {
        statusCode: null,
        error: 'nothing to announce (marked spam, or deleted)',
        responseSnippet: null,
        durationMs: 0,
      };
      return this.record(delivery.id, attempt, { ...result, state: 'skipped', retryInMs: null, data: null });
    }
    if (!endpoint.enabled) {
      result = { statusCode: null, error: 'endpoint turned off', responseSnippet: null, durationMs: 0 };
    } else {
      const timestamp = new Date();
      const { url, body } = signForBot(
        format,
        endpoint.botSecret,
        {
          url: endpoint.url,
          body: renderBody(format, {
            type: delivery.eventType,
            createdAt: new Date(delivery.createdAt),
            data,
            publicUrl: this.publicUrl,
          }),
        },
        timestamp,
      );
      result = await sendAttempt({
        url,
        body,
        timeoutMs: this.config.timeoutMs,
        allowPrivate: this.config.allowPrivate,
        headers: {
          'content-type': 'application/json',
          'user-agent': `Courtyard-Webhooks/${version}`,
          'webhook-id': delivery.id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': new Webhook(endpoint.secret).sign(delivery.id, timestamp, body),
        },
      });
    }
    const success = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const refusal = success ? botRefusal(format, result.responseSnippet) : null;
    const delivered = success && !refusal;
    const retryIn = this.config.retryScheduleMs[attempt - 1];
    const state = delivered ? 'delivered' : endpoint.enabled && retryIn !== undefined ? 'pending' : 'failed';
    await this.record(delivery.id, attempt, {
      ...result,
      error: refusal ?? result.error ?? (delivered ? null : `HTTP ${result.statusCode}`),
      state,
      retryInMs: state === 'pending' ? (retryIn ?? 0) : null,
      data,
    });
  }

  private async record(deliveryId: string, attempt: number, outcome: AttemptOutcome): Promise<void> {
    try {
      await recordAttempt(this.db, deliveryId, attempt, outcome);
    } catch (error) {
      // Not recorded: the claim's lease runs out and the delivery is tried again under the same webhook-id.
      this.log.warn({ err: error, deliveryId }, 'could not record a webhook attempt');
    }
  }
}

export default fp(
  async function webhookWorker(app: FastifyInstance) {
    await installQueueTrigger(app.db);
    const worker = new WebhookWorker(app.db, app.config.webhooks, app.config.publicUrl, app.log);
    app.decorate('webhooks', worker);
    // A NOTIFY means an event committed, perhaps with deliveries: look now rather than at the next poll.
    const unlisten = await app.database.listen(EVENTS_CHANNEL, () => worker.nudge());
    app.addHook('onReady', async () => worker.start());
    app.addHook('preClose', async () => {
      await unlisten().catch(() => {});
      await worker.stop();
    });
  },
  { name: 'courtyard-webhooks', dependencies: ['courtyard-database'] },
);
