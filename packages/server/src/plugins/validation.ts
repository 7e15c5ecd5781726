// Validation rules every route inherits: unknown fields are a 400 (never silently dropped), bodies are
// never type-coerced (only query strings and params, which arrive as text), strings are NFC-normalised,
// NUL/control characters, lone surrogates and noncharacters are refused, and bodies nested deeper than
// Limits.bodyDepth are refused, all before the schema sees them.

import { Limits } from '@courtyard/protocol';
import { Ajv, type Options as AjvOptions } from 'ajv';
import addFormats from 'ajv-formats';
import fastJsonStringify from 'fast-json-stringify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { controlCharacters, nestedTooDeep, notText } from '../errors.js';

const shared: AjvOptions = {
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  strict: false,
};

function makeAjv(coerceTypes: AjvOptions['coerceTypes']) {
  const ajv = new Ajv({ ...shared, coerceTypes });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  return ajv;
}

// Tab, line feed and carriage return are text; every other C0 control, DEL and the C1 range are not.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Nor are lone surrogates (no Unicode character at all: PostgreSQL refuses them) and the 66 noncharacters
// (U+FDD0–U+FDEF, U+FFFE/U+FFFF and the same pair on every plane): XML 1.0 forbids U+FFFE/U+FFFF and
// discourages the rest, Unicode keeps them for a program's internal use, and no keyboard types them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cs}\p{Noncharacter_Code_Point}]/u;

function checkText(text: string, path: string): void {
  if (REFUSED.test(text)) throw CONTROL.test(text) ? controlCharacters(path) : notText(path);
}

/**
 * Returns the value with every string NFC-normalised; throws on control characters, lone surrogates and
 * noncharacters, and on objects and arrays nested past Limits.bodyDepth (`depth` counts the objects and
 * arrays around `value`: 0 for a whole body).
 */
export function cleanStrings(value: unknown, path: string, depth = 0): unknown {
  if (typeof value === 'string') {
    checkText(value, path);
    return value.normalize('NFC');
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  // Checked before descending: a 40 KB body can nest 20,000 deep, past the stack of any recursive walk.
  if (depth >= Limits.bodyDepth) throw nestedTooDeep(path, Limits.bodyDepth);
  if (Array.isArray(value)) return value.map((item, i) => cleanStrings(item, `${path}[${i}]`, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    checkText(key, path);
    out[key.normalize('NFC')] = cleanStrings(item, `${path}.${key}`, depth + 1);
  }
  return out;
}

// Compiled once per process, for every app it builds: Ajv caches by schema object, and the routes' schemas
// are @courtyard/protocol's constants. A test process builds dozens of apps, and compiling every route's
// validators and serializers again cost about 4 s of CPU per app.
const bodyAjv = makeAjv(false);
const textAjv = makeAjv('array');
const serializers = new WeakMap<object, (data: unknown) => string>();

function responseSerializer(schema: object) {
  let serialize = serializers.get(schema);
  if (!serialize) {
    serialize = fastJsonStringify(schema);
    serializers.set(schema, serialize);
  }
  return serialize;
}

export default fp(
  async function validation(app: FastifyInstance) {
    app.setValidatorCompiler(({ schema, httpPart }) => {
      const ajv = httpPart === 'body' ? bodyAjv : textAjv;
      return ajv.compile(schema);
    });
    app.setSerializerCompiler(({ schema }) => responseSerializer(schema as object));

    app.addHook('preValidation', async (request: FastifyRequest) => {
      if (request.body !== undefined && !isMultipart(request)) request.body = cleanStrings(request.body, 'body');
      request.query = cleanStrings(request.query, 'query') as typeof request.query;
      request.params = cleanStrings(request.params, 'params') as typeof request.params;
    });
  },
  { name: 'courtyard-validation' },
);

function isMultipart(request: FastifyRequest) {
  return (request.headers['content-type'] ?? '').startsWith('multipart/');
}
