// The world the fuzzer runs in: a community with a site, repair services, a building, a poll, a
// suggestion and a repair, an admin signed in, and a pool of the identifiers they and later answers hold.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { insertRota } from '../../../packages/server/src/repositories/rotas.js';
import { buildTestApp, type TestApp } from '../app.js';
import { createPoll, type PollHarness } from '../poll-fixtures.js';
import { postRepair, repairCommunity } from '../repair-fixtures.js';
import { signIn } from '../staff-fixtures.js';
import { submit } from '../suggestion-fixtures.js';
import type { FuzzContext, FuzzRequest } from './requests.js';
import { installWriteJournal, type WriteJournal } from './write-journal.js';

export const ORIGIN = 'http://localhost:8080';

// Generous limits: a 429 would stop most requests at the door, before the code worth fuzzing.
const UNLIMITED = '1000000';
const env = Object.fromEntries(
  [
    'COURTYARD_RATE_IP_SOFT',
    'COURTYARD_RATE_IP_HARD',
    'COURTYARD_RATE_SITE_SOFT',
    'COURTYARD_RATE_SITE_HARD',
    'COURTYARD_RATE_IP_READ',
    'COURTYARD_RATE_LOGIN_IP',
    'COURTYARD_LOGIN_MAX_FAILURES',
  ].map((name) => [name, UNLIMITED]),
);
// The write journal must see only what the fuzzed request wrote: no scheduled job's round in between.
const A_DAY = String(24 * 60 * 60_000);
env.COURTYARD_POLL_ANNOUNCE_EVERY_MS = A_DAY;
env.COURTYARD_RETENTION_EVERY_MS = A_DAY;
env.COURTYARD_PURGE_EVERY_MS = A_DAY;
env.COURTYARD_ROTA_GAPS_EVERY_MS = A_DAY;

export interface FuzzHarness {
  harness: TestApp;
  journal: WriteJournal;
  context: FuzzContext;
  /** Sends a request as a client would; `undefined` when the client itself refuses (e.g. a NUL in a header). */
  send(request: FuzzRequest): Promise<{ statusCode: number; body: string } | undefined>;
  /** Remembers identifiers in a successful answer so later requests can aim at real rows. */
  harvest(body: string): void;
  /** Signs in again (a fuzzed sign-out ends the session the other requests use). */
  renewSession(): Promise<void>;
  close(): Promise<void>;
}

const IDENTIFIER_KEYS =
  /^(id|.*Id|trackingCode|followCode|code|receipt|token|siteKey|service_code|service_request_id)$/;
const POOL_LIMIT = 200;

export async function fuzzHarness(): Promise<FuzzHarness> {
  const harness = await buildTestApp({ env });
  const { app } = harness;
  const world = await repairCommunity(app);
  const identifiers = new Set<string>([
    world.site.siteKey,
    world.leak.id,
    world.lighting.id,
    world.building.id,
    world.unit.id,
  ]);
  identifiers.add(world.admin.id).add(world.worker.id).add(world.suggestion.id);
  // A duty rota of 3号楼 1单元 (room 501), so the rota routes are aimed at a real one too.
  const rota = await insertRota(app.db, {
    communityId: world.community.id,
    title: '楼道值日',
    buildingId: world.building.id,
    unitId: world.unit.id,
    tasks: ['扫楼梯'],
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    perDay: 2,
    createdBy: null,
  });
  identifiers.add(rota.id);
  let cookie = world.adminCookie;
  const polls: PollHarness = {
    app,
    communityId: world.community.id,
    siteKey: world.site.siteKey,
    siteId: world.site.id,
    cookie,
    staffId: world.admin.id,
  };

  const harvest = (body: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return;
    }
    const visit = (value: unknown, key: string, depth: number) => {
      if (identifiers.size >= POOL_LIMIT || depth > 4) return;
      if (typeof value === 'string' && IDENTIFIER_KEYS.test(key) && value.length <= 100) identifiers.add(value);
      else if (Array.isArray(value)) for (const item of value.slice(0, 10)) visit(item, key, depth + 1);
      else if (value && typeof value === 'object')
        for (const [name, inner] of Object.entries(value)) visit(inner, name, depth + 1);
    };
    visit(parsed, '', 0);
  };
  const poll = await createPoll(polls, {});
  harvest(JSON.stringify(poll));
  harvest((await submit(app, world.site.siteKey, { text: '楼道灯坏了很久', phone: '13800138000' })).body);
  harvest(
    (
      await postRepair(app, world.site.siteKey, {
        serviceId: world.lighting.id,
        description: '3号楼1单元楼道灯不亮',
        buildingId: world.building.id,
        unitId: world.unit.id,
        phone: '13800138000',
      })
    ).body,
  );

  // Event streams never end, so inject() would wait forever: those go over real HTTP and are cut after the head.
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const journal = await installWriteJournal(app.db);

  const overHttp = (request: FuzzRequest) =>
    new Promise<{ statusCode: number; body: string }>((resolve, reject) => {
      const outgoing = httpRequest({
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      });
      outgoing.on('error', reject);
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        const finish = () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
        if (response.headers['content-type']?.startsWith('text/event-stream')) {
          response.once('data', (chunk: Buffer) => {
            chunks.push(chunk);
            outgoing.destroy();
            finish();
          });
          return;
        }
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', finish);
      });
      outgoing.end(request.payload);
    });

  const send = async (request: FuzzRequest) => {
    try {
      if (request.method === 'GET' && request.url.split('?')[0]?.endsWith('/events')) return await overHttp(request);
      const response: LightMyRequestResponse = await app.inject({ ...request, method: request.method as 'GET' });
      return { statusCode: response.statusCode, body: response.body };
    } catch (error) {
      // Node will not put some characters into a header; such a request never reaches any server.
      const code = (error as { code?: string }).code;
      if (code === 'ERR_INVALID_CHAR') return undefined;
      // Past Node's 16 KB head limit the server answers 431 and closes; the client may still be writing.
      if ((code === 'ECONNRESET' || code === 'EPIPE') && headSize(request) > 16_384) return undefined;
      throw error;
    }
  };

  return {
    harness,
    journal,
    context: {
      siteKey: world.site.siteKey,
      origin: ORIGIN,
      cookie: () => cookie,
      pool: fc.constant(null).chain(() => fc.constantFrom(...identifiers)),
    },
    send,
    harvest,
    renewSession: async () => {
      cookie = (await signIn(app, world.admin.email, world.admin.password)).cookie;
    },
    close: () => harness.close(),
  };
}

function headSize(request: FuzzRequest): number {
  return (
    request.url.length +
    Object.entries(request.headers).reduce((size, [name, value]) => size + name.length + value.length + 4, 0)
  );
}
