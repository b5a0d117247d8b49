import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { cose } from '@simplewebauthn/server/helpers';
import { AppError } from '../errors.js';
import { webauthnHelpers } from './webauthn.js';

/** WebAuthn §5.1: credential ids are at most 1023 bytes. */
export const MAX_CREDENTIAL_ID_BYTES = 1023;
export const MIN_RSA_MODULUS_BITS = 2048;
export const ED25519_KEY_BYTES = 32;

/** The COSE key as a JWK, or null for a key type or curve Latchkey does not accept. */
function toJwk(key: cose.COSEPublicKey): JsonWebKey | null {
  const { cose, isoBase64URL } = webauthnHelpers();
  const curves: Partial<Record<number, string>> = {
    [cose.COSECRV.P256]: 'P-256',
    [cose.COSECRV.P384]: 'P-384',
    [cose.COSECRV.P521]: 'P-521',
  };
  const b64 = (bytes: Uint8Array<ArrayBuffer> | undefined) =>
    bytes instanceof Uint8Array ? isoBase64URL.fromBuffer(bytes) : undefined;
  if (cose.isCOSEPublicKeyEC2(key)) {
    const crv = curves[key.get(cose.COSEKEYS.crv) ?? 0];
    const x = b64(key.get(cose.COSEKEYS.x));
    const y = b64(key.get(cose.COSEKEYS.y));
    return crv && x && y ? { kty: 'EC', crv, x, y } : null;
  }
  if (cose.isCOSEPublicKeyOKP(key)) {
    const x = key.get(cose.COSEKEYS.x);
    // RFC 8037: an Ed25519 public key is exactly 32 bytes; checked here, not left to the importer.
    if (
      key.get(cose.COSEKEYS.crv) !== cose.COSECRV.ED25519 ||
      !(x instanceof Uint8Array) ||
      x.length !== ED25519_KEY_BYTES
    )
      return null;
    return { kty: 'OKP', crv: 'Ed25519', x: b64(x) };
  }
  if (cose.isCOSEPublicKeyRSA(key)) {
    const n = key.get(cose.COSEKEYS.n);
    const e = b64(key.get(cose.COSEKEYS.e));
    return n instanceof Uint8Array && e ? { kty: 'RSA', n: b64(n), e } : null;
  }
  return null;
}

/**
 * A new passkey's key must be one a signature can be checked against later: @simplewebauthn does
 * not look at the key itself when attestation is "none", so an unusable key would otherwise make
 * the member Enrolled with no real way in.
 */
export function checkCredentialKey(credentialId: string, publicKey: Uint8Array<ArrayBuffer>): void {
  const { decodeCredentialPublicKey, isoBase64URL } = webauthnHelpers();
  if (isoBase64URL.toBuffer(credentialId).length > MAX_CREDENTIAL_ID_BYTES)
    throw new AppError('PASSKEY_RESPONSE_INVALID');
  let jwk: JsonWebKey | null;
  try {
    jwk = toJwk(decodeCredentialPublicKey(publicKey));
  } catch (cause) {
    throw new AppError('PASSKEY_KEY_UNSUPPORTED', { cause });
  }
  if (!jwk) throw new AppError('PASSKEY_KEY_UNSUPPORTED');
  let imported;
  try {
    // Rejects points off the curve and malformed RSA keys.
    imported = createPublicKey({ key: jwk, format: 'jwk' });
  } catch (cause) {
    throw new AppError('PASSKEY_KEY_UNSUPPORTED', { cause });
  }
  const bits = imported.asymmetricKeyDetails?.modulusLength;
  if (imported.asymmetricKeyType === 'rsa' && (bits === undefined || bits < MIN_RSA_MODULUS_BITS))
    throw new AppError('PASSKEY_KEY_UNSUPPORTED');
}
