import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../errors.js';
import { refuseCrossOrigin } from './client-data.js';
import { es256Key, verifyEs256Assertion, type Es256Result } from './verify-es256.js';
import { webauthnServer } from './webauthn.js';

export interface VerifyAssertionInput {
  response: AuthenticationResponseJSON;
  expectedChallenge: string;
  expectedOrigins: string[];
  rpId: string;
  credential: { id: string; publicKey: Uint8Array<ArrayBuffer>; counter: number };
  /** Latchkey always requires it; only replays of other projects' test vectors turn it off. */
  requireUserVerification?: boolean;
  /** Latchkey always refuses framed ceremonies; only replays of other projects' test vectors allow them. */
  allowCrossOrigin?: boolean;
}

export interface VerifiedAssertion {
  newCounter: number;
  backedUp: boolean;
}

/**
 * Latchkey's check of a passkey assertion. @simplewebauthn/server verifies origin, RP ID, flags and
 * signature (ES256 keys through verify-es256.ts: the same checks with a cached key); the signature counter is
 * compared here, after the signature is known to be genuine.
 */
export async function verifyAssertion(input: VerifyAssertionInput): Promise<VerifiedAssertion> {
  const { requireUserVerification = true, credential } = input;
  if (!input.allowCrossOrigin) refuseCrossOrigin(input.response.response.clientDataJSON);
  const key = es256Key(credential.publicKey);
  let verification;
  try {
    verification = key
      ? es256Verification(verifyEs256Assertion({ ...input, key, requireUserVerification }))
      : await webauthnServer().verifyAuthenticationResponse({
          response: input.response,
          expectedChallenge: input.expectedChallenge,
          expectedOrigin: input.expectedOrigins,
          expectedRPID: input.rpId,
          requireUserVerification,
          // Counter 0 turns off the library's own counter check: it runs before the signature check,
          // so a forged response could otherwise raise a cloned-key alarm.
          credential: { id: credential.id, publicKey: credential.publicKey, counter: 0 },
        });
  } catch (cause) {
    throw new AppError('PASSKEY_RESPONSE_INVALID', { cause });
  }
  if (!verification.verified) throw new AppError('PASSKEY_RESPONSE_INVALID');
  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  // A counter that does not move forward means two copies of the key exist (WebAuthn §6.1.1).
  // Authenticators that keep no counter always send 0, and 0 then stays allowed.
  if ((newCounter > 0 || credential.counter > 0) && newCounter <= credential.counter) {
    throw new AppError('PASSKEY_COUNTER_REGRESSED', {
      details: { storedCounter: credential.counter, receivedCounter: newCounter },
    });
  }
  return { newCounter, backedUp: credentialBackedUp };
}

/** The fast path's answer in the library's shape, so both are read by the same lines above. */
function es256Verification(result: Es256Result) {
  return {
    verified: result.verified,
    authenticationInfo: { newCounter: result.newCounter, credentialBackedUp: result.backedUp },
  };
}
