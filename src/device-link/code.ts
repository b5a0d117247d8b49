import { randomInt } from 'node:crypto';
import { deriveKey, hmacHex } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';

// No look-alikes: no 0/O, no 1/I/L. 31 symbols, 8 of them: about 8.5 × 10^11 codes.
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

/** A new code, shown grouped as XXXX-XXXX. */
export function generateCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A code of `length` symbols as a person typed it, case-insensitively and without spaces or dashes;
 * null when it cannot be one.
 */
export function normaliseCode(input: string, length = CODE_LENGTH): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== length) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/**
 * A code at rest: HMAC-SHA256 under a key derived from the server secret. 31^8 codes are few enough
 * to try them all against a plain hash; without the secret, a stolen database gives nothing to try against.
 */
export const hashCode = (deps: Pick<Deps, 'serverSecret'>, normalised: string): string =>
  hmacHex(deriveKey(deps.serverSecret, 'device-link-codes'), normalised);
