import { randomInt } from 'node:crypto';
import { CODE_ALPHABET, normaliseCode } from '../device-link/code.js';
import { deriveKey, hmacHex } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';

// The device-link alphabet (no 0/O, no 1/I/L): 31^9, about 2.6 × 10^13 codes.
export const ENROLLMENT_CODE_LENGTH = 9;

/** A new 9-character code, shown grouped for reading out: ABC-DEF-GHJ. */
export function generateEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLLMENT_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`;
}

export const normaliseEnrollmentCode = (input: string): string | null => normaliseCode(input, ENROLLMENT_CODE_LENGTH);

/** A code at rest: HMAC-SHA256 under its own key from the server secret (see hashCode for why not a plain hash). */
export const hashEnrollmentCode = (deps: Pick<Deps, 'serverSecret'>, normalised: string): string =>
  hmacHex(deriveKey(deps.serverSecret, 'enrollment-codes'), normalised);
