// Validation rules every route inherits: unknown fields are a 400 (never silently dropped), bodies are
// never type-coerced (only query strings and params, which arrive as text), strings are NFC-normalised,
// NUL/control characters, lone surrogates and noncharacters are refused, and bodies nested deeper than
// Limits.bodyDepth are refused, all before the schema sees them.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Limits } from '@courtyard/protocol';
import { Ajv, type Options as AjvOptions, type ValidateFunction } from 'ajv';
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

// A folder where compiled checks are kept between processes (see compiled() below); tests set it.
const cacheFolder = process.env.COURTYARD_SCHEMA_CACHE || undefined;

function makeAjv(coerceTypes: AjvOptions['coerceTypes']) {
  // With a cache folder Ajv also keeps each check's source, which standaloneCode turns into a module.
  const ajv = new Ajv({ ...shared, coerceTypes, ...(cacheFolder ? { code: { source: true } } : {}) });
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

// Compiled once per process, for every app it builds: the maps below keep each route's validator and
// serializer by schema object (the routes' schemas are @courtyard/protocol's constants). A test process
// builds dozens of apps, and compiling every route's validators and serializers again cost about 4 s of CPU
// per app.
const bodyAjv = makeAjv(false);
const textAjv = makeAjv('array');
// One map a kind: a schema used for a body and for a query string gets a validator of each.
const validators = { body: new WeakMap<object, ValidateFunction>(), text: new WeakMap<object, ValidateFunction>() };
const serializers = new WeakMap<object, (data: unknown) => string>();

function requestValidator(schema: object, httpPart: string | undefined): ValidateFunction {
  const body = httpPart === 'body';
  const kind = validators[body ? 'body' : 'text'];
  const known = kind.get(schema);
  if (known) return known;
  const ajv = body ? bodyAjv : textAjv;
  const validate = cacheFolder
    ? compiled<ValidateFunction>(`validator-${body ? 'body' : 'text'}`, schema, () =>
        standaloneCode(ajv, ajv.compile(schema)),
      )
    : ajv.compile(schema);
  kind.set(schema, validate);
  return validate;
}

function responseSerializer(schema: object): (data: unknown) => string {
  const known = serializers.get(schema);
  if (known) return known;
  const serialize = cacheFolder
    ? compiled<(data: unknown) => string>('serializer', schema, () =>
        // Standalone mode returns the module's source rather than the function.
        String(fastJsonStringify(schema, { mode: 'standalone', inlineValidators: true } as never)),
      )
    : fastJsonStringify(schema);
  serializers.set(schema, serialize);
  return serialize;
}

// Compiling every route's checks costs a process about 2.5 s of CPU before its first request, and a test run
// starts some 180 processes. With COURTYARD_SCHEMA_CACHE set, each check's generated module is kept in that
// folder under a hash of what made it (schema, options, library versions) and later processes load it
// instead. Loading runs the file as code: the folder must be writable only by whoever may change the
// service's code (node_modules/.cache in tests).
const requireHere = createRequire(import.meta.url);
const libraries = ['ajv', 'ajv-formats', 'fast-json-stringify']
  .map((name) => `${name}@${(requireHere(`${name}/package.json`) as { version: string }).version}`)
  .join(' ');
const standaloneCode = (ajv: Ajv, validate: ValidateFunction): string =>
  (requireHere('ajv/dist/standalone') as { default: (ajv: Ajv, validate: ValidateFunction) => string }).default(
    ajv,
    validate,
  );

function compiled<T>(kind: string, schema: object, generate: () => string): T {
  const folder = cacheFolder as string;
  const key = createHash('sha256')
    .update(JSON.stringify({ kind, libraries, shared, schema }))
    .digest('hex')
    .slice(0, 32);
  const file = join(folder, `${kind}-${key}.cjs`);
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    code = generate();
    mkdirSync(folder, { recursive: true });
    // Written whole, then renamed: a process reading at the same time sees the old file or the new one.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  const module = { exports: {} as { default?: T } & T };
  new Function('module', 'exports', 'require', code)(module, module.exports, requireHere);
  return (module.exports.default ?? module.exports) as T;
}

export default fp(
  async function validation(app: FastifyInstance) {
    app.setValidatorCompiler(({ schema, httpPart }) => requestValidator(schema, httpPart));
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
