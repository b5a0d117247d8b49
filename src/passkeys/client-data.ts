import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { AppError } from '../errors.js';

// Challenges are issued as base64url; anything else (a NUL, which PostgreSQL refuses) never reaches a query.
const CHALLENGE = /^[A-Za-z0-9_-]{1,256}$/;

/** The challenge the browser signed, read from clientDataJSON; garbage in it is a 400, never a 500. */
export function challengeFromClientData(clientDataJSON: string): string {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    if (typeof challenge !== 'string' || !CHALLENGE.test(challenge)) throw new Error('no challenge');
    return challenge;
  } catch (cause) {
    throw new AppError('PASSKEY_RESPONSE_INVALID', { cause });
  }
}
