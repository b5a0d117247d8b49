import { webauthnHelpers } from './webauthn.js';
import { AppError } from '../errors.js';

// Challenges are issued as base64url; anything else (a NUL, which PostgreSQL refuses) never reaches a query.
const CHALLENGE = /^[A-Za-z0-9_-]{1,256}$/;

/** The challenge the browser signed, read from clientDataJSON; garbage in it is a 400, never a 500. */
export function challengeFromClientData(clientDataJSON: string): string {
  try {
    const { challenge } = webauthnHelpers().decodeClientDataJSON(clientDataJSON);
    if (typeof challenge !== 'string' || !CHALLENGE.test(challenge)) throw new Error('no challenge');
    return challenge;
  } catch (cause) {
    throw new AppError('PASSKEY_RESPONSE_INVALID', { cause });
  }
}

/**
 * Refuses a response made inside a frame of another site (clientData.crossOrigin). Latchkey's pages
 * refuse to be framed, and @simplewebauthn/server accepts crossOrigin without a topOrigin, so it is
 * checked here: a framed ceremony could be driven by a page the person never meant to trust.
 */
export function refuseCrossOrigin(clientDataJSON: string): void {
  let crossOrigin: unknown;
  try {
    ({ crossOrigin } = webauthnHelpers().decodeClientDataJSON(clientDataJSON));
  } catch (cause) {
    throw new AppError('PASSKEY_RESPONSE_INVALID', { cause });
  }
  if (crossOrigin === true) throw new AppError('PASSKEY_RESPONSE_INVALID', { details: { reason: 'cross_origin' } });
}
