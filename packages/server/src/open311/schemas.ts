// Request schemas of the Open311 endpoints: the spec's parameter names, every string bounded.
import { Type } from '@sinclair/typebox';

const Jurisdiction = Type.String({ minLength: 1, maxLength: 64, description: 'The community slug' });
const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')], {
  description: 'Language of names (extension)',
});
const DateParam = Type.String({
  minLength: 10,
  maxLength: 40,
  description: 'ISO 8601, e.g. 2026-11-27T20:30:00+08:00',
});
const ApiKey = Type.String({ minLength: 1, maxLength: 200 });

export const FileParams = Type.Object(
  { file: Type.String({ minLength: 6, maxLength: 80, pattern: '^[A-Za-z0-9_-]{1,64}\\.(json|xml)$' }) },
  { additionalProperties: false },
);

export const CommonQuery = Type.Object(
  { jurisdiction_id: Type.Optional(Jurisdiction), locale: Type.Optional(Locale), api_key: Type.Optional(ApiKey) },
  { additionalProperties: false },
);

export const RequestsQuery = Type.Object(
  {
    jurisdiction_id: Type.Optional(Jurisdiction),
    locale: Type.Optional(Locale),
    api_key: Type.Optional(ApiKey),
    service_request_id: Type.Optional(Type.String({ minLength: 1, maxLength: 1200, description: 'Comma-separated' })),
    service_code: Type.Optional(Type.String({ minLength: 1, maxLength: 1200, description: 'Comma-separated' })),
    start_date: Type.Optional(DateParam),
    end_date: Type.Optional(DateParam),
    status: Type.Optional(Type.String({ minLength: 1, maxLength: 20, pattern: '^(open|closed)(,(open|closed))?$' })),
  },
  { additionalProperties: false },
);

export const UpdatesQuery = Type.Object(
  {
    jurisdiction_id: Type.Optional(Jurisdiction),
    api_key: Type.Optional(ApiKey),
    start_date: Type.Optional(DateParam),
    end_date: Type.Optional(DateParam),
  },
  { additionalProperties: false },
);

const Short = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** POST requests, form-encoded; `attribute[CODE]` (or `attribute[CODE][]` repeated) answer the questions. */
export const NewRequestForm = Type.Object(
  {
    api_key: Short(200),
    jurisdiction_id: Short(64),
    service_code: Type.String({ minLength: 1, maxLength: 64 }),
    lat: Short(24),
    long: Short(24),
    address_string: Short(200),
    address_id: Short(64),
    email: Short(254),
    device_id: Short(200),
    account_id: Short(200),
    first_name: Short(60),
    last_name: Short(60),
    phone: Short(40),
    description: Short(4000),
    media_url: Short(2000),
  },
  {
    additionalProperties: false,
    patternProperties: {
      '^attribute\\[[a-z0-9_-]{1,40}\\](\\[\\])?$': Type.Union([
        Type.String({ maxLength: 500 }),
        Type.Array(Type.String({ maxLength: 40 }), { maxItems: 30 }),
      ]),
    },
  },
);
