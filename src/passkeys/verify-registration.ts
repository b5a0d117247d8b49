import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../errors.js';
import { refuseCrossOrigin } from './client-data.js';
import { checkCredentialKey } from './key-checks.js';
import { webauthnServer } from './webauthn.js';

// Ed25519, ES256, RS256: what platform authenticators and security keys create today.
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

export interface VerifyRegistrationInput {
  response: RegistrationResponseJSON;
  expectedChallenge: string;
  expectedOrigins: string[];
  rpId: string;
  /** Latchkey always requires it; only replays of other projects' test vectors turn it off. */
  requireUserVerification?: boolean;
  /** Latchkey always refuses framed ceremonies; only replays of other projects' test vectors allow them. */
  allowCrossOrigin?: boolean;
  supportedAlgorithmIDs?: number[];
}

export interface VerifiedRegistration {
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  aaguid: string;
  backupEligible: boolean;
  backedUp: boolean;
}

/**
 * Latchkey's check of a new passkey: @simplewebauthn/server does the WebAuthn work, then the key must be usable;
 * any failure is a coded 400.
 */
export async function verifyRegistration(input: VerifyRegistrationInput): Promise<VerifiedRegistration> {
  const { requireUserVerification = true, supportedAlgorithmIDs = SUPPORTED_ALGORITHMS } = input;
  if (!input.allowCrossOrigin) refuseCrossOrigin(input.response.response.clientDataJSON);
  let verification;
  try {
    verification = await webauthnServer().verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: input.expectedOrigins,
      expectedRPID: input.rpId,
      requireUserVerification,
      supportedAlgorithmIDs,
    });
  } catch (cause) {
    throw new AppError('PASSKEY_RESPONSE_INVALID', { cause });
  }
  if (!verification.verified) throw new AppError('PASSKEY_RESPONSE_INVALID');
  const info = verification.registrationInfo;
  checkCredentialKey(info.credential.id, info.credential.publicKey);
  return {
    credentialId: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    aaguid: info.aaguid,
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backedUp: info.credentialBackedUp,
  };
}
