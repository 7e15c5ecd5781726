// Tracking codes residents read aloud and type on a phone: `R-` and 8 characters of Crockford's base32
// (no I, L, O or U), 40 random bits. Reading forgives case and the look-alikes O→0, I/L→1.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SHAPE = /^R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

export function generateTrackingCode(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let characters = '';
  for (let index = 0; index < 8; index++) {
    characters = ALPHABET[Number(bits & 31n)] + characters;
    bits >>= 5n;
  }
  return `R-${characters.slice(0, 4)}-${characters.slice(4)}`;
}

/** The canonical form of a code as a resident typed it, or undefined when it cannot be one. */
export function normalizeTrackingCode(input: string): string | undefined {
  const upper = input.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  // The leading R may have been read as a look-alike too; it is fixed text.
  const code = upper.replace(/^R-?/, 'R-').replace(/^(R-[0-9A-Z]{4})-?([0-9A-Z]{4})$/, '$1-$2');
  return SHAPE.test(code) ? code : undefined;
}
