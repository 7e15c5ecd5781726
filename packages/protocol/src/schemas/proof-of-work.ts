import { Type } from '@sinclair/typebox';
import { ErrorCodes } from '../errors.js';

const Hex = (maxLength: number) => Type.String({ pattern: '^[0-9a-f]*$', maxLength });

/** An ALTCHA challenge (v2): solve it by finding the counter whose derived key starts with `keyPrefix`. */
export const ProofOfWorkChallenge = Type.Object(
  {
    parameters: Type.Object({
      algorithm: Type.String({ description: 'Key derivation, e.g. PBKDF2/SHA-256' }),
      nonce: Hex(64),
      salt: Hex(64),
      cost: Type.Integer({ description: 'Iterations of one derivation' }),
      keyLength: Type.Integer(),
      keyPrefix: Hex(128),
      keySignature: Type.Optional(Hex(128)),
      expiresAt: Type.Optional(Type.Integer({ description: 'Unix time in seconds' })),
      data: Type.Optional(
        Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
      ),
    }),
    signature: Hex(128),
  },
  { description: 'ALTCHA v2 challenge' },
);

/** 428: the write waits for a solved challenge (see docs/http-api.md, "Proof of work"). */
export const ProofOfWorkRequired = Type.Object(
  {
    error: Type.Object({
      code: Type.Literal(ErrorCodes.PROOF_OF_WORK_REQUIRED),
      message: Type.String(),
      challenge: ProofOfWorkChallenge,
    }),
  },
  { description: 'Solve `error.challenge` and send the same request again with the Courtyard-Proof-Of-Work header' },
);
