// A rough guard against a guessable COURTYARD_SECRET in production. It catches placeholders ("CHANGE-ME…"),
// repeated and sequential characters, repeated stretches and short alphabets. It cannot tell a memorable
// phrase from randomness, so the docs say to generate the value.

/** The least estimated randomness, in bits, a production secret must have (a random 32-digit hex string has 128). */
export const MIN_SECRET_BITS = 100;

/** Words that only turn up in a secret someone typed or copied from an example. */
const PLACEHOLDER = /change|replace|example|placeholder|secret|password|courtyard/i;

const codePoint = (character: string) => character.codePointAt(0) ?? 0;

/** Bits a character adds when nothing before it predicts it: the size of its own class of characters. */
function classBits(character: string): number {
  if (/[0-9]/.test(character)) return Math.log2(10);
  if (/[a-zA-Z]/.test(character)) return Math.log2(26);
  return Math.log2(33);
}

/** The third and later characters of a run with a step of -1, 0 or +1 (`aaa`, `abc`, `321`). */
function continuesRun(characters: string[], index: number): boolean {
  if (index < 2) return false;
  const step = codePoint(characters[index] as string) - codePoint(characters[index - 1] as string);
  const previousStep = codePoint(characters[index - 1] as string) - codePoint(characters[index - 2] as string);
  return step === previousStep && Math.abs(step) <= 1;
}

/** The character ends three that already appeared together earlier (`abcxyzabc`: the second `c`). */
function repeatsEarlier(characters: string[], index: number): boolean {
  if (index < 2) return false;
  return characters
    .slice(0, index)
    .join('')
    .includes(characters.slice(index - 2, index + 1).join(''));
}

/** An estimate of the secret's randomness in bits; characters a guesser would predict count nothing. */
export function estimateSecretBits(secret: string): number {
  const characters = [...secret];
  const hexOnly = /^[0-9a-f]+$/i.test(secret);
  let bits = 0;
  for (let index = 0; index < characters.length; index++) {
    if (continuesRun(characters, index) || repeatsEarlier(characters, index)) continue;
    bits += hexOnly ? 4 : classBits(characters[index] as string);
  }
  return Math.floor(bits);
}

/** Why `secret` is too guessable for production, or undefined when it passes. */
export function weakSecretReason(secret: string): string | undefined {
  if (PLACEHOLDER.test(secret)) return 'it contains a placeholder word';
  const bits = estimateSecretBits(secret);
  if (bits < MIN_SECRET_BITS) return `it has about ${bits} bits of randomness, at least ${MIN_SECRET_BITS} are needed`;
  return undefined;
}
