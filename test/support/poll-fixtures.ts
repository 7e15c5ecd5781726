// Polls through the real APIs: a community with a site and a signed-in staff member, polls created with
// the staff API, votes cast on the public API with fresh Idempotency-Keys.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from './app.js';
import { communityWithStaff, staffRequest as staffRequestAs } from './staff-fixtures.js';

export interface PollHarness {
  app: FastifyInstance;
  communityId: string;
  siteKey: string;
  siteId: string;
  cookie: string;
  staffId: string;
}

export async function pollHarness(app: FastifyInstance): Promise<PollHarness> {
  const { community, site, staff, cookie } = await communityWithStaff(app, {
    site: { allowedOrigins: ['https://www.example.org'] },
  });
  return { app, communityId: community.id, siteKey: site.siteKey, siteId: site.id, cookie, staffId: staff.id };
}

/** A test app with a poll harness in it: where most poll tests begin. */
export async function pollTestApp(
  options: Parameters<typeof buildTestApp>[0] = {},
): Promise<{ harness: TestApp; h: PollHarness }> {
  const harness = await buildTestApp(options);
  return { harness, h: await pollHarness(harness.app) };
}

export function staffRequest(
  h: PollHarness,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  return staffRequestAs(h.app, h.cookie, method, `/admin/api${url}`, body);
}

export async function createPoll(h: PollHarness, body: Record<string, unknown>) {
  const response = await staffRequest(h, 'POST', '/polls', {
    title: '是否加装电梯？',
    options: [{ label: '同意', approves: true }, { label: '不同意' }],
    ...body,
  });
  if (response.statusCode !== 201) throw new Error(`poll not created: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string; options: { id: string; label: string; isOther: boolean }[] } & Record<
    string,
    unknown
  >;
}

export const voterToken = () => randomBytes(16).toString('base64url');

export function vote(
  h: PollHarness,
  pollId: string,
  body: Record<string, unknown>,
  key: string = randomUUID(),
): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method: 'POST',
    url: `/api/v1/sites/${h.siteKey}/polls/${pollId}/votes`,
    headers: { 'content-type': 'application/json', 'idempotency-key': key, origin: 'https://www.example.org' },
    payload: JSON.stringify(body),
  });
}

export function publicGet(h: PollHarness, path: string, headers: Record<string, string> = {}) {
  return h.app.inject({ method: 'GET', url: `/api/v1/sites/${h.siteKey}${path}`, headers });
}

export async function issueCodes(h: PollHarness, pollId: string, body: Record<string, unknown>) {
  const response = await staffRequest(h, 'POST', `/polls/${pollId}/ballot-codes`, body);
  if (response.statusCode !== 201) throw new Error(`codes not issued: ${response.statusCode} ${response.body}`);
  return (
    response.json() as { items: { id: string; label: string; code: string; floorArea: number | null; url: string }[] }
  ).items;
}
