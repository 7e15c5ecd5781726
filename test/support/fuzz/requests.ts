// Requests for one operation of /openapi.json: path parameters, query strings, headers and bodies drawn
// from the operation's own schemas, mostly fitting (to reach the handlers) and sometimes broken.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { anyText, breaking, fitting, type JsonSchema } from './arbitraries.js';

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. /api/v1/sites/{siteKey}/suggestions. */
  path: string;
  parameters: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: JsonSchema }[];
  /** Request body schemas by content type. */
  bodies: Record<string, JsonSchema>;
  staff: boolean;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface FuzzContext {
  siteKey: string;
  /** The origin the site and the console accept (PUBLIC_URL). */
  origin: string;
  /** A signed-in staff member's `name=value` cookie; read when the request is made, as sign-out may renew it. */
  cookie: () => string;
  /** Identifiers and codes seen so far (fixtures and earlier answers). */
  pool: fc.Arbitrary<string>;
}

type OpenApiDocument = {
  paths: Record<
    string,
    Record<
      string,
      {
        tags?: string[];
        parameters?: Operation['parameters'];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
};

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      bodies: Object.fromEntries(
        Object.entries(operation.requestBody?.content ?? {}).map(([type, content]) => [type, content.schema]),
      ),
      staff: path.startsWith('/admin/api'),
    })),
  );
}

/** Percent-encodes text, keeping a lone surrogate as the invalid UTF-8 it would be on the wire. */
export function encodePathPart(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text]
      .map((char) => {
        const code = char.charCodeAt(0);
        return code >= 0xd800 && code <= 0xdfff
          ? `%ED%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`
          : encodeURIComponent(char);
      })
      .join('');
  }
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'multipart/form-data',
  'application/xml',
  'application/vnd.api+json',
  '',
);

const REUSED_KEY = '6f1f3b7e-2c4d-4e5f-8a9b-0c1d2e3f4a5b';

function bodyFor(operation: Operation, pool: fc.Arbitrary<string>): fc.Arbitrary<{ type?: string; payload?: string }> {
  const [declaredType, schema] = Object.entries(operation.bodies)[0] ?? [undefined, undefined];
  const json = (value: fc.Arbitrary<unknown>) => value.map((body) => JSON.stringify(body) ?? 'null');
  const declared = declaredType ?? 'application/json';
  const shaped = schema
    ? fc.oneof(
        { weight: 5, arbitrary: json(fitting(schema, pool)) },
        { weight: 4, arbitrary: json(breaking(schema, pool)) },
      )
    : json(fc.jsonValue({ maxDepth: 2 }));
  const rawText = fc.oneof(
    anyText(),
    fc.constantFrom('{', '{"a":', '[]', 'null', '"x"', '{"__proto__":{"x":1}}', '{"a":1,"a":2}', 'x'.repeat(300_000)),
  );
  return fc.oneof(
    { weight: 8, arbitrary: shaped.map((payload) => ({ type: declared, payload })) },
    { weight: 2, arbitrary: fc.record({ type: contentTypes, payload: fc.oneof(shaped, rawText) }) },
    { weight: 1, arbitrary: fc.constant({ type: undefined, payload: undefined }) },
  );
}

function parameterValue(
  parameter: Operation['parameters'][number],
  context: FuzzContext,
): fc.Arbitrary<string | undefined> {
  const schema = parameter.schema ?? { type: 'string' };
  const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const good = fitting(schema, context.pool).map(asText);
  const bad = breaking(schema, context.pool).map(asText);
  if (parameter.in === 'path' && parameter.name === 'siteKey') {
    return fc.oneof({ weight: 9, arbitrary: fc.constant(context.siteKey) }, { weight: 1, arbitrary: anyText(80) });
  }
  if (parameter.in === 'path') {
    return fc.oneof(
      { weight: 4, arbitrary: context.pool },
      { weight: 3, arbitrary: good },
      { weight: 2, arbitrary: bad },
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: good },
    { weight: 2, arbitrary: bad },
  );
}

const awkwardProof = fc
  .constantFrom<unknown>(
    null,
    [],
    { challenge: null, solution: null },
    { challenge: { parameters: { algorithm: 'PBKDF2/SHA-256', cost: 1e12 }, signature: 'ab' }, solution: {} },
    { challenge: { parameters: { __proto__: { polluted: true } }, signature: 1 }, solution: { counter: '1' } },
    { challenge: { parameters: { algorithm: 'ARGON2ID', nonce: 'zz' }, signature: '00' }, solution: { counter: -1 } },
  )
  .map((payload) => Buffer.from(JSON.stringify(payload)).toString('base64'));

export function requestFor(operation: Operation, context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const values = fc.tuple(...operation.parameters.map((parameter) => parameterValue(parameter, context)));
  const write = operation.method !== 'GET' && operation.method !== 'HEAD';
  return fc
    .record({
      values,
      body: write ? bodyFor(operation, context.pool) : fc.constant({ type: undefined, payload: undefined }),
      idempotencyKey: fc.oneof(
        { weight: 6, arbitrary: fc.constant('fresh') },
        { weight: 1, arbitrary: fc.constant(REUSED_KEY) },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: anyText(80) },
      ),
      origin: fc.oneof(
        { weight: 6, arbitrary: fc.constant(context.origin) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(undefined, 'null', 'https://evil.example', 'http://localhost:8080.evil'),
        },
      ),
      session: fc.oneof(
        { weight: 8, arbitrary: fc.constant('valid') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(undefined, '__Host-courtyard_session=forged', 'courtyard_session=\u0000'),
        },
      ),
      extraQuery: fc.oneof(
        { weight: 6, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('unknown', '__proto__', 'limit'), anyText(40)) },
      ),
      acceptLanguage: fc.option(fc.constantFrom('en', 'zh-CN', 'zh-Hant-TW;q=0.1', '*', 'xx-\u0000'), { freq: 3 }),
      // A proof-of-work solution nobody solved: text, or base64 of JSON shaped almost like one.
      proof: fc.option(fc.oneof(anyText(80), awkwardProof), { freq: 6 }),
    })
    .map(({ values, body, idempotencyKey, origin, session, extraQuery, acceptLanguage, proof }) => {
      let path = operation.path;
      const query = new URLSearchParams();
      const headers: Record<string, string> = {};
      operation.parameters.forEach((parameter, index) => {
        const value = values[index];
        if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodePathPart(value ?? ''));
        else if (value !== undefined && parameter.in === 'query') query.append(parameter.name, value);
        else if (value !== undefined && parameter.in === 'header') headers[parameter.name] = value;
      });
      if (extraQuery) query.append(extraQuery[0], extraQuery[1]);
      if (body.type !== undefined) headers['content-type'] = body.type;
      if (idempotencyKey !== undefined)
        headers['idempotency-key'] = idempotencyKey === 'fresh' ? randomUUID() : idempotencyKey;
      if (origin !== undefined) headers.origin = origin;
      if (acceptLanguage) headers['accept-language'] = acceptLanguage;
      if (proof && write) headers['courtyard-proof-of-work'] = proof;
      if (operation.staff && session !== undefined) headers.cookie = session === 'valid' ? context.cookie() : session;
      const search = safeQuery(query);
      return {
        method: operation.method,
        url: search ? `${path}?${search}` : path,
        headers,
        ...(body.payload === undefined ? {} : { payload: body.payload }),
      };
    });
}

/** URLSearchParams throws on lone surrogates in some Node versions; send them as invalid UTF-8 instead. */
function safeQuery(query: URLSearchParams): string {
  return [...query].map(([name, value]) => `${encodePathPart(name)}=${encodePathPart(value)}`).join('&');
}
