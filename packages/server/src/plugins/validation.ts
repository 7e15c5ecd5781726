// Validation rules every route inherits: unknown fields are a 400 (never silently dropped), bodies are
// never type-coerced (only query strings and params, which arrive as text), strings are NFC-normalised and
// NUL/control characters are refused before the schema sees them.

import { Ajv, type Options as AjvOptions } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { controlCharacters } from '../errors.js';

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

/** Returns the value with every string NFC-normalised; throws on control characters. */
export function cleanStrings(value: unknown, path: string): unknown {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) throw controlCharacters(path);
    return value.normalize('NFC');
  }
  if (Array.isArray(value)) return value.map((item, i) => cleanStrings(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (CONTROL.test(key)) throw controlCharacters(path);
      out[key.normalize('NFC')] = cleanStrings(item, `${path}.${key}`);
    }
    return out;
  }
  return value;
}

export default fp(
  async function validation(app: FastifyInstance) {
    const bodyAjv = makeAjv(false);
    const textAjv = makeAjv('array');
    app.setValidatorCompiler(({ schema, httpPart }) => {
      const ajv = httpPart === 'body' ? bodyAjv : textAjv;
      return ajv.compile(schema);
    });

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
