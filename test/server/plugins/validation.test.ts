import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { buildings } from '../../../packages/server/src/db/schema.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createCommunityWithSite, registerPublicTestRoutes } from '../../support/fixtures.js';

const Echo = Type.Object(
  {
    text: Type.String({ maxLength: 200 }),
    count: Type.Integer({ minimum: 0, maximum: 100 }),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 5 })),
  },
  { additionalProperties: false },
);

/** Stand-in public routes (test fixtures): an echo, a write that stores text, and multipart with and without opt-in. */
function testRoutes(scope: FastifyInstance) {
  scope.post('/test-echo', { schema: { body: Echo, response: { 200: Echo } } }, async (request) => request.body);
  // The same schema object as a query string: its validator coerces text, the body's does not.
  scope.get('/test-echo', { schema: { querystring: Echo, response: { 200: Echo } } }, async (request) => request.query);
  scope.post(
    '/test-store',
    {
      schema: {
        body: Type.Object({ name: Type.String({ maxLength: 120 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ stored: Type.String() }) },
      },
    },
    async (request, reply) => {
      const [row] = await scope.db
        .insert(buildings)
        .values({ communityId: request.site.communityId, name: (request.body as { name: string }).name })
        .returning({ name: buildings.name });
      return reply.code(201).send({ stored: row!.name });
    },
  );
  scope.register(async (uploads) => {
    await uploads.register(multipart, { attachFieldsToBody: 'keyValues' });
    const reply = async (request: { body: unknown }) => ({ fields: Object.keys(request.body as object) });
    uploads.post('/test-upload', { config: { multipart: true } }, reply);
    uploads.post('/test-json-only', {}, reply);
  });
}

function assertError(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  const body = response.json();
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message']);
  assert.equal(body.error.code, code);
  assert.doesNotMatch(body.error.message, /at .*\.(js|ts):\d+|select |insert /i, 'no stack traces or SQL');
}

describe('request validation on the public API', () => {
  let harness: TestApp;
  let siteKey: string;
  const post = (path: string, payload: string | object, contentType = 'application/json') =>
    harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${siteKey}/${path}`,
      headers: { 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  before(async () => {
    harness = await buildTestApp({ beforeReady: (app) => registerPublicTestRoutes(app, testRoutes) });
    siteKey = (await createCommunityWithSite(harness.app.db)).site.siteKey;
  });
  after(() => harness.close());

  it('accepts a well-formed body', async () => {
    const response = await post('test-echo', { text: '三号楼电梯坏了\n第二行\t缩进', count: 3, tags: ['电梯'] });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { text: '三号楼电梯坏了\n第二行\t缩进', count: 3, tags: ['电梯'] });
  });

  it('answers malformed or empty JSON with 400 COURTYARD_BAD_JSON', async () => {
    assertError(await post('test-echo', '{"text": "a", "count": '), 400, 'COURTYARD_BAD_JSON');
    assertError(await post('test-echo', "{'text': 'a'}"), 400, 'COURTYARD_BAD_JSON');
    assertError(await post('test-echo', ''), 400, 'COURTYARD_BAD_JSON');
  });

  it('answers wrong types and missing fields with 400', async () => {
    assertError(await post('test-echo', { text: 5, count: 1 }), 400, 'COURTYARD_VALIDATION');
    assertError(await post('test-echo', { text: 'a', count: 1.5 }), 400, 'COURTYARD_VALIDATION');
    assertError(await post('test-echo', { text: 'a', count: 1, tags: 'x' }), 400, 'COURTYARD_VALIDATION');
    assertError(await post('test-echo', { text: 'a' }), 400, 'COURTYARD_VALIDATION');
    assertError(await post('test-echo', [1, 2]), 400, 'COURTYARD_VALIDATION');
    assertError(await post('test-echo', 'null'), 400, 'COURTYARD_VALIDATION');
  });

  it('refuses an unknown field instead of dropping it silently', async () => {
    const response = await post('test-echo', { text: 'a', count: 1, isAdmin: true });
    assertError(response, 400, 'COURTYARD_VALIDATION');
    assert.match(response.json().error.message, /isAdmin/);
  });

  it('does not coerce a string into a number (or a number into a string) in a body', async () => {
    assertError(await post('test-echo', { text: 'a', count: '3' }), 400, 'COURTYARD_VALIDATION');
    assertError(await post('test-echo', { text: 12, count: 3 }), 400, 'COURTYARD_VALIDATION');
    assertError(await post('test-echo', { text: 'a', count: true }), 400, 'COURTYARD_VALIDATION');
  });

  it('coerces the query string of a route whose schema another route uses for its body', async () => {
    const response = await harness.app.inject({ url: `/api/v1/sites/${siteKey}/test-echo?text=a&count=3` });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { text: 'a', count: 3 });
    assertError(await post('test-echo', { text: 'a', count: '3' }), 400, 'COURTYARD_VALIDATION');
  });

  it('refuses strings past their maximum length', async () => {
    assertError(await post('test-echo', { text: 'x'.repeat(201), count: 1 }), 400, 'COURTYARD_VALIDATION');
  });

  it('refuses NUL and other control characters in values and keys', async () => {
    for (const text of ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f', 'c1\u0085']) {
      assertError(await post('test-echo', { text, count: 1 }), 400, 'COURTYARD_CONTROL_CHARACTERS');
    }
    assertError(
      await post('test-echo', { text: 'a', count: 1, tags: ['ok', 'x\u0000'] }),
      400,
      'COURTYARD_CONTROL_CHARACTERS',
    );
    assertError(await post('test-echo', '{"te\\u0000xt": "a", "count": 1}'), 400, 'COURTYARD_CONTROL_CHARACTERS');
  });

  it('normalises text to NFC before it is validated, stored and echoed', async () => {
    const decomposed = 'Cafe\u0301 \u5E73\u6237 n\u0303';
    const composed = 'Caf\u00E9 \u5E73\u6237 \u00F1';
    assert.notEqual(decomposed, composed);
    const echoed = await post('test-echo', { text: decomposed, count: 1 });
    assert.equal(echoed.json().text, composed);
    const name = `${decomposed} ${Date.now()}`;
    const stored = await post('test-store', { name });
    assert.equal(stored.statusCode, 201, stored.body);
    assert.equal(stored.json().stored, name.normalize('NFC'));
  });

  it('answers an oversize body with 413', async () => {
    assertError(await post('test-echo', { text: 'x'.repeat(70 * 1024), count: 1 }), 413, 'COURTYARD_PAYLOAD_TOO_LARGE');
  });

  it('answers a prototype-poisoning body with 400', async () => {
    assertError(await post('test-echo', '{"text":"a","count":1,"__proto__":{"x":1}}'), 400, 'COURTYARD_BAD_JSON');
  });

  it('refuses bodies that are not JSON with 415', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'text/plain; charset=utf-8',
    ]) {
      assertError(await post('test-echo', 'text=a&count=1', type), 415, 'COURTYARD_UNSUPPORTED_MEDIA_TYPE');
    }
    const untyped = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${siteKey}/test-echo`,
      payload: Buffer.from('{"text":"a","count":1}'),
    });
    assertError(untyped, 415, 'COURTYARD_UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts multipart only on routes that opt in', async () => {
    const boundary = 'courtyard-test-boundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n楼道灯\r\n--${boundary}--\r\n`;
    const type = `multipart/form-data; boundary=${boundary}`;
    const accepted = await post('test-upload', body, type);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.deepEqual(accepted.json(), { fields: ['text'] });
    assertError(await post('test-json-only', body, type), 415, 'COURTYARD_UNSUPPORTED_MEDIA_TYPE');
    assertError(await post('test-echo', body, type), 415, 'COURTYARD_UNSUPPORTED_MEDIA_TYPE');
  });
});

type Schema = Record<string, unknown>;

/** Paths (within one request schema) of strings without maxLength and objects open to unknown fields. */
function unboundedParts(schema: unknown, path: string, isHeaders: boolean, problems: string[]) {
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as Schema;
  const types = ([] as unknown[]).concat(node.type ?? []);
  const bounded = node.maxLength !== undefined || node.const !== undefined || node.enum !== undefined;
  if (types.includes('string') && !bounded) problems.push(`${path}: string without maxLength`);
  const isObject = types.includes('object') || node.properties !== undefined;
  // Requests always carry headers nobody names, so only the top level of a headers schema may stay open.
  if (isObject && node.additionalProperties !== false && !(isHeaders && path.endsWith('headers'))) {
    problems.push(`${path}: object without additionalProperties: false`);
  }
  if (node.$ref !== undefined) problems.push(`${path}: $ref cannot be checked; inline the schema`);
  for (const [key, child] of Object.entries((node.properties as Schema | undefined) ?? {})) {
    unboundedParts(child, `${path}.${key}`, isHeaders, problems);
  }
  for (const key of ['items', 'additionalProperties', 'not', 'contains']) {
    if (typeof node[key] === 'object') unboundedParts(node[key], `${path}[${key}]`, isHeaders, problems);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    for (const [i, child] of ((node[key] as unknown[] | undefined) ?? []).entries()) {
      unboundedParts(child, `${path}.${key}[${i}]`, isHeaders, problems);
    }
  }
}

describe('every route of the built app', () => {
  const routes: RouteOptions[] = [];
  let harness: TestApp;

  before(async () => {
    // Fastify announces each new instance on this channel before any route exists, so an onRoute hook
    // added here sees every route buildApp registers, without a test-only option in the app.
    const collect = ({ fastify }: { fastify: FastifyInstance }) => {
      fastify.addHook('onRoute', (route) => {
        routes.push(route);
      });
    };
    diagnostics.subscribe('fastify.initialization', collect as (message: unknown) => void);
    try {
      harness = await buildTestApp();
    } finally {
      diagnostics.unsubscribe('fastify.initialization', collect as (message: unknown) => void);
    }
  });
  after(() => harness.close());

  it('were collected, the public and staff APIs among them', () => {
    const urls = routes.map((route) => `${route.method} ${route.url}`);
    assert.ok(urls.includes('GET /api/v1/sites/:siteKey/config'), urls.join('\n'));
    assert.ok(
      urls.some((url) => url.includes('/admin/api/')),
      urls.join('\n'),
    );
  });

  it('bound every string in every request schema and refuse unknown fields', () => {
    const problems: string[] = [];
    for (const route of routes) {
      const schema = (route.schema ?? {}) as Schema;
      const where = `${route.method} ${route.url}`;
      for (const part of ['body', 'querystring', 'query', 'params', 'headers']) {
        if (schema[part] !== undefined) unboundedParts(schema[part], `${where} ${part}`, part === 'headers', problems);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('declare a params schema wherever the API path has parameters', () => {
    const missing = routes
      .filter((route) => /^\/(api|admin\/api|open311)\//.test(route.url) && /[:*]/.test(route.url))
      .filter((route) => (route.schema as Schema | undefined)?.params === undefined)
      .map((route) => `${route.method} ${route.url}`);
    assert.deepEqual(missing, []);
  });
});
