import { randomInt } from 'node:crypto';
import { CODE_ALPHABET, normaliseCode } from '../device-link/code.js';
import { sha256 } from '../shared/crypto.js';

// The device-link alphabet (no 0/O, no 1/I/L): 31^9, about 2.6 × 10^13 codes.
export const ENROLLMENT_CODE_LENGTH = 9;

/** A new 9-character code, shown grouped for reading out: ABC-DEF-GHJ. */
export function generateEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLLMENT_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`;
}

export const normaliseEnrollmentCode = (input: string): string | null => normaliseCode(input, ENROLLMENT_CODE_LENGTH);

export const hashEnrollmentCode = (normalised: string): string => sha256(`enrollment-code:${normalised}`);
