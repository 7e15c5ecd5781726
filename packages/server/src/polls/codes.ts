// Ballot codes, voter tokens and receipts: secrets handed to residents, kept in the database only as HMACs
// under app.secret, so a copy of the database cannot be turned back into votes.
import { createHmac, createSecretKey, type KeyObject, randomFillSync, randomInt } from 'node:crypto';

// Crockford base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 symbols of 5 bits: 50 bits of randomness (the issue asks for at least 40). */
export const BALLOT_CODE_SYMBOLS = 10;

/** A fresh code, printed as XXXXX-XXXXX. */
export function newBallotCode(): string {
  let code = '';
  for (let i = 0; i < BALLOT_CODE_SYMBOLS; i++) code += ALPHABET[randomInt(32)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a resident typed, as the canonical code: case, spaces and dashes ignored; O→0, I/L→1. */
export function normalizeBallotCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== BALLOT_CODE_SYMBOLS) return null;
  for (const symbol of code) if (!ALPHABET.includes(symbol)) return null;
  return code;
}

// Every vote computes two of these; a key made once costs less than importing the secret's text each time.
let hmacKey: { secret: string; key: KeyObject } | undefined;

export function hmac(secret: string, purpose: 'ballot' | 'voter' | 'receipt', value: string): string {
  if (hmacKey?.secret !== secret) hmacKey = { secret, key: createSecretKey(Buffer.from(secret)) };
  return createHmac('sha256', hmacKey.key).update(`${purpose}:${value}`).digest('base64url');
}

export function ballotCodeHmac(secret: string, input: string): string | null {
  const code = normalizeBallotCode(input);
  return code === null ? null : hmac(secret, 'ballot', code);
}

// Receipts (16 random bytes) are drawn from a pool refilled from the CSPRNG, as Node does for randomUUID:
// one randomBytes call per vote was a twentieth of a device vote's CPU.
const RECEIPT_BYTES = 16;
const receiptPool = Buffer.alloc(RECEIPT_BYTES * 128);
let receiptOffset = receiptPool.length;

export function newReceipt(): string {
  if (receiptOffset === receiptPool.length) {
    randomFillSync(receiptPool);
    receiptOffset = 0;
  }
  const receipt = receiptPool.toString('base64url', receiptOffset, receiptOffset + RECEIPT_BYTES);
  receiptOffset += RECEIPT_BYTES;
  return receipt;
}
