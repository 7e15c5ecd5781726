// Rows to wire shapes. Each function copies the fields its schema allows, so nothing else can leak even
// before the response schema (the allowlist) strips it.
import { createHmac, randomInt } from 'node:crypto';
import type { SubmissionSource, SuggestionModeration, SuggestionStatus } from '@courtyard/protocol';
import { FOLLOW_CODE_PATTERN } from '@courtyard/protocol';
import { validation } from '../errors.js';
import type { ListCursor } from '../repositories/suggestions.js';

interface PublicRow {
  id: string;
  text: string;
  categoryId: string | null;
  status: SuggestionStatus;
  supportCount: number;
  response: string | null;
  respondedAt: Date | string | null;
  createdAt: Date | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

export function presentPublic(row: PublicRow) {
  return {
    id: row.id,
    text: row.text,
    categoryId: row.categoryId,
    status: row.status,
    supportCount: row.supportCount,
    response: row.response,
    respondedAt: isoOrNull(row.respondedAt),
    createdAt: iso(row.createdAt),
  };
}

export function presentFollowed(
  row: PublicRow & { moderation: SuggestionModeration; followCode: string; mergedIntoId: string | null },
) {
  return {
    ...presentPublic(row),
    moderation: row.moderation,
    followCode: row.followCode,
    mergedIntoId: row.mergedIntoId,
  };
}

/** A phone as staff see it before revealing: the last four digits. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  return `${'•'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

export function presentStaff(
  row: PublicRow & {
    moderation: SuggestionModeration;
    followCode: string;
    name: string | null;
    phone: string | null;
    note: string | null;
    mergedIntoId: string | null;
    siteKey: string | null;
    updatedAt: Date | string;
    photoIds: string[];
    authorDeviceHash: string | null;
    authorTrusted: boolean;
    reviewReason: 'honeypot' | 'unreviewed' | null;
    source: SubmissionSource;
    contactConsent: boolean | null;
    contactNote: string | null;
  },
) {
  return {
    ...presentFollowed(row),
    name: row.name,
    phoneMasked: maskPhone(row.phone),
    note: row.note,
    siteKey: row.siteKey,
    updatedAt: iso(row.updatedAt),
    photoIds: row.photoIds,
    authorDevice: row.authorDeviceHash !== null,
    authorTrusted: row.authorTrusted,
    reviewReason: row.reviewReason,
    source: row.source,
    contactConsent: row.contactConsent,
    contactNote: row.contactNote,
  };
}

// Follow codes avoid 0/O/1/I/L so they survive being read aloud or copied from paper.
const FOLLOW_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const FOLLOW_CODE = new RegExp(FOLLOW_CODE_PATTERN);

export function newFollowCode(): string {
  let code = '';
  for (let index = 0; index < 10; index++) code += FOLLOW_ALPHABET[randomInt(FOLLOW_ALPHABET.length)];
  if (!FOLLOW_CODE.test(code)) throw new Error('follow code alphabet and pattern disagree');
  return code;
}

/** The device's voter token as stored: a keyed hash, so the table cannot be matched against browsers. */
export function voterHash(secret: string, voterToken: string): string {
  return createHmac('sha256', secret).update(`suggestion-support:${voterToken}`).digest('base64url');
}

/**
 * The device that sent a suggestion, as stored and trusted: a keyed hash of its voter token with its own
 * label, so it matches neither the support nor the poll tables.
 */
export function authorDeviceHash(secret: string, voterToken: string): string {
  return createHmac('sha256', secret).update(`suggestion-author:${voterToken}`).digest('base64url');
}

/** Cursors are opaque to clients: the last row's sort keys. */
export function encodeCursor(row: { createdAt: Date | string; id: string; supportCount?: number }): string {
  const cursor: ListCursor = { createdAt: iso(row.createdAt), id: row.id, supportCount: row.supportCount };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string | undefined): ListCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as ListCursor;
    const validDate = typeof value.createdAt === 'string' && !Number.isNaN(Date.parse(value.createdAt));
    const validCount = value.supportCount === undefined || Number.isSafeInteger(value.supportCount);
    if (validDate && typeof value.id === 'string' && UUID.test(value.id) && validCount) {
      return { createdAt: new Date(value.createdAt).toISOString(), id: value.id, supportCount: value.supportCount };
    }
  } catch {
    // fall through: not a cursor from this list
  }
  throw validation('query.cursor is not a cursor from this list.');
}
