// The console's live stream (/admin/api/events): every event of the staff member's community. A screen adds
// this controller with the event types it cares about and refetches what it shows when one arrives; the
// browser's EventSource reconnects by itself and resumes from Last-Event-ID.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** `closed`: the server refused the stream (e.g. the session ended); reload or sign in again. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface StaffEventsOptions {
  /** Event types to react to, e.g. `suggestion.created`; `resync` (too much missed) always counts. */
  types: readonly string[];
  onEvent(type: string): void;
  onState?(state: LiveState): void;
}

/** Many events at once (a busy minute) become one refetch. */
const SETTLE_MS = 250;

export class StaffEventsController implements ReactiveController {
  private source?: EventSource;
  private timer?: ReturnType<typeof setTimeout>;
  private pendingType = '';

  constructor(
    host: ReactiveControllerHost,
    private readonly options: StaffEventsOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/admin/api/events');
    this.source = source;
    this.options.onState?.('connecting');
    source.addEventListener('open', () => this.options.onState?.('live'));
    source.addEventListener('error', () =>
      this.options.onState?.(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'),
    );
    for (const type of [...this.options.types, 'resync']) {
      source.addEventListener(type, () => this.schedule(type));
    }
  }

  hostDisconnected(): void {
    this.source?.close();
    this.source = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(type: string): void {
    this.pendingType = type;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.options.onEvent(this.pendingType);
    }, SETTLE_MS);
  }
}

/**
 * A live refresh: asks the server again for what the screen shows, and hands the answer over only while the
 * screen still shows the copy the question started from. An answer can arrive after the member's own action,
 * a newer load or a move to another page replaced that copy; put back, the older copy would undo what the
 * member just did (a closed notice reopened, a saved status undone). Then it asks again from what is shown
 * now, or gives up when nothing is (`shown` answers undefined once the screen has moved on).
 */
export async function refreshShown<Shown, Answer>(
  shown: () => Shown | undefined,
  ask: (shown: Shown) => Promise<Answer>,
): Promise<{ before: Shown; answer: Answer } | undefined> {
  for (let before = shown(); before !== undefined; ) {
    const answer = await ask(before);
    const now = shown();
    if (now === before) return { before, answer };
    before = now;
  }
  return undefined;
}
