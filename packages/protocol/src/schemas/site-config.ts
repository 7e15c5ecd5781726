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

export const CategoryKind = Type.Union([Type.Literal('suggestion'), Type.Literal('repair')]);

/** A category residents pick from, in the community's order. */
export const Category = Type.Object({
  id: Id,
  slug: Type.String(),
  kind: CategoryKind,
  names: LocalizedText,
});

/** A stairwell/entrance (单元) of a building. */
export const Unit = Type.Object({
  id: Id,
  name: Type.String(),
});

/** A building with its units, both in the community's order, for the location picker. */
export const Building = Type.Object({
  id: Id,
  name: Type.String(),
  units: Type.Array(Unit),
});

/**
 * What a widget needs to render. Everything here is public (no households, rooms or people): a field not
 * declared here never leaves the server.
 */
export const SiteConfig = Type.Object({
  siteKey: Type.String(),
  community: Type.Object({
    slug: Type.String(),
    names: LocalizedText,
    timeZone: Type.String(),
    defaultLanguage: LanguageSchema,
  }),
  /** Active categories of both kinds; widgets filter by `kind`. */
  categories: Type.Array(Category),
  buildings: Type.Array(Building),
  /** Which widgets this site offers. */
  features: Type.Object({
    suggestions: Type.Boolean(),
    polls: Type.Boolean(),
    repairs: Type.Boolean(),
  }),
});
