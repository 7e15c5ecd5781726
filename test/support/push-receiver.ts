// A real RFC 8030 push service on this machine, as far as a sender can tell: it takes POSTs of messages,
// checks their VAPID token against the key they carry, and decrypts their aes128gcm body (RFC 8291) with the
// subscription's private key, which the test made as a browser would.
import assert from 'node:assert/strict';
import { createDecipheriv, createECDH, createPublicKey, type ECDH, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A browser's side of one push subscription: its key pair and auth secret, and its endpoint. */
export interface TestSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
}

export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The VAPID public key (`k`) and the verified JWT claims. */
  vapidKey: string;
  claims: { aud: string; exp: number; sub: string };
  message: unknown;
}

export interface PushReceiver {
  origin: string;
  received: ReceivedPush[];
  /** What the receiver answers on `path` next (default 201); each answer is used once, then 201 again. */
  answer(path: string, ...statuses: number[]): void;
  subscription(path: string): TestSubscription;
  close(): Promise<void>;
}

export async function startPushReceiver(): Promise<PushReceiver> {
  const subscriptions = new Map<string, TestSubscription>();
  const answers = new Map<string, number[]>();
  const received: ReceivedPush[] = [];
  let origin = '';
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      const status = answers.get(path)?.shift() ?? 201;
      try {
        const subscription = subscriptions.get(path);
        assert.ok(subscription, `no subscription at ${path}`);
        assert.equal(request.method, 'POST');
        const { vapidKey, claims } = verifyVapid(String(request.headers.authorization));
        assert.equal(claims.aud, origin, 'the JWT audience is the push service origin');
        received.push({
          path,
          headers: request.headers,
          vapidKey,
          claims,
          message: JSON.parse(decrypt(Buffer.concat(chunks), subscription).toString('utf8')),
        });
        response.writeHead(status).end();
      } catch (error) {
        response.writeHead(400).end(String(error));
        received.push({
          path,
          headers: request.headers,
          vapidKey: '',
          claims: { aud: '', exp: 0, sub: '' },
          message: { error: String(error) },
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    answer: (path, ...statuses) => answers.set(path, statuses),
    subscription(path) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const subscription = {
        endpoint: `${origin}${path}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
        ecdh,
      };
      subscriptions.set(path, subscription);
      return subscription;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Checks `vapid t=<JWT>, k=<key>`: an ES256 signature by the key it names. */
function verifyVapid(authorization: string) {
  const match = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(authorization);
  assert.ok(match, `not a VAPID authorization: ${authorization}`);
  const [, header, payload, signature, vapidKey] = match as unknown as [string, string, string, string, string];
  assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { typ: 'JWT', alg: 'ES256' });
  const point = Buffer.from(vapidKey, 'base64url');
  assert.equal(point.length, 65);
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  assert.ok(signed, 'the VAPID JWT is signed by the key in k=');
  return { vapidKey, claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) };
}

/** RFC 8291 from the browser's side: the ephemeral key in the header, the subscription's private key. */
function decrypt(body: Buffer, subscription: TestSubscription): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const keyLength = body.readUInt8(20);
  const serverPublic = body.subarray(21, 21 + keyLength);
  const record = body.subarray(21 + keyLength);
  assert.ok(record.length <= recordSize, 'one record');
  const hkdf = (ikm: Buffer, hkdfSalt: Buffer, info: Buffer, length: number) =>
    Buffer.from(hkdfSync('sha256', ikm, hkdfSalt, info, length));
  const browserPublic = subscription.ecdh.getPublicKey();
  const shared = subscription.ecdh.computeSecret(serverPublic);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), browserPublic, serverPublic]);
  const ikm = hkdf(shared, Buffer.from(subscription.keys.auth, 'base64url'), info, 32);
  const key = hkdf(ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12);
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  assert.equal(padded[end], 2, 'the last record ends with the delimiter 0x02');
  return padded.subarray(0, end);
}
