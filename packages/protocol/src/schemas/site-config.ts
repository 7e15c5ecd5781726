import { Type } from '@sinclair/typebox';
import { Limits } from '../limits.js';
import { Id, LanguageSchema, Text } from './common.js';

/** A name in the community's languages; at least one is present. */
export const LocalizedText = Type.Object(
  {
    'zh-CN': Type.Optional(Text(Limits.shortText, { minLength: 1 })),
    en: Type.Optional(Text(Limits.shortText, { minLength: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Category = Type.Object({
  id: Id,
  slug: Type.String(),
  kind: Type.Union([Type.Literal('suggestion'), Type.Literal('repair')]),
  names: LocalizedText,
});

export const Unit = Type.Object({
  id: Id,
  name: Type.String(),
});

export const Building = Type.Object({
  id: Id,
  name: Type.String(),
  units: Type.Array(Unit),
});

/** What a widget needs to render: everything here is public. */
export const SiteConfig = Type.Object({
  siteKey: Type.String(),
  community: Type.Object({
    slug: Type.String(),
    names: LocalizedText,
    timeZone: Type.String(),
    defaultLanguage: LanguageSchema,
  }),
  categories: Type.Array(Category),
  buildings: Type.Array(Building),
  features: Type.Object({
    suggestions: Type.Boolean(),
    polls: Type.Boolean(),
    repairs: Type.Boolean(),
  }),
});
