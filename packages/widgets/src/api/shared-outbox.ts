// The page's shared outbox is code most visits never run: it loads with a page's first write (and is
// fetched as soon as a resident starts filling a form, while the network is surely there), or at start
// when an earlier visit left writes waiting. Only the store, to look for those, loads with every page.
import type { Outbox } from './outbox.js';
import { openOutboxStore, SHARED_OUTBOX } from './outbox-store.js';

type OutboxModule = typeof import('./outbox.js');

let loading: Promise<OutboxModule> | undefined;
let loaded: OutboxModule | undefined;
let resumed = false;

/** The outbox module, imported once; a failed import (offline) is tried again next time. */
function outboxModule(): Promise<OutboxModule> {
  loading ??= import('./outbox.js').then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The page's shared outbox, loading it first if needed. */
export async function sharedOutbox(): Promise<Outbox> {
  return (await outboxModule()).Outbox.shared();
}

/** The page's shared outbox if it is loaded already, else undefined. */
export function loadedSharedOutbox(): Outbox | undefined {
  return loaded?.Outbox.shared();
}

/** Fetches the outbox ahead of a write that may come (a resident began filling a form). */
export function prepareOutbox(): void {
  outboxModule().catch(() => {});
}

/**
 * Sends what an earlier visit left in the shared outbox, loading the outbox only when something waits.
 * Safe to call many times; offline, it tries again when the network is back.
 */
export function resumeOutbox(): void {
  if (resumed) return;
  resumed = true;
  const resume = async (): Promise<void> => {
    if (!(await (await openOutboxStore(SHARED_OUTBOX)).all()).length) return;
    try {
      (await sharedOutbox()).start();
    } catch {
      addEventListener('online', () => void resume(), { once: true });
    }
  };
  void resume();
}
