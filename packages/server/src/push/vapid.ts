// VAPID (RFC 8292): the server identifies itself to push services with an ES256-signed JWT and its public
// key. The key pair is this instance's: from config, or made once and kept in the database so every
// instance signs with the same key (browsers subscribed with it; a new key would orphan every subscription).
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { vapidKeys } from '../db/schema.js';
import { rows } from '../repositories/rows.js';
import { isVapidKeyPair } from './key-pair.js';

export interface VapidKeys {
  /** The uncompressed P-256 point, base64url: the page's applicationServerKey and the `k` parameter. */
  publicKey: string;
  privateKey: KeyObject;
}

/** A new P-256 key pair as base64url strings: the 65-byte public point and the 32-byte private scalar. */
export function newVapidKeyPair(): { publicKey: string; privateKey: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x as string, 'base64url'),
    Buffer.from(jwk.y as string, 'base64url'),
  ]);
  return { publicKey: point.toString('base64url'), privateKey: jwk.d as string };
}

/** The private key object of a base64url pair; throws when the two do not belong together. */
export function vapidKeysOf(publicKey: string, privateKey: string): VapidKeys {
  const point = Buffer.from(publicKey, 'base64url');
  // Node imports a JWK whose x, y and d disagree; push services would then refuse every message.
  if (point.length !== 65 || point[0] !== 4 || !isVapidKeyPair(publicKey, privateKey)) {
    throw new Error('The VAPID keys are not a P-256 key pair.');
  }
  const key = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
      d: privateKey,
    },
    format: 'jwk',
  });
  return { publicKey, privateKey: key };
}

/** This instance's keys: the configured pair, else the stored one, made and stored on first need. */
export async function loadVapidKeys(
  db: Executor,
  configured: { vapidPublicKey?: string; vapidPrivateKey?: string },
): Promise<VapidKeys> {
  if (configured.vapidPublicKey && configured.vapidPrivateKey) {
    return vapidKeysOf(configured.vapidPublicKey, configured.vapidPrivateKey);
  }
  const made = newVapidKeyPair();
  // Two instances starting together: the first insert wins and both read its row.
  await db
    .insert(vapidKeys)
    .values({ id: 1, ...made })
    .onConflictDoNothing();
  const [stored] = rows<{ publicKey: string; privateKey: string }>(
    await db.execute(sql`select public_key as "publicKey", private_key as "privateKey" from ${vapidKeys} where id = 1`),
  );
  if (!stored) throw new Error('The VAPID keys could not be stored.');
  return vapidKeysOf(stored.publicKey, stored.privateKey);
}

/**
 * The Authorization header for a push to `endpoint`: `vapid t=<JWT>, k=<public key>`, the JWT's audience the
 * endpoint's origin, valid for 12 hours (push services refuse more than 24).
 */
export function vapidAuthorization(keys: VapidKeys, endpoint: string, subject: string, now = Date.now()): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ typ: 'JWT', alg: 'ES256' })}.${encode({
    aud: new URL(endpoint).origin,
    exp: Math.floor(now / 1000) + 12 * 3600,
    sub: subject,
  })}`;
  const signature = sign('sha256', Buffer.from(unsigned), { key: keys.privateKey, dsaEncoding: 'ieee-p1363' });
  return `vapid t=${unsigned}.${signature.toString('base64url')}, k=${keys.publicKey}`;
}
