// The ids a client sees on an event stream. Events are numbered by one sequence shared by every community, so
// the bare number would tell a resident how much happened in other communities (the gap between two of their
// own events, or between two fresh streams). On the wire an id is instead the position encrypted with its
// community: one AES block (a key derived from COURTYARD_SECRET) of the position and the community's first
// eight bytes, base64url. It reveals nothing, is the same on every instance (so Last-Event-ID resumes anywhere),
// and one presented to another community, forged or garbled, decodes to nothing.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

/** 16 bytes, base64url. */
export const STREAM_ID_PATTERN = '^[A-Za-z0-9_-]{22}$';
const STREAM_ID = new RegExp(STREAM_ID_PATTERN);
/** Encodings remembered: every subscriber of one event gets the same id, encrypted once. */
const MAX_REMEMBERED = 1024;

export class StreamIds {
  readonly #key: Buffer;
  #remembered = new Map<string, string>();

  constructor(secret: string) {
    this.#key = createHmac('sha256', secret).update('event-stream-ids').digest();
  }

  /** The wire id of `position` (an event's number) on a stream of `communityId`. */
  encode(communityId: string, position: number): string {
    const memo = `${communityId} ${position}`;
    let id = this.#remembered.get(memo);
    if (id === undefined) {
      const block = Buffer.alloc(16);
      block.writeBigUInt64BE(BigInt(position), 0);
      communityTag(communityId).copy(block, 8);
      id = this.#cipher('encrypt').update(block).toString('base64url');
      if (this.#remembered.size >= MAX_REMEMBERED) this.#remembered = new Map();
      this.#remembered.set(memo, id);
    }
    return id;
  }

  /** The position a wire id stands for, or undefined when it is not an id of this community's streams. */
  decode(communityId: string, id: string): number | undefined {
    if (!STREAM_ID.test(id)) return undefined;
    const block = this.#cipher('decrypt').update(Buffer.from(id, 'base64url'));
    if (!block.subarray(8).equals(communityTag(communityId))) return undefined;
    const position = block.readBigUInt64BE(0);
    return position <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(position) : undefined;
  }

  #cipher(direction: 'encrypt' | 'decrypt') {
    // One block, no chaining or padding to need: ECB on a single block is the raw block cipher.
    const cipher =
      direction === 'encrypt'
        ? createCipheriv('aes-256-ecb', this.#key, null)
        : createDecipheriv('aes-256-ecb', this.#key, null);
    return cipher.setAutoPadding(false);
  }
}

/** The community's first eight bytes (its UUID's hex digits). */
function communityTag(communityId: string): Buffer {
  return Buffer.from(communityId.replaceAll('-', '').slice(0, 16), 'hex');
}
