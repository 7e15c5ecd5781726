// Where the outbox keeps writes that could not be sent yet: IndexedDB, so they survive a reload or a
// closed tab; memory when IndexedDB is unavailable (blocked storage), so they still survive this page's life.
import type { WriteRequest } from './client.js';

export interface OutboxEntry extends WriteRequest {
  createdAt: number;
  attempts: number;
  /** Earliest next attempt by backoff; the `online` event skips it. */
  nextAttemptAt: number;
  /** Earliest next attempt the server asked for (Retry-After); always honoured. */
  notBefore: number;
}

export interface OutboxStore {
  all(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(idempotencyKey: string): Promise<void>;
}

/** The page's shared outbox's database (and Web Lock and BroadcastChannel) name. */
export const SHARED_OUTBOX = 'courtyard-outbox';
const STORE = 'entries';

function done<T>(request: IDBRequest<T> | IDBTransaction): Promise<T> {
  return new Promise((resolve, reject) => {
    if (request instanceof IDBTransaction) {
      request.oncomplete = () => resolve(undefined as T);
      request.onerror = request.onabort = () => reject(request.error);
    } else {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }
  });
}

class IndexedDbStore implements OutboxStore {
  constructor(private readonly db: IDBDatabase) {}

  all(): Promise<OutboxEntry[]> {
    return done(this.db.transaction(STORE).objectStore(STORE).getAll());
  }

  put(entry: OutboxEntry): Promise<void> {
    const transaction = this.db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).put(entry);
    return done(transaction);
  }

  delete(idempotencyKey: string): Promise<void> {
    const transaction = this.db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).delete(idempotencyKey);
    return done(transaction);
  }
}

export class MemoryStore implements OutboxStore {
  private readonly entries = new Map<string, OutboxEntry>();
  async all() {
    return [...this.entries.values()];
  }
  async put(entry: OutboxEntry) {
    this.entries.set(entry.idempotencyKey, entry);
  }
  async delete(idempotencyKey: string) {
    this.entries.delete(idempotencyKey);
  }
}

/** Opens (or creates) the outbox database `name`; falls back to memory when IndexedDB refuses. */
export async function openOutboxStore(name: string): Promise<OutboxStore> {
  try {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'idempotencyKey' });
    return new IndexedDbStore(await done(request));
  } catch {
    return new MemoryStore();
  }
}
