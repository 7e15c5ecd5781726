// One LISTEN per process: notifications of committed events are read once from the table and fanned out to
// this instance's subscribers by (community, topic). Decorates `app.events` (and the streams' ids and limits);
// ends every stream before the server closes, so a graceful shutdown never waits on an open SSE connection.

import { asc, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.js';
import { events as eventsTable } from '../db/schema.js';
import type { LiveEvent } from '../repositories/events.js';
import { EVENTS_CHANNEL, type EventNotice } from './emit.js';
import { StreamIds } from './stream-ids.js';
import { StreamLimits } from './stream-limits.js';

declare module 'fastify' {
  interface FastifyInstance {
    events: EventHub;
    /** The opaque ids streams send (events/stream-ids.ts). */
    streamIds: StreamIds;
    /** Open streams per client and in total (events/stream-limits.ts). */
    streamLimits: StreamLimits;
  }
}

export interface Subscriber {
  communityId: string;
  /** The topics to deliver, or `'all'` for every topic of the community (the staff console's stream). */
  topics: readonly string[] | 'all';
  deliver(event: LiveEvent): void;
  /** The hub is closing: end the stream. */
  end(): void;
}

const DEFAULT_HEARTBEAT_MS = 20_000;

export class EventHub {
  /** Comment lines on idle streams keep proxies from closing them; tests shorten it. */
  heartbeatMs = DEFAULT_HEARTBEAT_MS;
  private readonly byTopic = new Map<string, Set<Subscriber>>();
  private readonly byCommunity = new Map<string, Set<Subscriber>>();
  private readonly coalescing = new Map<string, number>();
  private readonly throttles = new Map<string, { timer: NodeJS.Timeout; latest?: LiveEvent }>();
  private pending: number[] = [];
  private draining = false;
  private closed = false;
  private announcing: string[] = [];
  private announcer: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly onAnnounceError: (error: unknown) => void = () => {},
  ) {}

  /**
   * NOTIFYs events written by statements that have already committed (emitCtes' `notices`). While one
   * batch is being sent the next gathers, so under load many events share one NOTIFY transaction and the
   * writes themselves never wait for PostgreSQL's notify lock. A batch lost to a crash or an outage only
   * delays live delivery: the events are in the table, and a stream that reconnects replays them.
   */
  announce(notices: readonly string[]): void {
    if (notices.length === 0) return;
    this.announcing.push(...notices);
    this.announcer ??= this.sendAnnouncements().finally(() => {
      this.announcer = undefined;
    });
  }

  /** Resolves once every notice handed to announce() so far has been sent (or failed). */
  async announced(): Promise<void> {
    while (this.announcer) await this.announcer;
  }

  private async sendAnnouncements(): Promise<void> {
    // One tick's worth of writes goes together.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.announcing.length > 0) {
      const batch = this.announcing;
      this.announcing = [];
      try {
        await this.db.execute(
          sql`select pg_notify(${EVENTS_CHANNEL}, notice) from json_array_elements_text(${JSON.stringify(batch)}::json) as notice`,
        );
      } catch (error) {
        this.onAnnounceError(error);
      }
    }
  }

  /** Starts delivering events of `topics` in `communityId`; returns the unsubscribe function. */
  subscribe(subscriber: Subscriber): () => void {
    if (this.closed) {
      subscriber.end();
      return () => {};
    }
    const { topics } = subscriber;
    if (topics === 'all') {
      const set = this.byCommunity.get(subscriber.communityId) ?? new Set<Subscriber>();
      this.byCommunity.set(subscriber.communityId, set);
      set.add(subscriber);
      return () => {
        const current = this.byCommunity.get(subscriber.communityId);
        current?.delete(subscriber);
        if (current?.size === 0) this.byCommunity.delete(subscriber.communityId);
      };
    }
    for (const topic of topics) {
      const key = topicKey(subscriber.communityId, topic);
      const set = this.byTopic.get(key) ?? new Set<Subscriber>();
      this.byTopic.set(key, set);
      set.add(subscriber);
    }
    return () => {
      for (const topic of topics) {
        const key = topicKey(subscriber.communityId, topic);
        const set = this.byTopic.get(key);
        set?.delete(subscriber);
        if (set?.size === 0) this.byTopic.delete(key);
      }
    };
  }

  /**
   * Events of `type` reach subscribers at most once per `intervalMs` per topic: the first at once, then
   * the latest of each interval (for snapshots such as poll tallies, where only the newest matters).
   */
  coalesce(type: string, intervalMs: number): void {
    this.coalescing.set(type, intervalMs);
  }

  get subscriberCount(): number {
    return this.allSubscribers().size;
  }

  private allSubscribers(): Set<Subscriber> {
    const all = new Set<Subscriber>();
    for (const set of [...this.byTopic.values(), ...this.byCommunity.values()]) {
      for (const subscriber of set) all.add(subscriber);
    }
    return all;
  }

  /** Called with each NOTIFY payload; reads the rows someone here is waiting for, in id order. */
  notice(payload: string): void {
    let notice: EventNotice;
    try {
      notice = JSON.parse(payload) as EventNotice;
    } catch {
      return;
    }
    if (this.closed) return;
    const wanted =
      this.byTopic.has(topicKey(notice.communityId, notice.topic)) || this.byCommunity.has(notice.communityId);
    if (!wanted) return;
    this.pending.push(notice.id);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0 && !this.closed) {
        const ids = this.pending;
        this.pending = [];
        const rows = await this.db
          .select()
          .from(eventsTable)
          .where(inArray(eventsTable.id, ids))
          .orderBy(asc(eventsTable.id));
        for (const row of rows) this.dispatch(row as LiveEvent);
      }
    } catch {
      // The database went away (closing, or a failover): live delivery resumes with the next notice, and
      // clients that reconnect replay what they missed from Last-Event-ID.
      this.pending = [];
    } finally {
      this.draining = false;
    }
  }

  private dispatch(event: LiveEvent): void {
    const interval = this.coalescing.get(event.type);
    if (interval === undefined) {
      this.fanOut(event);
      return;
    }
    const key = `${topicKey(event.communityId, event.topic)}\n${event.type}`;
    const throttle = this.throttles.get(key);
    if (throttle) {
      throttle.latest = event;
      return;
    }
    this.fanOut(event);
    const tick = () => {
      const current = this.throttles.get(key);
      if (current?.latest) {
        const latest = current.latest;
        current.latest = undefined;
        current.timer = setTimeout(tick, interval);
        this.fanOut(latest);
      } else {
        this.throttles.delete(key);
      }
    };
    this.throttles.set(key, { timer: setTimeout(tick, interval) });
  }

  private fanOut(event: LiveEvent): void {
    for (const subscriber of this.byTopic.get(topicKey(event.communityId, event.topic)) ?? []) {
      subscriber.deliver(event);
    }
    for (const subscriber of this.byCommunity.get(event.communityId) ?? []) subscriber.deliver(event);
  }

  /** Ends every stream and stops delivering. */
  close(): void {
    this.closed = true;
    for (const throttle of this.throttles.values()) clearTimeout(throttle.timer);
    this.throttles.clear();
    const all = this.allSubscribers();
    this.byTopic.clear();
    this.byCommunity.clear();
    for (const subscriber of all) subscriber.end();
  }
}

function topicKey(communityId: string, topic: string): string {
  return `${communityId}\n${topic}`;
}

export default fp(
  async function eventHub(app: FastifyInstance) {
    const hub = new EventHub(app.db, (error) => app.log.warn({ err: error }, 'live events not announced'));
    const unlisten = await app.database.listen(EVENTS_CHANNEL, (payload) => hub.notice(payload));
    app.decorate('events', hub);
    app.decorate('streamIds', new StreamIds(app.secret));
    app.decorate('streamLimits', new StreamLimits(app.config.streams));
    // preClose runs before the server stops accepting and waits for open connections.
    app.addHook('preClose', async () => hub.close());
    app.addHook('onClose', async () => {
      await hub.announced();
      await unlisten().catch(() => {});
    });
  },
  { name: 'courtyard-events', dependencies: ['courtyard-database'] },
);
