import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { AppError } from '../errors.js';

/** The challenge the browser signed, read from clientDataJSON; garbage in it is a 400, never a 500. */
export function challengeFromClientData(clientDataJSON: string): string {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    if (typeof challenge !== 'string' || challenge.length === 0 || challenge.length > 256) throw new Error('no challenge');
    return challenge;
  } catch (cause) {
    throw new AppError('PASSKEY_RESPONSE_INVALID', { cause });
  }
}
