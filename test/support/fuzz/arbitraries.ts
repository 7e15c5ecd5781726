// fast-check arbitraries from the JSON Schemas in /openapi.json: values that fit a schema (so requests get
// past validation into the handlers), values that break it in one place, and the awkward text a real
// resident's phone or a hostile script sends (NUL, lone surrogates, noncharacters, RTL marks, emoji, CJK at
// the limit).
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Text that has broken web services before; each is tried raw and cut or padded to a schema's limits. */
export const awkwardTexts = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  '\u200f\u200e',
  '\ufeff',
  '😀👨‍👩‍👧‍👦',
  '𠀀𪚥',
  'e\u0301\u0301\u0301',
  '\r\n\t',
  '\u001b[31m',
  '\u{10ffff}',
  '\ufffe',
  'a\uffffb',
  '\ufdd0',
  '__proto__',
  'constructor',
  "' or 1=1 --",
  '%00%ff',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '13800138000',
  'R-0000-0000',
  '00000000-0000-0000-0000-000000000000',
] as const;

const awkwardText = fc.constantFrom(...awkwardTexts);
// Refused by design (COURTYARD_CONTROL_CHARACTERS): control characters but tab, LF and CR; lone surrogates;
// noncharacters. Fitting text leaves them out.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const REFUSED_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cs}\p{Noncharacter_Code_Point}]/u;
const refusedText = (text: string) => REFUSED_TEXT.test(text);
const printableAwkwardText = fc.constantFrom(...awkwardTexts.filter((text) => !refusedText(text)));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any text, weighted toward the awkward kind. */
export const anyText = (maxLength = 300): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: awkwardText },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }).map((n) => '中'.repeat(10 ** n)) },
  );

function typesOf(schema: JsonSchema): string[] {
  if (schema.type) return ([] as string[]).concat(schema.type);
  if (schema.properties) return ['object'];
  return [];
}

/** Text of a length the schema accepts: CJK and emoji at exactly the limit, awkward text cut to fit. */
function fittingText(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 200, 20_000);
  const fit = (text: string) => {
    const cut = [...text].slice(0, max).join('');
    return cut.length >= min ? cut : cut.padEnd(min, '中');
  };
  const options: fc.Arbitrary<string>[] = [
    fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: Math.min(max, 40) }),
    fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 40) }).map(fit),
    printableAwkwardText.map(fit),
    fc.constantFrom('中', '😀', 'ا').map((unit) => unit.repeat(max)),
  ];
  return fc
    .oneof(...options)
    .filter((text) => !refusedText(text) && text.length >= min && text.length <= (schema.maxLength ?? Infinity));
}

function fittingNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
  const bounds = fc.constantFrom(min, max);
  return integer
    ? fc.oneof(bounds, fc.integer({ min: Math.ceil(min), max: Math.floor(max) }))
    : fc.oneof(bounds, fc.double({ min, max, noNaN: true }));
}

/** A value the schema accepts (as far as the generator can tell; patterns are not solved, only tried). */
export function fitting(schema: JsonSchema, pool: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((choice) => fitting(choice, pool, depth)));
  if (schema.allOf?.length) return fitting(Object.assign({}, ...schema.allOf), pool, depth);
  const types = typesOf(schema);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => fittingOfType(schema, type, pool, depth)));
}

function fittingOfType(
  schema: JsonSchema,
  type: string,
  pool: fc.Arbitrary<string>,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fittingNumber(schema, true);
    case 'number':
      return fittingNumber(schema, false);
    case 'string':
      // Identifiers (uuids, codes, keys) seen in earlier answers make a fitting value reach real rows.
      if (schema.format === 'uuid')
        return fc.oneof({ weight: 3, arbitrary: pool.filter((text) => UUID.test(text)) }, fc.uuid());
      if (schema.pattern)
        return fc.oneof({ weight: 4, arbitrary: matching(schema.pattern, schema) }, { weight: 1, arbitrary: pool });
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      return fc.oneof({ weight: 4, arbitrary: fittingText(schema) }, { weight: 1, arbitrary: pool });
    case 'array': {
      if (depth > 3) return fc.constant([]);
      return fc.array(schema.items ? fitting(schema.items, pool, depth + 1) : fc.jsonValue(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 12),
      });
    }
    case 'object': {
      if (depth > 3) return fc.constant({});
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, fitting(property, pool, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** `empty` wrapped `depth` times in arrays or objects, the innermost level counted. */
function nested(depth: number, empty: [] | object): unknown {
  let value: unknown = empty;
  for (let level = 1; level < depth; level++) value = Array.isArray(empty) ? [value] : { a: value };
  return value;
}

/** A value of the schema's shape broken in one place: wrong type, over the limit, unknown or missing field. */
export function breaking(schema: JsonSchema, pool: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(
    fc.constantFrom(null, true, 0, -1, 1e308, -0, [], {}, '', '1e999', 2 ** 53 + 1, 2 ** 31),
    anyText(),
    // Past the nesting limit (Limits.bodyDepth): refused before anything walks it.
    fc.constantFrom(nested(40, []), nested(40, {})),
  );
  const types = typesOf(schema);
  if (types.includes('object') && schema.properties && Object.keys(schema.properties).length > 0) {
    const names = Object.keys(schema.properties);
    return fc.oneof(
      fc.tuple(fitting(schema, pool), fc.constantFrom(...names), wrong).map(([value, name, bad]) => ({
        ...(value as object),
        [name]: bad,
      })),
      fc.tuple(fitting(schema, pool), fc.constantFrom(...names)).map(([value, name]) => {
        const copy = { ...(value as Record<string, unknown>) };
        delete copy[name];
        return copy;
      }),
      // A computed `__proto__` key is an own property, so it reaches the JSON as a field.
      fc
        .tuple(fitting(schema, pool), fc.constantFrom('unknownField', '__proto__', 'constructor', 'id'))
        .map(([value, name]) => ({ [name]: { polluted: true }, ...(value as object) })),
      fc
        .tuple(fitting(schema, pool), fc.constantFrom(...names))
        .chain(([value, name]) =>
          breaking(schema.properties?.[name] ?? {}, pool).map((bad) => ({ ...(value as object), [name]: bad })),
        ),
    );
  }
  if (types.includes('string')) {
    const max = schema.maxLength ?? 1000;
    return fc.oneof(
      wrong,
      anyText(),
      fc.constantFrom('中'.repeat(max + 1), 'a'.repeat(Math.max(0, (schema.minLength ?? 0) - 1))),
    );
  }
  if (types.includes('integer') || types.includes('number')) {
    const edges = [schema.minimum, schema.maximum].filter((edge): edge is number => edge !== undefined);
    return fc.oneof(wrong, fc.constantFrom(...edges.flatMap((edge) => [edge - 1, edge + 1, edge + 0.5]), 1.5, -1));
  }
  return wrong;
}

/** Text matching the schema's pattern (and length), or plain text when fast-check cannot read the pattern. */
function matching(pattern: string, schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  let generator: fc.Arbitrary<string>;
  try {
    generator = fc.stringMatching(new RegExp(boundedRepetition(pattern, min, max)));
  } catch {
    return fittingText(schema);
  }
  const fits = (text: string) => text.length >= min && text.length <= max;
  // fast-check's filter retries forever, synchronously: a pattern whose generated lengths never reach the
  // schema's bounds hangs the whole process (no test timeout can fire). Refuse such a generator up front.
  const hits = fc.sample(generator, { numRuns: 100, seed: 1 }).filter(fits).length;
  if (hits < 10) {
    throw new Error(
      `fuzz: /${pattern}/ with length ${min}..${max} rarely yields a fitting value (${hits}/100); teach boundedRepetition() its shape`,
    );
  }
  return generator.filter(fits);
}

/**
 * `^[class]+$` (or `*`) with the schema's length bounds as `^[class]{min,max}$`: fast-check repeats `+` only a
 * few times, so a 43-character token pattern was never met (the one-time-link routes' fuzz run hung on it).
 */
export function boundedRepetition(pattern: string, min: number, max: number): string {
  const whole = /^\^(\[(?:\\.|[^\]\\])+\]|\\[dw])([+*])\$$/.exec(pattern);
  if (!whole) return pattern;
  const [, unit, quantifier] = whole;
  const from = Math.max(min, quantifier === '+' ? 1 : 0);
  const to = Math.min(max, from + 64);
  return `^${unit}{${from},${to}}$`;
}
