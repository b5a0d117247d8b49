import { createPublicKey, hash, verify, type KeyObject } from 'node:crypto';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { webauthnHelpers } from './webauthn.js';

/**
 * The passkey sign-in's hot path for ES256 keys (every platform authenticator makes them): the same checks, in
 * the same order, with the same parsers as @simplewebauthn/server's verifyAuthenticationResponse, but the
 * signature checked with node:crypto against a cached KeyObject instead of importing the key into WebCrypto on
 * every sign-in. test/passkeys/verify-es256.test.ts checks that both agree on thousands of valid and tampered
 * assertions; any other key type goes through the library.
 */

const COSE_KTY_EC2 = 2;
const COSE_ALG_ES256 = -7;
const COSE_CRV_P256 = 1;

/** Decoded keys by their COSE bytes: a key's bytes are its identity, so an entry can never serve another key. */
const keys = new Map<string, KeyObject>();
const MAX_KEYS = 20_000;

/** The KeyObject of an ES256 (P-256) COSE key, cached; null for any other kind of key. */
export function es256Key(cose: Uint8Array<ArrayBuffer>): KeyObject | null {
  const id = Buffer.from(cose.buffer, cose.byteOffset, cose.byteLength).toString('base64');
  const cached = keys.get(id);
  if (cached) return cached;
  let decoded;
  try {
    decoded = webauthnHelpers().decodeCredentialPublicKey(cose);
  } catch {
    return null;
  }
  if (!(decoded instanceof Map)) return null;
  // COSE labels: 1 kty, 3 alg, -1 crv, -2 x, -3 y.
  const [kty, alg, crv, x, y] = [1, 3, -1, -2, -3].map((label) => decoded.get(label) as unknown);
  if (kty !== COSE_KTY_EC2 || alg !== COSE_ALG_ES256 || crv !== COSE_CRV_P256) return null;
  if (!(x instanceof Uint8Array) || !(y instanceof Uint8Array)) return null;
  let key;
  try {
    key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: toB64u(x), y: toB64u(y) }, format: 'jwk' });
  } catch {
    return null; // not a point on the curve: the library refuses it the same way
  }
  if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
  keys.set(id, key);
  return key;
}

export interface Es256Input {
  response: AuthenticationResponseJSON;
  expectedChallenge: string;
  expectedOrigins: string[];
  rpId: string;
  key: KeyObject;
  requireUserVerification: boolean;
}

export interface Es256Result {
  verified: boolean;
  newCounter: number;
  backedUp: boolean;
}

/** Throws where the library throws; `verified: false` where its signature check answers false. */
export function verifyEs256Assertion(input: Es256Input): Es256Result {
  const { id, rawId, type: credentialType, response } = input.response;
  if (!id) throw new Error('Missing credential ID');
  if (id !== rawId) throw new Error('Credential ID was not base64url-encoded');
  if (credentialType !== 'public-key') throw new Error('Unexpected credential type');
  if (!response) throw new Error('Credential missing response');
  if (typeof response.clientDataJSON !== 'string') throw new Error('clientDataJSON was not a string');

  const { decodeClientDataJSON, isoBase64URL, parseAuthenticatorData } = webauthnHelpers();
  const clientData = decodeClientDataJSON(response.clientDataJSON);
  const { type, origin, challenge, tokenBinding, topOrigin } = clientData;
  if (type !== 'webauthn.get') throw new Error('Unexpected authentication response type');
  if (challenge !== input.expectedChallenge) throw new Error('Unexpected authentication response challenge');
  // Latchkey names no expected top origin, so a top origin is refused, framed (crossOrigin) or not, as by the library.
  if (topOrigin) throw new Error('Unexpected top origin');
  if (!input.expectedOrigins.includes(origin)) throw new Error('Unexpected authentication response origin');
  if (!isoBase64URL.isBase64URL(response.authenticatorData)) throw new Error('authenticatorData was not base64url');
  if (!isoBase64URL.isBase64URL(response.signature)) throw new Error('signature was not base64url');
  if (response.userHandle && typeof response.userHandle !== 'string') throw new Error('userHandle was not a string');
  if (tokenBinding) {
    if (typeof tokenBinding !== 'object') throw new Error('tokenBinding was not an object');
    if (!['present', 'supported', 'notSupported'].includes(tokenBinding.status))
      throw new Error('Unexpected tokenBinding status');
  }

  const authData = isoBase64URL.toBuffer(response.authenticatorData);
  const { rpIdHash, flags, counter } = parseAuthenticatorData(authData);
  if (!Buffer.from(rpIdHash).equals(sha256(input.rpId))) throw new Error('Unexpected RP ID hash');
  if (!flags.up) throw new Error('User not present during authentication');
  if (input.requireUserVerification && !flags.uv) throw new Error('User verification required');
  if (flags.bs && !flags.be) throw new Error('Single-device credential indicated that it was backed up');

  const signed = Buffer.concat([authData, sha256(isoBase64URL.toBuffer(response.clientDataJSON))]);
  const signature = derToP1363(isoBase64URL.toBuffer(response.signature));
  const verified = verify('sha256', signed, { key: input.key, dsaEncoding: 'ieee-p1363' }, signature);
  return { verified, newCounter: counter, backedUp: flags.bs };
}

const sha256 = (data: Uint8Array | string) => hash('sha256', data, 'buffer');
const toB64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/**
 * An ECDSA signature as WebAuthn sends it (DER: SEQUENCE { INTEGER r, INTEGER s }) to r‖s, 32 bytes each, with
 * the library's rules: shorter integers are left-padded, a 33-byte one may only carry the sign byte.
 */
function derToP1363(der: Uint8Array): Buffer {
  const reader = new DerReader(der);
  const sequence = reader.read(0x30);
  const inner = new DerReader(sequence);
  const r = inner.read(0x02);
  const s = inner.read(0x02);
  return Buffer.concat([toComponent(r), toComponent(s)]);
}

function toComponent(bytes: Uint8Array): Buffer {
  if (bytes.length < 32) return Buffer.concat([Buffer.alloc(32 - bytes.length), bytes]);
  if (bytes.length === 32) return Buffer.from(bytes);
  if (bytes.length === 33 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0x80) return Buffer.from(bytes.subarray(1));
  throw new Error(`Invalid signature component length ${bytes.length}, expected 32`);
}

/** Just enough DER for an ECDSA signature: tag, definite length (short or long form), contents. */
class DerReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  read(tag: number): Uint8Array {
    if (this.bytes[this.at++] !== tag) throw new Error('Unexpected DER tag');
    let length = this.bytes[this.at++];
    if (length === undefined) throw new Error('Truncated DER');
    if (length & 0x80) {
      const size = length & 0x7f;
      if (size === 0 || size > 2) throw new Error('Unsupported DER length');
      length = 0;
      for (let i = 0; i < size; i++) length = (length << 8) | this.byte();
    }
    if (this.at + length > this.bytes.length) throw new Error('Truncated DER');
    const contents = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return contents;
  }

  private byte(): number {
    const value = this.bytes[this.at++];
    if (value === undefined) throw new Error('Truncated DER');
    return value;
  }
}
