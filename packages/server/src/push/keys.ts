// The app's VAPID keys, loaded once per app (the first page or job that needs them makes them if none exist).
import type { FastifyInstance } from 'fastify';
import { loadVapidKeys, type VapidKeys } from './vapid.js';

const loaded = new WeakMap<FastifyInstance, Promise<VapidKeys>>();

export function vapidKeysFor(app: FastifyInstance): Promise<VapidKeys> {
  let keys = loaded.get(app);
  if (!keys) {
    keys = loadVapidKeys(app.db, app.config.push);
    // A failure (the database away for a moment) is not remembered: the next caller tries again.
    keys.catch(() => loaded.delete(app));
    loaded.set(app, keys);
  }
  return keys;
}
