// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188): an ephemeral ECDH
// key with the browser's p256dh key, mixed with its auth secret, gives the content key and nonce; the body is
// one record whose header carries the salt and the ephemeral public key.
import { createCipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';

const RECORD_SIZE = 4096;

const hkdf = (ikm: Buffer, salt: Buffer, info: Buffer, length: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, length));

/** Whether `p256dh` (base64url) is a point on P-256 that a key agreement accepts. */
export function isPushPublicKey(p256dh: string): boolean {
  const point = Buffer.from(p256dh, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return false;
  try {
    const probe = createECDH('prime256v1');
    probe.generateKeys();
    probe.computeSecret(point);
    return true;
  } catch {
    return false;
  }
}

/** The aes128gcm body carrying `plaintext` to the browser that gave `p256dh` and `auth` (both base64url). */
export function encryptPushMessage(
  plaintext: Buffer,
  subscriptionKeys: { p256dh: string; auth: string },
  salt: Buffer = randomBytes(16),
): Buffer {
  const browserPublic = Buffer.from(subscriptionKeys.p256dh, 'base64url');
  const authSecret = Buffer.from(subscriptionKeys.auth, 'base64url');
  const ours = createECDH('prime256v1');
  const ourPublic = ours.generateKeys();
  const sharedSecret = ours.computeSecret(browserPublic);

  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browserPublic, ourPublic]);
  const ikm = hkdf(sharedSecret, authSecret, keyInfo, 32);
  const contentKey = hkdf(ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12);

  // One record: the message, then the delimiter 0x02 that marks the last record.
  const cipher = createCipheriv('aes-128-gcm', contentKey, nonce);
  const sealed = Buffer.concat([
    cipher.update(Buffer.concat([plaintext, Buffer.from([2])])),
    cipher.final(),
    cipher.getAuthTag(),
  ]);

  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(RECORD_SIZE, 16);
  header.writeUInt8(ourPublic.length, 20);
  return Buffer.concat([header, ourPublic, sealed]);
}
